"""Slurm and PBS worker jobs for a batch, through dask-jobqueue.

The Dask scheduler runs in the driver (with the language model, which compute nodes may not
reach); each job runs ``cluster.cores`` single-threaded workers that only compute simulations,
so the jobs need no network beyond the scheduler. The jobs import the same code as the driver:
the same interpreter (``sys.executable`` unless ``cluster.python``) with this checkout first on
``PYTHONPATH``, and the Hugging Face hub switched off.
"""

from __future__ import annotations

import shlex
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.errors import ClusterError
from agent.interrupts import check

if TYPE_CHECKING:
    from agent.settings import ClusterSettings

SUBMIT = {"slurm": "sbatch", "pbs": "qsub"}
# The folder holding the `agent` package: workers put it first on PYTHONPATH so they run this
# checkout, not some other installed hypoloop.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Worker jobs compute only: no downloads, and BLAS/OpenMP pools of one thread (the workers are
# the parallelism, as in the embedded cluster).
JOB_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
}
# Seconds between checks while waiting for the first worker.
WAIT_STEP_S = 1.0
# Seconds between asks for the jobs again (replacing a lost one).
KEEP_S = 5.0


def job_cluster(settings: ClusterSettings, log_directory: Path) -> Any:
    """A dask-jobqueue ``SLURMCluster`` or ``PBSCluster`` for ``settings`` (no job submitted yet)."""
    if settings.kind not in SUBMIT:
        raise ClusterError(f"cluster kind {settings.kind!r} has no job scheduler")
    dask_jobqueue = _import_dask_jobqueue(settings.kind)
    cls = dask_jobqueue.SLURMCluster if settings.kind == "slurm" else dask_jobqueue.PBSCluster
    try:
        log_directory.mkdir(parents=True, exist_ok=True)
        return cls(**job_arguments(settings, log_directory))
    except (OSError, ValueError, RuntimeError) as e:  # an unwritable log folder, an unknown interface or memory size
        raise ClusterError(f"cannot set up the {settings.kind} cluster: {e}") from e


def _import_dask_jobqueue(kind: str) -> Any:
    """dask_jobqueue, with this process's Ctrl-C handler kept: importing it (its runner module)
    sets SIGINT to ``sys.exit()``, which turned Ctrl-C into a silent exit 0 that skipped the
    batch's "interrupted, --resume" path."""
    main = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGINT) if main else None
    try:
        import dask_jobqueue
    except ImportError as e:
        raise ClusterError(f"--cluster {kind} needs dask-jobqueue: pip install dask-jobqueue") from e
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return dask_jobqueue


def job_arguments(settings: ClusterSettings, log_directory: Path) -> dict[str, Any]:
    """Keyword arguments of SLURMCluster / PBSCluster (the same for both)."""
    preload = [arg for module in settings.preload for arg in ("--preload", module)]
    return {
        "queue": settings.queue,
        "account": settings.account,
        "cores": settings.cores,
        "processes": settings.cores,  # one single-threaded worker per core: torch threads must not fight
        "memory": settings.memory,
        "walltime": settings.walltime,
        "job_name": settings.job_name,
        "job_extra_directives": list(settings.extra_directives),
        "job_script_prologue": [*prologue_lines(), *settings.prologue],
        "worker_extra_args": preload,
        "python": settings.python or sys.executable,
        "interface": settings.interface,
        "log_directory": str(log_directory),
        "scheduler_options": {"dashboard_address": None},
    }


def prologue_lines() -> list[str]:
    """Shell lines that give a job the driver's code and an offline, one-thread environment.
    Exported explicitly because qsub (unlike sbatch) does not pass the submitter's environment."""
    root = shlex.quote(str(PROJECT_ROOT))
    lines = [f"export PYTHONPATH={root}${{PYTHONPATH:+:$PYTHONPATH}}"]
    lines += [f"export {name}={value}" for name, value in JOB_ENV.items()]
    return lines


def check_submit_command(kind: str) -> None:
    command = SUBMIT[kind]
    if shutil.which(command) is None:
        raise ClusterError(f"--cluster {kind}: `{command}` is not on PATH (is this a {kind} login node?)")


class WorkerJobs:
    """The jobs of one batch: submitted, watched (a lost job is replaced), cancelled at the end.
    ``ids()`` lists every job it ever had, so a record names the jobs it may have run on."""

    def __init__(self, settings: ClusterSettings, log_directory: Path) -> None:
        self.settings = settings
        self.log_directory = log_directory
        self.cluster: Any = None
        self._ids: list[str] = []
        self._kept_at = time.monotonic()

    def start(self, config: dict[str, Any], while_starting: Callable[[], None] | None) -> Any:
        """Submit the jobs, run ``while_starting`` while they start, and return a Client once the
        first worker has connected. ``config``: Dask settings for the scheduler (in this process)."""
        import dask
        from distributed import Client

        check_submit_command(self.settings.kind)
        with dask.config.set({"distributed.scheduler.allowed-failures": 0, **config}):
            self.cluster = job_cluster(self.settings, self.log_directory)
            client = Client(self.cluster)
            _submit(self.cluster, self.settings.jobs)
        self.ids()
        if while_starting is not None:
            while_starting()
            check()
        _wait_for_first_worker(client, self.settings.start_timeout_s, self)
        return client

    def ids(self) -> list[str]:
        """Scheduler ids of every job so far (pending, running, ended or replaced)."""
        if self.cluster is not None:
            for job in list(self.cluster.workers.values()):
                job_id = getattr(job, "job_id", None)
                if job_id and str(job_id) not in self._ids:
                    self._ids.append(str(job_id))
        return list(self._ids)

    def keep(self) -> None:
        """Ask for the jobs again, at most every KEEP_S: dask-jobqueue forgets a job whose workers
        were lost (scancel, a time limit) and only a new ``scale`` submits its replacement."""
        if self.cluster is None or time.monotonic() - self._kept_at < KEEP_S:
            return
        self._kept_at = time.monotonic()
        try:
            self.ids()
            self.cluster.scale(jobs=self.settings.jobs)
        except Exception:  # the cluster is shutting down: the batch is ending anyway
            pass

    def close(self) -> None:
        """Cancel every job (dask-jobqueue runs scancel / qdel for each)."""
        if self.cluster is None:
            return
        self.ids()
        try:
            self.cluster.close()
        except Exception:  # after Ctrl-C: never mask the real outcome
            pass


def _submit(cluster: Any, jobs: int) -> None:
    """Submit the jobs now, so that a refused submission (a wrong queue or account) is an error
    here rather than a line in Dask's log while the batch waits for workers that never come.
    Not through ``scale()``: it submits in a callback whose error only reaches the log, and a
    second look at the cluster's state then finds nothing left to submit."""
    while len(cluster.worker_spec) < jobs:
        cluster.worker_spec.update(cluster.new_worker_spec())
    try:
        cluster.sync(cluster._correct_state)
    except Exception as e:  # dask-jobqueue raises RuntimeError with sbatch/qsub's stderr
        message = " ".join(str(e).split())
        message = message.partition(" stderr: ")[2] or message  # what sbatch/qsub said, if there
        raise ClusterError(f"job submission failed: {message[:300]}") from e


def _wait_for_first_worker(client: Any, timeout_s: float, jobs: WorkerJobs) -> None:
    """Return once a worker has connected; ClusterError after ``timeout_s`` (a job pending too
    long, or failing at start: its log says why)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if client.scheduler_info().get("workers"):
            return
        check()  # a Ctrl-C dropped during the start-up imports ends the wait here
        time.sleep(WAIT_STEP_S)
    ids = ", ".join(jobs.ids()) or "none"
    raise ClusterError(
        f"no worker job connected within {timeout_s:g} s (jobs: {ids}); their logs are in {jobs.log_directory}"
    )
