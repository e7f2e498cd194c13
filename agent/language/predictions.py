"""Falsifiable predictions each claim kind makes, in words (what the planned calls check); the kind
table (agent/language/kinds.py) dispatches to them."""

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
    MoleculeShapeClaim,
    PolymorphClaim,
    PropertyComparisonClaim,
    PropertyValueClaim,
)


def _not(spec: Any) -> str:
    return "not " if spec.negated else ""


def value_predictions(spec: PropertyValueClaim) -> list[str]:
    word, unit = PROPERTY_WORDS[spec.property], PROPERTY_UNITS[spec.property]
    target = f"{spec.value:g}" + (f" to {spec.upper:g}" if spec.upper is not None else "")
    rel = {"equal": "equal to", "about": "about", "between": "between"}.get(spec.relation, spec.relation)
    return [f"The computed {word} of {spec.material.label()} is {_not(spec)}{rel} {target} {unit}."]


def comparison_predictions(spec: PropertyComparisonClaim) -> list[str]:
    word = PROPERTY_WORDS[spec.property]
    rel = "larger" if spec.relation == "greater" else "smaller"
    return [
        f"The computed {word} of {spec.first.label()} is {_not(spec)}{rel} than that of {spec.second.label()}."
    ]


def polymorph_predictions(spec: PolymorphClaim) -> list[str]:
    if spec.pressure_gpa is not None:
        from agent.judges.pressure import pressure_polymorph_predictions

        return pressure_polymorph_predictions(spec)
    g = PROTOTYPE_WORDS.get(spec.ground, spec.ground)
    return [
        f"{spec.formula} in the {g} structure has a {'higher or equal' if spec.negated else 'lower'} relaxed energy "
        f"per atom than in the {PROTOTYPE_WORDS.get(o, o)} structure."
        for o in spec.others
    ]


def formation_predictions(spec: FormationEnergyClaim) -> list[str]:
    return [f"The formation energy of {spec.material.label()} from its elements is {_not(spec)}{spec.sign}."]


def shape_predictions(spec: MoleculeShapeClaim) -> list[str]:
    return [f"The optimised {spec.molecule} molecule is {_not(spec)}{spec.shape}."]


def angle_predictions(spec: BondAngleClaim) -> list[str]:
    return [
        f"The optimised {spec.elements or ''} angle of {spec.molecule} is {_not(spec)}{spec.relation} {spec.value:g}°."
    ]


def length_predictions(spec: BondLengthValueClaim) -> list[str]:
    return [
        f"The optimised {spec.bond.elements or ''} bond of {spec.bond.molecule} is {_not(spec)}{spec.relation} {spec.value:g} Å."
    ]


def length_comparison_predictions(spec: BondLengthComparisonClaim) -> list[str]:
    rel = "longer" if spec.relation == "greater" else "shorter"
    return [
        f"The {spec.first.elements or ''} bond in {spec.first.molecule} is {_not(spec)}{rel} than the "
        f"{spec.second.elements or ''} bond in {spec.second.molecule}."
    ]


def literature_predictions(spec: LiteratureClaim) -> list[str]:
    return [
        "A passage in the literature index states the same relation between the same entities, with the same polarity."
    ]
