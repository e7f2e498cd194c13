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
        with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
            self._cluster = LocalCluster(
                n_workers=self.workers or default_workers(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
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
