"""The user's own measurements as evidence (issue #16): property claims also query the data
collection (``data_query``), and a measured value is judged against the claim like a computed one.

A measurement is an independent method: when it agrees with the computed verdict the confidence
rises a little; when it contradicts it, the verdict becomes inconclusive with both shown (a
scientist must see the disagreement, not a confident verdict that ignores their own data). No
collection, or no row for the material, changes nothing.
"""

from __future__ import annotations

from typing import Any

from agent.judges import uncertainty as un
from agent.judges.models import Judgement, ToolCall
from agent.judges.tool_results import find
from agent.language.specs import PROPERTY_UNITS, PROPERTY_WORDS, PropertyComparisonClaim, PropertyValueClaim
from agent.results import Evidence, StressCheck

# A measurement that states no uncertainty is taken to be good to this relative precision (%).
DEFAULT_MEASURED_ERROR_PCT = 1.0
# Comparison of two measurements: a difference smaller than this (natural-log units) is not decided.
MEASURED_COMPARISON_WIDTH = 0.02
AGREE_BONUS = 0.05
MEASURED_ONLY_CONFIDENCE = 0.6


def plan_measured(spec: PropertyValueClaim | PropertyComparisonClaim) -> list[ToolCall]:
    materials = [spec.material] if isinstance(spec, PropertyValueClaim) else [spec.first, spec.second]
    return [
        ToolCall(
            id=f"d{i}",
            name="data_query",
            args={
                "formula": m.formula,
                "property": spec.property,
                "kind": "measurement",
                "save_structures": False,
            },
        )
        for i, m in enumerate(materials, 1)
    ]


def _row(results: dict[str, dict[str, Any]], call_id: str) -> tuple[str, dict[str, Any]] | None:
    key, out = find(results, call_id)
    rows = (out or {}).get("rows") if isinstance(out, dict) and "error" not in out else None
    values = [r for r in rows or [] if isinstance(r.get("value"), int | float)]
    return (key, values[0]) if values else None


def _evidence(key: str, row: dict[str, Any], prop: str, supports: bool | None) -> Evidence:
    source = "; ".join(str(p.get("source") or p.get("file") or "") for p in row.get("provenance") or [])
    cond = f", {row['conditions']}" if row.get("conditions") else ""
    return Evidence(
        kind="data",
        statement=f"your data ({row['id']}): {PROPERTY_WORDS[prop]} of {row.get('material') or row['formula']} = "
        f"{row['value']:g} {row.get('unit') or PROPERTY_UNITS[prop]}{cond}"
        + (f" [{source}]" if source else ""),
        supports=supports,
        tool_run_id=key,
        citation=row["id"],
        value=float(row["value"]),
        unit=row.get("unit"),
    )


def measured_decision(
    spec: PropertyValueClaim | PropertyComparisonClaim, results: dict[str, dict[str, Any]], about_pct: float
) -> tuple[bool | None, list[Evidence]]:
    """Whether the user's measurements say the claim holds (None: no data or undecided)."""
    if isinstance(spec, PropertyValueClaim):
        got = _row(results, "d1")
        if got is None:
            return None, []
        key, row = got
        value = float(row["value"])
        error_pct = (
            100 * float(row["uncertainty"]) / abs(value)
            if row.get("uncertainty")
            else DEFAULT_MEASURED_ERROR_PCT
        )
        tol = about_pct if spec.relation == "about" else spec.precision_pct
        d = un.value_decision(value, spec.relation, spec.value, spec.upper, claim_tol_pct=tol,
                              calc_error_pct=error_pct, unit=PROPERTY_UNITS[spec.property])  # fmt: skip
        holds = None if d.holds is None else d.holds != spec.negated
        return holds, [_evidence(key, row, spec.property, holds)]
    first, second = _row(results, "d1"), _row(results, "d2")
    if first is None or second is None:
        return None, []
    d = un.comparison_decision(
        float(first[1]["value"]),
        float(second[1]["value"]),
        spec.relation,
        log_error=MEASURED_COMPARISON_WIDTH,
    )
    holds = None if d.holds is None else d.holds != spec.negated
    return holds, [_evidence(k, r, spec.property, holds) for k, r in (first, second)]


def with_measurements(j: Judgement, holds: bool | None, evidence: list[Evidence]) -> Judgement:
    """The computed judgement with the user's measurements added (see the module rule)."""
    if not evidence:
        return j
    said = {True: "support", False: "contradict", None: "do not decide"}[holds]
    note = f"Your own measurements {said} the claim."
    computed = {"supported": True, "refuted": False}.get(j.verdict)
    update: dict[str, Any] = {"evidence": [*j.evidence, *evidence], "summary": f"{j.summary} {note}"}
    if computed is not None and holds is not None and holds != computed:
        return j.model_copy(update={
            **update,
            "verdict": "inconclusive",
            "confidence": 0.2,
            "summary": f"Inconclusive: the computation and your measured data disagree. {j.summary} {note}",
            "evidence": [e.model_copy(update={"supports": None}) if e.kind != "data" else e for e in j.evidence] + evidence,
            "open_questions": [*j.open_questions, "check the measurement's conditions against the computed static crystal"],
        })  # fmt: skip
    if computed is not None and holds == computed:
        update["confidence"] = round(min(un.CONFIDENCE_CAP, j.confidence + AGREE_BONUS), 3)
    elif computed is None and holds is not None and j.values:
        # The computation could not decide but the claim was tested; one measurement (its
        # conditions unchecked) decides it, modestly.
        label = "supported" if holds else "refuted"
        update.update(verdict=label, confidence=MEASURED_ONLY_CONFIDENCE,
                      summary=f"{label.capitalize()} by your measured data; the computation alone was too close "
                              f"to call. {j.summary} {note}")  # fmt: skip
    return j.model_copy(update=update)


def measured_check(evidence: list[Evidence], verdict: str, summary: str) -> StressCheck | None:
    """The comparison with the user's data as a stress-test entry, oriented to the verdict:
    agrees when the data say what the verdict says, disagrees when they contradict the
    computation (the verdict is then already inconclusive, see :func:`with_measurements`)."""
    # Rows of the user's collection only (citation 'd-...'), whichever check read them.
    data = [e for e in evidence if e.kind == "data" and (e.citation or "").startswith("d-")]
    if not data:
        return None
    holds = data[0].supports
    if holds is None:
        outcome = "not_applicable"
    elif verdict in ("supported", "refuted"):
        outcome = "agrees" if holds == (verdict == "supported") else "disagrees"
    else:
        outcome = "disagrees" if "disagree" in summary else "not_applicable"
    return StressCheck(
        name="measured_data",
        description="compared the claim with your own measured data (hypoloop data)",
        outcome=outcome,  # type: ignore[arg-type]
        detail="; ".join(e.statement for e in data),
        tool_run_ids=[e.tool_run_id for e in data if e.tool_run_id],
    )
