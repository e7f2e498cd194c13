"""The LangGraph agent: build (graph/build.py), state, tool-call execution and the nodes.

Names resolve lazily (PEP 562) so importing a sub-module (the state types, say) never builds or
imports the whole graph.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_graph", "open_checkpointer"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from agent.graph import build

        return getattr(build, name)
    raise AttributeError(f"module 'agent.graph' has no attribute {name!r}")
