"""Dask worker preload for the Slurm fault test: the worker cancels its own Slurm job (a real
``scancel``, as a user or an administrator would) when a hypoloop tool task starts executing,
as long as the budget in ``$HYPOLOOP_TEST_KILL_DIR/budget`` lasts. The task is left executing
until Slurm ends the job. Test-only, named in ``cluster.preload``."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin


class ScancelOnExecute(WorkerPlugin):
    name = "hypoloop-test-scancel"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish != "executing" or not str(key).startswith("hypoloop-tool"):
            return
        budget = self.folder / "budget"
        left = int(budget.read_text()) if budget.is_file() else 0
        if left <= 0:
            return
        budget.write_text(str(left - 1))
        job = os.environ["SLURM_JOB_ID"]
        with (self.folder / "cancelled").open("a") as f:
            f.write(f"{job} {key}\n")
        subprocess.run(["scancel", job], check=True, timeout=30)


async def dask_setup(worker: Any) -> None:
    folder = os.environ.get("HYPOLOOP_TEST_KILL_DIR")
    if folder:
        await worker.plugin_add(ScancelOnExecute(Path(folder)))
