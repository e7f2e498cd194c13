"""Plan and judge the pressure claims: a polymorph ordering at a stated pressure (enthalpies
H = E + PV compared) and a transition pressure ("X transforms from S1 to S2 at about P GPa").

Error model (documented, tested). An enthalpy difference between two structures of one formula at
pressure P is uncertain by

    band(P) = E_band + P * V * eps_V / 160.2   (eV/atom)

- E_band: the calculator's polymorph energy band at zero pressure (uncertainty.polymorph_band_ev);
- eps_V: the relative volume error that does not cancel between two structures: three times the
  sqrt(2) x standard deviation of the calculator's lattice-constant errors across every calibrated
  material, classes pooled (calibration.pooled_spread, fitted by bench/fit_calibration.py), taken as
  the spread between two structures of one material (no better figure is measured);
- V: the mean volume per atom of the two structures at P;
plus the two fits' RMS residuals (a fit cannot place H better than it matches its own points).
A transition pressure P_t is then uncertain by band(P_t) / |dH/dP| = band(P_t) / (|V_1 - V_2| / 160.2),
and never by less than MIN_TRANSITION_ERROR_GPA or MIN_TRANSITION_ERROR_FRACTION of P_t: the
functional CHGNet was trained on (PBE) is itself off by several GPa for transition pressures (Si
diamond -> beta-tin: PBE 8.5 GPa, measured 10-12.5 GPa; Hennig et al., Phys. Rev. B 82, 014101
(2010)); CHGNet gives 8.0 GPa (test_enthalpy_chgnet.py). A floor, not a measured bench figure:
no transition-pressure bench exists yet.
"""

from __future__ import annotations

import math
from typing import Any

from agent.judges import calibration
from agent.judges import uncertainty as un
from agent.judges.models import Judgement, ToolCall
from agent.judges.pressure_points import checked_pressures
from agent.judges.tool_results import calculator_of, failure, find, inconclusive, penalty, verdict_from
from agent.language.lexicon import PROTOTYPE_WORDS
from agent.language.specs import PolymorphClaim, TransitionPressureClaim
from agent.results import Evidence

Results = dict[str, dict[str, Any]]
GPA_PER_EV_A3 = 160.21766208
MIN_TRANSITION_ERROR_GPA = 4.0
MIN_TRANSITION_ERROR_FRACTION = 0.3
TOOL = "enthalpy_vs_pressure"


def _w(proto: str) -> str:
    return PROTOTYPE_WORDS.get(proto, proto)


def enthalpy_band_ev(
    calculator: str, p_gpa: float, volume_a3: float, pair: tuple[str, str] = ("", ""), formula: str | None = None
) -> float:
    """Uncertainty of an enthalpy difference between two structures of ``formula`` at ``p_gpa``
    (module rule); ``pair`` names them, for a pair whose ordering was measured off by more than the
    band."""
    base = un.polymorph_band_ev(calculator, *pair, formula=formula)
    eps_v = 3.0 * math.expm1(math.sqrt(2.0) * calibration.pooled_spread("lattice_constant", calculator))
    return base + abs(p_gpa) * volume_a3 * eps_v / GPA_PER_EV_A3


def transition_error_gpa(calculator: str, p_gpa: float, v1: float, v2: float) -> float:
    slope = abs(v1 - v2) / GPA_PER_EV_A3  # d(H1 - H2)/dP, eV/atom per GPa
    band = enthalpy_band_ev(calculator, p_gpa, 0.5 * (v1 + v2))
    return max(MIN_TRANSITION_ERROR_GPA, MIN_TRANSITION_ERROR_FRACTION * abs(p_gpa), band / max(slope, 1e-9))


def plan_pressure_polymorph(spec: PolymorphClaim, calculator: str) -> list[ToolCall]:
    args = {"formula": spec.formula, "prototypes": [spec.ground, *spec.others],
            "pressures_gpa": checked_pressures(spec), "calculator": calculator}  # fmt: skip
    return [ToolCall(id="c1", name=TOOL, args=args)]


def transition_pressures(spec: TransitionPressureClaim) -> list[float]:
    """0, the claimed value(s), and twice the largest (at least 10 GPa beyond it) to find the crossing."""
    hi = max(spec.value, spec.upper or 0.0)
    return sorted({0.0, round(spec.value, 4), round(hi, 4), round(max(2.0 * hi, hi + 10.0), 4)})


def plan_transition(spec: TransitionPressureClaim, calculator: str) -> list[ToolCall]:
    args = {"formula": spec.formula, "prototypes": [spec.low, spec.high],
            "pressures_gpa": transition_pressures(spec), "calculator": calculator}  # fmt: skip
    return [ToolCall(id="c1", name=TOOL, args=args)]


def _result(
    results: Results, needed: list[str]
) -> tuple[str, dict[str, Any], dict[str, dict[str, Any]]] | Judgement:
    reason = failure(results, ["c1"])
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    key, out = find(results, "c1")
    assert out is not None
    phases = {str(ph.get("prototype")): ph for ph in out.get("phases") or []}
    missing = [p for p in needed if p not in phases]
    if missing:
        return inconclusive(f"The enthalpy calculation returned nothing for {', '.join(missing)}.")
    return key, out, phases


def _at(out: dict[str, Any], phase: dict[str, Any], p: float, field: str = "enthalpies_ev") -> float | None:
    ps = [float(x) for x in out.get("pressures_gpa") or []]
    i = min(range(len(ps)), key=lambda k: abs(ps[k] - p), default=None)
    if i is None or abs(ps[i] - p) > 1e-6 * max(1.0, p):
        return None
    v = phase[field][i]
    return None if v is None else float(v)


def _point_decision(
    spec: PolymorphClaim, out: dict[str, Any], phases: dict[str, Any], p: float
) -> tuple[un.Decision, str] | str:
    """Decision at one pressure on 'ground has the lowest enthalpy', or why there is none."""
    calc = calculator_of(out)
    h = {name: _at(out, phases[name], p) for name in [spec.ground, *spec.others]}
    outside = [name for name, x in h.items() if x is None]
    if outside:
        return (f"{', '.join(_w(o) for o in outside)}: {p:g} GPa lies outside the volume window its equation of "
                "state was fitted on (not extrapolated)")  # fmt: skip
    hf = {name: float(x) for name, x in h.items() if x is not None}
    best = min(spec.others, key=lambda o: hf[o])
    gap = hf[best] - hf[spec.ground]
    vol = 0.5 * (
        float(_at(out, phases[spec.ground], p, "volumes_a3") or 0.0)
        + float(_at(out, phases[best], p, "volumes_a3") or 0.0)
    )
    # A fit that misses its own points by r eV/atom cannot place H better than that.
    band = enthalpy_band_ev(calc, p, vol, (spec.ground, best), spec.formula) + sum(
        float(phases[n].get("fit_residual_ev") or 0.0) for n in (spec.ground, best)
    )
    low = min(hf.values())
    order = ", ".join(f"{_w(n)} {x - low:+.3f}" for n, x in sorted(hf.items(), key=lambda kv: kv[1]))
    decision = un.energy_decision(gap, band, f"enthalpy gap at {p:g} GPa")
    return decision, f"at {p:g} GPa: {order} (gap {gap:+.3f} ± {band:.3f})"


def _combine(decisions: list[un.Decision]) -> un.Decision:
    """'At every checked pressure': refuted by any point that refutes, supported only when all hold."""
    tol = "; ".join(d.tolerance for d in decisions)
    against = [d for d in decisions if d.holds is False]
    if against:
        return un.Decision(False, max(d.confidence for d in against), tol)
    if all(d.holds for d in decisions):
        return un.Decision(True, min(d.confidence for d in decisions), tol)
    return un.Decision(None, 0.2, tol)


def judge_pressure_polymorph(spec: PolymorphClaim, results: Results) -> Judgement:
    got = _result(results, [spec.ground, *spec.others])
    if isinstance(got, Judgement):
        return got
    key, out, phases = got
    calc = calculator_of(out)
    decisions, lines = [], []
    for p in checked_pressures(spec):
        d = _point_decision(spec, out, phases, p)
        if isinstance(d, str):
            return inconclusive(
                f"Cannot judge: {d}.", questions=["a narrower pressure range, or a method for it"]
            )
        decisions.append(d[0])
        lines.append(d[1])
    decision = _combine(decisions)
    ev = Evidence(
        kind="simulation",
        statement=f"{calc} enthalpies H = E + PV of {spec.formula} (eV/atom relative to the lowest) " + "; ".join(lines),
        supports=None, tool_run_id=key, unit="eV/atom",
    )  # fmt: skip
    factor, notes = penalty(out)
    where = _where(spec)
    summary = (f"{_w(spec.ground)} {spec.formula} against {', '.join(_w(o) for o in spec.others)} {where} ({calc}); "
               f"claim: {_w(spec.ground)} is {'not ' if spec.negated else ''}the lowest in enthalpy")  # fmt: skip
    crossings = [
        f"{_w(t['below'])} -> {_w(t['above'])} at {float(t['pressure_gpa']):.1f} GPa"
        for t in out.get("transitions") or []
    ]
    questions = notes + (
        [f"computed transition pressures ({calc}): {', '.join(crossings)}"] if crossings else []
    )
    return verdict_from(decision, spec.negated, claim_summary=summary, evidence=[ev],
                        values={f"gap_ev_per_atom_at_{p:g}_gpa": _gap(line)
                                for p, line in zip(checked_pressures(spec), lines, strict=True)},
                        factor=factor, questions=questions)  # fmt: skip


def _gap(line: str) -> float:
    return float(line.rsplit("(gap ", 1)[1].split(" ")[0])


def _where(spec: PolymorphClaim) -> str:
    ps = ", ".join(f"{p:g}" for p in checked_pressures(spec))
    p = f"{spec.pressure_gpa or 0.0:g}"
    return {
        "at": f"at {p} GPa",
        "above": f"at every pressure above {p} GPa (checked at {ps} GPa)",
        "below": f"at every pressure below {p} GPa (checked at {ps} GPa)",
        "between": f"at every pressure from {p} to {spec.pressure_upper_gpa or 0.0:g} GPa (checked at {ps} GPa)",
    }[spec.pressure_mode]


def pressure_polymorph_tested_as(spec: PolymorphClaim) -> str:
    others = ", ".join(_w(o) for o in spec.others)
    return (
        f"{spec.formula} has {'not ' if spec.negated else ''}a lower enthalpy H = E + PV per atom in the "
        f"{_w(spec.ground)} structure than in each of: {others}, {_where(spec)} (enthalpies from each structure's "
        "Birch-Murnaghan equation of state fitted over volumes reaching that pressure; static crystals at 0 K)."
    )


def pressure_polymorph_predictions(spec: PolymorphClaim) -> list[str]:
    rel = "higher or equal" if spec.negated else "lower"
    return [f"{spec.formula} in the {_w(spec.ground)} structure has a {rel} enthalpy per atom than in the "
            f"{_w(o)} structure {_where(spec)}." for o in spec.others]  # fmt: skip
