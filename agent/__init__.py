"""hypoloop's agent package: graph, LLM providers, offline planner, runs, batch, CLI, notebook API.

Public names are resolved lazily (PEP 562) so that importing `agent` for the CLI or the error
types never pulls in langchain, torch or pymatgen.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "Settings": "agent.settings",
    "Assistant": "agent.assistant",
    "run_batch": "agent.batch",
    "Verdict": "agent.results",
    "Hypothesis": "agent.results",
    "Evidence": "agent.results",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'agent' has no attribute {name!r}")
