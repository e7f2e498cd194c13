"""Helpers shared by the checks: finding a call's result, errors, warnings, verdict assembly."""

from __future__ import annotations

from typing import Any

from agent.judges.models import Judgement
from agent.judges.uncertainty import Decision
from agent.results import Evidence

# Warnings that make a number less trustworthy (the tools' wording: not converged, outside the
# training domain, unphysical result).
_SERIOUS = ("not converged", "did not converge", "outside", "unphysical", "extrapolat", "large residual")


def find(results: dict[str, dict[str, Any]], call_id: str) -> tuple[str, dict[str, Any] | None]:
    """The result of call `call_id`; variants prefix ids ('v1-c1'), so a unique '-c1' suffix matches."""
    if call_id in results:
        return call_id, results[call_id]
    matches = [k for k in results if k.endswith("-" + call_id)]
    if len(matches) == 1:
        return matches[0], results[matches[0]]
    return call_id, None


def failure(results: dict[str, dict[str, Any]], call_ids: list[str]) -> str | None:
    """A plain reason when any needed result is missing or an error result, else None."""
    for cid in call_ids:
        key, res = find(results, cid)
        if res is None:
            return f"tool call {cid} has no result (not run, or the budget ran out)"
        if not isinstance(res, dict):
            return f"tool call {key} returned {type(res).__name__}, not a result object"
        if "error" in res:
            err = res["error"] if isinstance(res["error"], dict) else {"message": str(res["error"])}
            kind = err.get("type", "error")
            if kind in ("IndexNotFound",):
                return "no literature index is available (build one with `hypoloop index add`)"
            return f"tool call {key} failed ({kind}: {err.get('message', '')})"
    return None


def penalty(*outputs: dict[str, Any] | None) -> tuple[float, list[str]]:
    """A confidence factor < 1 for serious warnings, and the warnings themselves."""
    factor, notes = 1.0, []
    for out in outputs:
        for w in (out or {}).get("warnings") or []:
            if any(s in str(w).lower() for s in _SERIOUS):
                factor *= 0.8
                notes.append(str(w))
    return factor, notes


def calculator_of(out: dict[str, Any] | None, fallback: str = "chgnet") -> str:
    return str((out or {}).get("calculator") or fallback)


def variant_of(out: dict[str, Any] | None) -> str | None:
    """The settings-chosen model behind the calculator name (pyscf's DFT level), under which its
    measured errors are looked up; None for calculators with one model."""
    v = (out or {}).get("calculator_variant")
    return str(v) if v else None


def inconclusive(summary: str, *, evidence: list[Evidence] | None = None, questions: list[str] | None = None,
                 tolerance: str | None = None, values: dict[str, float] | None = None,
                 within_error: bool = False) -> Judgement:  # fmt: skip
    """An undecided judgement; ``within_error`` when the check computed the claim and found it too
    close to call within the calculator's measured error (not when it could not run)."""
    return Judgement(
        verdict="inconclusive",
        confidence=0.2,
        summary=summary,
        tolerance=tolerance,
        evidence=evidence or [],
        values=values or {},
        open_questions=questions or [],
        undecided_within_error=within_error,
    )


def verdict_from(
    decision: Decision,
    negated: bool,
    *,
    claim_summary: str,
    evidence: list[Evidence],
    values: dict[str, float],
    factor: float = 1.0,
    questions: list[str] | None = None,
) -> Judgement:
    """Turn a decision on the positive proposition into a judgement on the (possibly negated) claim."""
    questions = list(questions or [])
    if decision.holds is None or not evidence:
        return inconclusive(
            f"Too close to call: {claim_summary}.",
            evidence=[e.model_copy(update={"supports": None}) for e in evidence],
            tolerance=decision.tolerance,
            values=values,
            questions=questions + ["a more accurate method or an experiment is needed to decide"],
            within_error=decision.holds is None,  # a Decision with holds None is "too close to call"
        )
    supported = decision.holds != negated
    evidence = [e.model_copy(update={"supports": supported}) for e in evidence]
    return Judgement(
        verdict="supported" if supported else "refuted",
        confidence=round(decision.confidence * factor, 3),
        summary=f"{'Supported' if supported else 'Refuted'}: {claim_summary}.",
        tolerance=decision.tolerance,
        evidence=evidence,
        values=values,
        open_questions=questions,
    )
