"""Ctrl-C (and for a batch SIGTERM) that is never lost.

Python raises ``KeyboardInterrupt`` wherever the main thread happens to be when the signal
arrives. Raised inside a garbage-collector callback (Dask's scheduler registers one) or a
``__del__``, the exception is only printed ("Exception ignored in ...") and dropped: a Ctrl-C
during the batch's start-up imports was lost that way and the driver went on waiting for its
worker jobs (seen in CI), and a chat turn went on after Ctrl-C on a loaded machine. The handler
here raises as usual and also remembers the signal; the waiting loops (a batch's, a chat turn's)
call :func:`check`, which raises it again if it was dropped. A batch also holds SIGTERM
(Slurm's time limit, ``kill``) this way: it ends cleanly, its results kept and its worker jobs
cancelled.

The dropped exception is not printed either: "Exception ignored in ..." with a traceback from
inside Dask is noise to a user who pressed Ctrl-C, and so is what the interrupted callback
raises afterwards (Dask's gc timer, left mid-measure, fails an assertion).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

BATCH_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# The signal received since interrupts_kept() began, if any (only the main thread handles signals).
_received: int | None = None


def _quiet_after_interrupt(previous: object) -> object:
    """An unraisable-exception hook that drops what a received signal caused (the interrupt
    itself, and anything raised in destructors once it arrived) and passes on the rest."""

    def hook(unraisable: object) -> None:
        if _received is None and getattr(unraisable, "exc_type", None) is not KeyboardInterrupt:
            previous(unraisable)  # type: ignore[operator]

    return hook


def _interrupt(signum: int, frame: FrameType | None) -> None:
    global _received
    _received = signum
    raise KeyboardInterrupt(f"signal {signum}")


@contextmanager
def interrupts_kept(signals: tuple[signal.Signals, ...] = BATCH_SIGNALS) -> Iterator[None]:
    """Within: ``signals`` raise KeyboardInterrupt and are remembered for :func:`check`.
    Outside the main thread (a batch run from a worker thread) signals cannot be handled here:
    nothing changes."""
    global _received
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _received = None
    previous = {signum: signal.signal(signum, _interrupt) for signum in signals}
    previous_hook = sys.unraisablehook
    sys.unraisablehook = _quiet_after_interrupt(previous_hook)  # type: ignore[assignment]
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        sys.unraisablehook = previous_hook
        _received = None


def check() -> None:
    """Raise KeyboardInterrupt if a signal arrived whose exception may have been dropped. Called
    by loops that wait; when the first exception did propagate, they are not reached again."""
    if _received is not None:
        raise KeyboardInterrupt(f"signal {_received}")
