"""Data objects the offline planner hands to the graph: tool calls, judgements, variants, proposals."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.results import Evidence


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ToolCall(_Data):
    """One tool call the graph should execute: `tools.get_tool(name).invoke(args)`."""

    id: str = Field(description="Unique within a hypothesis, e.g. 'c1'.")
    name: str
    args: dict[str, Any]


class Judgement(_Data):
    """The planner's verdict on one claim from the results of its tool calls."""

    verdict: Literal["supported", "refuted", "inconclusive"]
    confidence: float = Field(ge=0.0, le=1.0)
    summary: str
    tolerance: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    values: dict[str, float] = Field(default_factory=dict, description="Key numbers, for stress comparisons.")
    open_questions: list[str] = Field(default_factory=list)
    undecided_within_error: bool = Field(
        False,
        description="For an inconclusive judgement: the check ran and computed the claim's quantities, but "
        "the difference lies within the calculator's measured error (too close to call), as opposed to a "
        "check that could not run or does not apply. Ignored when the verdict is decided.",
    )


class Variant(_Data):
    """A way to try to break a verdict: the same check under other settings or another calculator."""

    name: str
    description: str
    calls: list[ToolCall]
    # The check's method has a larger measured error than the main one (xTB checking DFT): its
    # "too close to call" says nothing about the main verdict; only a decided opposite one counts.
    weaker: bool = False


class Candidate(_Data):
    """One proposed material: its claim, and which call's result ranks it."""

    formula: str
    prototype: str
    claim: str
    rationale: str
    call_id: str


class Proposal(_Data):
    """Rule-based proposals for a goal: calls that compute the ranking criterion, then `rank`."""

    goal: str
    n: int = Field(3, ge=1, description="How many hypotheses to keep after ranking.")
    kind: Literal["substitution_stability", "substitution_property", "substitution_similar"]
    description: str
    prototype: str
    criterion: Literal["polymorph_margin", "bulk_modulus", "lattice_constant", "formation_energy"]
    reference: str | None = Field(None, description="Reference material of a comparison or similarity goal.")
    reference_call_id: str | None = None
    higher_is_better: bool = True
    candidates: list[Candidate]
    calls: list[ToolCall]
