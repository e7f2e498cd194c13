"""The model path: a language model proposes candidates (and variations of the leaders), and
judges pairs from their claims, rationales and screen figures. The same submit_hypotheses tool
and propose prompt as ``hypoloop propose`` (agent/graph/drivers/model.py). Every request goes
through the model gate (agent/graph/model_gate.py): sized to the server's context, its reply
capped; one that cannot fit is not sent, and the step says so in one line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from agent.campaign.models import CampaignCandidate, Origin

if TYPE_CHECKING:
    from agent.graph.model_gate import ModelGate


class judge_pair(BaseModel):  # noqa: N801 - the class name is the tool name the model sees
    """Say which of two hypotheses better serves the research goal."""

    winner: Literal["A", "B", "tie"] = Field(
        description="'A', 'B', or 'tie' when the evidence cannot separate them."
    )
    reason: str = Field(description="One sentence: why, citing the screen figures where given.")


_JUDGE = """Research goal: {goal}

Two candidate hypotheses, each with its rationale and the cheap computational screen's figure
(higher is better for the goal; 'none' when no screen applies):

A: {a}
   rationale: {ra}
   screen: {fa}
B: {b}
   rationale: {rb}
   screen: {fb}

Which hypothesis is more likely true and more useful for the goal? Call judge_pair."""


def propose(gate: ModelGate, goal: str, n: int, start: int, rnd: int,
            leaders: list[CampaignCandidate] | None = None) -> tuple[list[CampaignCandidate], list[str]]:  # fmt: skip
    """``n`` candidates from the model (variations of ``leaders`` in later rounds), hazards dropped."""
    from langchain_core.messages import HumanMessage, SystemMessage

    import prompts
    from agent.errors import RequestTooLarge
    from agent.graph.schemas import submit_hypotheses
    from tools.hazards import first_hazard

    text = goal
    if leaders:
        listed = "\n".join(f"- {c.claim}" for c in leaders)
        text = f"{goal}\nPropose variations (neighbouring compositions or structures) of these leading hypotheses:\n{listed}"
    messages = [
        SystemMessage(prompts.render("system", extra="")),
        HumanMessage(prompts.render("propose", goal=text, n=n)),
    ]
    try:
        msg, _ = gate.call("propose", messages, [submit_hypotheses], tool_choice="submit_hypotheses")
    except RequestTooLarge as e:
        return [], [f"The model was not asked for hypotheses: {e}."]
    calls = [c for c in msg.tool_calls if c["name"] == "submit_hypotheses"]
    if not calls:
        return [], ["The model did not return hypotheses."]
    origin: Origin = "model-refined" if leaders else "model"
    out: list[CampaignCandidate] = []
    notes: list[str] = []
    for h in submit_hypotheses.model_validate(calls[0]["args"]).hypotheses[:n]:
        hazard = first_hazard(f"{h.claim} {h.rationale}")
        if hazard is not None:
            notes.append(f"A proposed hypothesis was dropped: {hazard.refusal()}")
            continue
        out.append(CampaignCandidate(id=f"c{start + len(out)}", claim=h.claim, rationale=h.rationale,
                                     predictions=h.predictions, origin=origin, round=rnd))  # fmt: skip
    return out, notes


def judge(gate: ModelGate, goal: str, a: CampaignCandidate, b: CampaignCandidate) -> tuple[str, str]:
    """(winner 'a' | 'b' | 'tie', reason) from the model; a reply without a judgement, or a
    pair too long to ask about, is a tie."""
    from langchain_core.messages import HumanMessage
    from pydantic import ValidationError

    from agent.errors import RequestTooLarge

    def fig(c: CampaignCandidate) -> str:
        return "none" if c.figure is None else f"{c.figure:.4g} {c.figure_unit} ({c.figure_basis})"

    ask = _JUDGE.format(goal=goal, a=a.claim, ra=a.rationale, fa=fig(a), b=b.claim, rb=b.rationale, fb=fig(b))
    try:
        msg, _ = gate.call("judge", [HumanMessage(ask)], [judge_pair], tool_choice="judge_pair")
    except RequestTooLarge as e:
        return "tie", f"the model was not asked ({e}; counted as a tie)"
    calls = [c for c in msg.tool_calls if c["name"] == "judge_pair"]
    try:
        got = judge_pair.model_validate(calls[0]["args"]) if calls else None
    except ValidationError:
        got = None
    if got is None:
        return "tie", "the model returned no usable judgement (counted as a tie)"
    return {"A": "a", "B": "b", "tie": "tie"}[got.winner], got.reason
