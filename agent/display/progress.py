"""Progress of a run in a notebook: one progress bar per tool run (a tqdm widget in Jupyter
with ipywidgets, text otherwise), fed by the LangChain callbacks the graph reports tool calls to."""

from __future__ import annotations

import sys
import time
from typing import Any

from agent.display.words import describe_call


def in_notebook() -> bool:
    """True inside a Jupyter kernel (where a silent cell would otherwise hide a long run)."""
    shell = sys.modules.get("IPython")
    if shell is None or "ipykernel" not in sys.modules:
        return False
    get = getattr(shell, "get_ipython", None)
    ip = get() if get else None
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"


def default_callbacks() -> list[Any]:
    """What ``Assistant.run`` uses when the caller passes no callbacks."""
    return [progress_handler()] if in_notebook() else []


def _tqdm_class(file: Any) -> Any:
    """A widget bar in Jupyter when ipywidgets is installed, else a text bar (tqdm.auto would warn
    on every run without ipywidgets)."""
    if file is None and in_notebook():
        try:
            import ipywidgets  # noqa: F401
            from tqdm.notebook import tqdm as widget_tqdm

            return widget_tqdm
        except ImportError:
            pass
    from tqdm.std import tqdm as text_tqdm

    return text_tqdm


def progress_handler(file: Any = None) -> Any:
    """A callback handler that opens a bar when a tool starts and closes it, with its wall time
    and 'cached', when it ends. ``file`` sends text bars elsewhere (tests, logs)."""
    from langchain_core.callbacks import BaseCallbackHandler

    tqdm = _tqdm_class(file)

    class ToolProgress(BaseCallbackHandler):
        def __init__(self) -> None:
            self.bars: dict[Any, tuple[Any, float]] = {}

        def on_tool_start(self, serialized: Any, input_str: str, **kw: Any) -> None:
            name = (serialized or {}).get("name") or kw.get("name") or "tool"
            args = kw.get("inputs") if isinstance(kw.get("inputs"), dict) else {}
            bar = tqdm(total=1, desc=describe_call(name, args or {}), file=file, leave=True,
                       bar_format="{desc}: {bar} {elapsed}{postfix}")  # fmt: skip
            self.bars[kw.get("run_id")] = (bar, time.perf_counter())

        def on_tool_end(self, output: Any, **kw: Any) -> None:
            self._close(kw.get("run_id"), output, None)

        def on_tool_error(self, error: BaseException, **kw: Any) -> None:
            self._close(kw.get("run_id"), None, f"{type(error).__name__}")

        def _close(self, key: Any, output: Any, error: str | None) -> None:
            bar, t0 = self.bars.pop(key, (None, 0.0))
            if bar is None:
                return
            data = output if isinstance(output, dict) else {}
            err = error or ("error" if data.get("error") else None)
            bar.set_postfix_str(
                err or ("cached" if data.get("cached") else f"{time.perf_counter() - t0:.1f} s")
            )
            bar.update(1)
            bar.close()

    return ToolProgress()
