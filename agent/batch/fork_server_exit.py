"""Last in the fork server's preload list (agent/batch/cluster.py): the fork server ends at once
when the batch's process has gone, instead of spending 2-2.5 s tearing down torch, CHGNet and
pymatgen while it still holds the batch's stdout (a script reading `hypoloop batch | tee` or
`$(hypoloop batch ...)` waits for that).

Importing this anywhere else does nothing: it acts only inside multiprocessing's fork server.
Its exit handler, registered last, runs first (atexit is last in, first out) and skips the
rest: the fork server holds no files, locks or results, and every worker it forked ends
through os._exit on its own (multiprocessing's fork server does that).
"""

from __future__ import annotations

import atexit
import os
import sys


def _in_fork_server() -> bool:
    """True while multiprocessing's fork server imports its preload list (this module among them)."""
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "main" and code.co_filename.endswith(os.path.join("multiprocessing", "forkserver.py")):
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


def _end_fork_server(pid: int) -> None:
    if os.getpid() == pid:  # the fork server itself, never a process forked from it
        from agent.process_exit import flush_stdio

        flush_stdio()
        os._exit(0)


if _in_fork_server():
    atexit.register(_end_fork_server, os.getpid())
