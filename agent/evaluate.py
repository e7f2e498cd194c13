"""Scoring verdicts against known answers (`hypoloop eval`, bench/agent_dev.py).

"inconclusive" is not decided: it counts against coverage, never as correct. A wrong verdict with
confidence >= CONFIDENT is the worst outcome and is counted on its own.

Utility (one number that orders the outcomes the way a user pays for them):
a right verdict +1, inconclusive or an error 0, a wrong verdict -2, and a wrong verdict with
confidence >= CONFIDENT -4. A system that says "inconclusive" to everything scores 0; one that
guesses at 50 % scores below it. ``utility_per_item`` is the sum over items divided by their count
(range -4 .. +1).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from agent.batch import BatchItem, GoalItem
from agent.batch.items import LABELS
from agent.errors import BatchInputError

CONFIDENT = 0.7
UTILITY = {"right": 1.0, "inconclusive": 0.0, "wrong": -2.0, "confidently_wrong": -4.0}
# Confidence bins for calibration: [lo, hi) except the last, which includes 1.0.
BINS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 1.0))


def expected_of(items: list[BatchItem] | list[BatchItem | GoalItem]) -> dict[str, str]:
    """id -> expected verdict; every item must carry one."""
    out = {}
    for it in items:
        exp = it.expected
        if exp not in LABELS:
            raise BatchInputError(f"item {it.id!r} has no 'expected' verdict (one of {', '.join(LABELS)})")
        out[it.id] = str(exp)
    return out


def claim_kind(claim: str) -> str:
    """The claim kind the offline planner parses ``claim`` as ('unparsed' when none applies).
    Kept in one place because the planner's claim table is being rewritten (issue #9)."""
    from agent.planner import parse_claim

    try:
        spec = parse_claim(claim)
    except Exception:  # a planner bug must not stop a report; the kind is only a label here
        return "unparsed"
    if spec is None:
        return "unparsed"
    return str(getattr(spec, "kind", None) or type(spec).__name__)


def outcome(record: dict[str, Any], expected: str) -> str:
    """right | wrong | confidently_wrong | inconclusive (an error or an undecided verdict)."""
    verdict = record.get("verdict")
    if verdict not in ("supported", "refuted"):
        return "right" if verdict == expected == "inconclusive" else "inconclusive"
    if verdict == expected:
        return "right"
    return "confidently_wrong" if (record.get("confidence") or 0) >= CONFIDENT else "wrong"


def score(records: list[dict[str, Any]], expected: dict[str, str]) -> dict[str, Any]:
    """Accuracy on decided items, coverage, confidently wrong, errors and utility."""
    rows = [r for r in records if r["id"] in expected]
    decided = [r for r in rows if r.get("verdict") in ("supported", "refuted")]
    correct = [r for r in decided if r["verdict"] == expected[r["id"]]]
    outcomes = Counter(outcome(r, expected[r["id"]]) for r in rows)
    utility = sum(UTILITY[k] * n for k, n in outcomes.items())
    return {
        "items": len(rows),
        "decided": len(decided),
        "correct": len(correct),
        "accuracy_on_decided": len(correct) / len(decided) if decided else None,
        "coverage": len(decided) / len(rows) if rows else None,
        "confidently_wrong": [r["id"] for r in rows if outcome(r, expected[r["id"]]) == "confidently_wrong"],
        "errors": [r["id"] for r in rows if r.get("error")],
        "outcomes": {k: outcomes.get(k, 0) for k in UTILITY},
        "utility": utility,
        "utility_per_item": utility / len(rows) if rows else None,
    }


def per_kind(records: list[dict[str, Any]], expected: dict[str, str], kinds: dict[str, str]) -> dict[str, Any]:
    """The scores of each claim kind (``kinds``: id -> kind)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        if r["id"] in expected:
            groups.setdefault(kinds.get(r["id"], "unparsed"), []).append(r)
    return {kind: score(rows, expected) for kind, rows in sorted(groups.items())}


def calibration(records: list[dict[str, Any]], expected: dict[str, str]) -> list[dict[str, Any]]:
    """Accuracy of decided verdicts per confidence bin (a calibrated system's accuracy lies
    inside or above its bin)."""
    out = []
    for i, (lo, hi) in enumerate(BINS):
        last = i == len(BINS) - 1
        rows = [
            r
            for r in records
            if r["id"] in expected
            and r.get("verdict") in ("supported", "refuted")
            and lo <= (r.get("confidence") or 0) < hi + (1e-9 if last else 0)
        ]
        right = sum(r["verdict"] == expected[r["id"]] for r in rows)
        mean_conf = sum(r.get("confidence") or 0 for r in rows) / len(rows) if rows else None
        out.append({"bin": [lo, hi], "n": len(rows), "correct": right,
                    "accuracy": right / len(rows) if rows else None, "mean_confidence": mean_conf})  # fmt: skip
    return out


def costs(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Wall time and tool calls per hypothesis (mean, max)."""
    times = [float(r["wall_s"]) for r in records if isinstance(r.get("wall_s"), int | float)]
    calls = [_tool_calls(r) for r in records]
    return {
        "wall_s_mean": sum(times) / len(times) if times else None,
        "wall_s_max": max(times) if times else None,
        "wall_s_total": sum(times) if times else None,
        "tool_calls_mean": sum(calls) / len(calls) if calls else None,
        "tool_calls_max": max(calls) if calls else None,
    }


def stress_outcomes(records: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Stress-check name -> outcome counts. "disagrees" means that check (a second calculator, a
    finer setting, a contradicting passage) changed or would have changed the verdict."""
    out: dict[str, Counter[str]] = {}
    for r in records:
        for check in r.get("stress_checks") or r.get("stress_tests") or []:
            if isinstance(check, dict) and check.get("name"):
                out.setdefault(str(check["name"]), Counter())[str(check.get("outcome"))] += 1
    return {name: dict(sorted(c.items())) for name, c in sorted(out.items())}


def _tool_calls(record: dict[str, Any]) -> int:
    n = record.get("tool_calls")
    return int(n) if isinstance(n, int) else len(record.get("tool_runs") or [])


def report(records: list[dict[str, Any]], expected: dict[str, str], source: str) -> dict[str, Any]:
    """Everything `hypoloop eval` reports, as one JSON-able mapping."""
    rows = [r for r in records if r["id"] in expected]
    kinds = {r["id"]: claim_kind(str(r.get("claim") or "")) for r in rows}
    return {
        "source": source,
        "scoring": {"utility": UTILITY, "confident": CONFIDENT},
        "overall": score(rows, expected),
        "per_kind": per_kind(rows, expected, kinds),
        "calibration": calibration(rows, expected),
        "costs": costs(rows),
        "stress_tests": stress_outcomes(rows),
        "items": [
            {"id": r["id"], "kind": kinds[r["id"]], "expected": expected[r["id"]], "verdict": r.get("verdict"),
             "confidence": r.get("confidence"), "outcome": outcome(r, expected[r["id"]]),
             "wall_s": r.get("wall_s"), "tool_calls": _tool_calls(r), "error": r.get("error")}
            for r in rows
        ],  # fmt: skip
    }
