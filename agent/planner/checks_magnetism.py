"""Plan and judge magnetism claims: handbook reference data (agent/planner/reference_magnetism.py)
decide whether an element orders magnetically; CHGNet's computed moment is the cross-check.

The rule (tested):
- the reference decides the state at the stated temperature (or the ground state) at
  ``REFERENCE_CONFIDENCE``: a handbook fact, shown as reference evidence, not as a computation;
- CHGNet's moment counts as "a moment is present" only when it exceeds the magnetic threshold by
  its measured error (tools/accuracy.py: MAE 0.289 µB, and it gives Ni 0.068 µB against 0.606);
  a small moment says nothing (CHGNet misses Ni's). A present moment where the reference says no
  order makes the verdict inconclusive; agreement adds a little;
- without a reference, CHGNet alone can support "magnetic" (ordered moments of some kind, 0 K)
  modestly, and nothing else: unsigned moments cannot tell ferro- from antiferromagnets.
"""

from __future__ import annotations

from typing import Any

from agent.language.specs_science import MagnetismClaim
from agent.planner import uncertainty as un
from agent.planner.models import Judgement, ToolCall
from agent.planner.reference_magnetism import MagneticReference, ordered_at, reference_for
from agent.planner.tool_results import find, inconclusive
from agent.results import Evidence
from tools.accuracy import measured_error

REFERENCE_CONFIDENCE = 0.8
CHGNET_ONLY_CAP = 0.6
AGREE_BONUS = 0.03
THRESHOLD_MU_B = 0.1
REFERENCE_MOMENT_ERROR_PCT = 2.0
Results = dict[str, dict[str, Any]]


def plan_magnetism(spec: MagnetismClaim, calculator: str) -> list[ToolCall]:
    from tools.calculators import supported_calculators

    if not spec.material.prototype or "chgnet" not in supported_calculators(
        [spec.material.formula], periodic=True
    ):
        return []
    args = {"structure": {"formula": spec.material.formula, "prototype": spec.material.prototype},
            "calculator": "chgnet", "threshold_mu_b": THRESHOLD_MU_B}  # fmt: skip
    return [ToolCall(id="c1", name="magnetic_moments", args=args)]


def _chgnet_error() -> float:
    err = measured_error("chgnet", "magnetic_moment")
    return err.mae if err is not None else 0.5


def _computed(results: Results) -> tuple[str, float] | None:
    key, out = find(results, "c1")
    if (
        not isinstance(out, dict)
        or "error" in out
        or not isinstance(out.get("moment_per_atom_mu_b"), int | float)
    ):
        return None
    return key, float(out["moment_per_atom_mu_b"])


def _reference_evidence(ref: MagneticReference) -> Evidence:
    return Evidence(kind="data", statement=f"reference (handbook data, not computed): {ref.element} is "
                    f"{'not magnetically ordered' if ref.order == 'none' else ref.order}; {ref.detail} [{ref.source}]",
                    supports=None, citation=ref.source, value=ref.moment_mu_b,
                    unit="µB/atom" if ref.moment_mu_b is not None else None)  # fmt: skip


def _state_holds(spec: MagnetismClaim, ref: MagneticReference) -> bool | None:
    ordered = ordered_at(ref, spec.temperature_k)
    if ordered is None:
        return None
    if spec.state == "non-magnetic":
        return not ordered
    if spec.state == "magnetic":
        return ordered
    return ordered and ref.order == spec.state


def _finish(holds: bool | None, conf: float, spec: MagnetismClaim, summary: str, evidence: list[Evidence],
            values: dict[str, float], notes: list[str], computed_decides: bool = True) -> Judgement:  # fmt: skip
    if holds is None:
        return inconclusive(f"Cannot decide: {summary}.", evidence=evidence, values=values, questions=notes)
    supported = holds != spec.negated
    label = "supported" if supported else "refuted"
    # A computed moment within its error of zero neither supports nor contradicts: it stays neutral.
    ev = [
        e.model_copy(update={"supports": supported}) if e.kind == "data" or computed_decides else e
        for e in evidence
    ]
    return Judgement(verdict=label, confidence=round(conf, 3), summary=f"{label.capitalize()}: {summary}.",
                     evidence=ev, values=values, open_questions=notes)  # fmt: skip


def judge_magnetism(spec: MagnetismClaim, results: Results, about: float) -> Judgement:
    if spec.state is None:
        return _judge_moment(spec, results, about)
    ref = reference_for(spec.material.formula)
    computed = _computed(results)
    err = _chgnet_error()
    evidence: list[Evidence] = []
    values: dict[str, float] = {}
    present: bool | None = None
    if computed is not None:
        key, m = computed
        present = True if m > THRESHOLD_MU_B + err else None
        evidence.append(Evidence(kind="simulation", statement=f"chgnet moment of {spec.material.label()}: {m:.3g} µB/atom "
                                 f"(0 K; measured error ±{err:.2g} µB, so only a moment above {THRESHOLD_MU_B + err:.2g} µB counts)",
                                 supports=None, tool_run_id=key, value=m, unit="µB/atom"))  # fmt: skip
        values["moment_mu_b"] = m
    state = f"{'not ' if spec.negated else ''}{spec.state}" + (
        f" at {spec.temperature_k:g} K" if spec.temperature_k else ""
    )
    if ref is None:
        notes = [
            "no handbook reference for this element; CHGNet's unsigned moments cannot show ferro- vs antiferromagnetic order"
        ]
        if spec.state == "magnetic" and present and spec.temperature_k is None:
            r = (values["moment_mu_b"] - THRESHOLD_MU_B) / err
            return _finish(True, min(CHGNET_ONLY_CAP, un.confidence(r)), spec,
                           f"CHGNet predicts a moment beyond its error; claim: {state}", evidence, values, notes)  # fmt: skip
        return _finish(None, 0.2, spec, f"no reference data for {spec.material.formula} and CHGNet alone cannot decide "
                       f"'{state}'", evidence, values, notes)  # fmt: skip
    evidence.insert(0, _reference_evidence(ref))
    holds = _state_holds(spec, ref)
    summary = f"{ref.element}: {ref.detail}; claim: {state}"
    if holds is None:
        return _finish(
            None,
            0.2,
            spec,
            summary + " (the stated temperature is too close to the transition)",
            evidence,
            values,
            [],
        )
    at_zero = spec.temperature_k is None or (ref.ordering_temperature_k or 0) > spec.temperature_k
    if present and ref.order == "none" and at_zero:
        return _finish(None, 0.2, spec, summary + "; CHGNet predicts a moment where the reference finds no order",
                       evidence, values, ["the computed moment and the reference disagree"])  # fmt: skip
    conf = REFERENCE_CONFIDENCE + (AGREE_BONUS if present and ref.order != "none" else 0.0)
    notes = [] if present or computed is None or ref.order == "none" else [
        f"CHGNet's moment ({values['moment_mu_b']:.3g} µB) is within its measured error of zero, so it neither confirms "
        "nor contradicts the reference (it underestimates Ni's moment, 0.068 vs 0.606 µB)"]  # fmt: skip
    return _finish(
        holds,
        conf,
        spec,
        summary + " (decided by the reference data)",
        evidence,
        values,
        notes,
        computed_decides=bool(present) and ref.order != "none",
    )


def _judge_moment(spec: MagnetismClaim, results: Results, about: float) -> Judgement:
    assert spec.relation is not None and spec.value is not None
    ref = reference_for(spec.material.formula)
    computed = _computed(results)
    tol = about if spec.relation == "about" else spec.precision_pct
    evidence: list[Evidence] = []
    said: list[tuple[bool | None, float]] = []
    if ref is not None and ref.moment_mu_b is not None:
        d = un.value_decision(ref.moment_mu_b, spec.relation, spec.value, spec.upper, claim_tol_pct=tol,
                              calc_error_pct=REFERENCE_MOMENT_ERROR_PCT, unit="µB")  # fmt: skip
        said.append((d.holds, min(REFERENCE_CONFIDENCE, d.confidence)))
        evidence.append(_reference_evidence(ref))
    if computed is not None:
        key, m = computed
        err_pct = 100 * _chgnet_error() / max(abs(m), 1e-6)
        d = un.value_decision(
            m, spec.relation, spec.value, spec.upper, claim_tol_pct=tol, calc_error_pct=err_pct, unit="µB"
        )
        said.append((d.holds, min(CHGNET_ONLY_CAP, d.confidence)))
        evidence.append(Evidence(kind="simulation", statement=f"chgnet moment of {spec.material.label()}: {m:.3g} µB/atom "
                                 f"(measured error ±{_chgnet_error():.2g} µB)", supports=None, tool_run_id=key, value=m, unit="µB/atom"))  # fmt: skip
    decided = [(h, c) for h, c in said if h is not None]
    summary = f"magnetic moment of {spec.material.formula}; claim: {'not ' if spec.negated else ''}{spec.relation} {spec.value:g} µB/atom"
    if not decided or len({h for h, _ in decided}) > 1:
        why = "the reference and CHGNet disagree" if decided else "too close to call within the errors"
        return _finish(None, 0.2, spec, f"{summary} ({why})", evidence, {}, [])
    conf = max(c for _, c in decided) + (AGREE_BONUS if len(decided) > 1 else 0.0)
    return _finish(decided[0][0], conf, spec, summary, evidence, {}, [])
