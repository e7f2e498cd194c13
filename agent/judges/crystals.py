"""Plan and judge the crystal claims: property value / comparison, polymorph, formation energy."""

from __future__ import annotations

import re
from typing import Any

from agent.judges import calibration, polymorph_bands
from agent.judges import uncertainty as un
from agent.judges.models import Judgement, ToolCall
from agent.judges.tool_results import calculator_of, failure, find, inconclusive, penalty, verdict_from
from agent.language.lexicon import CUBIC_ATOMS_PER_CELL, PROTOTYPE_WORDS
from agent.language.specs import (
    PROPERTY_UNITS,
    PROPERTY_WORDS,
    FormationEnergyClaim,
    Material,
    PolymorphClaim,
    PropertyComparisonClaim,
    PropertyValueClaim,
)
from agent.results import Evidence

Results = dict[str, dict[str, Any]]


def structure(material: Material) -> dict[str, Any]:
    return {"formula": material.formula, "prototype": material.prototype}


def eos_call(cid: str, material: Material, calculator: str, **extra: Any) -> ToolCall:
    return ToolCall(
        id=cid,
        name="equation_of_state",
        args={"structure": structure(material), "calculator": calculator, **extra},
    )


def plan_property(spec: PropertyValueClaim | PropertyComparisonClaim, calculator: str) -> list[ToolCall]:
    if isinstance(spec, PropertyValueClaim):
        return [eos_call("c1", spec.material, calculator)] if spec.material.prototype else []
    if not (spec.first.prototype and spec.second.prototype):
        return []
    return [eos_call("c1", spec.first, calculator), eos_call("c2", spec.second, calculator)]


def property_value(prop: str, material: Material, out: dict[str, Any]) -> float | None:
    """The claimed property from an equation_of_state result."""
    if prop == "bulk_modulus":
        return _num(out.get("bulk_modulus_gpa"))
    if prop == "density":
        return _num(out.get("density_g_cm3"))
    a = _num(out.get("lattice_a_angstrom"))
    if a is not None:
        return a
    if material.prototype in CUBIC_ATOMS_PER_CELL and _num(out.get("volume_per_atom_a3")):
        # Conventional cubic a from the volume per atom and the atoms in the conventional cell.
        return float((CUBIC_ATOMS_PER_CELL[material.prototype] * float(out["volume_per_atom_a3"])) ** (1 / 3))
    params = out.get("lattice_parameters") or {}
    if material.prototype in ("hcp", "wurtzite") and _num(params.get("a")):
        return float(params["a"])
    return None


def _num(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if v == v else None


def _assumed_note(*materials: Material) -> list[str]:
    return [
        f"the claim names no structure for {m.formula}; its known ground state ({PROTOTYPE_WORDS.get(m.prototype or '', m.prototype)}) was assumed"
        for m in materials
        if m.prototype_assumed and m.prototype
    ]


def _no_structure(*materials: Material) -> Judgement | None:
    missing = [m.formula for m in materials if not m.prototype]
    if not missing:
        return None
    return inconclusive(
        f"No crystal structure is known to the planner for {', '.join(missing)} and the claim names none; "
        "name one (e.g. 'in the rock-salt structure') to test it.",
        questions=[f"which crystal structure is meant for {', '.join(missing)}?"],
    )


def _one_result(material: Material, results: Results) -> tuple[str, dict[str, Any]] | Judgement:
    """The result of a one-material check (call c1), or the inconclusive judgement saying why not."""
    blocked = _no_structure(material)
    if blocked:
        return blocked
    reason = failure(results, ["c1"])
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    key, out = find(results, "c1")
    assert out is not None
    return key, out


def judge_value(spec: PropertyValueClaim, results: Results, about_pct: float) -> Judgement:
    got = _one_result(spec.material, results)
    if isinstance(got, Judgement):
        return got
    key, out = got
    v = property_value(spec.property, spec.material, out)
    word, unit = PROPERTY_WORDS[spec.property], PROPERTY_UNITS[spec.property]
    if v is None:
        return inconclusive(f"The equation of state gave no {word} for {spec.material.label()}.")
    calc = calculator_of(out)
    claim_tol = about_pct if spec.relation == "about" else spec.precision_pct
    model = calibration.error_model(spec.property, calc, spec.material.formula, spec.material.prototype)
    decision = un.calibrated_value_decision(
        v, spec.relation, spec.value, spec.upper, claim_tol_pct=claim_tol, model=model, unit=unit
    )
    factor, notes = penalty(out)
    statement = f"{calc} equation of state of {spec.material.label()}: {word} = {v:.4g} {unit}"
    ev = Evidence(kind="simulation", statement=statement, supports=None, tool_run_id=key, value=v, unit=unit)
    rel = {"about": "about", "equal": "", "below": "below", "above": "above", "between": "between"}[
        spec.relation
    ]
    target = f"{spec.value:g}" + (f"-{spec.upper:g}" if spec.upper is not None else "")
    summary = f"computed {word} of {spec.material.label()} is {v:.4g} {unit} ({calc}); claim: {'not ' if spec.negated else ''}{rel} {target} {unit}".replace(
        "  ", " "
    )
    return verdict_from(
        decision, spec.negated, claim_summary=summary, evidence=[ev], values={spec.property: v},
        factor=factor, questions=_assumed_note(spec.material) + _structure_untested(spec) + notes,
    )  # fmt: skip


def _structure_untested(spec: PropertyValueClaim) -> list[str]:
    """A claim like 'Cu crystallizes in fcc with a = 3.6 Å' also asserts a structure; say it was not tested."""
    if spec.material.prototype_assumed or not re.search(
        r"crystalli[sz]|adopts?\b|ground[- ]state", spec.text, re.I
    ):
        return []
    proto = PROTOTYPE_WORDS.get(spec.material.prototype or "", spec.material.prototype)
    return [f"the claim also states that {spec.material.formula} takes the {proto} structure; that part was taken "
            f"as given, not tested (test it as a separate polymorph claim)"]  # fmt: skip


def judge_comparison(spec: PropertyComparisonClaim, results: Results) -> Judgement:
    blocked = _no_structure(spec.first, spec.second)
    if blocked:
        return blocked
    reason = failure(results, ["c1", "c2"])
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    (k1, o1), (k2, o2) = find(results, "c1"), find(results, "c2")
    assert o1 is not None and o2 is not None
    v1, v2 = property_value(spec.property, spec.first, o1), property_value(spec.property, spec.second, o2)
    word, unit = PROPERTY_WORDS[spec.property], PROPERTY_UNITS[spec.property]
    if v1 is None or v2 is None:
        return inconclusive(f"The equation of state gave no {word} for one of the two materials.")
    calc = calculator_of(o1)
    shift, width = calibration.comparison(
        spec.property, calc, (spec.first.formula, spec.first.prototype), (spec.second.formula, spec.second.prototype)
    )
    decision = un.comparison_decision(v1, v2, spec.relation, log_error=width, log_shift=shift)
    factor, notes = penalty(o1, o2)
    evidence = [
        Evidence(kind="simulation", statement=f"{calculator_of(o)} equation of state of {m.label()}: {word} = {v:.4g} {unit}",
                 supports=None, tool_run_id=k, value=v, unit=unit)
        for k, o, m, v in ((k1, o1, spec.first, v1), (k2, o2, spec.second, v2))
    ]  # fmt: skip
    rel = "larger" if spec.relation == "greater" else "smaller"
    summary = (
        f"{word} of {spec.first.label()} = {v1:.4g} {unit} vs {spec.second.label()} = {v2:.4g} {unit} ({calc}); "
        f"claim: the first is {'not ' if spec.negated else ''}{rel}"
    )
    values = {f"{spec.property}_first": v1, f"{spec.property}_second": v2}
    return verdict_from(
        decision, spec.negated, claim_summary=summary, evidence=evidence, values=values, factor=factor,
        questions=_assumed_note(spec.first, spec.second) + notes,
    )  # fmt: skip


def plan_polymorph(spec: PolymorphClaim, calculator: str, relax: bool = True) -> list[ToolCall]:
    if spec.pressure_gpa is not None:  # a pressure condition: enthalpies, not energies
        from agent.judges.pressure import plan_pressure_polymorph

        return plan_pressure_polymorph(spec, calculator)
    prototypes = [spec.ground, *spec.others]
    args = {"formula": spec.formula, "prototypes": prototypes, "calculator": calculator, "relax": relax}
    return [ToolCall(id="c1", name="compare_polymorphs", args=args)]


def judge_polymorph(spec: PolymorphClaim, results: Results) -> Judgement:
    if spec.pressure_gpa is not None:
        from agent.judges.pressure import judge_pressure_polymorph

        return judge_pressure_polymorph(spec, results)
    reason = failure(results, ["c1"])
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    key, out = find(results, "c1")
    assert out is not None
    energies = {
        str(r.get("prototype")): float(r["energy_per_atom_ev"])
        for r in out.get("ranking") or []
        if _num(r.get("energy_per_atom_ev")) is not None
    }
    if spec.ground not in energies or not any(o in energies for o in spec.others):
        return inconclusive(
            f"The polymorph comparison returned no energy for {spec.ground} or its competitors."
        )
    others = {o: energies[o] for o in spec.others if o in energies}
    best_other = min(others, key=lambda o: others[o])
    gap = others[best_other] - energies[spec.ground]
    calc = calculator_of(out)
    fitted = polymorph_bands.describe(calc, spec.formula)
    decision = un.energy_decision(
        gap, un.polymorph_band_ev(calc, spec.ground, best_other, spec.formula),
        f"energy gap ({fitted})" if fitted else "energy gap",
    )
    factor, notes = penalty(out)
    order = ", ".join(
        f"{PROTOTYPE_WORDS.get(p, p)} {e - min(energies.values()):+.3f}"
        for p, e in sorted(energies.items(), key=lambda x: x[1])
    )
    ev = Evidence(
        kind="simulation",
        statement=f"{calc} relaxed energies of {spec.formula} (eV/atom relative to the lowest): {order}",
        supports=None, tool_run_id=key, value=gap, unit="eV/atom",
    )  # fmt: skip
    summary = (
        f"{PROTOTYPE_WORDS.get(spec.ground, spec.ground)} {spec.formula} lies {abs(gap) * 1000:.0f} meV/atom "
        f"{'below' if gap > 0 else 'above'} {PROTOTYPE_WORDS.get(best_other, best_other)} ({calc}); claim: "
        f"{PROTOTYPE_WORDS.get(spec.ground, spec.ground)} is {'not ' if spec.negated else ''}the lowest of these"
    )
    questions = notes + (
        [f"competing structures were not named; compared with {', '.join(spec.others)}"]
        if spec.others_assumed
        else []
    )
    values = {f"e_{p}": e for p, e in energies.items()} | {"gap_ev_per_atom": gap}
    return verdict_from(decision, spec.negated, claim_summary=summary, evidence=[ev], values=values,
                        factor=factor, questions=questions)  # fmt: skip


def plan_formation(spec: FormationEnergyClaim, calculator: str) -> list[ToolCall]:
    if not spec.material.prototype:
        return []
    args = {"structure": structure(spec.material), "calculator": calculator}
    return [ToolCall(id="c1", name="formation_energy", args=args)]


def judge_formation(spec: FormationEnergyClaim, results: Results) -> Judgement:
    got = _one_result(spec.material, results)
    if isinstance(got, Judgement):
        return got
    key, out = got
    ef = _num(out.get("formation_energy_ev_per_atom"))
    if ef is None:
        return inconclusive("The formation-energy tool returned no value.")
    calc = calculator_of(out)
    band = un.FORMATION_BAND_EV.get(calc, un.DEFAULT_ENERGY_BAND_EV)
    signed = -ef if spec.sign == "negative" else ef
    decision = un.energy_decision(signed, band, "formation energy sign")
    refs = ", ".join(f"{r.get('element')}: {r.get('reference')}" for r in out.get("references") or [])
    ev = Evidence(
        kind="simulation",
        statement=f"{calc} formation energy of {spec.material.label()}: {ef:+.3f} eV/atom (references {refs})",
        supports=None, tool_run_id=key, value=ef, unit="eV/atom",
    )  # fmt: skip
    factor, notes = penalty(out)
    summary = f"formation energy of {spec.material.label()} is {ef:+.3f} eV/atom ({calc}); claim: {'not ' if spec.negated else ''}{spec.sign}"
    return verdict_from(decision, spec.negated, claim_summary=summary, evidence=[ev],
                        values={"formation_energy_ev_per_atom": ef}, factor=factor,
                        questions=_assumed_note(spec.material) + notes)  # fmt: skip
