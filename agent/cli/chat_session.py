"""One chat thread: its transcript on disk and the turns it runs through ``Assistant.run``.

A thread is ``<home>/chats/<id>.json`` (the transcript: every turn with its full RunResult) plus
the LangGraph checkpoints of its turns (thread ids ``<id>-<n>``: each turn is a fresh graph run,
since the graph's state accumulates verdicts per checkpoint thread). ``--thread ID`` reloads the
transcript, so /sources, /runs and /save work on earlier turns too.

A turn runs in a worker thread so Ctrl-C in the main thread can give the prompt back at once:
the cancel flag makes the live display's callback raise at the next graph step or tool start."""

from __future__ import annotations

import json
import re
import signal
import threading
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.cli.live import Cancelled, LiveDisplay
from agent.interrupts import check, interrupts_kept

if TYPE_CHECKING:
    from agent.assistant import Assistant
    from agent.results import RunResult, ToolRun
    from agent.settings import Settings

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
QUESTION_WORDS = (
    "what", "which", "who", "whom", "whose", "why", "how", "when", "where",
    "is", "are", "does", "do", "did", "can", "could", "should", "would", "will", "was", "were",
)  # fmt: skip
# A request to compute ("Report the vibrational frequencies of ethanol") is a question too.
REQUEST_VERBS = (
    "report", "compute", "calculate", "give", "find", "tell", "list", "show", "predict", "estimate",
    "determine", "relax", "optimise", "optimize", "get",
)  # fmt: skip


def classify(text: str) -> str:
    """Free text is a question ('ask') when it ends with '?' or starts with a question word or a
    request verb, otherwise a claim to test. The graph's intake takes the mode as given, so the
    chat decides."""
    stripped = text.strip()
    words = stripped.split(maxsplit=1)
    first = re.sub(r"[^a-z]", "", words[0].lower()) if words else ""
    return "ask" if stripped.endswith("?") or first in QUESTION_WORDS + REQUEST_VERBS else "test"


def chats_dir(settings: Settings) -> Path:
    return settings.home / "chats"


class ChatThread:
    """A conversation: turns (each with its RunResult) persisted as JSON after every turn."""

    def __init__(self, settings: Settings, thread_id: str | None = None) -> None:
        from agent.errors import RequestError

        if thread_id is not None and not _ID.match(thread_id):
            raise RequestError(f"bad thread id {thread_id!r}: letters, digits, '-' and '_' only")
        self.settings = settings
        self.id = thread_id or uuid.uuid4().hex[:12]
        self.turns: list[dict[str, Any]] = []
        self.created = datetime.now(timezone.utc).isoformat(timespec="seconds")

    @property
    def path(self) -> Path:
        return chats_dir(self.settings) / f"{self.id}.json"

    @classmethod
    def resume(cls, settings: Settings, thread_id: str) -> ChatThread:
        from agent.errors import RunNotFound

        thread = cls(settings, thread_id)
        if not thread.path.exists():
            known = ", ".join(t["id"] for t in list_threads(settings)[:5]) or "none yet"
            raise RunNotFound(f"no chat thread {thread_id!r} (recent: {known})")
        data = json.loads(thread.path.read_text(encoding="utf-8"))
        thread.turns = data.get("turns", [])
        thread.created = data.get("created", thread.created)
        return thread

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"id": self.id, "created": self.created, "turns": self.turns}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        tmp.replace(self.path)  # atomic: a crash never leaves half a transcript

    def add(self, mode: str, text: str, status: str, result: RunResult | None = None, error: str = "") -> None:
        self.turns.append(
            {
                "n": len(self.turns) + 1,
                "mode": mode,
                "input": text,
                "status": status,
                "error": error,
                "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "result": result.model_dump(mode="json") if result is not None else None,
            }
        )
        self.save()

    def results(self) -> list[RunResult]:
        from agent.results import RunResult

        return [RunResult.model_validate(t["result"]) for t in self.turns if t.get("result")]

    def last_result(self) -> RunResult | None:
        done = self.results()
        return done[-1] if done else None

    def tool_runs(self) -> list[ToolRun]:
        return [r for res in self.results() for r in res.tool_runs]


def list_threads(settings: Settings) -> list[dict[str, Any]]:
    """Saved threads, newest first: id, number of turns, first input, last change."""
    out = []
    for path in chats_dir(settings).glob("*.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        turns = data.get("turns", [])
        out.append(
            {
                "id": path.stem,
                "turns": len(turns),
                "first": turns[0]["input"] if turns else "",
                "mtime": path.stat().st_mtime,
            }
        )
    return sorted(out, key=lambda t: -t["mtime"])


class TurnRunner:
    """Runs one turn in a worker thread; Ctrl-C (KeyboardInterrupt in the caller) cancels it."""

    def __init__(self, assistant: Assistant, display: LiveDisplay) -> None:
        self.assistant = assistant
        self.display = display

    def run(self, thread: ChatThread, mode: str, text: str, n: int | None = None) -> RunResult | None:
        """The turn's result, or None when cancelled or failed (recorded in the transcript)."""
        from agent.errors import USER_ERRORS

        self.display.reset()
        handler = self.display.handler()  # bound to this turn's cancel flag
        box: dict[str, Any] = {}
        run_thread = f"{thread.id}-{len(thread.turns) + 1}"

        def work() -> None:
            try:
                box["result"] = self.assistant.run(
                    mode,  # type: ignore[arg-type]
                    text,
                    n=n,
                    thread_id=run_thread,
                    callbacks=[handler],
                )
            except BaseException as e:  # reported by the main thread, never lost in the worker
                box["error"] = e

        worker = threading.Thread(target=work, name="hypoloop-chat-turn", daemon=True)
        worker.start()
        try:
            # Ctrl-C only: SIGTERM still ends the chat. check() raises a Ctrl-C whose exception
            # Python dropped (raised inside a destructor or a gc callback of the main thread).
            with interrupts_kept((signal.SIGINT,)):
                while worker.is_alive():
                    worker.join(0.1)
                    check()
        except KeyboardInterrupt:
            self.display.cancel.set()
            thread.add(mode, text, "cancelled")
            return None
        self.display.finish()
        err = box.get("error")
        if isinstance(err, Cancelled):
            thread.add(mode, text, "cancelled")
            return None
        if err is not None:
            if not isinstance(err, USER_ERRORS):
                raise err
            thread.add(mode, text, "error", error=str(err))
            raise err
        result: RunResult = box["result"]
        thread.add(mode, text, "done", result)
        return result
