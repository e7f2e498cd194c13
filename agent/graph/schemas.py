"""The structured-output tools a language model is made to call: its verdict, its proposals and
its formalization of a claim into a typed claim spec.

The class names are the tool names the model sees. They live apart from the model driver
because they are a contract of their own (tests validate their JSON schemas against what
OpenAI's strict mode accepts)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

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


# -- formalizing a claim: the model reads it into the planner's typed claim spec --------------------

FORMALIZE_TOOL = "submit_claim_spec"
# Spec fields the code fills in, never the model: the claim as written (copied from the claim, so the
# model cannot rewrite it) and the precision implied by the claim's digits (a model that set it
# could widen the band a value is judged within; left at its default, the calculator's measured
# error and the "about" tolerance still apply).
FILLED_BY_CODE = ("text", "precision_pct", "read_notes")


def claim_spec_tool(specs: Sequence[type[BaseModel]]) -> dict[str, Any]:
    """The OpenAI function a model calls to formalize a claim: ``spec`` is one of ``specs`` (the
    claim-kind table's spec models, so new and plug-in kinds join by being in the table) or null,
    with ``no_fit_reason`` saying why no known kind fits. The schema is strict-mode compatible
    (every property required, no ``oneOf``) so that any OpenAI-compatible server can enforce it."""
    from typing import Union

    from pydantic import create_model

    union: Any = Union[tuple(specs)] if len(specs) > 1 else specs[0]  # noqa: UP007 - built at run time
    wrapper = create_model(
        FORMALIZE_TOOL,
        __doc__="Submit the claim as a typed claim spec, or null with the reason no known kind fits.",
        spec=(
            union | None,
            Field(description="The claim as exactly one known claim kind (its 'kind' names it), or null."),
        ),
        no_fit_reason=(
            str | None,
            Field(description="When spec is null: why no known kind represents the whole claim; else null."),
        ),
    )
    schema = wrapper.model_json_schema()
    _strip_fields(schema, FILLED_BY_CODE)
    _strictify(schema)
    return {
        "type": "function",
        "function": {"name": FORMALIZE_TOOL, "description": wrapper.__doc__, "parameters": schema},
    }


def _strip_fields(schema: dict[str, Any], names: Sequence[str]) -> None:
    for node in [schema, *(schema.get("$defs") or {}).values()]:
        props = node.get("properties") or {}
        for name in names:
            if name in props and node is not schema:
                del props[name]
                node["required"] = [r for r in node.get("required", []) if r != name]


def _strictify(node: Any) -> None:
    """In place: what OpenAI strict function calling accepts. Every object lists all properties
    as required and forbids others; ``oneOf`` (a discriminated union) becomes ``anyOf``; defaults
    and discriminator hints go (the model must send every field; pydantic validates the result)."""
    if isinstance(node, list):
        for item in node:
            _strictify(item)
        return
    if not isinstance(node, dict):
        return
    if "oneOf" in node:
        node["anyOf"] = node.pop("oneOf")
    node.pop("discriminator", None)
    node.pop("default", None)
    if "properties" in node:
        node["required"] = list(node["properties"])
        node["additionalProperties"] = False
    for key, value in node.items():
        if key != "properties":
            _strictify(value)
    for sub in (node.get("properties") or {}).values():
        _strictify(sub)
