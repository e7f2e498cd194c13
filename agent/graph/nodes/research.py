"""The research loop: plan predictions, then driver (chat model or rule-based planner) <-> tools, within budgets."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, SystemMessage, ToolMessage
from langgraph.runtime import Runtime

import prompts
from agent import planner
from agent.graph.state import WITHOUT_MODEL, HypoState, RunContext
from agent.graph.tool_calls import execute, message_content, passages_of
from agent.results import Hypothesis


def plan(state: HypoState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Formalize the claim into a typed spec and write the predictions the research must check."""
    ctx = runtime.context
    started = time.time()
    hyp = Hypothesis.model_validate(state["hypothesis"])
    formal = ctx.driver.formalize(hyp.claim, state.get("task") or "test")
    spec = formal.spec
    if not hyp.predictions and spec is not None:
        hyp = hyp.model_copy(update={"predictions": planner.predictions(spec)})
    system = prompts.render("system", extra="")
    if state.get("task") == "ask":
        task = prompts.render("answer", question=hyp.claim)
    else:
        preds = "\n".join(f"- {p}" for p in hyp.predictions) or "- (derive them from the claim)"
        task = prompts.render("research", claim=hyp.claim, predictions=preds)
    return {
        "hypothesis": hyp.model_dump(),
        "spec": spec.model_dump() if spec is not None else None,
        "reading": formal.reading,
        "messages": [SystemMessage(system), HumanMessage(task)],
        "steps": 0,
        "tokens": _count_usage(formal.usage, ctx),
        "tool_wall_s": 0.0,
        "budget_hit": None,
        "call_runs": {},
        "started_at": started,
        "without_model": formal.without_model,
        "model_requests": list(formal.requests),
    }


def agent_step(state: HypoState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """One driver turn (a model turn or a planner turn), after checking the budgets."""
    ctx = runtime.context
    budget = _budget_exceeded(state, ctx)
    if budget:
        return {"budget_hit": budget}
    msg, usage = ctx.driver.research_turn(state, ctx)
    update: dict[str, Any] = {"messages": [_runnable_calls(msg, ctx)], "steps": state.get("steps", 0) + 1}
    if usage is not None:  # None: no model was called, so no tokens to count
        update["tokens"] = state.get("tokens", 0) + _count_usage(usage, ctx)
        update["model_requests"] = list(usage.get("requests", []))
    # A driver that stopped asking its model says why on the turn (agent/graph/drivers/fallback.py).
    if WITHOUT_MODEL in msg.response_metadata and not state.get("without_model"):
        update["without_model"] = str(msg.response_metadata[WITHOUT_MODEL])
    return update


def _runnable_calls(msg: AIMessage, ctx: RunContext) -> AIMessage:
    """``msg`` without its calls to tools whose optional part is not set up (no index, no data
    collection): such a call cannot run, and the user was told once what the part would add
    (agent/graph/optional_parts.py). The planner plans them for every claim they could inform;
    a model is not offered them, so it calls one only by mistake. Dropped from the message itself,
    raw provider copy included, so the conversation never holds a call without its answer."""
    if not msg.tool_calls:
        return msg
    from agent.graph.optional_parts import blocked, missing_parts

    missing = missing_parts(ctx.settings)
    kept = [c for c in msg.tool_calls if not blocked(c["name"], c.get("args"), missing)]
    if len(kept) == len(msg.tool_calls):
        return msg
    extra = {k: v for k, v in msg.additional_kwargs.items() if k != "tool_calls"}
    return msg.model_copy(update={"tool_calls": kept, "additional_kwargs": extra})


def _count_usage(usage: Mapping[str, Any] | None, ctx: RunContext) -> int:
    """A model call's tokens: added to the run's totals, returned for the token budget."""
    if usage is None:
        return 0
    if ctx.recorder is not None:
        ctx.recorder.add_usage(usage)
    return int(usage.get("total_tokens", 0) or 0)


def _budget_exceeded(state: HypoState, ctx: RunContext) -> str | None:
    limits = ctx.settings.agent
    if state.get("steps", 0) >= limits.max_steps:
        return f"step budget of {limits.max_steps} model/tool turns reached before a conclusion"
    if state.get("tokens", 0) >= limits.max_tokens:
        return f"token budget of {limits.max_tokens} reached before a conclusion"
    if state.get("tool_wall_s", 0.0) >= limits.max_tool_wall_s:
        return f"tool wall-time budget of {limits.max_tool_wall_s:.0f} s reached before a conclusion"
    return None


def tools_node(state: HypoState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Execute every tool call of the last model turn; malformed calls get an error message back."""
    ctx = runtime.context
    last = state["messages"][-1]
    assert isinstance(last, AIMessage)
    hid = state["hypothesis"]["id"]
    n = len(state.get("tool_runs", []))
    runs, messages, call_runs, passages = [], [], {}, {}
    for call in last.tool_calls:
        n += 1
        run = execute(ctx, f"{hid}-t{n}", call["name"], dict(call.get("args") or {}))
        runs.append(run.model_dump())
        call_runs[call["id"]] = run.id
        passages.update(passages_of(run))
        messages.append(ToolMessage(message_content(run), tool_call_id=call["id"], name=call["name"]))
    for bad in last.invalid_tool_calls:
        messages.append(
            ToolMessage(
                f"error: the arguments of your call to {bad.get('name')!r} were not valid JSON "
                f"({bad.get('error') or 'parse error'}); call it again with a JSON object.",
                tool_call_id=bad.get("id") or "invalid",
                name=bad.get("name") or "invalid",
            )
        )
    return {
        "messages": messages,
        "tool_runs": runs,
        "call_runs": {**state.get("call_runs", {}), **call_runs},
        "passages": passages,
        "tool_wall_s": state.get("tool_wall_s", 0.0) + sum(r["wall_s"] for r in runs),
    }


def route_after_agent(state: HypoState) -> str:
    if state.get("budget_hit"):
        return "verdict"
    last: AnyMessage = state["messages"][-1]
    if isinstance(last, AIMessage) and (last.tool_calls or last.invalid_tool_calls):
        return "tools"
    return "answer" if state.get("task") == "ask" else "stress"
