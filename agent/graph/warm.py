"""Importing what a run needs before the first run asks for it.

A batch's first hypotheses would otherwise spend ~3 s of driver CPU importing LangGraph,
LangChain, the planner and the tool modules while the Dask workers wait for their first call.
The batch runner calls :func:`import_run_modules` while its workers start (the fork server
imports torch and CHGNet in another process at the same time, and takes longer), so the two
overlap. A module a run imports lazily and this list misses is paid for inside the batch, on
the one core the driver shares with a worker: tests/agent/test_batch_executor.py checks that a
run after the warm-up imports none of the driver's modules.

Nothing here writes a file: a batch pointed at a wrong scheduler address must leave no trace.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agent.settings import Settings

# What a run imports in the driver on its first use, beyond the tools (load_tools).
RUN_MODULES = (
    "agent.graph.build",  # LangGraph, LangChain core, every node
    "agent.graph.drivers.model",  # each run picks one of the two drivers
    "agent.graph.drivers.offline",  # with the planner's question parsers
    "agent.planner",
    "agent.llm",
    "agent.display.progress",  # each run asks it for progress callbacks
    "retrieval.index",  # every claim's literature check opens the index
    "langgraph.checkpoint.sqlite",
    # LangChain's callback manager imports these on a graph's first invoke.
    "langchain_core.tracers.context",
    "langchain_core.tracers.run_collector",
    "langchain_core.tracers.stdout",
)


def import_run_modules(settings: Settings) -> None:
    """Import the graph, the planner and every tool, and load the data a first run reads (hazard
    lists, the run manifest's provenance). Safe to call more than once; a failure is left for the
    real run to report, where the user sees it with its context."""
    for name in RUN_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: S112  (the run that needs it imports it again and reports)
            continue
    try:
        from agent.graph.toolset import load_tools
        from agent.runs.manifest import build_manifest
        from tools.datasets import DataCollection
        from tools.hazards import first_hazard

        first_hazard("")
        from agent.language.reader import read

        # Builds the claim grammar's parser and the unit registry, and imports the canonical
        # sentences and self-check the first reading needs.
        read("The lattice constant of copper is about 0.36 nm.")
        # Every run records a manifest: package versions, calculator and embedding provenance.
        build_manifest(settings, run_id="warm-up", kind="test", input="", created_at="")
        load_tools(settings)
        if DataCollection(settings.data_url).may_exist():
            import ase.db  # noqa: F401  (data_query runs in the driver: ~0.8 s of ase.io)
    except Exception:  # noqa: S110  (the run that follows does the same and reports it)
        pass
