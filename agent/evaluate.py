"""Scoring verdicts against known answers (`hypoloop eval`, bench/agent_dev.py).

"inconclusive" is not decided: it counts against coverage, never as correct. A wrong verdict with
confidence >= CONFIDENT is the worst outcome and is counted on its own.
"""

from __future__ import annotations

from typing import Any

from agent.batch import BatchItem
from agent.batch.items import LABELS
from agent.errors import BatchInputError

CONFIDENT = 0.7


def expected_of(items: list[BatchItem]) -> dict[str, str]:
    """id -> expected verdict; every item must carry one."""
    out = {}
    for it in items:
        exp = it.expected
        if exp not in LABELS:
            raise BatchInputError(f"item {it.id!r} has no 'expected' verdict (one of {', '.join(LABELS)})")
        out[it.id] = str(exp)
    return out


def score(records: list[dict[str, Any]], expected: dict[str, str]) -> dict[str, Any]:
    """Accuracy on decided items, coverage, confidently wrong, errors."""
    rows = [r for r in records if r["id"] in expected]
    decided = [r for r in rows if r.get("verdict") in ("supported", "refuted")]
    correct = [r for r in decided if r["verdict"] == expected[r["id"]]]
    wrong_confident = [
        r["id"]
        for r in decided
        if r["verdict"] != expected[r["id"]] and (r.get("confidence") or 0) >= CONFIDENT
    ]
    return {
        "items": len(rows),
        "decided": len(decided),
        "correct": len(correct),
        "accuracy_on_decided": len(correct) / len(decided) if decided else None,
        "coverage": len(decided) / len(rows) if rows else None,
        "confidently_wrong": wrong_confident,
        "errors": [r["id"] for r in rows if r.get("error")],
    }
