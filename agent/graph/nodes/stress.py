"""Stress test: before a verdict is final, try to break it.

The driver supplies its own checks (agent/graph/driver.py): the planner judges variants of its
own check (a second calculator, tighter settings); a chat model's simulations are re-run with a
second calculator and finer settings and the claim is judged independently by the rule-based
planner. Both search the literature for contradicting passages, here. Every check is recorded.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent import planner
from agent.graph.state import HypoState, RunContext
from agent.graph.stress_runner import StressRunner
from agent.graph.tool_calls import passages_of
from agent.results import StressCheck, ToolRun


def stress(state: HypoState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    if not ctx.settings.agent.stress_test:
        return {"stress": []}
    runner = StressRunner(state, ctx)
    research = [
        ToolRun.model_validate(r) for r in state.get("tool_runs", []) if r.get("purpose") == "research"
    ]
    checks = ctx.driver.stress_checks(state, research, runner, ctx)
    checks.append(_literature_check(state["hypothesis"]["claim"], runner, ctx))
    update: dict[str, Any] = {
        "stress": [c.model_dump() for c in checks],
        "tool_runs": [r.model_dump() for r in runner.runs],
        "passages": {k: v for r in runner.runs for k, v in passages_of(r).items()},
    }
    review = ctx.driver.stress_review(checks)
    if review:
        update["messages"] = review
    return update


def _literature_check(claim: str, runner: StressRunner, ctx: RunContext) -> StressCheck:
    """Search the index for passages that state the claim or contradict it. The outcome is
    oriented to the claim being true; the verdict node re-orients it to the final verdict."""
    name, base = (
        "literature_contradiction",
        "searched the literature index for passages stating or contradicting the claim",
    )
    spec = planner.literature_claim(claim)
    if "literature_search" not in ctx.tools or spec is None:
        why = _no_literature(ctx) if spec is not None else "the claim has no terms to search for"
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


def _no_literature(ctx: RunContext) -> str:
    from agent.graph.optional_parts import LITERATURE_TOOL, missing_parts

    part = missing_parts(ctx.settings).get(LITERATURE_TOOL)
    if part is not None:  # not set up: said once per session, not a failure
        return f"no {part.part} is set up ({part.how} adds one)"
    return "literature_search is not available"
