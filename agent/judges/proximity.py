"""Plan and judge proximity claims (agent/language/specs_reference.py): a crystal property within
a tolerance of another material's, or closer to a target than a rival's.

Rules (tested):
- every material is computed by one equation of state per material with the same calculator in
  the same run, so a reference's property carries the same systematic error as the claim's own;
- 'within N % of that of R': the true ln(v / v_R) is the computed one less the two classes' bias
  difference, within ± the calculator's measured spread of errors between two materials
  (agent/judges/calibration.py ``comparison``: one class, the bias cancels); decided when that
  interval lies wholly inside, or wholly outside, ln(1 - N %) .. ln(1 + N %);
- 'closer to T than R2': each side's distance to the target is an interval (a number target: each
  value's calibrated interval, biases do not cancel against a number; a material target: the two
  ln ratios' intervals, biases cancel within a class); decided only when the intervals do not
  overlap. Confidence grows with the gap over the intervals' widths (agent/judges/uncertainty.py).
"""

from __future__ import annotations

import math
from typing import Any

from agent.judges import calibration
from agent.judges import crystals as cr
from agent.judges import uncertainty as un
from agent.judges.models import Judgement, ToolCall
from agent.judges.tool_results import calculator_of, failure, find, inconclusive, penalty, verdict_from
from agent.language.specs import PROPERTY_UNITS, PROPERTY_WORDS, Material
from agent.language.specs_reference import PropertyProximityClaim
from agent.results import Evidence

Results = dict[str, dict[str, Any]]
Interval = tuple[float, float]


def plan_proximity(spec: PropertyProximityClaim, calculator: str) -> list[ToolCall]:
    """One equation of state per material, all with ``calculator`` (c1 the claim's own material)."""
    mats = spec.materials()
    if not all(m.prototype for m in mats):
        return []
    return [cr.eos_call(f"c{i}", m, calculator) for i, m in enumerate(mats, 1)]


def judge_proximity(spec: PropertyProximityClaim, results: Results, about_pct: float) -> Judgement:
    blocked = cr._no_structure(*spec.materials())
    if blocked:
        return blocked
    got = _values(spec, results)
    if isinstance(got, Judgement):
        return got
    values, outs, evidence = got
    calc = calculator_of(outs[0])
    if spec.relation == "within":
        decision = _within(spec, values, calc)
    elif spec.reference is not None:
        decision = _closer_to_material(spec, values, calc)
    else:
        decision = _closer_to_value(spec, values, calc)
    factor, notes = penalty(*outs)
    same = (f"; {spec.reference.formula} computed in the same run by the same method, so the systematic error "
            f"they share cancels") if spec.reference is not None else ""  # fmt: skip
    summary = f"{_what(spec, values)} ({calc}{same})"
    named = {f"{spec.property}_{i}": v for i, v in enumerate(values, 1)}
    return verdict_from(decision, spec.negated, claim_summary=summary, evidence=evidence, values=named,
                        factor=factor, questions=cr._assumed_note(*spec.materials()) + notes)  # fmt: skip


def _values(spec: PropertyProximityClaim, results: Results) -> tuple[list[float], list[dict[str, Any]], list[Evidence]] | Judgement:
    mats = spec.materials()
    ids = [f"c{i}" for i in range(1, len(mats) + 1)]
    reason = failure(results, ids)
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    word, unit = PROPERTY_WORDS[spec.property], PROPERTY_UNITS[spec.property]
    values, outs, evidence = [], [], []
    for cid, m in zip(ids, mats, strict=True):
        key, out = find(results, cid)
        assert out is not None
        v = cr.property_value(spec.property, m, out)
        if v is None or v <= 0:
            return inconclusive(f"The equation of state gave no {word} for {m.label()}.")
        values.append(v)
        outs.append(out)
        evidence.append(Evidence(kind="simulation", statement=f"{calculator_of(out)} equation of state of {m.label()}: "
                                 f"{word} = {v:.4g} {unit}", supports=None, tool_run_id=key, value=v, unit=unit))  # fmt: skip
    return values, outs, evidence


def _key(m: Material) -> tuple[str, str | None]:
    return (m.formula, m.prototype)


def _within(spec: PropertyProximityClaim, values: list[float], calc: str) -> un.Decision:
    assert spec.reference is not None and spec.tolerance_pct is not None
    shift, width = calibration.comparison(spec.property, calc, _key(spec.material), _key(spec.reference))
    width = max(width, 1e-6)
    d = math.log(values[0] / values[1]) - shift
    p = spec.tolerance_pct / 100.0
    lo, hi = math.log(max(1.0 - p, 1e-9)), math.log(1.0 + p)
    text = (f"the ratio to the reference's is known to a factor {math.exp(width):.3g} (the calculator's measured spread "
            f"of errors between two materials; a bias shared by both cancels)")  # fmt: skip
    inside = min(d - lo, hi - d)
    if d - width >= lo and d + width <= hi:
        return un.Decision(True, un.confidence(inside / width), text)
    if d + width < lo or d - width > hi:
        return un.Decision(False, un.confidence(-inside / width), text)
    return un.Decision(None, 0.2, text)


def _distance(x: Interval, target: float) -> Interval:
    """The distances to ``target`` of the points of ``x``."""
    lo, hi = x
    near = 0.0 if lo <= target <= hi else min(abs(lo - target), abs(hi - target))
    return near, max(abs(lo - target), abs(hi - target))


def _separated(mine: Interval, rival: Interval, text: str) -> un.Decision:
    """Is the claim's distance interval wholly below the rival's (True), wholly above (False)?"""
    scale = max((mine[1] - mine[0] + rival[1] - rival[0]) / 2.0, 1e-9)
    if mine[1] < rival[0]:
        return un.Decision(True, un.confidence(1.0 + (rival[0] - mine[1]) / scale), text)
    if rival[1] < mine[0]:
        return un.Decision(False, un.confidence(1.0 + (mine[0] - rival[1]) / scale), text)
    return un.Decision(None, 0.2, text)


def _closer_to_value(spec: PropertyProximityClaim, values: list[float], calc: str) -> un.Decision:
    assert spec.rival is not None and spec.value is not None
    spans = []
    for m, v in ((spec.material, values[0]), (spec.rival, values[1])):
        _, lo, hi = calibration.error_model(spec.property, calc, m.formula, m.prototype).truth(v)
        spans.append(_distance((lo, hi), spec.value))
    text = ("each value within its calibrated interval (a number target shares no error with the computed values); "
            "the distances to the target must not overlap to decide")  # fmt: skip
    return _separated(spans[0], spans[1], text)


def _closer_to_material(spec: PropertyProximityClaim, values: list[float], calc: str) -> un.Decision:
    assert spec.rival is not None and spec.reference is not None
    spans = []
    for m, v in ((spec.material, values[0]), (spec.rival, values[2])):
        shift, width = calibration.comparison(spec.property, calc, _key(m), _key(spec.reference))
        d = math.log(v / values[1]) - shift
        spans.append(_distance((d - width, d + width), 0.0))
    text = ("each ratio to the reference's value within the calculator's measured spread of errors between two "
            "materials (a bias shared with the reference cancels); the distances must not overlap to decide")  # fmt: skip
    return _separated(spans[0], spans[1], text)


def _what(spec: PropertyProximityClaim, values: list[float]) -> str:
    word, unit = PROPERTY_WORDS[spec.property], PROPERTY_UNITS[spec.property]
    own = f"{word} of {spec.material.label()} = {values[0]:.4g} {unit}"
    neg = "not " if spec.negated else ""
    if spec.relation == "within":
        assert spec.reference is not None
        pct = 100.0 * (values[0] / values[1] - 1.0)
        return (f"{own} vs {spec.reference.label()} = {values[1]:.4g} {unit} ({pct:+.2f} %); claim: {neg}within "
                f"{spec.tolerance_pct:g} %")  # fmt: skip
    assert spec.rival is not None
    rival = f"{spec.rival.label()} = {values[-1]:.4g} {unit}"
    target = f"{spec.value:g} {unit}" if spec.reference is None else f"{spec.reference.label()}'s {values[1]:.4g} {unit}"
    return f"{own}, {rival}; claim: the first is {neg}closer to {target}"


def proximity_predictions(spec: PropertyProximityClaim) -> list[str]:
    word = PROPERTY_WORDS[spec.property]
    ref = spec.reference.label() if spec.reference else None
    if spec.relation == "within":
        return [f"The computed {word} of {spec.material.label()} differs from that of {ref}, computed the same way, "
                f"by {'more' if spec.negated else 'no more'} than {spec.tolerance_pct:g} %."]  # fmt: skip
    target = f"that of {ref}" if ref else f"{spec.value:g} {PROPERTY_UNITS[spec.property]}"
    rival = spec.rival.label() if spec.rival else ""
    return [f"The computed {word} of {spec.material.label()} is {'not ' if spec.negated else ''}closer to {target} "
            f"than that of {rival}, all computed with one calculator."]  # fmt: skip


def proximity_tested_as(spec: PropertyProximityClaim) -> str:
    mats = ", ".join(m.label() for m in spec.materials())
    shared = (f", so {spec.reference.label()}'s systematic error is the candidate's and cancels"
              if spec.reference is not None else "")  # fmt: skip
    return (f"The {PROPERTY_WORDS[spec.property]} of {mats}, one equation of state each with one calculator in one "
            f"run{shared} (static crystals at 0 K and zero pressure).")
