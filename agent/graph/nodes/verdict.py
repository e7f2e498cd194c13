"""Verdict: turn the research and the stress tests into a structured, traceable Verdict."""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.messages import AIMessage, HumanMessage
from langgraph.runtime import Runtime
from pydantic import BaseModel, Field, ValidationError

import prompts
from agent import planner
from agent.errors import ModelError
from agent.graph.nodes.stress import results_by_call
from agent.graph.state import HypoState, RunContext, spec_of
from agent.graph.stress_effects import apply_stress, orient_literature
from agent.results import Evidence, StressCheck, ToolRun, Verdict

BUDGET_CONFIDENCE = 0.1


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


def verdict(state: HypoState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    hyp = state["hypothesis"]
    runs = [ToolRun.model_validate(r) for r in state.get("tool_runs", [])]
    checks = [StressCheck.model_validate(c) for c in state.get("stress", [])]
    if state.get("budget_hit"):
        v = _budget_verdict(hyp, runs, state["budget_hit"] or "")
    elif ctx.offline:
        v = _planner_verdict(state, runs, checks, ctx)
    else:
        v = _model_verdict(state, runs, checks, ctx)
    v = v.model_copy(update={"tested_as": _tested_as(state, ctx)})
    return {"verdicts": [v.model_dump()]}


def _tested_as(state: HypoState, ctx: RunContext) -> str:
    """The claim as the typed spec represents it; on the model path that spec is the independent
    reading the rule-based cross-check tested, so a disagreement in reading shows too."""
    spec = spec_of(state)
    if spec is not None:
        return planner.tested_as(spec)
    why = planner.unsupported_reason(state["hypothesis"]["claim"])
    if ctx.offline:
        return f"Not tested: the offline planner cannot represent this claim ({why})."
    return f"As the language model read the claim (no typed spec for an independent check: {why})."


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


def _planner_verdict(
    state: HypoState, runs: list[ToolRun], checks: list[StressCheck], ctx: RunContext
) -> Verdict:
    hyp = state["hypothesis"]
    spec = spec_of(state)
    if spec is None:
        return Verdict(
            hypothesis_id=hyp["id"],
            claim=hyp["claim"],
            verdict="inconclusive",
            confidence=0.0,
            summary=f"The offline planner cannot judge this claim: {planner.unsupported_reason(hyp['claim'])}",
            open_questions=[
                "Configure a language model (see `hypoloop doctor`) or rephrase the claim as a kind the planner supports."
            ],
        )
    research = [r for r in runs if r.purpose == "research"]
    j = planner.judge(
        spec, results_by_call(state, research), about_tolerance_pct=ctx.settings.agent.about_tolerance_pct
    )
    call_runs = state.get("call_runs", {})
    evidence = [
        e.model_copy(update={"tool_run_id": call_runs.get(e.tool_run_id or "", e.tool_run_id)})
        for e in j.evidence
    ]
    checks = orient_literature(checks, j.verdict)
    label, conf, notes = apply_stress(j.verdict, j.confidence, checks)
    summary = j.summary if label == j.verdict else f"{j.summary} However, {notes[-1]}."
    return _finish(
        hyp, label, conf, summary, j.tolerance, evidence, runs, checks, [*j.open_questions, *notes], state
    )


def _finish(
    hyp: dict[str, Any],
    label: Any,
    conf: float,
    summary: str,
    tolerance: str | None,
    evidence: list[Evidence],
    runs: list[ToolRun],
    checks: list[StressCheck],
    open_q: list[str],
    state: HypoState,
) -> Verdict:
    if label != "inconclusive" and not evidence:
        label, conf = "inconclusive", min(conf, 0.3)
        summary = f"No verifiable evidence backs a verdict. {summary}"
    return Verdict(
        hypothesis_id=hyp["id"],
        claim=hyp["claim"],
        verdict=label,
        confidence=round(max(0.0, min(1.0, conf)), 3),
        summary=summary,
        tolerance=tolerance,
        evidence=evidence,
        citations=sorted({e.citation for e in evidence if e.citation}),
        tool_runs=[r.id for r in runs],
        stress_tests=checks,
        open_questions=open_q,
    )


def _model_verdict(
    state: HypoState, runs: list[ToolRun], checks: list[StressCheck], ctx: RunContext
) -> Verdict:
    from agent.llm import invoke_model

    assert ctx.model is not None

    hyp = state["hypothesis"]
    passages = state.get("passages", {})
    tolerance = (
        f"±{ctx.settings.agent.about_tolerance_pct:g} % for 'about', widened by the calculator's known error"
    )
    ask = prompts.render(
        "verdict",
        claim=hyp["claim"],
        tolerance=tolerance,
        tool_run_ids=", ".join(r.id for r in runs if not r.error) or "none",
        citations=", ".join(passages) or "none",
    )
    try:
        msg = invoke_model(
            ctx.model, [*state["messages"], HumanMessage(ask)], [submit_verdict], tool_choice="submit_verdict"
        )
        draft = _parse_draft(msg)
    except (ModelError, ValidationError, ValueError) as e:
        return _finish(
            hyp,
            "inconclusive",
            0.0,
            f"The model did not return a usable verdict ({_short(e)}).",
            tolerance,
            [],
            runs,
            checks,
            [],
            state,
        )
    evidence, dropped = _verified_evidence(draft.evidence, runs, passages)
    checks = orient_literature(_compare_with_planner(checks, draft.verdict), draft.verdict)
    label, conf, notes = apply_stress(draft.verdict, max(0.0, min(1.0, draft.confidence)), checks)
    summary = draft.summary if label == draft.verdict else f"{draft.summary} However, {notes[-1]}."
    return _finish(
        hyp,
        label,
        conf,
        summary,
        tolerance,
        evidence,
        runs,
        checks,
        [*draft.open_questions, *dropped, *notes],
        state,
    )


def _parse_draft(msg: AIMessage) -> submit_verdict:
    calls = [c for c in msg.tool_calls if c["name"] == "submit_verdict"]
    if not calls:
        raise ValueError("no submit_verdict call in the reply")
    return submit_verdict.model_validate(calls[0]["args"])


def _verified_evidence(
    items: list[EvidenceItem], runs: list[ToolRun], passages: dict[str, Any]
) -> tuple[list[Evidence], list[str]]:
    """Keep evidence that points at a real tool run or a passage retrieved in this run; quotes are
    taken from the retrieved passage itself, never from the model."""
    ok_runs = {r.id for r in runs if not r.error}
    kept: list[Evidence] = []
    dropped: list[str] = []
    for it in items:
        if it.citation:
            p = passages.get(it.citation)
            if p is None or p.get("flags"):
                dropped.append(
                    f"dropped evidence citing {it.citation!r}: not a passage retrieved in this run"
                    if p is None
                    else f"dropped evidence citing {it.citation!r}: the passage was flagged as containing instructions"
                )
                continue
            kept.append(
                Evidence(
                    kind="literature",
                    statement=it.statement,
                    supports=it.supports,
                    citation=it.citation,
                    quote=p.get("text"),
                    tool_run_id=it.tool_run_id if it.tool_run_id in ok_runs else None,
                )
            )
        elif it.tool_run_id in ok_runs:
            kept.append(
                Evidence(
                    kind="simulation",
                    statement=it.statement,
                    supports=it.supports,
                    tool_run_id=it.tool_run_id,
                )
            )
        else:
            dropped.append(
                f"dropped evidence pointing at unknown tool run {it.tool_run_id!r}: {it.statement}"
            )
    return kept, dropped


def _compare_with_planner(checks: list[StressCheck], label: str) -> list[StressCheck]:
    out = []
    for c in checks:
        if (
            c.name == "rule_based_cross_check"
            and c.outcome == "agrees"
            and f"planner verdict: {label} " not in c.detail
        ):
            c = c.model_copy(update={"outcome": "disagrees"})
        out.append(c)
    return out


def _short(e: Exception) -> str:
    return str(e).splitlines()[0][:200]
