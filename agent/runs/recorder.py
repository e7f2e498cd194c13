"""Recording one run on disk: ``<runs_dir>/<run_id>/`` with ``manifest.json``, ``ledger.jsonl``
(one line per tool call, flushed as it happens, so a killed run keeps what it did) and
``result.json``. Whole-file writes are atomic (temp file + os.replace): a reader never sees half
a manifest. Every byte written passes through a redactor that removes the API key."""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from agent.results import ToolRun
from agent.runs.manifest import RunKind, RunManifest, RunStatus, build_manifest

if TYPE_CHECKING:
    from agent.settings import Settings

MANIFEST = "manifest.json"
LEDGER = "ledger.jsonl"
RESULT = "result.json"

_id_lock = threading.Lock()
_last_stamp: datetime | None = None


def new_run_id(now: datetime | None = None) -> str:
    """A sortable id: UTC timestamp to the microsecond, then 6 random hex digits. Strictly
    increasing within a process even when the clock is coarse, so newest-first listing is exact."""
    global _last_stamp
    with _id_lock:
        stamp = now or datetime.now(timezone.utc)
        if _last_stamp is not None and stamp <= _last_stamp:
            stamp = _last_stamp + timedelta(microseconds=1)
        _last_stamp = stamp
    return f"{stamp:%Y%m%dT%H%M%S}.{stamp:%f}Z-{secrets.token_hex(3)}"


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def write_json_atomic(path: Path, data: Any, redact: _Redactor | None = None) -> None:
    """Write JSON to ``path`` so that readers see the old file or the new one, never a mix."""
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    if redact is not None:
        text = redact(text)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _Redactor:
    """Replaces known secret values in text. Settings already hide the key; this is the second
    lock, for a key that reaches a tool argument, an error message or argv."""

    def __init__(self, settings: Settings) -> None:
        values = [os.environ.get("OPENAI_API_KEY") or ""]
        if settings.llm.api_key is not None:
            values.append(settings.llm.api_key.get_secret_value())
        self._secrets = sorted({v for v in values if len(v) >= 6}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for s in self._secrets:
            text = text.replace(s, "***")
        return text


class RunRecorder:
    """Records one run. Use as ``with RunRecorder.start(...) as rec:``; leaving the block ends
    the run as done, failed (exception) or interrupted (Ctrl-C) unless :meth:`finish` was called."""

    def __init__(self, run_dir: Path, manifest: RunManifest, redact: _Redactor) -> None:
        self.run_dir = run_dir
        self.manifest = manifest
        self._redact = redact
        self._lock = threading.Lock()  # tool calls may run in parallel threads
        self._t0 = time.monotonic()

    @classmethod
    def start(
        cls,
        settings: Settings,
        kind: RunKind,
        input: str,
        thread_id: str | None = None,
        *,
        prompts: dict[str, str] | None = None,
        model: Any = None,
    ) -> RunRecorder:
        """Create the run folder and write its manifest (status ``running``). ``prompts`` maps
        template names to sha256; ``model`` is the chat model in use if the caller built one."""
        run_id = new_run_id()
        run_dir = settings.runs_dir / run_id
        run_dir.mkdir(parents=True, exist_ok=False)
        manifest = build_manifest(
            settings,
            run_id=run_id,
            kind=kind,
            input=input,
            created_at=utc_now(),
            thread_id=thread_id,
            prompts=prompts,
            model=model,
        )
        rec = cls(run_dir, manifest, _Redactor(settings))
        rec._write_manifest()
        (run_dir / LEDGER).touch()
        return rec

    @property
    def run_id(self) -> str:
        return self.manifest.run_id

    @property
    def ledger_path(self) -> Path:
        return self.run_dir / LEDGER

    def record_tool_run(self, run: ToolRun | Mapping[str, Any]) -> None:
        """Append one ledger line and flush it to the OS before returning."""
        entry = run if isinstance(run, ToolRun) else ToolRun.model_validate(run)
        with self._lock:
            self.manifest.tool_runs += 1
            data = {"seq": self.manifest.tool_runs, "recorded_at": utc_now()}
            data.update(entry.model_dump(mode="json", fallback=str))
            line = self._redact(json.dumps(data, ensure_ascii=False, default=str))
            with open(self.ledger_path, "a", encoding="utf-8") as f:
                f.write(line + "\n")
                f.flush()

    def add_usage(self, usage: Mapping[str, Any] | None) -> None:
        """Add a model turn's token usage (an AIMessage's ``usage_metadata``) to the run's totals."""
        if not usage:
            return
        with self._lock:
            for key in ("input_tokens", "output_tokens", "total_tokens"):
                value = usage.get(key)
                if isinstance(value, int):
                    self.manifest.usage[key] = self.manifest.usage.get(key, 0) + value

    def record_result(self, obj: Mapping[str, Any] | BaseModel) -> None:
        """Write ``result.json`` atomically (a later call replaces it)."""
        data = obj.model_dump(mode="json", fallback=str) if isinstance(obj, BaseModel) else dict(obj)
        write_json_atomic(self.run_dir / RESULT, data, self._redact)

    def finish(self, status: RunStatus = "done", error: str | None = None) -> None:
        """End the run: status, finish time and totals go into the manifest. Only the first
        call counts, so an explicit finish inside a ``with`` block is not overwritten."""
        with self._lock:
            if self.manifest.status != "running":
                return
            self.manifest.status = status
            self.manifest.finished_at = utc_now()
            self.manifest.wall_s = round(time.monotonic() - self._t0, 3)
            if error:
                self.manifest.error = " ".join(error.split())[:500]
            self._write_manifest()

    def _write_manifest(self) -> None:
        write_json_atomic(self.run_dir / MANIFEST, self.manifest.model_dump(mode="json"), self._redact)

    def __enter__(self) -> RunRecorder:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is None:
            self.finish("done")
        elif isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            self.finish("interrupted", f"{type(exc).__name__}: {exc}")
        else:
            self.finish("failed", f"{type(exc).__name__}: {exc}")
