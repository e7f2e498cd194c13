"""hypoloop's offline planner: a deterministic, rule-based stand-in for a language model.

It parses the claim kinds it supports, decides which tool calls to make, and judges the tool
results into a verdict with evidence. It never executes tools itself: the graph runs each
`ToolCall` with `tools.get_tool(name).invoke(args)` and hands the outputs back to `judge`.

Public API (called from the graph):
    parse_claim, predictions, plan_calls, judge, stress_variants, unsupported_reason, propose, rank
and the data objects ToolCall, Judgement, Variant, Proposal, ClaimSpec.
"""

from __future__ import annotations

from typing import Any

from agent.planner import checks, checks_molecules
from agent.planner.claims import (
    PROPERTY_UNITS,
    PROPERTY_WORDS,
    BondAngleClaim,
    BondLengthComparisonClaim,
    BondLengthValueClaim,
    ClaimSpec,
    FormationEnergyClaim,
    LiteratureClaim,
    MoleculeShapeClaim,
    PolymorphClaim,
    PropertyComparisonClaim,
    PropertyValueClaim,
)
from agent.planner.common import inconclusive
from agent.planner.lexicon import PROTOTYPE_WORDS
from agent.planner.literature import judge_literature, plan_literature
from agent.planner.models import Judgement, Proposal, ToolCall, Variant
from agent.planner.parse import literature_claim, parse_claim, unsupported_reason
from agent.planner.propose import propose, rank
from agent.planner.stress import stress_variants

__all__ = [
    "ClaimSpec",
    "Judgement",
    "Proposal",
    "ToolCall",
    "Variant",
    "judge",
    "literature_claim",
    "parse_claim",
    "plan_calls",
    "predictions",
    "propose",
    "rank",
    "spec_from_dict",
    "stress_variants",
    "unsupported_reason",
]


def spec_from_dict(data: dict[str, Any]) -> ClaimSpec:
    """A spec from its ``model_dump()`` (graph state holds plain data; this restores the model)."""
    from pydantic import TypeAdapter

    return TypeAdapter(ClaimSpec).validate_python(data)


def plan_calls(spec: ClaimSpec, *, calculator: str = "auto") -> list[ToolCall]:
    """The tool calls that test `spec` (empty when nothing can be computed, e.g. unknown structure).

    A global default calculator that cannot treat the claim's kind of system (CHGNet for a molecule,
    xTB for a crystal) falls back to 'auto' rather than planning calls that are bound to fail."""
    molecular = isinstance(
        spec, MoleculeShapeClaim | BondAngleClaim | BondLengthValueClaim | BondLengthComparisonClaim
    )
    if calculator == ("chgnet" if molecular else "xtb"):
        calculator = "auto"
    if isinstance(spec, PropertyValueClaim | PropertyComparisonClaim):
        return checks.plan_property(spec, calculator)
    if isinstance(spec, PolymorphClaim):
        return checks.plan_polymorph(spec, calculator)
    if isinstance(spec, FormationEnergyClaim):
        return checks.plan_formation(spec, calculator)
    if isinstance(spec, LiteratureClaim):
        return plan_literature(spec)
    return checks_molecules.plan_molecular(spec, calculator)


def judge(
    spec: ClaimSpec, results: dict[str, dict[str, Any]], *, about_tolerance_pct: float = 5.0
) -> Judgement:
    """Judge the claim from `results` (ToolCall.id -> tool output, error results included)."""
    try:
        return _judge(spec, results, about_tolerance_pct)
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as e:
        # Malformed tool output must end in an honest inconclusive verdict, never a crash.
        return inconclusive(f"Cannot judge: a tool result had an unexpected shape ({type(e).__name__}: {e}).")


def _judge(spec: ClaimSpec, results: dict[str, dict[str, Any]], about: float) -> Judgement:
    if isinstance(spec, PropertyValueClaim):
        return checks.judge_value(spec, results, about)
    if isinstance(spec, PropertyComparisonClaim):
        return checks.judge_comparison(spec, results)
    if isinstance(spec, PolymorphClaim):
        return checks.judge_polymorph(spec, results)
    if isinstance(spec, FormationEnergyClaim):
        return checks.judge_formation(spec, results)
    if isinstance(spec, MoleculeShapeClaim):
        return checks_molecules.judge_shape(spec, results)
    if isinstance(spec, BondAngleClaim):
        return checks_molecules.judge_angle(spec, results, about)
    if isinstance(spec, BondLengthValueClaim):
        return checks_molecules.judge_length(spec, results, about)
    if isinstance(spec, BondLengthComparisonClaim):
        return checks_molecules.judge_length_comparison(spec, results)
    return judge_literature(spec, results)


def _not(spec: Any) -> str:
    return "not " if spec.negated else ""


def predictions(spec: ClaimSpec) -> list[str]:
    """Falsifiable predictions the planned calls check, in words."""
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
        "A passage in the literature index states the claim (all its terms in one or two adjacent sentences)."
    ]
