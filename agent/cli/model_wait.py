"""One line on a terminal's stderr while the chat model thinks (issue #29): a small local model
can take a minute per request, and `hypoloop test` printed nothing until the verdict.

The line shows the seconds the current model request has taken, is rewritten in place each
second and erased when the reply comes. It goes to stderr, and only when stderr is a terminal,
so ``--json`` output and logs of scripted runs stay clean.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any, TextIO


class ModelWait:
    """Counts the seconds of each model request on ``stream`` (a LangChain callback via :meth:`handler`)."""

    def __init__(self, stream: TextIO, interval_s: float = 1.0) -> None:
        self.stream = stream
        self.interval_s = interval_s
        self._lock = threading.Lock()
        self._waiting: dict[Any, float] = {}  # run id of each request in flight -> its start
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = 0  # characters of the line on screen, to erase it

    def start(self, key: Any) -> None:
        with self._lock:
            self._waiting[key] = time.monotonic()
            if self._thread is None:
                self._stop.clear()
                self._thread = threading.Thread(target=self._tick, name="model-wait", daemon=True)
                self._thread.start()

    def end(self, key: Any) -> None:
        with self._lock:
            self._waiting.pop(key, None)
            if self._waiting:
                return
            thread, self._thread = self._thread, None
            self._stop.set()
        if thread is not None:
            thread.join()
        self._erase()

    def _tick(self) -> None:
        while not self._stop.wait(self.interval_s):
            with self._lock:
                if not self._waiting:
                    return
                elapsed = time.monotonic() - min(self._waiting.values())
            self._write(f"waiting for the language model: {elapsed:.0f} s")

    def _write(self, text: str) -> None:
        pad = " " * max(0, self._shown - len(text))
        self.stream.write(f"\r{text}{pad}")
        self.stream.flush()
        self._shown = len(text)

    def _erase(self) -> None:
        if self._shown:
            self.stream.write("\r" + " " * self._shown + "\r")
            self.stream.flush()
            self._shown = 0

    def handler(self) -> Any:
        """The LangChain callback handler that starts and ends the count with each chat request."""
        from langchain_core.callbacks import BaseCallbackHandler

        wait = self

        class ModelWaitHandler(BaseCallbackHandler):
            def on_chat_model_start(self, serialized: Any, messages: Any, **kw: Any) -> None:
                wait.start(kw.get("run_id"))

            def on_llm_end(self, response: Any, **kw: Any) -> None:
                wait.end(kw.get("run_id"))

            def on_llm_error(self, error: BaseException, **kw: Any) -> None:
                wait.end(kw.get("run_id"))

        return ModelWaitHandler()


def terminal_callbacks(stream: TextIO | None = None) -> list[Any] | None:
    """The callbacks a CLI run gets: the model wait line when stderr is a terminal, else None
    (the library's defaults)."""
    stream = sys.stderr if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    return [ModelWait(stream).handler()] if isatty is not None and isatty() else None
