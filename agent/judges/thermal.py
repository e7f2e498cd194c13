"""Plan, judge, predict and render thermal-expansion claims (spec in agent/language/specs_thermal.py).

One `thermal_expansion` tool call per material at 300 K (quasi-harmonic phonons; NVT MD where QHA
breaks down). How the decisions are calibrated (bench/tools_accuracy_thermal.py, fitted per class
by bench/fit_calibration.py into agent/judges/calibration_model.json under "thermal_expansion"):
- a value: the calculator's signed error model for the material's class (agent/judges/calibration.py:
  alpha corrected by the class bias, within its ~90 % interval), the interval widened in quadrature
  by the run's own statistical error (at the same level);
- a comparison: the spread of the calculator's errors between two materials (and the difference of
  the classes' biases when the two differ), plus both runs' statistical errors;
- a sign (expands / contracts): the bench's errors are relative and never reversed a sign (every
  computed alpha had the experimental sign), so only the run's statistical error can flip it:
  margin = |alpha| / error. The confidence is capped by how much the bench says about signs: at
  (n+1)/(n+2) (Laplace's rule) for a material of a class with n >= 3 calibrated materials, all of the
  right sign, and below 0.7 for a material of any other class (its model is the pooled fallback),
  since materials with small or negative expansion (Invar, Si, ZrW2O8) are not in the bench. A
  calculator without a bench (or with a sign ever wrong) decides by the additive rule: the
  model's relative half-width counts as an error bar on alpha itself.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any

from agent.judges import calibration
from agent.judges import uncertainty as un
from agent.judges.models import Judgement, ToolCall
from agent.judges.tool_results import calculator_of, failure, find, inconclusive, penalty, verdict_from
from agent.language.specs import Material
from agent.language.specs_thermal import ThermalExpansionClaim
from agent.results import Evidence

Results = dict[str, dict[str, Any]]
QUANTITY = "thermal_expansion"
UNIT = "ppm/K"
UNBENCHED_SIGN_CAP = 0.65
METHOD = (
    "quasi-harmonic phonons (phonopy) over several volumes, NVT MD thermal pressure where QHA breaks down"
)


def _call(cid: str, m: Material, calculator: str, t: float) -> ToolCall:
    structure = {"formula": m.formula, "prototype": m.prototype}
    return ToolCall(
        id=cid,
        name="thermal_expansion",
        args={"structure": structure, "calculator": calculator, "temperatures": [t]},
    )


def plan_thermal(spec: ThermalExpansionClaim, calculator: str) -> list[ToolCall]:
    materials = [spec.material] + ([spec.second] if spec.second is not None else [])
    if any(not m.prototype for m in materials):
        return []
    return [_call(f"c{i}", m, calculator, spec.temperature_k) for i, m in enumerate(materials, 1)]


def _alpha(out: dict[str, Any]) -> tuple[float, float, str]:
    """(alpha, statistical error, route) in ppm/K from a thermal_expansion result."""
    p = out["points"][0]
    return float(p["alpha_linear_ppm_per_k"]), float(p["alpha_error_ppm_per_k"]), str(p.get("method", "qha"))


def _evidence(key: str, out: dict[str, Any], m: Material) -> Evidence:
    a, err, how = _alpha(out)
    route = "quasi-harmonic" if how == "qha" else "NVT MD thermal pressure"
    statement = (
        f"{calculator_of(out)} {route} thermal expansion of {m.label()}: linear alpha(300 K) = {a:.3g} "
        f"± {err:.2g} {UNIT} (statistical)"
    )
    return Evidence(
        kind="simulation", statement=statement, supports=None, tool_run_id=key, value=a, unit=UNIT
    )


def _z() -> float:
    """A one-sigma statistical error scaled to the calibration's nominal level."""
    return NormalDist().inv_cdf(0.5 + calibration.level() / 2)


def sign_decision(alpha: float, stat_err: float, calc: str, formula: str, prototype: str | None) -> un.Decision:
    """Is alpha > 0? (see the module rule)."""
    model = calibration.error_model(QUANTITY, calc, formula, prototype)
    sign_safe = model.basis in ("class", "pooled") and model.n >= 3 and model.n_sign_agree == model.n
    if sign_safe:
        err = max(stat_err, 1e-6)
        cap = (model.n + 1) / (model.n + 2) if model.basis == "class" else UNBENCHED_SIGN_CAP
        text = (
            f"computed alpha {alpha:.3g} ± {err:.2g} {UNIT} (statistical); {calc}'s measured errors are relative "
            f"and had the right sign for all {model.n} calibrated materials ({model.describe(calibration.level())})"
        )
    else:
        pct = 100 * math.expm1(model.half_width)
        err = math.hypot(stat_err, abs(alpha) * pct / 100.0)
        cap = un.CONFIDENCE_CAP
        text = f"computed alpha {alpha:.3g} ± {err:.2g} {UNIT} ({pct:.2g} % calculator error, not benchmarked for signs)"
    if abs(alpha) <= err:
        return un.Decision(None, 0.2, text)
    return un.Decision(alpha > 0, min(un.confidence(abs(alpha) / err), cap), text)


def _one(spec: ThermalExpansionClaim, results: Results) -> tuple[str, dict[str, Any]] | Judgement:
    if not spec.material.prototype:
        return inconclusive(
            f"No crystal structure is known to the planner for {spec.material.formula}; name one."
        )
    reason = failure(results, ["c1"])
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    key, out = find(results, "c1")
    assert out is not None
    return key, out


def judge_thermal(spec: ThermalExpansionClaim, results: Results, about_pct: float) -> Judgement:
    if spec.form == "comparison":
        return _judge_comparison(spec, results)
    got = _one(spec, results)
    if isinstance(got, Judgement):
        return got
    key, out = got
    alpha, err, _ = _alpha(out)
    calc = calculator_of(out)
    factor, notes = penalty(out)
    ev = _evidence(key, out, spec.material)
    if spec.form == "sign":
        decision = sign_decision(alpha, err, calc, spec.material.formula, spec.material.prototype)
        if spec.sign == "contracts":
            decision = un.Decision(
                None if decision.holds is None else not decision.holds,
                decision.confidence,
                decision.tolerance,
            )
        what = "expands" if spec.sign == "expands" else "contracts"
        summary = f"computed alpha(300 K) of {spec.material.label()} is {alpha:.3g} {UNIT} ({calc}); claim: it {'does not ' if spec.negated else ''}{what.rstrip('s') if spec.negated else what} on heating"
    else:
        assert spec.value is not None and spec.relation is not None
        model = calibration.error_model(QUANTITY, calc, spec.material.formula, spec.material.prototype)
        claim_tol = about_pct if spec.relation == "about" else spec.precision_pct
        decision = un.calibrated_value_decision(
            alpha, spec.relation, spec.value, spec.upper, claim_tol_pct=claim_tol, model=model, unit=UNIT,
            extra_log_error=_z() * err / max(abs(alpha), 1e-9),
        )  # fmt: skip
        target = f"{spec.value:g}" + (f"-{spec.upper:g}" if spec.upper is not None else "")
        summary = f"computed alpha(300 K) of {spec.material.label()} is {alpha:.3g} {UNIT} ({calc}); claim: {'not ' if spec.negated else ''}{spec.relation} {target} {UNIT}"
    return verdict_from(decision, spec.negated, claim_summary=summary, evidence=[ev], values={"alpha_ppm_per_k": alpha},
                        factor=factor, questions=_assumed(spec) + notes)  # fmt: skip


def _judge_comparison(spec: ThermalExpansionClaim, results: Results) -> Judgement:
    assert spec.second is not None and spec.relation in ("greater", "less")
    if not (spec.material.prototype and spec.second.prototype):
        return inconclusive(
            "No crystal structure is known to the planner for one of the materials; name one."
        )
    reason = failure(results, ["c1", "c2"])
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    (k1, o1), (k2, o2) = find(results, "c1"), find(results, "c2")
    assert o1 is not None and o2 is not None
    (a1, e1, _), (a2, e2, _) = _alpha(o1), _alpha(o2)
    calc = calculator_of(o1)
    shift, model_width = calibration.comparison(
        QUANTITY, calc, (spec.material.formula, spec.material.prototype), (spec.second.formula, spec.second.prototype)
    )
    z = _z()
    width = math.sqrt(model_width**2 + (z * e1 / max(abs(a1), 1e-9)) ** 2 + (z * e2 / max(abs(a2), 1e-9)) ** 2)
    decision = un.comparison_decision(a1, a2, spec.relation, log_error=width, log_shift=shift)
    factor, notes = penalty(o1, o2)
    rel = "more" if spec.relation == "greater" else "less"
    summary = (
        f"alpha(300 K) of {spec.material.label()} = {a1:.3g} vs {spec.second.label()} = {a2:.3g} {UNIT} ({calc}); "
        f"claim: the first expands {'not ' if spec.negated else ''}{rel}"
    )
    return verdict_from(
        decision, spec.negated, claim_summary=summary,
        evidence=[_evidence(k1, o1, spec.material), _evidence(k2, o2, spec.second)],
        values={"alpha_first_ppm_per_k": a1, "alpha_second_ppm_per_k": a2}, factor=factor,
        questions=_assumed(spec) + notes,
    )  # fmt: skip


def _assumed(spec: ThermalExpansionClaim) -> list[str]:
    ms = [spec.material] + ([spec.second] if spec.second is not None else [])
    return [
        f"the claim names no structure for {m.formula}; its known ground state ({m.prototype}) was assumed"
        for m in ms
        if m.prototype_assumed and m.prototype
    ]


def _label(m: Material) -> str:
    return m.label() + (" (its known ground-state structure, assumed)" if m.prototype_assumed else "")


def thermal_tested_as(spec: ThermalExpansionClaim) -> str:
    neg = "not " if spec.negated else ""
    at = f"at {spec.temperature_k:g} K (room temperature), by {METHOD}"
    if spec.form == "sign":
        sign = (
            "positive (it expands on heating)"
            if spec.sign == "expands"
            else "negative (it contracts on heating)"
        )
        return f"The linear thermal expansion coefficient of {_label(spec.material)} is {neg}{sign}, {at}."
    if spec.form == "value":
        rel = {"equal": "equal to"}.get(spec.relation or "", spec.relation)
        target = (
            f"between {spec.value:g} and {spec.upper:g}"
            if spec.relation == "between"
            else f"{rel} {spec.value:g}"
        )
        return f"The linear thermal expansion coefficient of {_label(spec.material)} is {neg}{target} {UNIT}, {at}."
    assert spec.second is not None
    rel = "larger" if spec.relation == "greater" else "smaller"
    return (
        f"The linear thermal expansion coefficient of {_label(spec.material)} is {neg}{rel} than that of "
        f"{_label(spec.second)}, {at}."
    )


def thermal_predictions(spec: ThermalExpansionClaim) -> list[str]:
    return [thermal_tested_as(spec).replace("The linear", "The computed linear", 1)]
