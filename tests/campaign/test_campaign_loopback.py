"""A campaign driven by a language model end to end: the real ChatOpenAI client against a
loopback server (tests/fake_openai.py) replaying scripted proposals, variations and pairwise
judgements; real EMT screens, real embedder, real dedupe; the top candidate tested."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fake_formalize import as_parsed, formalized
from fake_openai import FakeOpenAI

from agent.assistant import Assistant
from agent.campaign.tournament import bradley_terry, games_of
from agent.settings import Settings

GOAL = "Find fcc metals stiffer than copper."
PT, AL, PT2 = (
    "Pt has a larger bulk modulus than Cu.",
    "Al has a larger bulk modulus than Cu.",
    "Platinum has a larger bulk modulus than copper.",
)
AU_NP, AU_NP2 = (
    "Gold nanoparticles catalyse CO oxidation at room temperature.",
    "Gold nanoparticles catalyze the oxidation of CO at room temperature.",
)
PD = "Pd has a larger bulk modulus than Cu."


def hyp(claim: str) -> dict[str, Any]:
    return {"claim": claim, "rationale": "scripted", "predictions": [f"check: {claim}"]}


def judge(winner: str, reason: str) -> tuple[str, dict[str, Any]]:
    return ("judge_pair", {"winner": winner, "reason": reason})


@pytest.mark.slow  # loads the bundled embedding model and runs a stress test through the graph
def test_scripted_model_campaign_end_to_end(openai_server: FakeOpenAI, home: object) -> None:
    s = openai_server
    s.tool_calls([("submit_hypotheses", {"hypotheses": [hyp(c) for c in (PT, AL, PT2, AU_NP, AU_NP2)]})])
    for w in ("A", "A", "B"):
        s.tool_calls([judge(w, f"round one says {w}")])
    s.tool_calls([("submit_hypotheses", {"hypotheses": [hyp(PD)]})])
    for _ in range(3):
        s.tool_calls([judge("A", "round two says A")])
    s.add(formalized(as_parsed(PT)))  # the tested claim read into its spec, as the parser reads it
    s.reply("The screen already computed both bulk moduli; no further tools needed.")
    s.tool_calls([("submit_verdict", {"verdict": "supported", "confidence": 0.6, "summary": "Pt is stiffer.",
                                      "evidence": [], "open_questions": []})])  # fmt: skip
    settings = Settings.load(llm=s.llm_settings(max_retries=1), agent={"stress_test": False},
                             simulation={"default_calculator": "emt"})  # fmt: skip
    result = Assistant(settings).campaign(GOAL, n=5, rounds=2, test_top=1)
    assert s.remaining == 0
    by_claim = {c.claim: c for c in result.candidates}
    assert by_claim[PT2].duplicate_of == by_claim[PT].id  # same tested spec
    assert by_claim[AU_NP2].near_duplicate_of == by_claim[AU_NP].id  # embedding, no spec
    assert by_claim[AU_NP].figure is None and by_claim[AU_NP].screen_error
    assert by_claim[PT].figure and by_claim[PT].figure > 100 and by_claim[PT].figure_unit == "GPa"
    assert by_claim[PD].origin == "model-refined" and by_claim[PD].round == 2
    assert [c.judge for c in result.comparisons] == ["model"] * 6
    assert [c.reason for c in result.comparisons][:3] == [
        "round one says A",
        "round one says A",
        "round one says B",
    ]
    assert all(c.winner == "a" for c in result.comparisons[3:])
    # ratings are the Bradley-Terry fit of exactly the recorded comparisons
    players = [c.id for c in result.ranked()]
    fit = bradley_terry(players, games_of(result.comparisons))
    assert all(c.rating == pytest.approx(fit[c.id]) for c in result.ranked())
    top = result.ranked()[0]
    assert top.claim == PT and top.verdict is not None and top.verdict.hypothesis_id == top.id
    # what the model saw: the goal, the leaders to vary, the screen figures, a forced judge_pair
    second_proposal = json.dumps(s.requests[4]["messages"])
    assert "variations" in second_proposal and "Pt has a larger bulk modulus than Cu." in second_proposal
    first_judgement = s.requests[1]
    assert first_judgement["tool_choice"]["function"]["name"] == "judge_pair"
    assert "GPa" in json.dumps(first_judgement["messages"])
