"""Dynamical stability claims: 'bcc copper is dynamically stable', 'fcc Al has imaginary phonon
modes'. Spec, parser, plan and judge in one small module (the phonons tool does the work).

Tested as: the crystal, relaxed with the calculator, has no imaginary phonon mode on a q mesh, in
two supercell sizes (the tool reports null when they disagree: inconclusive). No bench measures how
often a calculator's stability verdict matches experiment or DFT, so the confidence is capped
below 0.7 (UNCALIBRATED_CAP): a decided verdict is modest, with the reason.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.planner import mentions as mn
from agent.planner import uncertainty as un
from agent.planner.claims import Material
from agent.planner.models import Judgement, ToolCall
from agent.planner.tool_results import calculator_of, failure, find, inconclusive, penalty, verdict_from
from agent.results import Evidence

UNCALIBRATED_CAP = 0.65
_STABLE = re.compile(
    r"\bdynamical(?:ly)? (?P<un>un)?stable\b|\bphonon(?:s|-| )?(?P<un2>un)?stab(?:le|ility)\b", re.I
)
_IMAGINARY = re.compile(
    r"\b(?:has|have|shows?|exhibits?) (?:no )?imaginary (?:phonon )?(?:modes?|frequenc\w+)", re.I
)
OWN_WORDS = re.compile(r"\bdynamical(?:ly)?\b|\bphonons?\b|\bimaginary\b|\bmodes?\b|\bfrequenc\w+", re.I)


class DynamicalStabilityClaim(BaseModel):
    """'bcc Cu is dynamically stable' (stable=True) / '... unstable' / '... has imaginary modes'."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The claim as written.")
    negated: bool = Field(False, description="The claim asserts the opposite of the parsed proposition.")
    read_notes: list[str] = Field(default_factory=list, description="How the reader read the claim; shown in Tested as.")
    kind: Literal["dynamical_stability"] = "dynamical_stability"
    material: Material
    stable: bool = Field(description="The claim says the crystal has no imaginary phonon modes.")


def parse_stability(text: str) -> DynamicalStabilityClaim | None:
    t = mn.normalize(text)
    m, imaginary = _STABLE.search(t), _IMAGINARY.search(t)
    if m is None and imaginary is None:
        return None
    mats, protos = mn.materials(t)
    if len(mn.unique(mats)) != 1:
        return None
    if m is not None:
        stable = not (m.group("un") or m.group("un2"))
    else:
        assert imaginary is not None
        stable = " no imaginary" in imaginary.group(0).lower()
    negated = mn.negations(t) % 2 == 1 and not (imaginary is not None and stable)
    fitting = [p for p in protos if p.value in {"fcc", "bcc", "hcp", "diamond", "sc"}]
    if fitting:
        material = Material(formula=mats[0].value, prototype=fitting[0].value)
    else:
        from agent.planner.lexicon import DEFAULT_PROTOTYPE

        proto = DEFAULT_PROTOTYPE.get(mats[0].value)
        material = Material(formula=mats[0].value, prototype=proto, prototype_assumed=True)
    return DynamicalStabilityClaim(text=t, negated=negated, material=material, stable=stable)


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
