"""What bench/batch_scaling.py starts and measures around a batch: a cluster started by hand
(`dask scheduler` + `dask worker --preload agent.batch.worker_setup` on 127.0.0.1, as on Slurm)
and the CPU of this process, its children and every process descending from it."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class DescendantsCpu:
    """CPU seconds of every process descending from this one, sampled twice a second while the
    batch runs (workers forked by a fork server are not our children, so rusage misses them).
    Undercounts by at most half a second of each process's last moments."""

    def __init__(self) -> None:
        import threading

        self._last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> DescendantsCpu:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.wait(0.5):
            for p in me.children(recursive=True):
                try:
                    t = p.cpu_times()
                    self._last[p.pid] = t.user + t.system
                except psutil.Error:  # ended between listing and asking
                    pass

    def total(self) -> float:
        return sum(self._last.values())


def cpu_times() -> tuple[float, float]:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def start_cluster(folder: Path, workers: int) -> tuple[str, list[subprocess.Popen[bytes]]]:
    folder.mkdir(parents=True, exist_ok=True)
    info = folder / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    sched = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "distributed.cli.dask_scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(info),
        ],
        **quiet,
    )  # type: ignore[call-overload]
    while not info.is_file():
        time.sleep(0.2)
    address = json.loads(info.read_text())["address"]
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "distributed.cli.dask_worker",
            address,
            "--nworkers",
            str(workers),
            "--nthreads",
            "1",
            "--no-dashboard",
            "--host",
            "127.0.0.1",
            "--preload",
            "agent.batch.worker_setup",
        ],
        **quiet,
    )  # type: ignore[call-overload]
    from distributed import Client

    with Client(address, timeout="60s") as client:
        client.wait_for_workers(workers, timeout=300)
    return address, [worker, sched]
