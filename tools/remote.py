"""Running one tool call from JSON alone: what a batch worker (a Dask worker process, possibly
on another node) executes. Only JSON crosses the wire: the tool's name, its arguments and the
settings it is bound to; the worker re-creates the bound tool here and returns its JSON output.
"""

from __future__ import annotations

from typing import Any


def invoke_json(name: str, args: dict[str, Any], settings: dict[str, Any]) -> Any:
    """``get_tool(name, ToolSettings(**settings)).invoke(args)``, in whatever process runs it."""
    from tools import get_tool
    from tools.settings import ToolSettings

    return get_tool(name, ToolSettings.model_validate(settings)).invoke(args)
