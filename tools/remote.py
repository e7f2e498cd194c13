"""Running one tool call from JSON alone: what a batch worker (a Dask worker process, possibly
on another node) executes. Only JSON crosses the wire: the tool's name, its arguments and the
settings it is bound to; the worker re-creates the bound tool here and returns its JSON output.
"""

from __future__ import annotations

from typing import Any


def invoke_json(name: str, args: dict[str, Any], settings: dict[str, Any]) -> Any:
    """``get_tool(name, ToolSettings(**settings)).invoke(args)``, in whatever process runs it.
    A built-in tool runs from its definition, so a worker never imports LangChain; a plug-in
    tool is a LangChain tool of its own."""
    from tools.registry import definition, get_tool
    from tools.settings import ToolSettings

    bound = ToolSettings.model_validate(settings)
    tool = definition(name, bound)
    return tool.invoke(args) if tool is not None else get_tool(name, bound).invoke(args)
