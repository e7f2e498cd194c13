"""Batch files: YAML or JSONL, one item per hypothesis, validated as a whole before anything runs.

Every problem of the file is collected (syntax, items that are not mappings, missing or blank
claims, duplicate ids, unknown fields, wrong types), each named by its item number and line, so a
user fixes the file once instead of once per run. One bad item stops the whole batch: an
overnight run must not start with items silently dropped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from agent.errors import BatchInputError

LABELS = ("supported", "refuted", "inconclusive")
# Most problems printed before "... and N more": enough to fix a file, not a screenful.
MAX_REPORTED = 20
# A batch runs seconds to minutes per item, so real files are kilobytes; anything this large is a
# mistake (or an attack on memory: the file and its items are held in memory whole).
MAX_BATCH_BYTES = 32 * 1024 * 1024


class BatchItem(BaseModel):
    """One hypothesis of a batch file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(min_length=1, description="Unique within the file; 'item-N' when absent.")
    claim: str = Field(min_length=1, description="The claim to stress-test, one sentence.")
    context: str | None = Field(None, description="Background handed to a language model.")
    expected: str | None = Field(None, description="The known verdict (for `hypoloop eval`).")
    kind: str | None = Field(None, description="The claim type, for reporting only.")
    tags: list[str] = Field(default_factory=list, description="Free labels, copied to nothing.")
    notes: str | None = Field(None, description="Free text for the file's author.")

    @field_validator("expected")
    @classmethod
    def _label(cls, value: str | None) -> str | None:
        if value is not None and value not in LABELS:
            raise ValueError(f"must be one of {', '.join(LABELS)}")
        return value


class GoalItem(BaseModel):
    """One research goal of a batch file: a hypothesis campaign (agent/campaign/) instead of a test."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(min_length=1, description="Unique within the file; 'item-N' when absent.")
    goal: str = Field(min_length=1, description="The research goal, one sentence.")
    n: int = Field(8, ge=1, le=50, description="Candidates per round.")
    rounds: int = Field(1, ge=1, le=5, description="Rounds; the survivors seed the next.")
    test_top: int = Field(0, ge=0, le=250, description="Stress-test the K best.")
    tags: list[str] = Field(default_factory=list, description="Free labels, copied to nothing.")
    notes: str | None = Field(None, description="Free text for the file's author.")

    # What code written for claim items reads: a goal item has no claim, context or expectation.
    @property
    def claim(self) -> str:
        return self.goal

    @property
    def context(self) -> None:
        return None

    @property
    def expected(self) -> None:
        return None


Item = BatchItem | GoalItem
FIELDS = tuple(BatchItem.model_fields)
GOAL_FIELDS = tuple(GoalItem.model_fields)


def load_batch(path: Path) -> list[Item]:
    """Read and validate a .yaml/.yml (a list, or a mapping with `items`) or .jsonl batch file.

    Raises :class:`BatchInputError` listing every problem found, with item and line numbers."""
    path = Path(path)
    if not path.is_file():
        raise BatchInputError(f"batch file not found: {path}")
    size = path.stat().st_size
    if size > MAX_BATCH_BYTES:
        raise BatchInputError(
            f"{path}: {size / 2**20:.0f} MB is too large for a batch file (limit "
            f"{MAX_BATCH_BYTES // 2**20} MB); split it into smaller files"
        )
    raw = _read_jsonl(path) if path.suffix == ".jsonl" else _read_yaml(path)
    items: list[Item] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for n, (where, entry) in enumerate(raw, 1):
        item = _validate(entry, n, where, problems)
        if item is None:
            continue
        if item.id in seen:
            problems.append(f"{where}: duplicate id {item.id!r} (first at {seen[item.id]})")
            continue
        seen[item.id] = where
        items.append(item)
    if problems:
        raise BatchInputError(_summary(path, problems))
    if not items:
        raise BatchInputError(f"{path}: no items")
    return items


def _validate(entry: Any, n: int, where: str, problems: list[str]) -> Item | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: an item must be a mapping with 'id' and 'claim'")
        return None
    data = dict(entry)
    if data.get("id") is None:
        data["id"] = f"item-{n}"
    elif isinstance(data["id"], int) and not isinstance(data["id"], bool):
        data["id"] = str(data["id"])  # `id: 7` in YAML is meant as a name
    if "goal" in data and "claim" in data:
        problems.append(f"{where}: an item has a claim (to test) or a goal (to propose for), not both")
        return None
    model: type[BatchItem] | type[GoalItem] = GoalItem if "goal" in data else BatchItem
    try:
        return model.model_validate(data)
    except ValidationError as e:
        for err in e.errors():
            field = ".".join(map(str, err["loc"])) or "item"
            if err["type"] == "extra_forbidden":
                known = GOAL_FIELDS if model is GoalItem else FIELDS
                problems.append(f"{where}: unknown field {field!r} (known: {', '.join(known)})")
            elif err["type"] == "missing" or (field in ("claim", "goal") and err["type"] == "string_too_short"):
                problems.append(f"{where}: {field}: missing or empty")
            else:
                problems.append(f"{where}: {field}: {err['msg']} (got {_short(err.get('input'))})")
        return None


def _short(value: Any) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _summary(path: Path, problems: list[str]) -> str:
    head = f"{path}: {len(problems)} problem{'s' if len(problems) > 1 else ''}, nothing was run"
    shown = problems[:MAX_REPORTED]
    more = [f"... and {len(problems) - MAX_REPORTED} more"] if len(problems) > MAX_REPORTED else []
    return "\n".join([head, *(f"  {p}" for p in shown), *more])


def _read_jsonl(path: Path) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    problems = []
    for n, line in enumerate(_text(path).splitlines(), 1):
        if line.strip():
            try:
                out.append((f"line {n}", json.loads(line)))
            except json.JSONDecodeError as e:
                problems.append(f"line {n}: not valid JSON ({e.msg})")
            except RecursionError:
                problems.append(f"line {n}: JSON nested too deeply")
    if problems:
        raise BatchInputError(_summary(path, problems))
    return out


def _read_yaml(path: Path) -> list[tuple[str, Any]]:
    import yaml

    text = _text(path)
    try:
        data = yaml.safe_load(text)
        node: Any = yaml.compose(text)  # the same document, with line numbers
    except RecursionError as e:
        raise BatchInputError(f"{path}: not valid YAML (nested too deeply)") from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise BatchInputError(f"{path}: {where}not valid YAML ({problem})") from e
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
        node = next(v for k, v in node.value if k.value == "items")
    if not isinstance(data, list):
        raise BatchInputError(f"{path}: expected a list of items (or a mapping with 'items')")
    lines = [child.start_mark.line + 1 for child in node.value]
    return [
        (f"item {i} (line {line})", entry) for i, (entry, line) in enumerate(zip(data, lines, strict=True), 1)
    ]


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise BatchInputError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from e
