"""Silencing chatty engines (CHGNet prints on load and on predict) without breaking stdout.

``contextlib.redirect_stdout`` swaps the process-wide ``sys.stdout``; two threads doing it at once
(parallel hypotheses run in parallel LangGraph branches) can restore each other's buffer and leave
stdout pointing at a StringIO for good, which once swallowed `hypoloop propose --test --json`'s
output. One lock makes the swap and its undo atomic with respect to other quiet blocks.
"""

from __future__ import annotations

import contextlib
import io
import threading
import warnings
from collections.abc import Iterator

_LOCK = threading.RLock()


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Suppress stdout and warnings from library code inside the block (serialised)."""
    with _LOCK, contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
