"""Exiting without Python's teardown (agent/process_exit.py): the console script and the batch
workers' fork server end at once, but only after what an ordinary exit does that matters."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
from fresh_python import ENV, fresh_python

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, *args: str, extra_path: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join(str(p) for p in (extra_path, ROOT) if p is not None)
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**ENV, "PYTHONPATH": path, **env},
        timeout=120,
    )


def test_the_console_script_joins_threads_runs_atexit_and_keeps_the_exit_code(tmp_path: Path) -> None:
    code = f"""
import atexit, sys, threading, time
from pathlib import Path
out = Path({str(tmp_path)!r})
atexit.register(lambda: (out / "atexit").write_text("ran"))
import agent.cli.app  # imported first, so the command itself ends well before the thread
def late():
    time.sleep(0.5)
    (out / "thread").write_text("joined")
threading.Thread(target=late).start()
# A thread pool left open: its workers are not daemons and end only when told at exit.
from concurrent.futures import ThreadPoolExecutor
pool = ThreadPoolExecutor(2)
pool.submit(time.sleep, 0.1)
sys.argv = ["hypoloop", "no-such-command"]
from agent.cli import console
console()
"""
    run = _python(code)
    assert run.returncode == 2
    assert "No such command 'no-such-command'" in run.stderr
    assert (tmp_path / "atexit").read_text() == "ran"
    assert (tmp_path / "thread").read_text() == "joined"


def test_the_console_script_flushes_what_it_printed_into_a_pipe() -> None:
    # A pipe is block-buffered: os._exit without a flush would lose the whole output.
    # Printed by an exit handler, after the command's own output was flushed.
    code = "import atexit, sys\natexit.register(print, 'printed at exit')\nsys.argv = ['hypoloop', '--help']\nfrom agent.cli import console\nconsole()"
    run = _python(code)
    assert run.returncode == 0
    assert "Usage: hypoloop" in run.stdout
    assert run.stdout.rstrip().endswith("printed at exit")


def _fork_server_exit_writes_marker(tmp_path: Path, preload: list[str]) -> bool:
    """Start a fork server with ``preload``, fork one process from it, let the parent exit, wait
    for the server to end; True if the marker module's exit handler ran in it."""
    tmp_path.mkdir()
    (tmp_path / "late_exit_marker.py").write_text(
        "import atexit, os\n"
        "from pathlib import Path\n"
        "atexit.register(lambda: Path(os.environ['MARKER']).write_text(str(os.getpid())))\n"
    )
    marker = tmp_path / "marker"
    code = """
import multiprocessing, sys
from multiprocessing import forkserver
if __name__ == "__main__":
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(sys.argv[1].split(","))
    child = ctx.Process(target=print, args=("forked",))
    child.start()
    child.join()
    print(child.exitcode, forkserver._forkserver._forkserver_pid)
"""
    run = _python(code, ",".join(preload), extra_path=tmp_path, MARKER=str(marker))
    assert run.returncode == 0, run.stderr
    exitcode, server = run.stdout.split()[-2:]
    assert exitcode == "0"  # the process forked from the server ran and ended normally
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if psutil.Process(int(server)).status() == psutil.STATUS_ZOMBIE:
                break
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the fork server did not end after its parent did")
    return marker.exists()


def test_the_fork_server_ends_without_teardown_when_the_batch_has_gone(tmp_path: Path) -> None:
    # Control: an exit handler registered before ours runs in an ordinary fork-server exit...
    assert _fork_server_exit_writes_marker(tmp_path / "plain", ["late_exit_marker"]) is True
    # ...and is skipped once ours is last in the preload: the server ended straight away.
    ours = ["late_exit_marker", "agent.batch.fork_server_exit"]
    assert _fork_server_exit_writes_marker(tmp_path / "ours", ours) is False


def test_importing_the_fork_server_exit_elsewhere_registers_nothing() -> None:
    probe = (
        "import atexit\n"
        "before = atexit._ncallbacks()\n"
        "import agent.batch.fork_server_exit\n"
        "print(atexit._ncallbacks() - before)\n"
    )
    assert fresh_python(probe).strip() == "0"


def test_the_fork_server_exit_is_the_last_module_the_workers_preload() -> None:
    from agent.batch.preload import worker_preload

    assert worker_preload()[-1] == "agent.batch.fork_server_exit"
