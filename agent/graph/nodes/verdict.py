"""Verdict: turn the research and the stress tests into a structured, traceable Verdict."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent import planner
from agent.graph.schemas import submit_verdict as submit_verdict  # re-exported: callers import it here
from agent.graph.state import HypoState, RunContext, spec_of
from agent.results import ModelUsage, RequestUsage, StressCheck, ToolRun, Verdict

BUDGET_CONFIDENCE = 0.1


def verdict(state: HypoState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    hyp = state["hypothesis"]
    runs = [ToolRun.model_validate(r) for r in state.get("tool_runs", [])]
    checks = [StressCheck.model_validate(c) for c in state.get("stress", [])]
    if state.get("budget_hit"):
        v = _budget_verdict(hyp, runs, state["budget_hit"] or "")
    else:
        v = ctx.driver.verdict(state, runs, checks, ctx)
    # A driver's verdict may say itself what it tested (the rule-based path's own reading, when it
    # decided in the model's place); otherwise it is the run's reading.
    update: dict[str, Any] = {"tested_as": v.tested_as or _tested_as(state, ctx)}
    requests = [*state.get("model_requests", []), *(r.model_dump() for r in (v.usage.requests if v.usage else []))]
    if requests:
        update["usage"] = ModelUsage.of([RequestUsage.model_validate(r) for r in requests])
    return {"verdicts": [v.model_copy(update=update).model_dump()]}


def _tested_as(state: HypoState, ctx: RunContext) -> str:
    """The claim as the typed spec represents it; on the model path that spec is the independent
    reading the rule-based cross-check tested, so a disagreement in reading shows too."""
    reading = state.get("reading") or {}
    if reading.get("tested_as"):  # whose reading was tested, when the two readers did not simply agree
        return str(reading["tested_as"])
    spec = spec_of(state)
    if spec is not None:
        return planner.tested_as(spec)
    return ctx.driver.untested_as(planner.unsupported_reason(state["hypothesis"]["claim"]))


def _budget_verdict(hyp: dict[str, Any], runs: list[ToolRun], reason: str) -> Verdict:
    ok = [r.id for r in runs if not r.error]
    return Verdict(
        hypothesis_id=hyp["id"],
        claim=hyp["claim"],
        verdict="inconclusive",
        confidence=BUDGET_CONFIDENCE,
        summary=f"Stopped without a verdict: {reason}. {len(ok)} tool runs completed before the stop.",
        tool_runs=[r.id for r in runs],
        open_questions=["Raise the budget (agent.max_steps / max_tokens / max_tool_wall_s) and run again."],
    )
