"""Deciding a claim without the model, on the model path.

A model that times out, returns no usable verdict, keeps breaking the tool protocol, cannot be
sent a request that fits its context, or runs out of the claim's wall time costs the user the
model's opinion, never the verdict: the claim is decided by the rule-based path (the offline
parser's reading, the planner's tool calls, its calibrated judgement and its stress variants),
and the verdict says so (``Verdict.decided_without_model`` and its "Tested as" line).

Tool results are matched to the planner's calls by tool and arguments, not by call id, so the
runs the model's research or the rule-based cross-check already made are reused whatever ids the
model gave them; results are cached by content, so a call made twice costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain_core.messages import AIMessage

from agent import planner
from agent.graph.drivers.offline import OfflineDriver, planner_variants
from agent.graph.state import WITHOUT_MODEL
from agent.graph.stress_effects import apply_stress, orient_literature
from agent.graph.tool_calls import execute, output_of
from agent.graph.verdict_assembly import finish
from agent.results import StressCheck, ToolRun, Verdict

if TYPE_CHECKING:
    from agent.graph.state import HypoState, RunContext
    from agent.graph.stress_runner import StressRunner

CROSS_CHECK = "rule_based_cross_check"
PROTOCOL_STRIKES = 2  # research turns in a row with only unusable tool calls before giving up on the model


def without_model(state: HypoState) -> str | None:
    """Why this claim is being decided without the model (None: the model still decides)."""
    return state.get("without_model")


def rule_based_turn(state: HypoState, ctx: RunContext, why: str) -> AIMessage:
    """The planner's research turn in the model's place: its calls once, then a conclusion."""
    marked = [m for m in state.get("messages", []) if isinstance(m, AIMessage) and WITHOUT_MODEL in m.response_metadata]
    calc = ctx.settings.simulation.default_calculator
    if any(m.tool_calls for m in marked):
        msg = AIMessage("Rule-based path: the planned checks have run.")
    elif state.get("task") == "ask":
        msg = OfflineDriver().research_turn({**state, "call_runs": {}}, ctx)[0]
    else:
        spec = parsed_spec(state)
        calls = planner.plan_calls(spec, calculator=calc) if spec is not None else []
        tool_calls = [{"name": c.name, "args": c.args, "id": c.id, "type": "tool_call"} for c in calls]
        msg = AIMessage("Rule-based path: running the planned checks.", tool_calls=tool_calls)
    msg.response_metadata[WITHOUT_MODEL] = why
    return msg


def protocol_broken(state: HypoState, tools: set[str]) -> str | None:
    """Why the model is not to be asked again: its last PROTOCOL_STRIKES research turns each made
    only calls that could not run (malformed arguments, or tools the run does not have)."""
    turns = [m for m in state.get("messages", []) if isinstance(m, AIMessage)][-PROTOCOL_STRIKES:]
    if len(turns) < PROTOCOL_STRIKES:
        return None
    for m in turns:
        usable = [c for c in m.tool_calls if c["name"] in tools]
        if usable or not (m.invalid_tool_calls or m.tool_calls):
            return None
    return f"the model broke the tool-call protocol {PROTOCOL_STRIKES} turns in a row (malformed or unknown tool calls)"


def parsed_spec(state: HypoState) -> Any:
    """The offline parser's reading of the claim (the rule-based path's own, whatever the model read)."""
    return planner.parse_claim(state["hypothesis"]["claim"])


def planned_results(
    calls: list[Any], runs: list[ToolRun]
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Planner call id -> output and -> ledger run id, for the runs made with the call's tool and
    arguments (a successful run preferred)."""
    results: dict[str, dict[str, Any]] = {}
    ids: dict[str, str] = {}
    for c in calls:
        same = [r for r in runs if r.tool == c.name and r.args == c.args]
        if same:
            best = next((r for r in reversed(same) if not r.error), same[-1])
            results[c.id], ids[c.id] = output_of(best), best.id
    return results, ids


def rule_based_stress(state: HypoState, research: list[ToolRun], runner: StressRunner) -> list[StressCheck]:
    """The planner's stress variants of its own check, as on the offline path."""
    spec = parsed_spec(state)
    if spec is None:
        return []
    calls = planner.plan_calls(spec, calculator=runner.ctx.settings.simulation.default_calculator)
    return planner_variants(spec, planned_results(calls, research)[0], runner)


def rule_based_verdict(
    state: HypoState, runs: list[ToolRun], checks: list[StressCheck], ctx: RunContext, why: str
) -> Verdict:
    """The verdict the rule-based path reaches, labelled as decided without the model and why."""
    hyp = state["hypothesis"]
    spec = parsed_spec(state)
    label_note = f"decided without the language model: {why}"
    if spec is None:
        reason = planner.unsupported_reason(hyp["claim"])
        return Verdict(
            hypothesis_id=hyp["id"], claim=hyp["claim"], verdict="inconclusive", confidence=0.0,
            summary=f"Decided without the language model ({why}). The offline planner cannot judge this claim: {reason}",
            tested_as=f"Not tested: the offline planner cannot represent this claim ({reason}) [{label_note}]",
            tool_runs=[r.id for r in runs], stress_tests=checks, decided_without_model=why,
        )  # fmt: skip
    calls = planner.plan_calls(spec, calculator=ctx.settings.simulation.default_calculator)
    results, ids = planned_results(calls, runs)
    new = [execute(ctx, f"{hyp['id']}-rb{i}", c.name, c.args) for i, c in enumerate(calls, 1) if c.id not in results]
    more, more_ids = planned_results(calls, new)
    results, ids = {**results, **more}, {**ids, **more_ids}
    j = planner.judge(spec, results, about_tolerance_pct=ctx.settings.agent.about_tolerance_pct)
    evidence = [e.model_copy(update={"tool_run_id": ids.get(e.tool_run_id or "", e.tool_run_id)}) for e in j.evidence]
    # The cross-check is this same judgement: shown, but it cannot add confidence to itself.
    independent = orient_literature([c for c in checks if c.name != CROSS_CHECK], j.verdict)
    label, conf, notes = apply_stress(j.verdict, j.confidence, independent)
    summary = j.summary if label == j.verdict else f"{j.summary} However, {notes[-1]}."
    measured = planner.measured_check(evidence, j.verdict, j.summary)
    shown = [*independent, *(c for c in checks if c.name == CROSS_CHECK), *([measured] if measured else [])]
    v = finish(
        hyp, label, conf, f"Decided without the language model ({why}). {summary}", j.tolerance, evidence,
        [*runs, *new], shown, [*j.open_questions, *notes], state,
    )  # fmt: skip
    return v.model_copy(
        update={"decided_without_model": why, "tested_as": f"{planner.tested_as(spec)} [{label_note}]"}
    )
