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

from agent.planner import checks, checks_molecules, compound
from agent.planner.claims import (
    BondAngleClaim,
    BondLengthComparisonClaim,
    BondLengthValueClaim,
    ClaimSpec,
    CompoundClaim,
    FormationEnergyClaim,
    LiteratureClaim,
    MoleculeShapeClaim,
    PolymorphClaim,
    PropertyComparisonClaim,
    PropertyValueClaim,
    RefusedClaim,
)
from agent.planner.literature import judge_literature, plan_literature
from agent.planner.models import Judgement, Proposal, ToolCall, Variant
from agent.planner.parse import literature_claim, parse_claim, unsupported_reason
from agent.planner.predictions import predictions
from agent.planner.propose import propose, rank
from agent.planner.rendering import tested_as
from agent.planner.stress import stress_variants
from agent.planner.tool_results import inconclusive

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
    "tested_as",
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
    if isinstance(spec, RefusedClaim):
        return []  # a claim the test would misread is not computed at all
    if isinstance(spec, CompoundClaim):
        return [
            c
            for i, part in enumerate(spec.parts, 1)
            for c in compound.prefixed(i, plan_calls(part, calculator=calculator))
        ]
    if isinstance(spec, PropertyValueClaim | PropertyComparisonClaim):
        return checks.plan_property(spec, calculator)
    if isinstance(spec, PolymorphClaim):
        return checks.plan_polymorph(spec, calculator)
    if isinstance(spec, FormationEnergyClaim):
        return checks.plan_formation(spec, calculator)
    if isinstance(spec, LiteratureClaim):
        return plan_literature(spec)
    if isinstance(
        spec, MoleculeShapeClaim | BondAngleClaim | BondLengthValueClaim | BondLengthComparisonClaim
    ):
        return checks_molecules.plan_molecular(spec, calculator)
    return []


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
    if isinstance(spec, RefusedClaim):
        return inconclusive(
            "Not tested: the claim says more than the test would represent: " + "; ".join(spec.reasons) + ".",
            questions=["rephrase the claim so that every word is something the test represents, or split it"],
        )
    if isinstance(spec, CompoundClaim):
        parts = [_judge(p, compound.part_results(i, results), about) for i, p in enumerate(spec.parts, 1)]
        return compound.judge_compound(spec, parts)
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
    assert isinstance(spec, LiteratureClaim)
    return judge_literature(spec, results)
