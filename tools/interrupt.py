"""Interrupting an engine call that runs past its wall-time limit.

The step-boundary check of :class:`tools.call_context.Deadline` cannot stop one engine call that
never returns (a calculator stuck in a loop, a hung sleep). :func:`time_limit` raises
:class:`SimulationTimeout` inside the running call:

- on the main thread with a real-time interval timer (``SIGALRM``): interrupts blocking sleeps and
  any Python-level work, and native code as soon as it hands control back to the interpreter;
- on another thread (the graph may run tool calls in a worker), signals cannot be delivered, so a
  watchdog timer injects the exception into that thread (``PyThreadState_SetAsyncExc``), which
  takes effect at the thread's next Python instruction: calculators and optimisers built of
  Python-level steps are stopped, a single native call that never returns is not.

Nested limits keep the innermost (earliest) deadline and restore the outer timer on exit.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tools.errors import SimulationTimeout


def _message(limit_s: float) -> str:
    return (
        f"wall-time limit of {limit_s:.3g} s exceeded (simulation.wall_time_s); the engine call was "
        "interrupted: use a smaller system, fewer steps or a faster calculator"
    )


@contextmanager
def time_limit(seconds: float, limit_s: float | None = None) -> Iterator[None]:
    """Raise :class:`SimulationTimeout` in the calling thread if the block runs longer than
    ``seconds`` (``limit_s``: the total limit named in the message; defaults to ``seconds``)."""
    shown = seconds if limit_s is None else limit_s
    if seconds <= 0:
        raise SimulationTimeout(_message(shown))
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM"):
        with _alarm(seconds, shown):
            yield
    else:
        with _watchdog(seconds, shown):
            yield


@contextmanager
def _alarm(seconds: float, shown: float) -> Iterator[None]:
    def handler(signum: int, frame: Any) -> None:
        raise SimulationTimeout(_message(shown))

    previous_delay, _ = signal.getitimer(signal.ITIMER_REAL)
    if previous_delay and previous_delay < seconds:  # an outer limit fires first: leave it alone
        yield
        return
    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        remaining, _ = signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        if previous_delay:  # re-arm the outer limit with what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(previous_delay - (seconds - remaining), 1e-3))


class _Timeout(SimulationTimeout):
    """The exception class injected into a worker thread (its message is set on the class, as
    PyThreadState_SetAsyncExc takes a class, not an instance)."""


@contextmanager
def _watchdog(seconds: float, shown: float) -> Iterator[None]:
    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"done": False, "fired": False}
    exc = type("SimulationTimeout", (_Timeout,), {"__init__": _init_with(_message(shown))})

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(exc))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
            timer.cancel()
            if state["fired"]:  # the block ended on its own first: drop a still-pending exception
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)


def _init_with(message: str) -> Any:
    def __init__(self: Exception, *args: Any) -> None:
        Exception.__init__(self, *(args or (message,)))

    return __init__
