"""Intake, proposal of hypotheses, and the fan-out to one investigation per hypothesis."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage
from langgraph.runtime import Runtime
from langgraph.types import Send
from pydantic import BaseModel, Field

import prompts
from agent import planner
from agent.graph.state import RunContext, RunState
from agent.graph.tool_calls import execute, output_of
from agent.results import Hypothesis


class ProposedHypothesis(BaseModel):
    """One proposed hypothesis."""

    claim: str = Field(description="A single falsifiable claim the tools or the literature can check.")
    rationale: str = Field(description="Why it is plausible, in one sentence.")
    predictions: list[str] = Field(description="Predictions that would confirm or refute it.")


class submit_hypotheses(BaseModel):  # noqa: N801 - the class name is the tool name the model sees
    """Submit the proposed hypotheses, most plausible first."""

    hypotheses: list[ProposedHypothesis] = Field(description="The hypotheses, ranked.")


def intake(state: RunState) -> dict[str, Any]:
    text = state["input"].strip()
    if state["mode"] == "propose":
        return {}
    prefix = "q" if state["mode"] == "ask" else "h"
    return {"hypotheses": [Hypothesis(id=f"{prefix}1", claim=text).model_dump()]}


def route_intake(state: RunState) -> list[Send] | str:
    if state["mode"] == "propose":
        return "propose"
    return fan_out(state)


def propose(state: RunState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    n = state.get("n") or ctx.settings.agent.n_hypotheses
    if ctx.offline:
        return _propose_offline(state["input"], n, ctx)
    from agent.llm import invoke_model

    assert ctx.model is not None

    messages = [
        SystemMessage(prompts.render("system", extra="")),
        HumanMessage(prompts.render("propose", goal=state["input"], n=n)),
    ]
    msg = invoke_model(ctx.model, messages, [submit_hypotheses], tool_choice="submit_hypotheses")
    calls = [c for c in msg.tool_calls if c["name"] == "submit_hypotheses"]
    if not calls:
        return {"hypotheses": [], "notes": ["The model did not return hypotheses."]}
    got, notes = _screened(submit_hypotheses.model_validate(calls[0]["args"]).hypotheses[:n])
    hyps = [
        Hypothesis(id=f"h{i}", claim=h.claim, rationale=h.rationale, predictions=h.predictions).model_dump()
        for i, h in enumerate(got, 1)
    ]
    return {"hypotheses": hyps, "notes": notes}


def _screened(proposed: list[ProposedHypothesis]) -> tuple[list[ProposedHypothesis], list[str]]:
    """Drop proposals that name or draw a controlled chemical or an explosive; say so in one line."""
    from tools.hazards import first_hazard

    kept, notes = [], []
    for h in proposed:
        hazard = first_hazard(f"{h.claim} {h.rationale}")
        if hazard is None:
            kept.append(h)
        else:
            notes.append(f"A proposed hypothesis was dropped: {hazard.refusal()}")
    return kept, notes


def _propose_offline(goal: str, n: int, ctx: RunContext) -> dict[str, Any]:
    proposal = planner.propose(goal, n)
    if proposal is None:
        return {
            "hypotheses": [],
            "notes": [
                f"The offline planner cannot propose hypotheses for this goal: {planner.unsupported_reason(goal)}"
            ],
        }
    runs = [
        execute(ctx, f"p-t{i}", c.name, c.args, purpose="propose") for i, c in enumerate(proposal.calls, 1)
    ]
    results = {c.id: output_of(r) for c, r in zip(proposal.calls, runs, strict=True)}
    ranked = planner.rank(proposal, results)[:n]
    if not ranked:
        errors = sorted({r.error for r in runs if r.error})
        why = f": {errors[0]}" if errors else ""
        note = f"None of the {len(proposal.calls)} candidates could be evaluated{why}"
        return {"hypotheses": [], "tool_runs": [r.model_dump() for r in runs], "notes": [note]}
    hyps = [h.model_copy(update={"id": f"h{i}"}).model_dump() for i, h in enumerate(ranked, 1)]
    return {"hypotheses": hyps, "tool_runs": [r.model_dump() for r in runs]}


def fan_out(state: RunState) -> list[Send] | str:
    """One investigation per hypothesis, run in parallel branches by LangGraph."""
    if state["mode"] == "propose" and not state.get("test_proposals"):
        return "done"
    sends = [
        Send("investigate", {"task": state["mode"], "hypothesis": h}) for h in state.get("hypotheses", [])
    ]
    return sends or "done"
