"""Plan and judge molecular-geometry claims from `molecule_geometry` results."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from agent.judges import geometry_calibration as geo
from agent.judges import uncertainty as un
from agent.judges.models import Judgement, ToolCall
from agent.judges.tool_results import (
    calculator_of,
    failure,
    find,
    inconclusive,
    penalty,
    variant_of,
    verdict_from,
)
from agent.judges.uncertainty import Decision
from agent.language.specs import (
    Bond,
    BondAngleClaim,
    BondLengthComparisonClaim,
    BondLengthValueClaim,
    MoleculeShapeClaim,
)
from agent.results import Evidence

Results = dict[str, dict[str, Any]]
# Geometric thresholds (degrees): within LINEAR_TOL of 180 is linear, beyond BENT_TOL clearly bent;
# the zone in between is too close to call. Same for the angle sum around a three-coordinated centre.
LINEAR_TOL_DEG = 3.0
BENT_TOL_DEG = 10.0
PLANAR_TOL_DEG = 3.0
PYRAMIDAL_TOL_DEG = 10.0
DEFAULT_FMAX = 0.01


def geometry_call(cid: str, molecule: str, calculator: str, fmax: float = DEFAULT_FMAX) -> ToolCall:
    args = {"structure": {"molecule": molecule}, "calculator": calculator, "fmax": fmax}
    return ToolCall(id=cid, name="molecule_geometry", args=args)


def plan_molecular(
    spec: MoleculeShapeClaim | BondAngleClaim | BondLengthValueClaim | BondLengthComparisonClaim,
    calculator: str,
    fmax: float = DEFAULT_FMAX,
) -> list[ToolCall]:
    if isinstance(spec, BondLengthComparisonClaim):
        if spec.first.molecule == spec.second.molecule:
            return [geometry_call("c1", spec.first.molecule, calculator, fmax)]
        return [
            geometry_call("c1", spec.first.molecule, calculator, fmax),
            geometry_call("c2", spec.second.molecule, calculator, fmax),
        ]
    molecule = spec.bond.molecule if isinstance(spec, BondLengthValueClaim) else spec.molecule
    return [geometry_call("c1", molecule, calculator, fmax)]


def _same(a: str, b: str) -> bool:
    return a == b or a.split("-")[::-1] == b.split("-")


def _bond_length(out: dict[str, Any], bond: Bond) -> float | None:
    bonds = out.get("bond_lengths") or []
    kinds = {str(b.get("elements")) for b in bonds}
    if bond.elements is None:
        if len({tuple(sorted(k.split("-"))) for k in kinds}) != 1:
            return None
        chosen = bonds
    else:
        chosen = [b for b in bonds if _same(str(b.get("elements")), bond.elements)]
    if not chosen:
        return None
    return sum(float(b["length_angstrom"]) for b in chosen) / len(chosen)


def _shape_decision(spec: MoleculeShapeClaim, out: dict[str, Any]) -> tuple[Decision, str, float]:
    angles = out.get("bond_angles") or []
    if spec.shape == "linear":
        worst = max((180.0 - float(a["angle_deg"]) for a in angles), default=0.0)
        holds = True if worst <= LINEAR_TOL_DEG else False if worst >= BENT_TOL_DEG else None
        dist = (LINEAR_TOL_DEG - worst) if holds else (worst - BENT_TOL_DEG)
        text = (
            f"linear if every bond angle is within {LINEAR_TOL_DEG:g}° of 180°, bent beyond {BENT_TOL_DEG:g}°"
        )
        what = f"largest deviation from 180°: {worst:.1f}°"
        return Decision(holds, un.confidence(dist + 1.0), text), what, worst
    centres: dict[Any, float] = defaultdict(float)
    counts: dict[Any, int] = defaultdict(int)
    for a in angles:
        atoms = a.get("atoms") or []
        if len(atoms) == 3:
            centres[atoms[1]] += float(a["angle_deg"])
            counts[atoms[1]] += 1
    three = [360.0 - centres[c] for c in centres if counts[c] == 3]
    flag = out.get("is_planar")
    text = (
        f"planar if the angles around each three-coordinated atom sum to within {PLANAR_TOL_DEG:g}° of 360°, "
        f"pyramidal beyond {PYRAMIDAL_TOL_DEG:g}°; otherwise the tool's planarity test"
    )
    if three:
        worst = max(abs(x) for x in three)
        holds = True if worst <= PLANAR_TOL_DEG else False if worst >= PYRAMIDAL_TOL_DEG else None
        dist = (PLANAR_TOL_DEG - worst) if holds else (worst - PYRAMIDAL_TOL_DEG)
        return Decision(holds, un.confidence(dist + 1.0), text), f"angle-sum deficit {worst:.1f}°", worst
    if isinstance(flag, bool):
        return Decision(flag, 0.85, text), f"is_planar = {flag}", 0.0 if flag else 1.0
    return Decision(None, 0.2, text), "no planarity information", 0.0


def judge_shape(spec: MoleculeShapeClaim, results: Results) -> Judgement:
    reason = failure(results, ["c1"])
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    key, out = find(results, "c1")
    assert out is not None
    decision, what, measure = _shape_decision(spec, out)
    calc = calculator_of(out, "xtb")
    factor, notes = penalty(out)
    if out.get("converged") is False:
        factor *= 0.8
        notes.append("the geometry optimisation did not converge")
    angles = "; ".join(
        f"{a.get('elements')} {float(a['angle_deg']):.1f}°" for a in (out.get("bond_angles") or [])[:6]
    )
    ev = Evidence(
        kind="simulation",
        statement=f"{calc} optimised {spec.molecule}: {what}" + (f" (angles: {angles})" if angles else ""),
        supports=None, tool_run_id=key, value=measure, unit="deg",
    )  # fmt: skip
    summary = (
        f"optimised {spec.molecule} ({calc}): {what}; claim: {'not ' if spec.negated else ''}{spec.shape}"
    )
    return verdict_from(decision, spec.negated, claim_summary=summary, evidence=[ev],
                        values={f"{spec.shape}_measure_deg": measure}, factor=factor, questions=notes)  # fmt: skip


def judge_angle(spec: BondAngleClaim, results: Results, about_pct: float) -> Judgement:
    reason = failure(results, ["c1"])
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    key, out = find(results, "c1")
    assert out is not None
    angles = out.get("bond_angles") or []
    chosen = [a for a in angles if spec.elements is None or _same(str(a.get("elements")), spec.elements)]
    if not chosen or (spec.elements is None and len({str(a.get("elements")) for a in chosen}) > 1):
        return inconclusive(
            f"The optimised {spec.molecule} has no unique {spec.elements or ''} bond angle to compare."
        )
    value = sum(float(a["angle_deg"]) for a in chosen) / len(chosen)
    calc = calculator_of(out, "xtb")
    # Angles are hedged in degrees (un.ANGLE_ABOUT_DEG), and the methods' angle errors are measured
    # in degrees (agent/judges/geometry_calibration.py, out of sample for the bench's molecules).
    claim_tol = 100 * un.ANGLE_ABOUT_DEG / spec.value if spec.relation == "about" else spec.precision_pct
    band_deg = geo.band_or_unmeasured("bond_angle", calc, variant_of(out), str(out.get("formula", "")))
    calc_error = 100 * band_deg / max(value, 1e-9)
    decision = un.value_decision(value, spec.relation, spec.value, spec.upper, claim_tol_pct=claim_tol,
                                 calc_error_pct=calc_error, unit="°")  # fmt: skip
    factor, notes = penalty(out)
    label = spec.elements or str(chosen[0].get("elements"))
    ev = Evidence(kind="simulation", statement=f"{calc} optimised {spec.molecule}: {label} angle = {value:.2f}°",
                  supports=None, tool_run_id=key, value=value, unit="deg")  # fmt: skip
    summary = f"{label} angle in {spec.molecule} is {value:.1f}° ({calc}); claim: {'not ' if spec.negated else ''}{spec.relation} {spec.value:g}°"
    return verdict_from(decision, spec.negated, claim_summary=summary, evidence=[ev],
                        values={"angle_deg": value}, factor=factor, questions=notes)  # fmt: skip


def judge_length(spec: BondLengthValueClaim, results: Results, about_pct: float) -> Judgement:
    reason = failure(results, ["c1"])
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    key, out = find(results, "c1")
    assert out is not None
    value = _bond_length(out, spec.bond)
    if value is None:
        return inconclusive(
            f"The optimised {spec.bond.molecule} has no unique {spec.bond.elements or ''} bond."
        )
    calc = calculator_of(out, "xtb")
    claim_tol = about_pct if spec.relation == "about" else spec.precision_pct
    decision = un.value_decision(value, spec.relation, spec.value, spec.upper, claim_tol_pct=claim_tol,
                                 calc_error_pct=geo.length_pct(calc, variant_of(out), str(out.get("formula", ""))),
                                 unit="Å")  # fmt: skip
    factor, notes = penalty(out)
    ev = Evidence(kind="simulation", statement=f"{calc} optimised {spec.bond.molecule}: {spec.bond.elements or ''} bond = {value:.4f} Å",
                  supports=None, tool_run_id=key, value=value, unit="Å")  # fmt: skip
    summary = f"{spec.bond.elements or 'the'} bond in {spec.bond.molecule} is {value:.3f} Å ({calc}); claim: {'not ' if spec.negated else ''}{spec.relation} {spec.value:g} Å"
    return verdict_from(decision, spec.negated, claim_summary=summary, evidence=[ev],
                        values={"bond_length": value}, factor=factor, questions=notes)  # fmt: skip


def judge_length_comparison(spec: BondLengthComparisonClaim, results: Results) -> Judgement:
    ids = ["c1"] if spec.first.molecule == spec.second.molecule else ["c1", "c2"]
    reason = failure(results, ids)
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    k1, o1 = find(results, ids[0])
    k2, o2 = find(results, ids[-1])
    assert o1 is not None and o2 is not None
    v1, v2 = _bond_length(o1, spec.first), _bond_length(o2, spec.second)
    if v1 is None or v2 is None:
        return inconclusive("One of the bonds named in the claim was not found in the optimised molecules.")
    calc = calculator_of(o1, "xtb")
    decision = un.comparison_decision(v1, v2, spec.relation, log_error=_pair_band(o1, o2))
    factor, notes = penalty(o1, o2)
    evidence = [
        Evidence(kind="simulation", statement=f"{calculator_of(o, 'xtb')} optimised {b.molecule}: {b.elements or ''} bond = {v:.4f} Å",
                 supports=None, tool_run_id=k, value=v, unit="Å")
        for k, o, b, v in ((k1, o1, spec.first, v1), (k2, o2, spec.second, v2))
    ]  # fmt: skip
    rel = "longer" if spec.relation == "greater" else "shorter"
    summary = (
        f"{spec.first.elements or ''} in {spec.first.molecule} = {v1:.3f} Å vs {spec.second.elements or ''} in "
        f"{spec.second.molecule} = {v2:.3f} Å ({calc}); claim: the first is {'not ' if spec.negated else ''}{rel}"
    )
    return verdict_from(decision, spec.negated, claim_summary=summary, evidence=evidence,
                        values={"bond_first": v1, "bond_second": v2}, factor=factor, questions=notes)  # fmt: skip


def _pair_band(o1: dict[str, Any], o2: dict[str, Any]) -> float:
    """Half-width (ln units) of the ratio of two bonds computed by one method: the difference of two
    errors, sqrt(2) x the wider of the two molecules' bands (each the band without that molecule;
    the bias is kept in, not cancelled, since bond types differ in their errors)."""
    calc, variant = calculator_of(o1, "xtb"), variant_of(o1)
    widths = [geo.band_or_unmeasured("bond_length", calc, variant, str(o.get("formula", ""))) for o in (o1, o2)]
    return math.sqrt(2) * max(widths)
