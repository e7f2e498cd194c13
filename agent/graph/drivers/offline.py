"""The offline planner drives the graph: deterministic, rule-based, for the claim kinds it
understands; it says plainly what it cannot judge (agent/planner)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_core.messages import AIMessage, AnyMessage

from agent import planner
from agent.graph.formalize import Formalized
from agent.graph.optional_parts import LITERATURE_TOOL, missing_parts
from agent.graph.rechecks import simulation_rechecks
from agent.graph.state import HypoState, Mode, RunContext, spec_of
from agent.graph.stress_effects import apply_stress, orient_literature
from agent.graph.stress_runner import StressRunner
from agent.graph.tool_calls import execute, output_of, results_by_call
from agent.graph.verdict_assembly import finish
from agent.questions import compile as questions
from agent.results import StressCheck, ToolRun, Verdict

OFFLINE_PASSAGES = 5  # passages an offline answer shows and cites


class OfflineDriver:
    """The rule-based planner: parse -> plan -> judge, the same graph and tools as a model."""

    def formalize(self, claim: str, task: Mode) -> Formalized:
        return Formalized(planner.parse_claim(claim))

    def research_turn(self, state: HypoState, ctx: RunContext) -> tuple[AIMessage, Mapping[str, Any] | None]:
        return _planner_turn(state, ctx.settings.simulation.default_calculator), None

    def stress_checks(
        self, state: HypoState, research: list[ToolRun], runner: StressRunner, ctx: RunContext
    ) -> list[StressCheck]:
        spec = spec_of(state)
        if spec is not None:
            return planner_variants(spec, results_by_call(state, research), runner)
        # Without a spec the planner issued no research calls, so this finds nothing to re-run;
        # kept so that a run of any other origin is still rechecked.
        return simulation_rechecks(research, runner)

    def stress_review(self, checks: list[StressCheck]) -> list[AnyMessage]:
        return []  # the planner's verdict reads the checks themselves

    def verdict(
        self, state: HypoState, runs: list[ToolRun], checks: list[StressCheck], ctx: RunContext
    ) -> Verdict:
        return _planner_verdict(state, runs, checks, ctx)

    def untested_as(self, why: str) -> str:
        return f"Not tested: the offline planner cannot represent this claim ({why})."

    def answer_text(self, state: HypoState, runs: list[ToolRun], ctx: RunContext) -> str:
        return _offline_text(state, runs, ctx)

    def answer_citations(self, text: str, passages: dict[str, dict[str, Any]]) -> list[str]:
        return [c for c, p in passages.items() if not p.get("flags")][:OFFLINE_PASSAGES]

    def propose(self, goal: str, n: int, ctx: RunContext) -> dict[str, Any]:
        return _propose_offline(goal, n, ctx)


def _planner_turn(state: HypoState, calculator: str) -> AIMessage:
    """The offline planner acts like a model: first turn issues all planned calls at once,
    the next turn concludes. Claims it cannot parse get a literature search when asked as a
    question, otherwise no calls (the verdict explains why)."""
    if state.get("call_runs"):  # the planner issues all its calls in its first turn
        return AIMessage("Offline planner: the planned checks have run.")
    spec = spec_of(state)
    question = compiled_question(state)
    if isinstance(question, questions.QuestionSpec):  # a computation question: compute it
        calls = questions.plan_question(question, calculator=calculator)
    elif spec is not None and question is None:
        calls = planner.plan_calls(spec, calculator=calculator)
    elif state.get("task") == "ask":
        calls = [
            planner.ToolCall(
                id="c1",
                name="literature_search",
                args={"query": state["hypothesis"]["claim"], "k": 5, "mode": "hybrid"},
            )
        ]
    else:
        calls = []
    if not calls:
        return AIMessage("Offline planner: no tool can check this claim.")
    return AIMessage(
        "Offline planner: running the planned checks.",
        tool_calls=[{"name": c.name, "args": c.args, "id": c.id, "type": "tool_call"} for c in calls],
    )


def planner_variants(spec: Any, results: dict[str, dict[str, Any]], runner: StressRunner) -> list[StressCheck]:
    """The planner's variants of its own check (second calculator, finer settings), each judged
    against the main judgement of ``results`` (planner call id -> tool output)."""
    main = planner.judge(spec, results, about_tolerance_pct=runner.ctx.settings.agent.about_tolerance_pct)
    checks = []
    for variant in planner.stress_variants(spec, results):
        runs = {c.id: runner.run(c.name, c.args) for c in variant.calls}
        outs = {cid: output_of(r) for cid, r in runs.items()}
        got = planner.judge(spec, outs, about_tolerance_pct=runner.ctx.settings.agent.about_tolerance_pct)
        checks.append(
            _compare_judgements(variant.name, variant.description, main, got, [r.id for r in runs.values()],
                                weaker=variant.weaker)  # fmt: skip
        )
    return checks


def _compare_judgements(
    name: str, description: str, main: Any, got: Any, run_ids: list[str], *, weaker: bool = False
) -> StressCheck:
    """How a variant's judgement bears on the main one. A variant too close to call within its
    measured error is 'undecided' (the verdict may not be confident: stress_effects caps it), or,
    when its method is less accurate than the main one, 'not_applicable': it cannot tell, and only a
    decided opposite verdict from it (a disagreement beyond both errors) overturns the main one."""
    values = ", ".join(f"{k}={v:.4g}" for k, v in got.values.items())
    detail = f"variant verdict {got.verdict} ({values or 'no values'}); main verdict {main.verdict}"
    within = bool(getattr(got, "undecided_within_error", False))
    if got.verdict == "inconclusive" and main.verdict != "inconclusive":
        if within and weaker:
            outcome = "not_applicable"
            detail += "; the check's method is less accurate than the main one and cannot decide within its error"
        elif within:
            outcome = "undecided"
        else:
            outcome = "failed" if not got.values else "disagrees"
    elif got.verdict == main.verdict:
        outcome = "agrees"
    else:
        outcome = "disagrees"
    return StressCheck(
        name=name, description=description, outcome=outcome, detail=detail, tool_run_ids=run_ids
    )  # type: ignore[arg-type]


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
    measured = planner.measured_check(evidence, j.verdict, j.summary)
    checks = [*checks, measured] if measured is not None else checks
    return finish(
        hyp, label, conf, summary, j.tolerance, evidence, runs, checks, [*j.open_questions, *notes], state
    )


def _offline_text(state: HypoState, runs: list[ToolRun], ctx: RunContext) -> str:
    spec = spec_of(state)
    question = compiled_question(state)
    if isinstance(question, questions.QuestionSpec):
        return questions.answer_question(question, results_by_call(state, runs), state.get("call_runs", {}))
    if question is not None:  # a computation question refused: the reason, then the literature
        return f"{questions.refusal_text(question)}\n{_literature_text(state, runs, ctx)}"
    # A question the planner can test as a claim gets the verdict; anything else (including
    # literature questions, which are not claims to judge) gets the retrieved passages.
    if spec is not None and spec.kind != "literature":
        j = planner.judge(
            spec, results_by_call(state, runs), about_tolerance_pct=ctx.settings.agent.about_tolerance_pct
        )
        # A question phrased as a claim ("Is water linear?") gets a yes/no, not a verdict label.
        word = {"supported": "Yes", "refuted": "No"}.get(j.verdict, "Cannot tell")
        return f"{word} (confidence {j.confidence:.2f}). {j.summary}"
    return f"{_literature_text(state, runs, ctx)}\n{questions.SHAPES}"


def _literature_text(state: HypoState, runs: list[ToolRun], ctx: RunContext) -> str:
    passages = [p for p in state.get("passages", {}).values() if not p.get("flags")]
    errors = [r.error for r in runs if r.error]
    part = missing_parts(ctx.settings).get(LITERATURE_TOOL)
    if not passages and part is not None:  # nothing was searched: say so, and how to add an index
        return (
            "Offline mode cannot answer this question from tools, and no literature index is set up "
            f"({part.how} adds one)."
        )
    if not passages:
        why = f" ({errors[0]})" if errors else ""
        return f"Offline mode cannot answer this question from tools, and the literature index returned nothing{why}."
    lines = [
        "Offline mode: no language model is configured, so here are the most relevant passages from your literature index:"
    ]
    for p in passages[:OFFLINE_PASSAGES]:
        snippet = " ".join(str(p.get("text", "")).split())[:300]
        lines.append(f"- [{p['citation']}] {p.get('title', '')}: {snippet}")
    return "\n".join(lines)


def compiled_question(state: HypoState) -> questions.Compiled:
    """An ``ask`` question compiled as a computation question (None for a test or a question that
    asks for no computable quantity). Deterministic, so the research turn and the answer agree."""
    if state.get("task") != "ask":
        return None
    question = questions.compile_question(state["hypothesis"]["claim"])
    spec = spec_of(state)
    if (
        isinstance(question, questions.QuestionRefusal)
        and spec is not None
        and spec.kind not in ("literature", "refused")
    ):
        return None  # the claim parser can test it (a yes/no question in other words): let it
    return question


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
