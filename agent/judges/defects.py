"""Plan and judge vacancy-formation-energy and surface-energy claims with every calculator that
treats the metal (EMT, CHGNet, SevenNet), combined by the rule of agent/judges/bounds.py.

Both quantities carry large one-sided calculator errors (agent/judges/calibration.py), so one calculator
alone rarely decides a value; two whose bounds overlap can. The tool settings are those of the
benchmark that measured the errors (bench/tools_accuracy_crystals.py), so the errors apply.
"""

from __future__ import annotations

import math
from typing import Any

from agent.judges import bounds as bd
from agent.judges.models import Judgement, ToolCall
from agent.judges.tool_results import failure, find, inconclusive, penalty
from agent.language.specs import Material
from agent.language.specs_science import SurfaceEnergyClaim, VacancyEnergyClaim
from agent.results import Evidence

Results = dict[str, dict[str, Any]]
# Every crystal calculator the bench calibrated for these quantities (the bounds rule combines them).
CALCULATORS = ("emt", "chgnet", "sevennet")
# The benchmark's settings (bench/tools_accuracy_crystals.py), under which the errors were measured.
VACANCY_SUPERCELLS = {"fcc": [32, 64], "bcc": [16, 54], "hcp": [16, 54]}
SURFACE_SETTINGS: dict[str, Any] = {"planes": [4, 6], "vacuum_a": [10.0, 14.0]}
# Facet orderings: no experiment resolves them, so no error is measured; an ordering is decided
# only when each calculator's facet ratio exceeds this and every calculator agrees, and then only
# modestly.
FACET_MIN_LOG = math.log(1.05)
FACET_CAP_TWO = 0.65
FACET_CAP_ONE = 0.55


def calculators_for(material: Material) -> list[str]:
    from tools.calculators import supported_calculators

    able = set(supported_calculators([material.formula], periodic=True))
    return [c for c in CALCULATORS if c in able]


def _structure(m: Material) -> dict[str, Any]:
    return {"formula": m.formula, "prototype": m.prototype}


def plan_vacancy(spec: VacancyEnergyClaim, calculator: str) -> list[ToolCall]:
    """Every able calculator for every metal (the rule needs both); ``calculator`` is not used."""
    materials = [spec.material] + ([spec.second] if spec.second else [])
    if any(not m.prototype for m in materials):
        return []
    calls = []
    for i, m in enumerate(materials, 1):
        for calc in calculators_for(m):
            args = {"structure": _structure(m), "calculator": calc,
                    "supercell_atoms": VACANCY_SUPERCELLS.get(m.prototype or "", [32, 64])}  # fmt: skip
            calls.append(ToolCall(id=f"c{i}{calc}", name="vacancy_formation_energy", args=args))
    return calls


def plan_surface(spec: SurfaceEnergyClaim, calculator: str) -> list[ToolCall]:
    if not spec.material.prototype:
        return []
    facets = [spec.miller] + ([spec.other_miller] if spec.other_miller else [])
    return [
        ToolCall(id=f"c{i}{calc}", name="surface_energy",
                 args={"structure": _structure(spec.material), "calculator": calc, "miller": list(f), **SURFACE_SETTINGS})
        for i, f in enumerate(facets, 1) for calc in calculators_for(spec.material)
    ]  # fmt: skip


def _values(results: Results, index: int, key: str) -> tuple[dict[str, tuple[str, float]], list[str]]:
    """calculator -> (tool run id, value) for the calls of item ``index``; plus warnings."""
    got: dict[str, tuple[str, float]] = {}
    notes: list[str] = []
    for calc in CALCULATORS:
        run_id, out = find(results, f"c{index}{calc}")
        if out is None or "error" in out or not isinstance(out.get(key), int | float):
            continue
        got[calc] = (run_id, float(out[key]))
        notes += penalty(out)[1]
    return got, notes


def _missing(results: Results, spec_calls: list[ToolCall]) -> Judgement | None:
    if not spec_calls:
        return inconclusive(
            "No crystal structure is known to the planner for this metal; name one (fcc, bcc, hcp)."
        )
    reason = failure(results, [c.id for c in spec_calls])
    return inconclusive(f"Cannot judge: {reason}.") if reason else None


def _judgement(outcome: bd.Outcome, negated: bool, summary: str, evidence: list[Evidence],
               values: dict[str, float], notes: list[str]) -> Judgement:  # fmt: skip
    if outcome.holds is None:
        return inconclusive(f"Too close to call: {summary}; {outcome.reason}.", evidence=evidence,
                            tolerance=outcome.reason, values=values,
                            questions=notes + ["a more accurate method (DFT) or an experiment is needed to decide"])  # fmt: skip
    supported = outcome.holds != negated
    label = "supported" if supported else "refuted"
    return Judgement(
        verdict=label, confidence=round(outcome.confidence, 3),
        summary=f"{label.capitalize()}: {summary}; {outcome.reason}.", tolerance=outcome.reason,
        evidence=[e.model_copy(update={"supports": supported}) if not outcome.by or e.statement.split(" ")[0] in outcome.by
                  else e for e in evidence], values=values,
        open_questions=notes,
    )  # fmt: skip


def _value_outcome(quantity: str, got: dict[str, tuple[str, float]], spec: Any, about: float) -> bd.Outcome:
    m = spec.material
    bounds = [b for c, (_, v) in got.items() if (b := bd.bound(c, quantity, v, m.formula, m.prototype)) is not None]
    tol_pct = about if spec.relation == "about" else spec.precision_pct
    lo, hi = bd.claim_range(spec.relation, spec.value, spec.upper, abs(spec.value) * tol_pct / 100)
    return bd.decide_value(bounds, lo, hi)


def _evidence(what: str, got: dict[str, tuple[str, float]], unit: str, quantity: str, m: Material) -> list[Evidence]:
    out = []
    for calc, (run_id, v) in got.items():
        b = bd.bound(calc, quantity, v, m.formula, m.prototype)
        rng = f" (with its measured error range: {b.low:.3g}-{b.high:.3g} {unit})" if b else ""
        out.append(Evidence(kind="simulation", statement=f"{calc} {what} = {v:.3g} {unit}{rng}",
                            supports=None, tool_run_id=run_id, value=v, unit=unit))  # fmt: skip
    return out


def judge_vacancy(spec: VacancyEnergyClaim, results: Results, about: float) -> Judgement:
    blocked = _missing(results, plan_vacancy(spec, "auto"))
    if blocked:
        return blocked
    q = "vacancy_formation_energy"
    first, notes = _values(results, 1, "energy_ev")
    evidence = _evidence(f"vacancy formation energy of {spec.material.formula}", first, "eV", q, spec.material)
    values = {f"{c}_{spec.material.formula}": v for c, (_, v) in first.items()}
    if spec.second is None:
        outcome = _value_outcome(q, first, spec, about)
        rel = {"equal": "", "about": "about "}.get(spec.relation, spec.relation + " ")
        summary = f"vacancy formation energy of {spec.material.formula}: " + ", ".join(
            f"{c} {v:.3g} eV" for c, (_, v) in first.items()) + f"; claim: {'not ' if spec.negated else ''}{rel}{spec.value:g} eV"  # fmt: skip
        return _judgement(outcome, spec.negated, summary, evidence, values, notes)
    second, notes2 = _values(results, 2, "energy_ev")
    evidence += _evidence(f"vacancy formation energy of {spec.second.formula}", second, "eV", q, spec.second)
    values |= {f"{c}_{spec.second.formula}": v for c, (_, v) in second.items()}
    pairs = [(c, first[c][1], second[c][1]) for c in first if c in second]
    materials = ((spec.material.formula, spec.material.prototype), (spec.second.formula, spec.second.prototype))
    outcome = bd.decide_ratio(pairs, spec.relation, q, materials)
    rel = "larger" if spec.relation == "greater" else "smaller"
    summary = f"vacancy formation energy {spec.material.formula} vs {spec.second.formula}: " + ", ".join(
        f"{c} {a:.3g} vs {b:.3g} eV" for c, a, b in pairs) + f"; claim: the first is {'not ' if spec.negated else ''}{rel}"  # fmt: skip
    return _judgement(outcome, spec.negated, summary, evidence, values, notes + notes2)


def _facet_outcome(pairs: list[tuple[str, float, float]], relation: str) -> bd.Outcome:
    """Facet ordering: every calculator beyond FACET_MIN_LOG and agreeing (see the module note)."""
    said = []
    for _, a, b in pairs:
        d = math.log(a / b) if a > 0 and b > 0 else 0.0
        said.append(None if abs(d) <= FACET_MIN_LOG else (d > 0) == (relation == "greater"))
    if not said or None in said or len(set(said)) > 1:
        return bd.Outcome(None, 0.2, f"the facet ordering must exceed {100 * (math.exp(FACET_MIN_LOG) - 1):.0f} % with "
                                     "every calculator agreeing (facet-resolved errors are not measured)")  # fmt: skip
    cap = FACET_CAP_TWO if len(said) > 1 else FACET_CAP_ONE
    return bd.Outcome(said[0], cap, f"{' and '.join(c for c, _, _ in pairs)} agree on the ordering "
                                    "(facet-resolved errors are not measured: modest confidence)",
                      tuple(c for c, _, _ in pairs))  # fmt: skip


def judge_surface(spec: SurfaceEnergyClaim, results: Results, about: float) -> Judgement:
    blocked = _missing(results, plan_surface(spec, "auto"))
    if blocked:
        return blocked
    q = "surface_energy"
    hkl = "".join(map(str, spec.miller))
    first, notes = _values(results, 1, "gamma_j_m2")
    evidence = _evidence(f"({hkl}) surface energy of {spec.material.formula}", first, "J/m²", q, spec.material)
    values = {f"{c}_{hkl}": v for c, (_, v) in first.items()}
    if spec.other_miller is None:
        outcome = _value_outcome(q, first, spec, about)
        summary = f"({hkl}) surface energy of {spec.material.formula}: " + ", ".join(
            f"{c} {v:.3g} J/m²" for c, (_, v) in first.items()) + f"; claim: {'not ' if spec.negated else ''}{spec.relation} {spec.value:g} J/m²"  # fmt: skip
        return _judgement(outcome, spec.negated, summary, evidence, values, notes)
    other = "".join(map(str, spec.other_miller))
    second, notes2 = _values(results, 2, "gamma_j_m2")
    evidence += [e.model_copy(update={"statement": e.statement.split(" (with")[0]})
                 for e in _evidence(f"({other}) surface energy of {spec.material.formula}", second, "J/m²", q, spec.material)]  # fmt: skip
    evidence = [e.model_copy(update={"statement": e.statement.split(" (with")[0]}) for e in evidence]
    values |= {f"{c}_{other}": v for c, (_, v) in second.items()}
    pairs = [(c, first[c][1], second[c][1]) for c in first if c in second]
    rel = "higher" if spec.relation == "greater" else "lower"
    summary = f"{spec.material.formula} surface energies ({hkl}) vs ({other}): " + ", ".join(
        f"{c} {a:.3g} vs {b:.3g} J/m²" for c, a, b in pairs) + f"; claim: ({hkl}) is {'not ' if spec.negated else ''}{rel}"  # fmt: skip
    return _judgement(
        _facet_outcome(pairs, spec.relation), spec.negated, summary, evidence, values, notes + notes2
    )
