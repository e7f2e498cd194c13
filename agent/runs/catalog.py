"""Reading run records back: newest-first summaries and one run in full, by id, unique id prefix
or thread id."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.errors import RunNotFound
from agent.runs.recorder import LEDGER, MANIFEST, RESULT

if TYPE_CHECKING:
    from agent.settings import Settings

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
INPUT_PREVIEW = 80


def list_runs(settings: Settings, limit: int = 50) -> list[dict[str, Any]]:
    """Summaries of the newest ``limit`` runs, newest first: run_id, kind, created_at, status,
    input (truncated), thread_id, number of tool runs and the verdict label if there is a result."""
    return [summarize(d) for d in _run_dirs(settings.runs_dir)[: max(0, limit)]]


class RunRecord(dict[str, Any]):
    """A stored run as a plain dict (``run_id, path, manifest, ledger, ledger_errors, result``)
    that renders as HTML in Jupyter: the verdict, its evidence and the ledger with plots."""

    def _repr_html_(self) -> str:
        from agent.display.html import run_record_html

        return run_record_html(self)


def load_run(settings: Settings, run_id: str) -> RunRecord:
    """One run in full: ``{run_id, path, manifest, ledger, ledger_errors, result}``.

    ``run_id`` may be a whole id, a unique prefix of one, or a thread id (its newest run).
    Raises RunNotFound when nothing matches or a prefix is ambiguous."""
    run_dir = resolve_run_dir(settings, run_id)
    ledger, bad = read_ledger(run_dir / LEDGER)
    return RunRecord(
        {
            "run_id": run_dir.name,
            "path": str(run_dir),
            "manifest": _read_manifest(run_dir),
            "ledger": ledger,
            "ledger_errors": bad,
            "result": _read_json(run_dir / RESULT),
        }
    )


def resolve_run_dir(settings: Settings, run_id: str) -> Path:
    root = settings.runs_dir
    run_id = run_id.strip()
    if not _SAFE_ID.match(run_id):
        raise RunNotFound(f"{run_id!r} is not a run id (letters, digits, '.', '-', '_' only)")
    dirs = _run_dirs(root)
    exact = [d for d in dirs if d.name == run_id]
    if exact:
        return exact[0]
    matches = [d for d in dirs if d.name.startswith(run_id)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        shown = ", ".join(d.name for d in matches[:5]) + (", ..." if len(matches) > 5 else "")
        raise RunNotFound(f"run id prefix {run_id!r} is ambiguous: {len(matches)} runs match ({shown})")
    for d in dirs:  # newest first: the latest run of that thread
        if _read_manifest(d).get("thread_id") == run_id:
            return d
    raise RunNotFound(f"no run or thread {run_id!r} in {root} (see `hypoloop runs list`)")


def summarize(run_dir: Path) -> dict[str, Any]:
    m = _read_manifest(run_dir)
    text = " ".join(str(m.get("input") or "").split())
    if len(text) > INPUT_PREVIEW:
        text = text[: INPUT_PREVIEW - 1] + "…"
    return {
        "run_id": run_dir.name,
        "kind": m.get("kind"),
        "created_at": m.get("created_at"),
        "status": m.get("status"),
        "input": text,
        "thread_id": m.get("thread_id"),
        "tool_runs": _count_lines(run_dir / LEDGER),
        "verdict": verdict_label(_read_json(run_dir / RESULT)),
    }


def verdict_label(result: Any) -> str | None:
    """A short label for a result: one verdict ('supported'), several ('2 supported, 1 refuted'),
    or what else it holds ('answered', '3 hypotheses')."""
    if not isinstance(result, dict):
        return None
    v = result.get("verdict")
    if isinstance(v, str):
        return v
    if isinstance(v, dict) and isinstance(v.get("verdict"), str):
        return str(v["verdict"])
    verdicts = result.get("verdicts")
    labels = [
        x["verdict"] for x in verdicts or [] if isinstance(x, dict) and isinstance(x.get("verdict"), str)
    ]
    if len(labels) == 1:
        return labels[0]
    if labels:
        return ", ".join(f"{n} {label}" for label, n in Counter(labels).most_common())
    if result.get("answers"):
        return "answered"
    if result.get("hypotheses"):
        return f"{len(result['hypotheses'])} hypotheses"
    return None


def read_ledger(path: Path) -> tuple[list[dict[str, Any]], int]:
    """Ledger entries and the number of unreadable lines (a run killed mid-write may leave one)."""
    entries: list[dict[str, Any]] = []
    bad = 0
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return entries, 0
    for line in lines:
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:
            bad += 1
            continue
        if isinstance(item, dict):
            entries.append(item)
        else:
            bad += 1
    return entries, bad


def _run_dirs(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    dirs = [d for d in root.iterdir() if d.is_dir() and (d / MANIFEST).is_file()]
    return sorted(dirs, key=lambda d: d.name, reverse=True)  # ids start with a UTC timestamp


def _read_manifest(run_dir: Path) -> dict[str, Any]:
    data = _read_json(run_dir / MANIFEST)
    if isinstance(data, dict):
        return data
    return {"run_id": run_dir.name, "status": "unreadable", "error": "manifest.json is missing or not JSON"}


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _count_lines(path: Path) -> int:
    try:
        with open(path, "rb") as f:
            return sum(1 for line in f if line.strip())
    except OSError:
        return 0
