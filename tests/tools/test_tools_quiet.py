"""Parallel tool calls must not leave sys.stdout swapped (it once swallowed --json output)."""

from __future__ import annotations

import sys
import threading
import time

from tools.quiet import quiet


def test_quiet_blocks_do_not_interleave_and_restore_stdout() -> None:
    before = sys.stdout
    inside, release = threading.Event(), threading.Event()
    order: list[str] = []

    def first() -> None:
        with quiet():
            order.append("first in")
            inside.set()
            release.wait(5)
            order.append("first out")

    def second() -> None:
        inside.wait(5)
        with quiet():
            order.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    time.sleep(0.2)  # give the second thread every chance to enter early
    release.set()
    for t in threads:
        t.join(5)
    # Interleaved swaps of sys.stdout can restore another thread's buffer; serialised ones cannot.
    assert order == ["first in", "first out", "second in"]
    assert sys.stdout is before
