"""Importing what a run needs before the first run asks for it.

A batch's first hypotheses would otherwise spend ~3 s of driver CPU importing LangGraph,
LangChain, the planner and the tool modules while the Dask workers wait for their first call.
The batch runner calls :func:`import_run_modules` while its workers start (the fork server
imports torch and CHGNet in another process at the same time), so the two overlap.

Nothing here writes a file: a batch pointed at a wrong scheduler address must leave no trace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agent.settings import Settings


def import_run_modules(settings: Settings) -> None:
    """Import the graph, the planner and every tool, and load the data a first run reads (hazard
    lists, package versions). Safe to call more than once; a failure is left for the real run to
    report, where the user sees it with its context."""
    try:
        import agent.graph.build  # noqa: F401  (LangGraph, LangChain core, every node)
        import agent.planner  # noqa: F401
        from agent.graph.toolset import load_tools
        from agent.runs.manifest import package_versions
        from tools.hazards import first_hazard

        first_hazard("")
        package_versions()
        load_tools(settings)
        from tools.datasets import DataCollection

        if DataCollection(settings.data_url).may_exist():
            import ase.db  # noqa: F401  (data_query runs in the driver: ~0.8 s of ase.io)
    except Exception:  # noqa: S110  (the run that follows imports the same and reports it)
        pass
