"""Live display of a run in the terminal: each tool call as it starts and ends, graph steps,
and the model's tokens as they stream. A LangChain callback handler passed through the graph
config (``Assistant.run(..., callbacks=...)``), so the chat sees exactly what the graph does.

The handler also carries the chat's cancellation flag: it raises :class:`Cancelled` at the next
graph step or tool start once Ctrl-C was pressed (a tool already running finishes first)."""

from __future__ import annotations

import threading
import time
from typing import Any

from rich.console import Console

from agent.display.words import describe_call, describe_run

_STEPS = {
    "plan": "planning predictions",
    "stress": "stress test: trying to break the verdict",
    "verdict": "weighing the evidence",
    "answer": "writing the answer",
    "propose": "proposing hypotheses",
}


class Cancelled(Exception):
    """Raised inside the graph (from a callback) when the user pressed Ctrl-C."""


class LiveDisplay:
    """Prints tool starts and ends, step names and streamed tokens; honours a cancel flag.

    Built lazily as a LangChain handler by :meth:`handler` so this module imports no langchain."""

    def __init__(self, console: Console, *, show_steps: bool = True) -> None:
        self.console = console
        self.show_steps = show_steps
        self.cancel = threading.Event()
        self._starts: dict[Any, tuple[float, str, dict[str, Any]]] = {}
        self._streaming = False
        self.tokens: list[str] = []

    def reset(self) -> None:
        # A new flag, not clear(): the worker of a cancelled turn may still be running, and its
        # handler keeps the old, set flag, so it stays silent and stops at its next step.
        self.cancel = threading.Event()
        self._starts.clear()
        self._streaming = False
        self.tokens = []

    def _check(self) -> None:
        if self.cancel.is_set():
            raise Cancelled("cancelled by the user")

    def _print(self, text: str) -> None:
        if self.cancel.is_set():  # the prompt is back: a finishing worker must not write over it
            return
        self._end_stream()
        self.console.print(text, highlight=False)

    def _end_stream(self) -> None:
        if self._streaming:
            self.console.print()
            self._streaming = False

    def step(self, node: str) -> None:
        self._check()
        if self.show_steps and node in _STEPS:
            self._print(f"[dim]· {_STEPS[node]}[/]")

    def tool_start(self, key: Any, name: str, args: dict[str, Any]) -> None:
        self._check()
        self._starts[key] = (time.perf_counter(), name, args)
        self._print(f"[cyan]▶[/] {describe_call(name, args)} …")

    def tool_end(self, key: Any, output: Any, error: str | None = None) -> None:
        t0, name, args = self._starts.pop(key, (time.perf_counter(), "tool", {}))
        elapsed = time.perf_counter() - t0
        data = _output_dict(output)
        words = describe_run(name, args, data)
        cached = " [magenta](cached)[/]" if data.get("cached") else ""
        err = error or _error_text(data)
        mark = f"[red]✗[/] {words} {elapsed:.1f} s: {err[:120]}" if err else f"[green]✓[/] {words} {elapsed:.1f} s"
        self._print(mark + ("" if err else cached))

    def token(self, text: str) -> None:
        if self.cancel.is_set() or not text:
            return
        self.tokens.append(text)
        self._streaming = True
        self.console.print(text, end="", markup=False, highlight=False, soft_wrap=True)

    def finish(self) -> None:
        self._end_stream()

    def handler(self) -> Any:
        """The LangChain callback handler that feeds this display."""
        return _make_handler(self, self.cancel)


def _output_dict(output: Any) -> dict[str, Any]:
    """Tool outputs reach callbacks as a dict, a ToolMessage or a string, depending on the path."""
    if isinstance(output, dict):
        return output
    content = getattr(output, "content", output)
    if isinstance(content, str) and content.startswith("{"):
        import json

        try:
            loaded = json.loads(content)
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {}
    return {}


def _error_text(data: dict[str, Any]) -> str:
    err = data.get("error")
    if isinstance(err, dict):
        return f"{err.get('type', 'Error')}: {err.get('message', '')}"
    return str(err) if err else ""


def _make_handler(display: LiveDisplay, cancel: threading.Event) -> Any:
    from langchain_core.callbacks import BaseCallbackHandler

    class LiveHandler(BaseCallbackHandler):
        # Without raise_error LangChain logs and swallows exceptions from handlers; the cancel
        # flag must stop the graph.
        raise_error = True

        def on_chain_start(self, serialized: Any, inputs: Any, **kw: Any) -> None:
            if cancel.is_set():
                raise Cancelled("cancelled by the user")
            node = (kw.get("metadata") or {}).get("langgraph_node")
            if node and kw.get("name") == node:
                display.step(node)

        def on_tool_start(self, serialized: Any, input_str: str, **kw: Any) -> None:
            if cancel.is_set():
                raise Cancelled("cancelled by the user")
            name = (serialized or {}).get("name") or kw.get("name") or "tool"
            args = kw.get("inputs") if isinstance(kw.get("inputs"), dict) else _output_dict(input_str)
            display.tool_start(kw.get("run_id"), name, args or {})

        def on_tool_end(self, output: Any, **kw: Any) -> None:
            if not cancel.is_set():
                display.tool_end(kw.get("run_id"), output)

        def on_tool_error(self, error: BaseException, **kw: Any) -> None:
            if not cancel.is_set():
                display.tool_end(kw.get("run_id"), None, f"{type(error).__name__}: {error}")

        def on_llm_new_token(self, token: Any, **kw: Any) -> None:
            # list tokens are content blocks of multimodal models
            if isinstance(token, str) and not cancel.is_set():
                display.token(token)

        def on_llm_end(self, response: Any, **kw: Any) -> None:
            if not cancel.is_set():
                display.finish()

    return LiveHandler()
