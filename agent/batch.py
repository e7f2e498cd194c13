"""Unattended batches: a YAML or JSONL file of hypotheses in, one JSONL record per item out.

Records are appended and flushed one by one, so a batch that is killed keeps every finished item,
and running it again with the same output file skips the ids already there. One item's failure is
recorded in its ``error`` field and never stops the batch. (Running on a Dask cluster is not built.)
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.errors import USER_ERRORS, BatchInputError

if TYPE_CHECKING:
    from agent.assistant import Assistant
    from agent.settings import Settings


class BatchItem(BaseModel):
    """One hypothesis of a batch file."""

    model_config = ConfigDict(extra="allow")  # e.g. `expected`, `kind`: kept for eval, ignored here

    id: str = Field(min_length=1)
    claim: str = Field(min_length=1)
    context: str | None = None


# A batch runs seconds to minutes per item, so real files are kilobytes; anything this large is a
# mistake (or an attack on memory: YAML and the item list are held in memory whole).
MAX_BATCH_BYTES = 32 * 1024 * 1024
# One JSONL line (one item) longer than this is refused before it is decoded.
MAX_LINE_BYTES = 1024 * 1024


def load_batch(path: Path) -> list[BatchItem]:
    """Read a .yaml/.yml (a list, or a mapping with `items`) or .jsonl batch file."""
    if not path.is_file():
        raise BatchInputError(f"batch file not found: {path}")
    size = path.stat().st_size
    if size > MAX_BATCH_BYTES:
        raise BatchInputError(
            f"{path}: {size / 2**20:.0f} MB is too large for a batch file (limit "
            f"{MAX_BATCH_BYTES // 2**20} MB); split it into smaller files"
        )
    raw = _read_jsonl(path) if path.suffix == ".jsonl" else _read_yaml(path)
    items: list[BatchItem] = []
    for where, entry in raw:
        if not isinstance(entry, dict):
            raise BatchInputError(f"{path}:{where}: an item must be a mapping with 'id' and 'claim'")
        try:
            items.append(
                BatchItem.model_validate(
                    {
                        "id": str(entry.get("id") or f"item-{len(items) + 1}"),
                        **{k: v for k, v in entry.items() if k != "id"},
                    }
                )
            )
        except ValidationError as e:
            first = e.errors()[0]
            raise BatchInputError(
                f"{path}:{where}: {'.'.join(map(str, first['loc']))}: {first['msg']}"
            ) from e
    seen: set[str] = set()
    for it in items:
        if it.id in seen:
            raise BatchInputError(f"{path}: duplicate id {it.id!r}")
        seen.add(it.id)
    if not items:
        raise BatchInputError(f"{path}: no items")
    return items


def _read_jsonl(path: Path) -> list[tuple[str, Any]]:
    out = []
    with path.open("rb") as f:  # streamed: one line in memory at a time
        for n, raw in enumerate(iter(lambda: f.readline(MAX_LINE_BYTES + 1), b""), 1):
            if len(raw) > MAX_LINE_BYTES:
                raise BatchInputError(f"{path}:line {n}: longer than {MAX_LINE_BYTES // 1024} KB")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise BatchInputError(f"{path}:line {n}: not UTF-8 text ({e.reason} at byte {e.start})") from e
            if line.strip():
                out.append((f"line {n}", _json_line(path, n, line)))
    return out


def _json_line(path: Path, n: int, line: str) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as e:
        raise BatchInputError(f"{path}:line {n}: not valid JSON ({e.msg})") from e
    except RecursionError as e:
        raise BatchInputError(f"{path}:line {n}: JSON nested too deeply") from e


def _read_yaml(path: Path) -> list[tuple[str, Any]]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise BatchInputError(f"{path}: not valid YAML ({str(e).splitlines()[0]})") from e
    except RecursionError as e:
        raise BatchInputError(f"{path}: not valid YAML (nested too deeply)") from e
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        raise BatchInputError(f"{path}: expected a list of items (or a mapping with 'items')")
    return [(f"item {i}", entry) for i, entry in enumerate(data, 1)]


def done_ids(out: Path) -> set[str]:
    """Ids already recorded in an output file (a truncated last line from a kill is ignored)."""
    if not out.is_file():
        return set()
    ids = set()
    with out.open("r", encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                ids.add(str(json.loads(line)["id"]))
            except (json.JSONDecodeError, KeyError, TypeError, RecursionError):
                continue
    return ids


def run_item(assistant: Assistant, item: BatchItem) -> dict[str, Any]:
    """The result record of one item; errors become the record's ``error``, never an exception."""
    record: dict[str, Any] = {"id": item.id, "claim": item.claim, "verdict": None, "confidence": None,
                              "summary": None, "evidence": [], "citations": [], "tool_runs": [], "error": None,
                              "stress_tests": [], "wall_s": None}  # fmt: skip
    claim = (
        f"{item.claim} (Context: {item.context})" if item.context and not assistant.offline else item.claim
    )
    t0 = time.perf_counter()
    try:
        v = assistant.test(claim)
    except USER_ERRORS as e:
        record.update(error=f"{type(e).__name__}: {e}", wall_s=round(time.perf_counter() - t0, 3))
        return record
    except Exception as e:  # an unexpected bug in one item must not lose the rest of the batch
        record.update(error=f"internal error: {type(e).__name__}: {e}", wall_s=round(time.perf_counter() - t0, 3))
        return record
    record.update(verdict=v.verdict, confidence=v.confidence, summary=v.summary,
                  evidence=[e.model_dump(mode="json") for e in v.evidence], citations=v.citations,
                  tool_runs=v.tool_runs, wall_s=round(time.perf_counter() - t0, 3),
                  stress_tests=[{"name": c.name, "outcome": c.outcome} for c in v.stress_tests])  # fmt: skip
    return record


def append_record(out: Path, record: dict[str, Any]) -> None:
    """Append one JSONL record whole or not at all: a failed write (full disk) is cut back to
    where it started, so the file never ends in half a record."""
    out.parent.mkdir(parents=True, exist_ok=True)
    data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    with out.open("ab") as f:
        start = f.tell()
        try:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        except OSError:
            f.truncate(start)
            raise


def run_batch(
    items: Iterable[BatchItem] | Path | str,
    settings: Settings | None = None,
    *,
    out: Path | None = None,
    assistant: Assistant | None = None,
    on_record: Callable[[dict[str, Any]], None] | None = None,
) -> list[dict[str, Any]]:
    """Test every item; append each record to ``out`` (JSONL) as soon as it is done, skipping ids
    already in ``out``. Returns the records of this call."""
    from agent.assistant import Assistant

    todo = load_batch(Path(items)) if isinstance(items, (str, Path)) else list(items)
    assistant = assistant or Assistant(settings)
    skip = done_ids(out) if out is not None else set()
    records = []
    for item in todo:
        if item.id in skip:
            continue
        record = run_item(assistant, item)
        if out is not None:
            append_record(out, record)
        records.append(record)
        if on_record is not None:
            on_record(record)
    return records
