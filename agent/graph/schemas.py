"""The structured-output tools a language model is made to call: its verdict and its proposals.

The class names are the tool names the model sees. They live apart from the model driver
because they are a contract of their own (tests validate their JSON schemas against what
OpenAI's strict mode accepts)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class EvidenceItem(BaseModel):
    """One piece of evidence for the verdict."""

    kind: Literal["simulation", "literature"] = Field(description="Where the evidence comes from.")
    statement: str = Field(description="What the evidence shows, with its number if any.")
    supports: bool | None = Field(description="True if it supports the claim, false if it contradicts it.")
    tool_run_id: str | None = Field(description="run_id of the tool result it rests on, or null.")
    citation: str | None = Field(description="Citation 'doc_id#chunk_id' of the passage, or null.")


class submit_verdict(BaseModel):  # noqa: N801 - the class name is the tool name the model sees
    """Submit the final verdict on the claim."""

    verdict: Literal["supported", "refuted", "inconclusive"] = Field(description="The verdict.")
    confidence: float = Field(description="Confidence in the verdict, 0 to 1.")
    summary: str = Field(description="Two or three sentences: the verdict, the key numbers, the tolerance.")
    evidence: list[EvidenceItem] = Field(description="The evidence the verdict rests on.")
    open_questions: list[str] = Field(description="What remains uncertain or untested.")


class ProposedHypothesis(BaseModel):
    """One proposed hypothesis."""

    claim: str = Field(description="A single falsifiable claim the tools or the literature can check.")
    rationale: str = Field(description="Why it is plausible, in one sentence.")
    predictions: list[str] = Field(description="Predictions that would confirm or refute it.")


class submit_hypotheses(BaseModel):  # noqa: N801 - the class name is the tool name the model sees
    """Submit the proposed hypotheses, most plausible first."""

    hypotheses: list[ProposedHypothesis] = Field(description="The hypotheses, ranked.")
