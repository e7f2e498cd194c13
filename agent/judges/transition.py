"""Judge a transition-pressure claim ("Si transforms from diamond to beta-tin at about 11 GPa") on the
enthalpy crossing of the two structures; the error model is in agent/judges/pressure.py.

- A crossing low -> high found: the computed P_t with its error bar (transition_error_gpa, at least
  a few GPa) is judged against the claim's value like any value claim (uncertainty.value_decision).
- None found up to the search limit: at the claimed pressure the claimed high-pressure structure is
  still higher in enthalpy (beyond the band: refuted for 'about/at/below/between', supported for
  'above'), or it is already lower at zero pressure (no transition from low to high: refuted).
"""

from __future__ import annotations

from typing import Any

from agent.judges import uncertainty as un
from agent.judges.models import Judgement
from agent.judges.pressure import (
    Results,
    _at,
    _result,
    _w,
    enthalpy_band_ev,
    transition_error_gpa,
)
from agent.judges.tool_results import calculator_of, penalty, verdict_from
from agent.language.specs import TransitionPressureClaim
from agent.results import Evidence

_REL = {"about": "about", "equal": "", "below": "below", "above": "above", "between": "between"}


def _target(spec: TransitionPressureClaim) -> str:
    t = f"{spec.value:g}" + (f"-{spec.upper:g}" if spec.upper is not None else "")
    return f"{_REL[spec.relation]} {t} GPa".strip()


def _margin(
    out: dict[str, Any], phases: dict[str, Any], spec: TransitionPressureClaim, p: float
) -> tuple[float, float] | None:
    """(H_high - H_low, its band) at ``p``; None outside a fitted window."""
    hl, hh = _at(out, phases[spec.low], p), _at(out, phases[spec.high], p)
    vl, vh = _at(out, phases[spec.low], p, "volumes_a3"), _at(out, phases[spec.high], p, "volumes_a3")
    if hl is None or hh is None or vl is None or vh is None:
        return None
    return hh - hl, enthalpy_band_ev(calculator_of(out), p, 0.5 * (vl + vh), (spec.low, spec.high), spec.formula)


def _no_crossing(
    spec: TransitionPressureClaim, out: dict[str, Any], phases: dict[str, Any]
) -> tuple[un.Decision, str] | str:
    at_zero = _margin(out, phases, spec, 0.0)
    pc = spec.upper if spec.relation == "between" and spec.upper is not None else spec.value
    at_claim = _margin(out, phases, spec, pc)
    if at_zero is None or at_claim is None:
        return f"the claimed pressure {pc:g} GPa lies outside a fitted volume window (not extrapolated)"
    m0, b0 = at_zero
    if m0 < -b0:
        text = f"{_w(spec.high)} is already {-m0:.3f} eV/atom below {_w(spec.low)} at 0 GPa (band ±{b0:.3f})"
        return un.Decision(False, un.confidence(-m0 / b0), text), "no transition: " + text
    m, band = at_claim
    text = f"at {pc:g} GPa {_w(spec.high)} lies {m:+.3f} eV/atom from {_w(spec.low)} (band ±{band:.3f})"
    d = un.energy_decision(m, band, f"enthalpy of {_w(spec.high)} minus {_w(spec.low)} at {pc:g} GPa")
    if d.holds is None:
        return un.Decision(None, 0.2, text), text
    # d.holds: the transition has not happened by pc, so the claim holds only for 'above'.
    return un.Decision(d.holds == (spec.relation == "above"), d.confidence, text), text


def judge_transition(spec: TransitionPressureClaim, results: Results, about_pct: float) -> Judgement:
    from agent.judges.tool_results import inconclusive

    got = _result(results, [spec.low, spec.high])
    if isinstance(got, Judgement):
        return got
    key, out, phases = got
    calc = calculator_of(out)
    found = [
        t for t in out.get("transitions") or [] if t.get("below") == spec.low and t.get("above") == spec.high
    ]
    values: dict[str, float] = {}
    if found:
        t = min(found, key=lambda x: float(x["pressure_gpa"]))
        pt = float(t["pressure_gpa"])
        err = transition_error_gpa(calc, pt, float(t["volume_below_a3"]), float(t["volume_above_a3"]))
        claim_tol = about_pct if spec.relation == "about" else spec.precision_pct
        decision = un.value_decision(
            pt, spec.relation, spec.value, spec.upper, claim_tol_pct=claim_tol,
            calc_error_pct=100.0 * err / max(abs(pt), 1e-6), unit="GPa",
        )  # fmt: skip
        what = f"H({_w(spec.high)}) falls below H({_w(spec.low)}) at {pt:.2f} ± {err:.1f} GPa"
        values = {"transition_pressure_gpa": pt}
    else:
        got2 = _no_crossing(spec, out, phases)
        if isinstance(got2, str):
            return inconclusive(f"Cannot judge: {got2}.")
        decision, what = got2
        limit = next((float(p["searched_up_to_gpa"]) for p in out.get("pairs") or []
                      if {p.get("first"), p.get("second")} == {spec.low, spec.high}), 0.0)  # fmt: skip
        what = f"no crossing from {_w(spec.low)} to {_w(spec.high)} below {limit:.1f} GPa; {what}"
    ev = Evidence(kind="simulation", statement=f"{calc} enthalpies of {spec.formula}: {what}", supports=None,
                  tool_run_id=key, value=values.get("transition_pressure_gpa"), unit="GPa")  # fmt: skip
    factor, notes = penalty(out)
    summary = (f"{what} ({calc}); claim: the {_w(spec.low)} -> {_w(spec.high)} transition is "
               f"{'not ' if spec.negated else ''}{_target(spec)}")  # fmt: skip
    return verdict_from(decision, spec.negated, claim_summary=summary, evidence=[ev], values=values,
                        factor=factor, questions=notes + ["only these two structures were compared; an "
                        "intermediate phase would change the observed transition"])  # fmt: skip


def transition_tested_as(spec: TransitionPressureClaim) -> str:
    return (
        f"The pressure at which the enthalpy H = E + PV per atom of {spec.formula} in the {_w(spec.high)} structure "
        f"falls below that in the {_w(spec.low)} structure is {'not ' if spec.negated else ''}{_target(spec)} "
        "(the crossing of the two structures' enthalpies from their Birch-Murnaghan equations of state; these two "
        "structures only; static crystals at 0 K)."
    )


def transition_predictions(spec: TransitionPressureClaim) -> list[str]:
    return [f"The computed enthalpies of {_w(spec.low)} and {_w(spec.high)} {spec.formula} cross "
            f"{'not ' if spec.negated else ''}{_target(spec)}, {_w(spec.high)} lower above it."]  # fmt: skip
