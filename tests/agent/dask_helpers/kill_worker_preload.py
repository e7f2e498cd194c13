"""Dask worker preload for the fault-injection test: the worker kills itself (SIGKILL, as an
out-of-memory killer or a dead node would) when a hypoloop tool task starts executing, as long
as the kill budget in ``$HYPOLOOP_TEST_KILL_DIR/budget`` lasts. Test-only, loaded through
``distributed.worker.preload``."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin


class KillOnExecute(WorkerPlugin):
    name = "hypoloop-test-kill"

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
        with (self.folder / "kills").open("a") as f:
            f.write(f"{key}\n")
        os.kill(os.getpid(), signal.SIGKILL)


async def dask_setup(worker: Any) -> None:
    folder = os.environ.get("HYPOLOOP_TEST_KILL_DIR")
    if folder:
        await worker.plugin_add(KillOnExecute(Path(folder)))
