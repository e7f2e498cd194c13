"""Each claim kind's spec rendered back to one canonical sentence: what was actually tested (the
kind table, agent/language/kinds.py, dispatches to these; a compound renders its parts there).

Shown with every verdict as "Tested as: ..." so a reader can see at once whether the test matches
what they meant (a misread role, a dropped condition or an assumed structure is visible here).
"""

from __future__ import annotations

from typing import Any

from agent.language.lexicon import PROTOTYPE_WORDS
from agent.language.specs import (
    PROPERTY_UNITS,
    PROPERTY_WORDS,
    BondAngleClaim,
    BondLengthComparisonClaim,
    BondLengthValueClaim,
    FormationEnergyClaim,
    LiteratureClaim,
    Material,
    MoleculeShapeClaim,
    PolymorphClaim,
    PropertyComparisonClaim,
    PropertyValueClaim,
    RefusedClaim,
)

STATIC = "static crystal at 0 K and zero pressure"
_REL = {"about": "about", "equal": "equal to", "below": "below", "above": "above", "between": "between"}


def _not(spec: Any) -> str:
    return "not " if spec.negated else ""


def _material(m: Material) -> str:
    if not m.prototype:
        return f"{m.formula} (no structure known)"
    proto = PROTOTYPE_WORDS.get(m.prototype, m.prototype)
    return f"{proto} {m.formula}" + (
        " (its known ground-state structure, assumed)" if m.prototype_assumed else ""
    )


def _target(value: float, upper: float | None, relation: str, unit: str) -> str:
    if relation == "between" and upper is not None:
        return f"between {value:g} and {upper:g} {unit}"
    return f"{_REL.get(relation, relation)} {value:g} {unit}"


def _proto(name: str) -> str:
    return PROTOTYPE_WORDS.get(name, name)


def value_tested_as(spec: PropertyValueClaim) -> str:
    word, unit = PROPERTY_WORDS[spec.property], PROPERTY_UNITS[spec.property]
    return (
        f"The {word} of {_material(spec.material)} is {_not(spec)}"
        f"{_target(spec.value, spec.upper, spec.relation, unit)} ({STATIC})."
    )


def comparison_tested_as(spec: PropertyComparisonClaim) -> str:
    rel = "larger" if spec.relation == "greater" else "smaller"
    return (
        f"{_material(spec.first)} has {_not(spec)}a {rel} {PROPERTY_WORDS[spec.property]} than "
        f"{_material(spec.second)} ({STATIC})."
    )


def polymorph_tested_as(spec: PolymorphClaim) -> str:
    if spec.pressure_gpa is not None:
        from agent.judges.pressure import pressure_polymorph_tested_as

        return pressure_polymorph_tested_as(spec)
    others = ", ".join(_proto(o) for o in spec.others)
    scope = " (every common prototype of this composition)" if spec.others_assumed else ""
    return (
        f"{spec.formula} has {_not(spec)}a lower energy per atom in the {_proto(spec.ground)} structure "
        f"than in each of: {others}{scope} ({STATIC})."
    )


def formation_tested_as(spec: FormationEnergyClaim) -> str:
    return (
        f"The formation energy of {_material(spec.material)} from its elements in their reference "
        f"states is {_not(spec)}{spec.sign} ({STATIC})."
    )


def method_words(spec: object) -> str:
    """The molecular method the planner uses for this claim (agent/judges/methods.py), in words."""
    from agent.display.words import calculator_words
    from agent.judges.methods import primary_molecular

    return calculator_words(primary_molecular(spec) or "xtb")


def check_words(spec: object) -> str:
    """'; <method> as the independent check' for the stress test's other method ('' if none)."""
    from agent.display.words import calculator_words
    from agent.judges.methods import independent_molecular, primary_molecular

    other = independent_molecular(spec, primary_molecular(spec) or "xtb")
    return f"; {calculator_words(other)} as the independent check" if other else ""


def _geometry(spec: object) -> str:
    return f"{method_words(spec)} geometry{check_words(spec)}"


def shape_tested_as(spec: MoleculeShapeClaim) -> str:
    return (f"The optimised isolated {spec.molecule} molecule is {_not(spec)}{spec.shape} "
            f"(gas phase, 0 K; {_geometry(spec)}).")  # fmt: skip


def angle_tested_as(spec: BondAngleClaim) -> str:
    what = f"{spec.elements} angle" if spec.elements else "bond angle"
    return (
        f"The {what} of the optimised isolated {spec.molecule} molecule is {_not(spec)}"
        f"{_target(spec.value, spec.upper, spec.relation, '°')} ({_geometry(spec)})."
    )


def length_tested_as(spec: BondLengthValueClaim) -> str:
    what = f"{spec.bond.elements} bond" if spec.bond.elements else "bond"
    return (
        f"The {what} of the optimised isolated {spec.bond.molecule} molecule is {_not(spec)}"
        f"{_target(spec.value, spec.upper, spec.relation, 'Å')} long ({_geometry(spec)})."
    )


def length_comparison_tested_as(spec: BondLengthComparisonClaim) -> str:
    rel = "longer" if spec.relation == "greater" else "shorter"
    return (
        f"The {spec.first.elements or ''} bond in {spec.first.molecule} is {_not(spec)}{rel} than the "
        f"{spec.second.elements or ''} bond in {spec.second.molecule} (optimised isolated molecules; "
        f"{_geometry(spec)})."
    ).replace("  ", " ")


def refused_tested_as(spec: RefusedClaim) -> str:
    read = f" ({spec.parsed_as[0].upper()}{spec.parsed_as[1:]}.)" if spec.parsed_as else ""
    return f"Not tested: {'; '.join(spec.reasons)}.{read}"


def literature_tested_as(spec: LiteratureClaim) -> str:
    return f"A passage in your literature index states that: {spec.text}"
