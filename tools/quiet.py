"""Silencing chatty engines (CHGNet prints on load and on predict) without breaking stdout.

``contextlib.redirect_stdout`` swaps the process-wide ``sys.stdout``: every thread's output goes
where the swap points. Two threads swapping at once once left stdout on a StringIO for good (it
swallowed `hypoloop propose --test --json`'s output), and a swap held for a slow model load hid
the chat's verdict, printed by the main thread while a cancelled turn's worker was still loading
SevenNet. So the swap installs a filter that drops the writes of the thread inside the quiet
block and passes every other thread's through to the real stdout. Quiet blocks still run one at a
time (one re-entrant lock), as the warning filters they change are process-wide.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import warnings
from collections.abc import Iterator
from typing import Any

_LOCK = threading.RLock()


class _ThreadFilter:
    """A stdout that discards the writes of the quiet threads and forwards everyone else's."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.quiet: dict[int, int] = {}  # thread id -> depth of nested quiet blocks

    def write(self, text: str) -> int:
        if threading.get_ident() in self.quiet:
            return len(text)
        return int(self.real.write(text))

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if threading.get_ident() not in self.quiet:
            self.real.flush()

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding, buffer ...
        return getattr(self.real, name)


def _enter() -> _ThreadFilter:
    with _LOCK:
        current = sys.stdout
        filt = current if isinstance(current, _ThreadFilter) else _ThreadFilter(current)
        sys.stdout = filt  # type: ignore[assignment]
        me = threading.get_ident()
        filt.quiet[me] = filt.quiet.get(me, 0) + 1
        return filt


def _leave(filt: _ThreadFilter) -> None:
    with _LOCK:
        me = threading.get_ident()
        depth = filt.quiet.get(me, 1) - 1
        if depth:
            filt.quiet[me] = depth
        else:
            filt.quiet.pop(me, None)
        if not filt.quiet and sys.stdout is filt:
            sys.stdout = filt.real


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Suppress this thread's stdout and the warnings of library code inside the block; other
    threads keep printing."""
    # The lock is held for the whole block: warnings.catch_warnings() is process-wide too, and two
    # threads entering and leaving it out of order would leave the other's filters installed.
    with _LOCK:
        filt = _enter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                yield
        finally:
            _leave(filt)
