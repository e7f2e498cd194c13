"""A language model drives the graph: it formalizes the claim, chooses the tool calls, writes the
verdict and the answer, and proposes hypotheses. Its reading of the claim is weighed against the
offline parser's (graph/formalize.py, graph/readings.py); its simulations are re-run by the
deterministic stress checks, and the agreed (or only) typed spec is judged independently by the
offline planner (``rule_based_cross_check``). The two are compared as structured fields, never
as text: the cross-check's label (``StressCheck.verdict``) against the model's, and the two typed
specs (graph/readings.py). A disagreement of verdicts, or of readings, makes the verdict
inconclusive with both shown; a cross-check that computed the claim and found it too close to
call within the calculator's measured error (``Judgement.undecided_within_error``) holds the
verdict below decided confidence whatever the model says (graph/stress_effects.py
``WITHIN_ERROR_CAP``); one that could not run leaves the model's verdict as it is, and the
verdict says no independent check ran."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, SystemMessage
from pydantic import ValidationError

import prompts
from agent import planner
from agent.errors import ModelError
from agent.graph.formalize import Formalized, ask_model
from agent.graph.readings import reconcile
from agent.graph.rechecks import simulation_rechecks
from agent.graph.schemas import ProposedHypothesis, submit_hypotheses, submit_verdict
from agent.graph.state import HypoState, Mode, RunContext, spec_of
from agent.graph.stress_effects import WITHIN_ERROR_CAP, apply_stress, orient_literature
from agent.graph.stress_runner import StressRunner
from agent.graph.tool_calls import output_of
from agent.graph.verdict_assembly import finish, verified_evidence
from agent.results import CheckOutcome, Hypothesis, StressCheck, ToolRun, Verdict, VerdictLabel

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

_CITE = re.compile(r"\[([^\[\]#\s]+#[^\[\]\s]+)\]")
CROSS_CHECK = "rule_based_cross_check"


class ModelDriver:
    """A LangChain chat model with tool calling."""

    def __init__(self, model: BaseChatModel) -> None:
        self.model = model

    def formalize(self, claim: str, task: Mode) -> Formalized:
        """The model reads the claim into a typed spec, the parser reads it independently, and
        agent/graph/readings.py weighs the two. A question (``ask``) is not formalized by the model:
        it has no verdict for a reading to check."""
        parsed = planner.parse_claim(claim)
        if task == "ask":
            return Formalized(parsed)
        model_reading, usage = ask_model(self.model, claim)
        spec, reading = reconcile(claim, parsed, model_reading)
        return Formalized(spec, usage, reading)

    def research_turn(self, state: HypoState, ctx: RunContext) -> tuple[AIMessage, Mapping[str, Any] | None]:
        from agent.llm import invoke_model

        msg = invoke_model(self.model, state["messages"], list(ctx.tools.values()))
        return msg, getattr(msg, "usage_metadata", None) or {}

    def stress_checks(
        self, state: HypoState, research: list[ToolRun], runner: StressRunner, ctx: RunContext
    ) -> list[StressCheck]:
        checks = simulation_rechecks(research, runner)
        spec = spec_of(state)
        if spec is None:
            checks.append(
                _cross_check("not_applicable", "no independent check ran: the claim has no typed spec")
            )
        else:
            checks.append(_rule_based_cross_check(spec, runner, ctx))
        return checks

    def stress_review(self, checks: list[StressCheck]) -> list[AnyMessage]:
        summary = "\n".join(f"- {c.name} [{c.outcome}]: {c.description}. {c.detail}" for c in checks)
        return [HumanMessage(prompts.render("stress_review", checks=summary))]

    def verdict(
        self, state: HypoState, runs: list[ToolRun], checks: list[StressCheck], ctx: RunContext
    ) -> Verdict:
        return _model_verdict(self.model, state, runs, checks, ctx)

    def untested_as(self, why: str) -> str:
        return f"As the language model read the claim (no typed spec for an independent check: {why})."

    def answer_text(self, state: HypoState, runs: list[ToolRun], ctx: RunContext) -> str:
        last = state["messages"][-1]
        return (
            last.content
            if isinstance(last, AIMessage) and isinstance(last.content, str)
            else str(last.content)
        )

    def answer_citations(self, text: str, passages: dict[str, dict[str, Any]]) -> list[str]:
        return [
            c for c in dict.fromkeys(_CITE.findall(text)) if c in passages and not passages[c].get("flags")
        ]

    def propose(self, goal: str, n: int, ctx: RunContext) -> dict[str, Any]:
        return _propose(self.model, goal, n)


def _rule_based_cross_check(spec: Any, runner: StressRunner, ctx: RunContext) -> StressCheck:
    """The offline planner judges the same typed spec independently. Its label travels in the
    check's ``verdict`` field and is compared with the model's at the verdict (:func:`_against_model`);
    until then the outcome is oriented to the claim being true, like the literature check."""
    calls = planner.plan_calls(spec, calculator=ctx.settings.simulation.default_calculator)
    if not calls:
        return _cross_check(
            "not_applicable", "no independent check ran: the planner has no computation for this reading"
        )
    runs = {c.id: runner.run(c.name, c.args) for c in calls}
    ids = [r.id for r in runs.values()]
    got = planner.judge(
        spec,
        {cid: output_of(r) for cid, r in runs.items()},
        about_tolerance_pct=ctx.settings.agent.about_tolerance_pct,
    )
    said = f"planner verdict: {got.verdict} (confidence {got.confidence:.2f}): {got.summary}"
    failed = [r for r in runs.values() if r.error]
    nothing_ran = len(failed) == len(runs)  # a failed side call (the user's data) is not a failed check
    if got.verdict != "inconclusive":
        return _cross_check("agrees" if got.verdict == "supported" else "disagrees", said, ids, got.verdict)
    if got.undecided_within_error:
        said = (
            f"too close to call within the calculator's measured error, so no verdict on this claim can be "
            f"confident (at most {WITHIN_ERROR_CAP:g}); {said}"
        )
        return _cross_check("undecided", said, ids, got.verdict)
    if nothing_ran:
        return _cross_check(
            "failed", f"no independent check ran: {failed[0].tool} failed; {said}", ids, got.verdict
        )
    return _cross_check(
        "not_applicable", f"the independent check could not judge the claim; {said}", ids, got.verdict
    )


def _cross_check(
    outcome: CheckOutcome, detail: str, ids: list[str] | None = None, label: VerdictLabel | None = None
) -> StressCheck:
    return StressCheck(
        name=CROSS_CHECK,
        description="the offline planner checked the same claim independently",
        outcome=outcome,
        detail=detail,
        tool_run_ids=ids or [],
        verdict=label,
    )


def _model_verdict(
    model: BaseChatModel, state: HypoState, runs: list[ToolRun], checks: list[StressCheck], ctx: RunContext
) -> Verdict:
    from agent.llm import invoke_model

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
            model, [*state["messages"], HumanMessage(ask)], [submit_verdict], tool_choice="submit_verdict"
        )
        draft = _parse_draft(msg)
    except (ModelError, ValidationError, ValueError) as e:
        return finish(
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
    evidence, dropped = verified_evidence(draft.evidence, runs, passages)
    said = max(0.0, min(1.0, draft.confidence))
    checks = orient_literature(_against_model(checks, draft.verdict, said), draft.verdict)
    reading = state.get("reading") or {}
    if reading.get("check"):  # shown with the verdict whether or not stress tests ran
        checks = [*checks, StressCheck.model_validate(reading["check"])]
    label, conf, notes = apply_stress(draft.verdict, said, checks)
    label, conf, notes = _held_by_reading(label, conf, notes, reading)
    summary = _summary(draft, label, notes, next((c for c in checks if c.name == CROSS_CHECK), None))
    return finish(
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


def _held_by_reading(
    label: VerdictLabel, conf: float, notes: list[str], reading: dict[str, Any]
) -> tuple[VerdictLabel, float, list[str]]:
    """Readings that disagree (or a claim no typed reading represents whole) leave nothing that
    checks the model's verdict independently: it becomes inconclusive. A reading only the model
    made, of a claim the parser refused, keeps the verdict modest."""
    if label == "inconclusive":
        return label, conf, notes
    if reading.get("inconclusive"):
        why = (
            "the claim was not read into one typed spec both readers agree on, so the verdict is inconclusive"
        )
        return "inconclusive", min(conf, 0.5), [*notes, why]
    cap = reading.get("max_confidence")
    if cap is not None and conf > cap:
        why = f"only the language model read the claim as a known kind, so the confidence is held at {cap:g}"
        return label, float(cap), [*notes, why]
    return label, conf, notes


def _parse_draft(msg: AIMessage) -> submit_verdict:
    calls = [c for c in msg.tool_calls if c["name"] == "submit_verdict"]
    if not calls:
        raise ValueError("no submit_verdict call in the reply")
    return submit_verdict.model_validate(calls[0]["args"])


def _against_model(checks: list[StressCheck], label: VerdictLabel, confidence: float) -> list[StressCheck]:
    """The cross-check's label against the model's, both structured fields: the same label
    agrees; a different decided label disagrees, which apply_stress turns into an inconclusive
    verdict. Its entry then shows both labels. Undecided and could-not-run outcomes keep theirs."""
    out = []
    for c in checks:
        if c.name == CROSS_CHECK and c.verdict in ("supported", "refuted"):
            c = c.model_copy(
                update={
                    "outcome": "agrees" if c.verdict == label else "disagrees",
                    "detail": f"model verdict: {label} (confidence {confidence:.2f}); {c.detail}",
                }
            )
        out.append(c)
    return out


def _summary(draft: submit_verdict, label: VerdictLabel, notes: list[str], cross: StressCheck | None) -> str:
    """The model's summary, and why the verdict differs from its draft or what backs it."""
    if cross is not None and cross.outcome == "disagrees" and label != draft.verdict:
        return (
            f"{draft.summary} However, the independent rule-based check judged the claim {cross.verdict} "
            f"where the language model judged it {draft.verdict}, so the verdict is inconclusive."
        )
    if label != draft.verdict:
        return f"{draft.summary} However, {notes[-1]}."
    if cross is not None and cross.outcome == "undecided" and label != "inconclusive":
        return (
            f"{draft.summary} The independent rule-based check computed the claim and found it too close to "
            f"call within the calculator's measured error, so the confidence is held at or below "
            f"{WITHIN_ERROR_CAP:g}."
        )
    if cross is None:
        why = "No independent check ran (stress tests are off)"
    elif cross.outcome == "failed":
        why = "No independent check ran (the rule-based cross-check's tool call failed)"
    elif cross.outcome == "not_applicable" and not cross.tool_run_ids:
        why = (
            "No independent check ran (no typed reading of the claim that the rule-based planner can compute)"
        )
    elif cross.outcome == "not_applicable":
        why = "The independent rule-based check ran but could not judge the claim"
    else:
        return draft.summary
    return f"{draft.summary} {why}: the verdict rests on the language model alone."


def _short(e: Exception) -> str:
    return str(e).splitlines()[0][:200]


def _propose(model: BaseChatModel, goal: str, n: int) -> dict[str, Any]:
    from agent.llm import invoke_model

    messages = [
        SystemMessage(prompts.render("system", extra="")),
        HumanMessage(prompts.render("propose", goal=goal, n=n)),
    ]
    msg = invoke_model(model, messages, [submit_hypotheses], tool_choice="submit_hypotheses")
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
