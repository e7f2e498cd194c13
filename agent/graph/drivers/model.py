"""A language model drives the graph: it formalizes the claim, chooses the tool calls, writes the
verdict and the answer, and proposes hypotheses. Its reading of the claim is weighed against the
offline parser's (graph/formalize.py, graph/readings.py); its simulations are re-run by the
deterministic stress checks, and the agreed (or only) typed spec is judged independently by the
offline planner (``rule_based_cross_check``); the verdict weighs the two as structured fields
(graph/drivers/model_verdict.py).

Every request goes through the model gate (graph/model_gate.py): only the claim's tools, in
compact schemas, sized to the server's context, timed against the claim's wall time, recorded.
When the model fails (times out, cannot be sent a request that fits, breaks the tool protocol
repeatedly, gives no usable verdict) the claim is decided by the rule-based path, labelled so
(graph/drivers/fallback.py)."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, SystemMessage

import prompts
from agent import planner
from agent.errors import ModelError, RequestTooLarge
from agent.graph.claim_tools import claim_tools
from agent.graph.drivers.fallback import (
    CROSS_CHECK,
    protocol_broken,
    rule_based_stress,
    rule_based_turn,
    without_model,
)
from agent.graph.drivers.model_verdict import model_verdict, short
from agent.graph.formalize import Formalized, ModelReading, ask_model
from agent.graph.model_gate import ModelGate
from agent.graph.readings import reconcile
from agent.graph.rechecks import simulation_rechecks
from agent.graph.schemas import ProposedHypothesis, submit_hypotheses
from agent.graph.state import HypoState, Mode, RunContext, spec_of
from agent.graph.stress_effects import WITHIN_ERROR_CAP
from agent.graph.stress_runner import StressRunner
from agent.graph.tool_calls import output_of
from agent.graph.toolset import LITERATURE_TOOL
from agent.llm import is_setup_error
from agent.results import CheckOutcome, Hypothesis, StressCheck, ToolRun, Verdict, VerdictLabel

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from agent.settings import LLMSettings

_CITE = re.compile(r"\[([^\[\]#\s]+#[^\[\]\s]+)\]")
__all__ = ["CROSS_CHECK", "ModelDriver"]


class ModelDriver:
    """A LangChain chat model with tool calling."""

    def __init__(self, model: BaseChatModel, llm: LLMSettings | None = None) -> None:
        from agent.settings import LLMSettings

        self.model = model
        self.gate = ModelGate(model, llm if llm is not None else LLMSettings())

    def formalize(self, claim: str, task: Mode) -> Formalized:
        """The model reads the claim into a typed spec, the parser reads it independently, and
        agent/graph/readings.py weighs the two. A question (``ask``) is not formalized by the model:
        it has no verdict for a reading to check. A reading request too large for the server leaves
        the parser's reading alone; a model that fails outright leaves the claim to the rule-based path."""
        parsed = planner.parse_claim(claim)
        if task == "ask":
            return Formalized(parsed)
        requests: list[dict[str, Any]] = []
        started = time.time()

        def send(messages: list[Any], tools: list[Any], choice: str | None) -> AIMessage:
            msg, req = self.gate.call("formalize", messages, tools, tool_choice=choice, started_at=started)
            requests.append(req)
            return msg

        try:
            model_reading, usage = ask_model(self.model, claim, send)
        except RequestTooLarge as e:
            model_reading, usage = ModelReading(None, short(e), invalid=True), {}
        except ModelError as e:
            if is_setup_error(e):
                raise
            return Formalized(parsed, {}, None, tuple(requests), without_model=short(e))
        spec, reading = reconcile(claim, parsed, model_reading)
        return Formalized(spec, usage, reading, tuple(requests))

    def research_turn(self, state: HypoState, ctx: RunContext) -> tuple[AIMessage, Mapping[str, Any] | None]:
        why = without_model(state) or protocol_broken(state, set(ctx.tools))
        if why:
            return rule_based_turn(state, ctx, why), None
        try:
            msg, req = self.gate.call(
                "research", state["messages"], claim_tools(state, ctx), keep=[LITERATURE_TOOL],
                started_at=state.get("started_at"),
            )  # fmt: skip
        except ModelError as e:
            if is_setup_error(e):
                raise
            return rule_based_turn(state, ctx, short(e)), None
        return msg, {**(getattr(msg, "usage_metadata", None) or {}), "requests": [req]}

    def stress_checks(
        self, state: HypoState, research: list[ToolRun], runner: StressRunner, ctx: RunContext
    ) -> list[StressCheck]:
        if without_model(state):
            return rule_based_stress(state, research, runner)
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
        return model_verdict(self.gate, state, runs, checks, ctx)

    def untested_as(self, why: str) -> str:
        return f"As the language model read the claim (no typed spec for an independent check: {why})."

    def answer_text(self, state: HypoState, runs: list[ToolRun], ctx: RunContext) -> str:
        why = without_model(state)
        if why:
            from agent.graph.drivers.offline import OfflineDriver

            return f"Answered without the language model ({why}).\n{OfflineDriver().answer_text(state, runs, ctx)}"
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
        return _propose(self.gate, goal, n)


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
        return _cross_check(
            "agrees" if got.verdict == "supported" else "disagrees", said, ids, got.verdict, got.confidence
        )
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
    outcome: CheckOutcome,
    detail: str,
    ids: list[str] | None = None,
    label: VerdictLabel | None = None,
    confidence: float | None = None,
) -> StressCheck:
    return StressCheck(
        name=CROSS_CHECK,
        description="the offline planner checked the same claim independently",
        outcome=outcome,
        detail=detail,
        tool_run_ids=ids or [],
        verdict=label,
        confidence=confidence,
    )


def _propose(gate: ModelGate, goal: str, n: int) -> dict[str, Any]:
    messages = [
        SystemMessage(prompts.render("system", extra="")),
        HumanMessage(prompts.render("propose", goal=goal, n=n)),
    ]
    try:
        msg, _ = gate.call("propose", messages, [submit_hypotheses], tool_choice="submit_hypotheses")
    except RequestTooLarge as e:
        return {"hypotheses": [], "notes": [f"The model was not asked for hypotheses: {e}."]}
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
