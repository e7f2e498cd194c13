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


def test_a_quiet_block_silences_only_its_own_thread(capsys) -> None:  # type: ignore[no-untyped-def]
    """A slow model load in a worker thread (a cancelled chat turn) must not hide what the main
    thread prints meanwhile (the next turn's verdict)."""
    inside, release = threading.Event(), threading.Event()

    def worker() -> None:
        with quiet():
            print("engine chatter")
            inside.set()
            release.wait(5)

    t = threading.Thread(target=worker)
    t.start()
    inside.wait(5)
    print("the verdict")
    release.set()
    t.join(5)
    out = capsys.readouterr().out
    assert "the verdict" in out and "engine chatter" not in out
    with quiet():
        print("nested chatter")
        with quiet():
            print("deeper")
        print("still quiet")
    print("after")
    assert capsys.readouterr().out == "after\n"
