"""A Ctrl-C whose KeyboardInterrupt Python drops (raised inside a destructor or a garbage
collector callback, where exceptions are only printed) still ends the batch: the handler
remembers it and the waiting loops raise it again."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from agent.interrupts import check, interrupts_kept


class _SignalsInDestructor:
    """Sends SIGINT to this process from ``__del__``: the handler's exception is dropped there."""

    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the signal is handled (and its exception dropped) before this returns


def test_a_ctrl_c_dropped_inside_a_destructor_is_raised_by_the_next_check(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[type[BaseException] | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: shown.append(u.exc_type))
    with interrupts_kept():
        check()  # nothing received: no effect
        _SignalsInDestructor()  # collected at once: the interrupt is raised and dropped in __del__
        with pytest.raises(KeyboardInterrupt, match="signal 2"):
            check()
    assert shown == []  # the dropped interrupt was not printed as "Exception ignored in ..."


def test_other_dropped_exceptions_are_still_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[type[BaseException] | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: shown.append(u.exc_type))

    class Fails:
        def __del__(self) -> None:
            raise ValueError("a real bug")

    with interrupts_kept():
        Fails()
    assert shown == [ValueError]


def test_sigterm_ends_the_batch_like_ctrl_c_and_the_handlers_come_back() -> None:
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt, match=f"signal {int(signal.SIGTERM)}"), interrupts_kept():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
    check()  # outside: what was received no longer counts
