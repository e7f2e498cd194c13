"""Dask for batches: the cluster the simulations run on, and the executor that sends them there.

The language model and the offline planner stay in the driver (compute nodes often have no
internet; planning is cheap); the simulation tool calls go to the workers. Only JSON crosses
the wire (:func:`tools.remote.invoke_json`): a worker re-creates the tool bound to the driver's
settings, so the workspace and the cache must be on a filesystem the workers share (one node,
or a cluster's shared home/scratch).
"""

from __future__ import annotations

import logging
import os
import uuid
from typing import TYPE_CHECKING, Any

from agent.errors import ConfigError, WorkerLost
from agent.graph.toolset import LITERATURE_TOOL

if TYPE_CHECKING:
    from tools.settings import ToolSettings

# Seconds to wait for an existing scheduler to answer.
CONNECT_TIMEOUT_S = 20
# Tasks are named with this prefix so a cluster's dashboard shows what they are.
TASK_PREFIX = "hypoloop-tool"
# What every embedded worker would otherwise import for itself: torch and CHGNet alone take
# ~6 s of CPU per process (measured: torch 1.7 s, chgnet 3.7 s, our tool modules 1.2 s). Imported
# once in a fork server, the workers fork from it with all of it loaded, so N workers cost the
# import once instead of N times, on the same cores the simulations need.
# A module that is missing is skipped by multiprocessing's fork server.
WORKER_PRELOAD = (
    "distributed",
    "tools.remote",
    "tools.registry",
    "tools.calculators",
    "torch",
    "chgnet.model.dynamics",
    "tblite.ase",
)


def default_workers() -> int:
    """The cores this process may use (a Slurm/cgroup allocation, not the whole machine)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not Linux
        return max(os.cpu_count() or 1, 1)


class DaskCluster:
    """An embedded ``LocalCluster`` (``workers`` processes, one thread each, so torch threads in
    CHGNet do not fight) or an existing cluster by ``scheduler`` address. A context manager."""

    def __init__(self, workers: int | None = None, scheduler: str | None = None) -> None:
        self.workers = workers
        self.scheduler = scheduler
        self.client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskCluster:
        import dask
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                self.client = Client(self.scheduler, timeout=f"{CONNECT_TIMEOUT_S}s")
            except (OSError, TimeoutError) as e:
                raise ConfigError(
                    f"cannot reach the Dask scheduler at {self.scheduler} ({type(e).__name__}: {e})"
                ) from e
            return self
        # No silent resubmission of a task whose worker died: the batch runner sees the loss at
        # once and retries the whole hypothesis once (the scheduler is in this process here).
        # (A worker a nanny restarts later is spawned the default way: rare, only slower.)
        method = _start_method()
        with dask.config.set(
            {
                "distributed.scheduler.allowed-failures": 0,
                "distributed.worker.multiprocessing-method": method,
            }
        ):
            if method == "forkserver":
                _preload_fork_server()
            self._cluster = LocalCluster(
                n_workers=self.workers or default_workers(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
                # A forked worker inherits the fork server's environment, frozen when the first
                # cluster of this process started; this batch's environment is what it should see.
                env=dict(os.environ),
            )
        self.client = Client(self._cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        for thing in (self.client, self._cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # shutting down after Ctrl-C: never mask the real outcome
                    pass

    def capacity(self) -> int:
        """Worker threads connected now (at least 1). Asked again as the batch goes on, since a
        Slurm or PBS cluster gains workers as its jobs start."""
        try:
            return max(sum(self.client.nthreads().values()), 1)
        except Exception:  # the scheduler is busy or going away: keep going with what we had
            return max(self.workers or 1, 1)


def _start_method() -> str:
    """Fork server where the platform has one (Linux, macOS), else Dask's default (spawn)."""
    import multiprocessing

    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def _preload_fork_server() -> None:
    """Make the fork server import :data:`WORKER_PRELOAD` when it starts (the first cluster of
    this process starts it; later clusters reuse it). Dask sets its own preload list the first
    time it makes the context, so ours is set after that and replaces it."""
    from distributed.utils import get_mp_context

    get_mp_context().set_forkserver_preload(list(WORKER_PRELOAD))


class DaskToolExecutor:
    """Sends simulation tool calls to Dask workers (``RunContext.executor``); the literature
    search stays in the driver, where its index and embedding model live."""

    def __init__(self, client: Any, tool_settings: ToolSettings) -> None:
        self.client = client
        sim = tool_settings.simulation
        if sim.torch_threads is None:
            # One torch thread per worker process: the workers are the parallelism.
            tool_settings = tool_settings.model_copy(
                update={"simulation": sim.model_copy(update={"torch_threads": 1})}
            )
        self._settings = tool_settings.model_dump(mode="json")

    def remote(self, name: str) -> bool:
        return name != LITERATURE_TOOL

    def invoke(self, name: str, args: dict[str, Any]) -> Any:
        import asyncio
        import concurrent.futures

        from distributed import KilledWorker
        from distributed.comm.core import CommClosedError

        from tools.remote import invoke_json

        key = f"{TASK_PREFIX}-{name}-{uuid.uuid4().hex[:12]}"
        future = self.client.submit(invoke_json, name, args, self._settings, key=key, pure=False)
        try:
            return future.result()
        except KilledWorker as e:
            raise WorkerLost(f"the Dask worker running {name} died ({e})") from e
        except (CommClosedError, concurrent.futures.CancelledError, asyncio.CancelledError) as e:
            # The scheduler went away or dropped the task: the call never produced an answer.
            raise WorkerLost(f"the Dask cluster lost the {name} call ({type(e).__name__})") from e
        finally:
            future.release()
