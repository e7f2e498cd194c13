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
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.batch.preload import DRIVER_TOOLS, fork_server_preload
from agent.errors import ConfigError, WorkerLost
from agent.interrupts import check

if TYPE_CHECKING:
    from agent.batch.jobqueue import WorkerJobs
    from agent.settings import ClusterSettings
    from tools.settings import ToolSettings

# Seconds to wait for an existing scheduler to answer.
CONNECT_TIMEOUT_S = 20
# Tasks are named with this prefix so a cluster's dashboard shows what they are.
TASK_PREFIX = "hypoloop-tool"
# Dask's monitors poll /proc twice a second in the scheduler and every worker (system monitor)
# and ten times a second in every nanny (memory): measured at ~1 s of driver CPU per 15 s of a
# 2-worker batch on 2 cores, where every driver cycle is one a simulation does not get. Polled
# less often they still see a runaway worker within a second; the dashboard is off anyway.
# The "tick" wakes each server's event loop every 20 ms only to warn when a loop was blocked for
# over 3 s; once a second still catches that. Measured on an idle 2-worker cluster: the driver's
# CPU fell from ~0.35 s to ~0.08 s per 10 s.
QUIET_MONITORS = {
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.disk": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.tick.interval": "1s",
}
# BLAS and OpenMP pools size themselves when numpy, scipy and torch load, which for forked
# workers is in the fork server, before Dask's nanny sets these for each worker: without them
# every worker kept two OpenBLAS and two OpenMP threads (threadpoolctl) on a 2-core machine
# where the workers are the parallelism. A value the user set is kept.
ONE_THREAD_EACH = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
# Seconds between asks of how many worker threads the cluster has (a Slurm cluster grows).
CAPACITY_REFRESH_S = 5.0
# A call waiting for a worker looks again at least this often (a finished call also wakes it).
SLOT_RECHECK_S = 0.5


def default_workers() -> int:
    """The cores this process may use (a Slurm/cgroup allocation, not the whole machine)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not Linux
        return max(os.cpu_count() or 1, 1)


class DaskCluster:
    """An embedded ``LocalCluster`` (``workers`` processes, one thread each, so torch threads in
    CHGNet do not fight), an existing cluster by ``scheduler`` address, or Slurm/PBS worker jobs
    (``jobs``: a cluster section whose kind is 'slurm' or 'pbs'; their output goes to
    ``log_directory``). A context manager; leaving it cancels the jobs.

    ``while_starting`` runs in this process while the workers start (the batch runner imports
    the agent's modules there)."""

    def __init__(
        self,
        workers: int | None = None,
        scheduler: str | None = None,
        while_starting: Callable[[], None] | None = None,
        jobs: ClusterSettings | None = None,
        log_directory: Path | None = None,
    ) -> None:
        self.workers = workers
        self.scheduler = scheduler
        self.while_starting = while_starting
        self.job_settings = jobs if jobs is not None and jobs.kind != "local" else None
        self.log_directory = log_directory or Path.cwd() / "cluster-logs"
        self.client: Any = None
        self._cluster: Any = None
        self._jobs: WorkerJobs | None = None

    def __enter__(self) -> DaskCluster:
        if self.job_settings is not None:
            return self._enter_jobs(self.job_settings)
        method = _start_method() if not self.scheduler else ""
        if method == "forkserver":
            # Before importing Dask (~0.8 s here, pandas among its optional packages): the
            # workers' imports are the longest thing a batch waits for, so they start first.
            _start_fork_server()
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
        with dask.config.set(
            {
                "distributed.scheduler.allowed-failures": 0,
                "distributed.worker.multiprocessing-method": method,
                **QUIET_MONITORS,
            }
        ):
            if method == "forkserver":
                _keep_fork_server_preload()
            if self.while_starting is not None:
                self.while_starting()
                check()  # a Ctrl-C dropped during the imports: before the workers start
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

    def _enter_jobs(self, settings: ClusterSettings) -> DaskCluster:
        from agent.batch.jobqueue import WorkerJobs

        self._jobs = WorkerJobs(settings, self.log_directory)
        try:
            # The scheduler runs here: a task whose worker job is lost (scancel, time limit, a dead
            # node) fails at once and the runner retries its hypothesis, as on a LocalCluster.
            self.client = self._jobs.start(QUIET_MONITORS, self.while_starting)
        except BaseException:  # Ctrl-C or a refused job while starting: cancel what was submitted
            self.__exit__()
            raise
        self._cluster = self._jobs.cluster
        return self

    def record_fields(self) -> dict[str, Any]:
        """What each result record says about where it ran: the kind and job ids of a Slurm or
        PBS cluster (replaced jobs included); nothing for a local one or one reached by address."""
        if self._jobs is None:
            return {}
        return {"cluster": {"kind": self._jobs.settings.kind, "jobs": self._jobs.ids()}}

    def __exit__(self, *exc: object) -> None:
        if self._jobs is not None:
            self._jobs.close()  # cancels the jobs (scancel / qdel)
        for thing in (self.client, self._cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # shutting down after Ctrl-C: never mask the real outcome
                    pass

    def capacity(self) -> int:
        """Worker threads connected now (at least 1). Asked again as the batch goes on, since a
        Slurm or PBS cluster gains workers as its jobs start, and a lost job is replaced here."""
        if self._jobs is not None:
            self._jobs.keep()
        try:
            return max(sum(self.client.nthreads().values()), 1)
        except Exception:  # the scheduler is busy or going away: keep going with what we had
            return max(self.workers or 1, 1)


def _start_method() -> str:
    """Fork server where the platform has one (Linux, macOS), else Dask's default (spawn)."""
    import multiprocessing

    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def _start_fork_server() -> None:
    """Start the fork server now, importing :func:`fork_server_preload` in its own process while this
    one goes on (the first cluster of this process starts it; later clusters reuse it).
    ``ensure_running`` returns once the server process is launched, not loaded."""
    import multiprocessing
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(fork_server_preload())
    with _environ(ONE_THREAD_EACH):
        forkserver.ensure_running()


@contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    """``values`` in os.environ for the duration, where the user has not set them."""
    added = {k: v for k, v in values.items() if k not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for k in added:
            os.environ.pop(k, None)


def _keep_fork_server_preload() -> None:
    """Dask sets its own fork-server preload list the first time it makes its context; ours is
    set again after that, for a server that has to be started anew (one that died)."""
    from distributed.utils import get_mp_context

    get_mp_context().set_forkserver_preload(fork_server_preload())


class DaskToolExecutor:
    """Sends simulation tool calls to Dask workers (``RunContext.executor``); the
    :data:`DRIVER_TOOLS` stay in the driver.

    At most one call per worker thread is in flight: the others wait here, in the driver, and go
    to whichever worker frees up first. Submitted all at once, Dask placed a call behind a long
    one on a busy worker while another worker sat idle (its duration estimates are per task
    prefix, and a polymorph ranking can take 10x a molecule's geometry). ``capacity()`` gives
    the worker threads connected now.

    Calls may also be sent ahead (agent/batch/prefetch.py): only into a slot no graph's call is
    waiting for, and a graph's later identical call takes that call's result."""

    def __init__(self, client: Any, tool_settings: ToolSettings, capacity: Callable[[], int]) -> None:
        self.client = client
        self._capacity = capacity
        self._free = threading.Condition()
        self._running = 0
        self._waiting = 0  # graphs' calls waiting for a slot: they go before calls sent ahead
        self._ahead: dict[str, tuple[Any, str]] = {}  # call key -> (future, the claim it is for)
        self._sent: dict[str, int] = {}  # call key -> graphs' calls of it in flight
        self._limit, self._limit_at = 1, float("-inf")
        sim = tool_settings.simulation
        if sim.torch_threads is None:
            # One torch thread per worker process: the workers are the parallelism.
            tool_settings = tool_settings.model_copy(
                update={"simulation": sim.model_copy(update={"torch_threads": 1})}
            )
        self._settings = tool_settings.model_dump(mode="json")

    def remote(self, name: str) -> bool:
        return name not in DRIVER_TOOLS

    def invoke(self, name: str, args: dict[str, Any]) -> Any:
        from agent.batch.prefetch import call_key

        key = call_key(name, args)
        ahead = self._take_ahead(key)
        if ahead is not None:
            return self._result(ahead, name)
        with self._free:
            self._waiting += 1
            try:
                while self._busy() >= self._current_limit():
                    self._free.wait(timeout=SLOT_RECHECK_S)
            finally:
                self._waiting -= 1
            self._running += 1
            self._sent[key] = self._sent.get(key, 0) + 1
        try:
            return self._result(self._send(name, args), name)
        finally:
            with self._free:
                self._running -= 1
                self._sent[key] -= 1
                if not self._sent[key]:
                    del self._sent[key]
                self._free.notify_all()

    def send_ahead(
        self, name: str, args: dict[str, Any], item_id: str, per_worker: int, wanted: Callable[[], bool]
    ) -> None:
        """Send this call now, for claim ``item_id``, once a slot is free that no graph's call is
        waiting for and fewer than ``per_worker`` calls per worker thread are untaken; not at all
        if ``wanted()`` turns false meanwhile (the claim's graph started: it sends its own)."""
        from agent.batch.prefetch import call_key

        key = call_key(name, args)
        with self._free:
            while wanted() and (
                self._waiting
                or self._busy() >= self._current_limit()
                or len(self._ahead) >= per_worker * self._current_limit()
            ):
                self._free.wait(timeout=SLOT_RECHECK_S)
            # Planned twice, or a graph sent it already: one computation.
            if not wanted() or key in self._ahead or key in self._sent:
                return
            future = self._send(name, args)
            self._ahead[key] = (future, item_id)
        future.add_done_callback(lambda _: self._wake())

    def drop_ahead(self, item_id: str | None = None) -> None:
        """Forget the calls sent ahead for ``item_id`` (every one if None) that no graph took."""
        with self._free:
            keys = [k for k, (_, owner) in self._ahead.items() if item_id is None or owner == item_id]
            dropped = [self._ahead.pop(k)[0] for k in keys]
            self._free.notify_all()
        for future in dropped:
            future.release()

    def _take_ahead(self, key: str) -> Any:
        if not self._ahead:
            return None
        with self._free:
            taken = self._ahead.pop(key, None)
            self._free.notify_all()
        return taken[0] if taken is not None else None

    def _busy(self) -> int:
        """Worker threads in use: graphs' calls, and calls sent ahead still computing."""
        return self._running + sum(1 for future, _ in self._ahead.values() if not future.done())

    def _wake(self) -> None:
        with self._free:
            self._free.notify_all()

    def _current_limit(self) -> int:
        """Worker threads, asked of the scheduler at most every CAPACITY_REFRESH_S seconds."""
        now = time.monotonic()
        if now - self._limit_at >= CAPACITY_REFRESH_S:
            self._limit, self._limit_at = max(self._capacity(), 1), now
        return self._limit

    def _send(self, name: str, args: dict[str, Any]) -> Any:
        from tools.remote import invoke_json

        key = f"{TASK_PREFIX}-{name}-{uuid.uuid4().hex[:12]}"
        return self.client.submit(invoke_json, name, args, self._settings, key=key, pure=False)

    def _result(self, future: Any, name: str) -> Any:
        import asyncio
        import concurrent.futures

        from distributed import KilledWorker
        from distributed.comm.core import CommClosedError

        try:
            return future.result()
        except KilledWorker as e:
            raise WorkerLost(f"the Dask worker running {name} died ({e})") from e
        except (CommClosedError, concurrent.futures.CancelledError, asyncio.CancelledError) as e:
            # The scheduler went away or dropped the task: the call never produced an answer.
            raise WorkerLost(f"the Dask cluster lost the {name} call ({type(e).__name__})") from e
        finally:
            future.release()
