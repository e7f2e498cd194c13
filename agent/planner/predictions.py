"""Falsifiable predictions a claim spec makes, in words (what the planned calls check)."""

from __future__ import annotations

from typing import Any

from agent.planner.claims import (
    PROPERTY_UNITS,
    PROPERTY_WORDS,
    BondAngleClaim,
    BondLengthComparisonClaim,
    BondLengthValueClaim,
    ClaimSpec,
    CompoundClaim,
    FormationEnergyClaim,
    MoleculeShapeClaim,
    PolymorphClaim,
    PropertyComparisonClaim,
    PropertyValueClaim,
    RefusedClaim,
)
from agent.planner.lexicon import PROTOTYPE_WORDS


def _not(spec: Any) -> str:
    return "not " if spec.negated else ""


def predictions(spec: ClaimSpec) -> list[str]:
    """Falsifiable predictions the planned calls check, in words."""
    if isinstance(spec, CompoundClaim):
        return [p for part in spec.parts for p in predictions(part)]
    if isinstance(spec, RefusedClaim):
        return []
    if isinstance(spec, PropertyValueClaim):
        word, unit = PROPERTY_WORDS[spec.property], PROPERTY_UNITS[spec.property]
        target = f"{spec.value:g}" + (f" to {spec.upper:g}" if spec.upper is not None else "")
        rel = {"equal": "equal to", "about": "about", "between": "between"}.get(spec.relation, spec.relation)
        return [f"The computed {word} of {spec.material.label()} is {_not(spec)}{rel} {target} {unit}."]
    if isinstance(spec, PropertyComparisonClaim):
        word = PROPERTY_WORDS[spec.property]
        rel = "larger" if spec.relation == "greater" else "smaller"
        return [
            f"The computed {word} of {spec.first.label()} is {_not(spec)}{rel} than that of {spec.second.label()}."
        ]
    if isinstance(spec, PolymorphClaim):
        g = PROTOTYPE_WORDS.get(spec.ground, spec.ground)
        return [
            f"{spec.formula} in the {g} structure has a {'higher or equal' if spec.negated else 'lower'} relaxed energy "
            f"per atom than in the {PROTOTYPE_WORDS.get(o, o)} structure."
            for o in spec.others
        ]
    if isinstance(spec, FormationEnergyClaim):
        return [
            f"The formation energy of {spec.material.label()} from its elements is {_not(spec)}{spec.sign}."
        ]
    if isinstance(spec, MoleculeShapeClaim):
        return [f"The optimised {spec.molecule} molecule is {_not(spec)}{spec.shape}."]
    if isinstance(spec, BondAngleClaim):
        return [
            f"The optimised {spec.elements or ''} angle of {spec.molecule} is {_not(spec)}{spec.relation} {spec.value:g}°."
        ]
    if isinstance(spec, BondLengthValueClaim):
        return [
            f"The optimised {spec.bond.elements or ''} bond of {spec.bond.molecule} is {_not(spec)}{spec.relation} {spec.value:g} Å."
        ]
    if isinstance(spec, BondLengthComparisonClaim):
        rel = "longer" if spec.relation == "greater" else "shorter"
        return [
            f"The {spec.first.elements or ''} bond in {spec.first.molecule} is {_not(spec)}{rel} than the "
            f"{spec.second.elements or ''} bond in {spec.second.molecule}."
        ]
    return [
        "A passage in the literature index states the same relation between the same entities, with the same polarity."
    ]
