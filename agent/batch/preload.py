"""What batch workers import before they take a task: the job worker's list
(:func:`worker_preload`, ``dask worker --preload agent.batch.worker_setup``) and the embedded
cluster's fork server's (:func:`fork_server_preload`), kept apart from the cluster code that uses
them (agent/batch/cluster.py)."""

from __future__ import annotations

from agent.graph.optional_parts import LITERATURE_TOOL

# Tools that run in the driver, never on a worker: the literature search needs the index and
# embedding model that live here; data_query reads the user's database and may ask OPTIMADE or
# Materials Project over the network, which compute nodes often cannot reach. Both take
# milliseconds, far less than a round trip through a busy worker's queue.
DRIVER_TOOLS = frozenset({LITERATURE_TOOL, "data_query"})

# What every embedded worker would otherwise import for itself: torch and CHGNet alone take
# ~6 s of CPU per process (measured: torch 1.7 s, chgnet 3.7 s, our tool modules 1.2 s). Imported
# once in a fork server, the workers fork from it with all of it loaded, so N workers cost the
# import once instead of N times, on the same cores the simulations need.
# A module that is missing is skipped by multiprocessing's fork server. The simulation tools'
# own modules are added by worker_preload(). Without the last six, a worker's first call spent
# ~3 s importing tool definitions, ase.build and RDKit before it computed anything. Workers
# import no LangChain (they run tool definitions, tools/definition.py).
WORKER_PRELOAD = (
    "distributed",
    "tools.remote",
    "tools.registry",
    "tools.calculators",
    "torch",
    "chgnet.model.dynamics",
    "tblite.ase",
    "tools.definition",
    "tools.convert",
    "tools.weights",
    "ase.build",
    "rdkit.Chem",
    "tools.hazard_motifs",
)


def worker_preload() -> list[str]:
    """:data:`WORKER_PRELOAD`, the module of every built-in tool the workers run, and last
    :mod:`agent.batch.fork_server_exit` (its exit handler must be the last one registered)."""
    from tools.registry import TOOLS

    tools = {path.partition(":")[0] for name, path in TOOLS.items() if name not in DRIVER_TOOLS}
    return [*WORKER_PRELOAD, *sorted(tools), "agent.batch.fork_server_exit"]


def fork_server_preload() -> list[str]:
    """:func:`worker_preload` and, before its exit handler, :mod:`tools.sevennet_engine`: SevenNet's
    modules (~2 s of CPU) imported once in the fork server for every forked worker, where each
    worker imported them at its first SevenNet call. A job worker (worker_setup.py) keeps
    :func:`worker_preload` alone, the start-up bench/worker_startup.py holds to <= 3 s, and
    imports SevenNet at its first call."""
    modules = worker_preload()
    return [*modules[:-1], "tools.sevennet_engine", modules[-1]]
