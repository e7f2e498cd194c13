"""The tools of one run, bound to its settings.

Simulation tools get the run's workspace, cache and simulation limits through
``get_tool(name, settings.tool_settings())``; the literature tool searches the run's index with
its retrieval settings. The CLI's ``tools run``, the MCP server and the graph all bind tools
here, so a tool never works with settings other than the caller's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from agent.settings import Settings

from agent.graph.optional_parts import LITERATURE_TOOL, blocked, missing_parts

__all__ = ["LITERATURE_TOOL", "bound_tool", "load_tools"]


def bound_tool(name: str, settings: Settings) -> BaseTool:
    """Tool ``name`` bound to ``settings`` (raises ToolInputError for an unknown name)."""
    if name == LITERATURE_TOOL:
        from retrieval.tool import literature_search_tool

        return literature_search_tool(settings.retrieval, settings.index_path)
    from tools import get_tool

    return get_tool(name, settings.tool_settings())


def load_tools(settings: Settings) -> dict[str, BaseTool]:
    """Every registered tool that loads, bound to ``settings``; a tool whose package is missing
    (or a plug-in that fails to import) is left out, not fatal: ``doctor`` reports it. So is a
    tool whose optional part the user has not set up (agent/graph/optional_parts.py): the model
    is never offered a tool that cannot run."""
    from tools import list_tools

    missing = missing_parts(settings)
    loaded = {}
    for info in list_tools():
        if blocked(info["name"], None, missing):
            continue
        try:
            loaded[info["name"]] = bound_tool(info["name"], settings)
        except Exception:  # an optional plug-in that fails to import must not break the agent
            continue
    return loaded
