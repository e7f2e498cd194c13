"""Stress test: before a verdict is final, try to break it.

Offline, the planner supplies variants of its own check (a second calculator, tighter settings)
and each is judged independently. With a language model, every simulation the model ran is
re-run with a second calculator where one applies and with finer settings, and the numbers are
compared. Both paths search the literature for contradicting passages. Every check is recorded.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage
from langgraph.runtime import Runtime

import prompts
from agent import planner
from agent.graph.rechecks import compare_outputs, finer_args, second_calculator_args
from agent.graph.state import HypoState, RunContext, spec_of
from agent.graph.tool_calls import execute, output_of, passages_of
from agent.results import StressCheck, ToolRun


class _Runner:
    """Runs stress calls with ledger ids continuing the hypothesis' numbering."""

    def __init__(self, state: HypoState, ctx: RunContext) -> None:
        self.ctx = ctx
        self.hid = state["hypothesis"]["id"]
        self.n = len(state.get("tool_runs", []))
        self.runs: list[ToolRun] = []

    def run(self, name: str, args: dict[str, Any]) -> ToolRun:
        self.n += 1
        run = execute(self.ctx, f"{self.hid}-t{self.n}", name, args, purpose="stress_test")
        self.runs.append(run)
        return run


def stress(state: HypoState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    if not ctx.settings.agent.stress_test:
        return {"stress": []}
    runner = _Runner(state, ctx)
    research = [
        ToolRun.model_validate(r) for r in state.get("tool_runs", []) if r.get("purpose") == "research"
    ]
    spec = spec_of(state)
    if ctx.offline and spec is not None:
        checks = _planner_variants(spec, state, research, runner)
    else:
        checks = _simulation_rechecks(research, runner)
        if spec is not None:
            checks.append(_rule_based_cross_check(spec, runner, ctx))
    checks.append(_literature_check(state["hypothesis"]["claim"], runner, ctx))
    update: dict[str, Any] = {
        "stress": [c.model_dump() for c in checks],
        "tool_runs": [r.model_dump() for r in runner.runs],
        "passages": {k: v for r in runner.runs for k, v in passages_of(r).items()},
    }
    if not ctx.offline:
        summary = "\n".join(f"- {c.name} [{c.outcome}]: {c.description}. {c.detail}" for c in checks)
        update["messages"] = [HumanMessage(prompts.render("stress_review", checks=summary))]
    return update


def results_by_call(state: HypoState, runs: list[ToolRun]) -> dict[str, dict[str, Any]]:
    """Planner call id -> tool output (error results included), for planner.judge."""
    by_run = {r.id: r for r in runs}
    calls = state.get("call_runs", {}).items()
    return {call_id: output_of(by_run[run_id]) for call_id, run_id in calls if run_id in by_run}


def _planner_variants(
    spec: Any, state: HypoState, research: list[ToolRun], runner: _Runner
) -> list[StressCheck]:
    results = results_by_call(state, research)
    main = planner.judge(spec, results, about_tolerance_pct=runner.ctx.settings.agent.about_tolerance_pct)
    checks = []
    for variant in planner.stress_variants(spec, results):
        runs = {c.id: runner.run(c.name, c.args) for c in variant.calls}
        outs = {cid: output_of(r) for cid, r in runs.items()}
        got = planner.judge(spec, outs, about_tolerance_pct=runner.ctx.settings.agent.about_tolerance_pct)
        checks.append(
            _compare_judgements(variant.name, variant.description, main, got, [r.id for r in runs.values()])
        )
    return checks


def _compare_judgements(name: str, description: str, main: Any, got: Any, run_ids: list[str]) -> StressCheck:
    values = ", ".join(f"{k}={v:.4g}" for k, v in got.values.items())
    detail = f"variant verdict {got.verdict} ({values or 'no values'}); main verdict {main.verdict}"
    if got.verdict == "inconclusive" and main.verdict != "inconclusive":
        outcome = "failed" if not got.values else "disagrees"
    elif got.verdict == main.verdict:
        outcome = "agrees"
    else:
        outcome = "disagrees"
    return StressCheck(
        name=name, description=description, outcome=outcome, detail=detail, tool_run_ids=run_ids
    )  # type: ignore[arg-type]


def _simulation_rechecks(research: list[ToolRun], runner: _Runner) -> list[StressCheck]:
    """Re-run the model's successful simulations with a second calculator and finer settings."""
    checks: list[StressCheck] = []
    for run in research:
        if run.error or not run.output or "calculator" not in run.output:
            continue
        other = second_calculator_args(run)
        finer = finer_args(run, runner.ctx.tools)
        variants = [
            ("second_calculator", other, f"re-ran {run.id} ({run.tool}) with {_diff(run.args, other or {})}"),
            ("sensitivity", finer[0] if finer else None, f"re-ran {run.id} ({run.tool}): {finer[1] if finer else ''}"),
        ]
        for name, args, description in variants:
            if args is not None:
                checks.append(_recheck(name, description, run, args, runner))
        if len(checks) >= 6:  # bound the cost: the first runs carry the conclusion
            break
    return checks


def _recheck(name: str, description: str, run: ToolRun, args: dict[str, Any], runner: _Runner) -> StressCheck:
    redo = runner.run(run.tool, args)
    if redo.error:
        outcome, detail = "failed", redo.error
    else:
        outcome, detail = compare_outputs(run.output or {}, redo.output or {})
    return StressCheck(
        name=name, description=description, outcome=outcome, detail=detail, tool_run_ids=[run.id, redo.id]
    )  # type: ignore[arg-type]


def _rule_based_cross_check(spec: Any, runner: _Runner, ctx: RunContext) -> StressCheck:
    """The offline planner judges the same claim independently; the verdict node compares labels."""
    calls = planner.plan_calls(spec, calculator=ctx.settings.simulation.default_calculator)
    runs = {c.id: runner.run(c.name, c.args) for c in calls}
    outs = {cid: output_of(r) for cid, r in runs.items()}
    got = planner.judge(spec, outs, about_tolerance_pct=ctx.settings.agent.about_tolerance_pct)
    return StressCheck(
        name="rule_based_cross_check",
        description="the offline planner checked the same claim independently",
        outcome="not_applicable" if got.verdict == "inconclusive" else "agrees",
        detail=f"planner verdict: {got.verdict} (confidence {got.confidence:.2f}): {got.summary}",
        tool_run_ids=[r.id for r in runs.values()],
    )


def _literature_check(claim: str, runner: _Runner, ctx: RunContext) -> StressCheck:
    """Search the index for passages that state the claim or contradict it. The outcome is
    oriented to the claim being true; the verdict node re-orients it to the final verdict."""
    name, base = (
        "literature_contradiction",
        "searched the literature index for passages stating or contradicting the claim",
    )
    spec = planner.literature_claim(claim)
    if "literature_search" not in ctx.tools or spec is None:
        why = (
            "literature_search is not available"
            if spec is not None
            else "the claim has no terms to search for"
        )
        return StressCheck(name=name, description=base, outcome="not_applicable", detail=why)
    runs = {c.id: runner.run(c.name, c.args) for c in planner.plan_calls(spec)}
    ids = [r.id for r in runs.values()]
    if all(r.error for r in runs.values()):
        return StressCheck(
            name=name,
            description=base,
            outcome="not_applicable",
            detail=next(iter(runs.values())).error or "",
            tool_run_ids=ids,
        )
    j = planner.judge(spec, {cid: r.output or {} for cid, r in runs.items()})
    cites = ", ".join(e.citation for e in j.evidence if e.citation)
    outcome, detail = {
        "supported": ("agrees", f"passages state the claim: {cites}"),
        "refuted": ("disagrees", f"passages contradict the claim: {cites}"),
    }.get(
        j.verdict,
        ("not_applicable", "no retrieved passage states or contradicts the claim (the check is lexical: "
         "it finds passages stating the claim or its negation, not every paraphrase)"),
    )  # fmt: skip
    return StressCheck(name=name, description=base, outcome=outcome, detail=detail, tool_run_ids=ids)  # type: ignore[arg-type]


def _diff(old: dict[str, Any], new: dict[str, Any]) -> str:
    changed = [f"{k}={new[k]!r}" for k in new if old.get(k) != new[k]]
    return ", ".join(changed) or "the same arguments"
