"""Intake, proposal of hypotheses, and the fan-out to one investigation per hypothesis."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import Send

from agent.graph.schemas import submit_hypotheses as submit_hypotheses  # re-exported: callers import it here
from agent.graph.state import RunContext, RunState
from agent.results import Hypothesis


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
    return ctx.driver.propose(state["input"], n, ctx)


def fan_out(state: RunState) -> list[Send] | str:
    """One investigation per hypothesis, run in parallel branches by LangGraph."""
    if state["mode"] == "propose" and not state.get("test_proposals"):
        return "done"
    sends = [
        Send("investigate", {"task": state["mode"], "hypothesis": h}) for h in state.get("hypotheses", [])
    ]
    return sends or "done"
