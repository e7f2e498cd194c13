"""Dynamical stability claims: 'bcc copper is dynamically stable', 'fcc Al has imaginary phonon
modes'. Spec, parser, plan and judge in one small module (the phonons tool does the work).

Tested as: the crystal, relaxed with the calculator, has no imaginary phonon mode on a q mesh, in
two supercell sizes (the tool reports null when they disagree: inconclusive). No bench measures how
often a calculator's stability verdict matches experiment or DFT, so the confidence is capped
below 0.7 (UNCALIBRATED_CAP): a decided verdict is modest, with the reason.
"""

from __future__ import annotations

from typing import Any

from agent.judges import uncertainty as un
from agent.judges.models import Judgement, ToolCall
from agent.judges.tool_results import calculator_of, failure, find, inconclusive, penalty, verdict_from
from agent.language.specs_thermal import DynamicalStabilityClaim
from agent.results import Evidence

UNCALIBRATED_CAP = 0.65
def plan_stability(spec: DynamicalStabilityClaim, calculator: str) -> list[ToolCall]:
    if not spec.material.prototype:
        return []
    structure = {"formula": spec.material.formula, "prototype": spec.material.prototype}
    return [ToolCall(id="c1", name="phonons", args={"structure": structure, "calculator": calculator})]


def judge_stability(
    spec: DynamicalStabilityClaim, results: dict[str, dict[str, Any]], about: float
) -> Judgement:
    if not spec.material.prototype:
        return inconclusive(
            f"No crystal structure is known to the planner for {spec.material.formula}; name one."
        )
    reason = failure(results, ["c1"])
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    key, out = find(results, "c1")
    assert out is not None
    calc, fmin, stable = calculator_of(out), float(out["min_frequency_thz"]), out.get("dynamically_stable")
    sizes = ", ".join(f"{p['supercell_atoms']}" for p in out.get("convergence") or [])
    statement = f"{calc} phonons of {spec.material.label()}: lowest mode {fmin:.3g} THz (negative = imaginary), supercells of {sizes} atoms"
    ev = Evidence(
        kind="simulation", statement=statement, supports=None, tool_run_id=key, value=fmin, unit="THz"
    )
    why = (
        "the stability verdict is uncalibrated (no bench compares the calculator's phonon instabilities "
        "with experiment or DFT), so its confidence stays below 0.7"
    )
    if stable is None:
        decision = un.Decision(None, 0.2, "the supercells disagree on imaginary modes")
    else:
        margin = (
            abs(fmin) / 0.1 if not stable else 3.0
        )  # how far the softest mode is past the 0.1 THz threshold
        decision = un.Decision(bool(stable) == spec.stable, min(un.confidence(margin), UNCALIBRATED_CAP), why)
    factor, notes = penalty(out)
    word = "dynamically stable" if spec.stable else "dynamically unstable"
    summary = f"{spec.material.label()} is {'not ' if stable is False else ''}dynamically stable with {calc} (lowest mode {fmin:.3g} THz); claim: {'not ' if spec.negated else ''}{word}"
    return verdict_from(decision, spec.negated, claim_summary=summary, evidence=[ev], values={"min_frequency_thz": fmin},
                        factor=factor, questions=notes)  # fmt: skip


def stability_tested_as(spec: DynamicalStabilityClaim) -> str:
    label = spec.material.label() + (
        " (its known ground-state structure, assumed)" if spec.material.prototype_assumed else ""
    )
    word = "stable (no imaginary phonon modes)" if spec.stable else "unstable (imaginary phonon modes)"
    return (
        f"{label} is {'not ' if spec.negated else ''}dynamically {word}: phonopy finite displacements on the "
        "crystal relaxed with the calculator, q mesh, two supercell sizes."
    )


def stability_predictions(spec: DynamicalStabilityClaim) -> list[str]:
    return [stability_tested_as(spec)]
