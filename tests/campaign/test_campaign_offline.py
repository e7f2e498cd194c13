"""End to end, offline, on cheap physics (EMT metals): generation, screen, tournament across two
rounds with refinement, the stress test of the top candidate, the run record, JSON and HTML."""

from __future__ import annotations

import json

import pytest

from agent.assistant import Assistant
from agent.campaign import run_campaign
from agent.campaign.naming import formula_of
from agent.runs import load_run
from agent.settings import Settings

GOAL = "which of Cu, Ag, Au, Ni, Pd, Pt and Al has the largest bulk modulus"


@pytest.fixture
def emt(home: object) -> Settings:
    return Settings.load(simulation={"default_calculator": "emt"})


def test_two_rounds_refine_around_the_leaders_and_find_platinum(emt: Settings) -> None:
    result = run_campaign(GOAL, emt, n=4, rounds=2)
    first = [formula_of(c) for c in result.candidates if c.round == 1]
    assert first == ["Cu", "Au", "Pd", "Al"]  # spread over the listed order
    second = [c for c in result.candidates if c.round == 2]
    assert second and all(c.origin == "refined" and c.parent for c in second)
    ranked = result.ranked()
    assert formula_of(ranked[0]) == "Pt" and ranked[0].round == 2
    # its claim names the strongest rival of the screen, and parses into a comparison
    assert ranked[0].claim == "Pt has a larger bulk modulus than Pd." and ranked[0].tested_as
    figures = [c.figure for c in ranked]
    assert figures == sorted(figures, reverse=True)  # figures decide every offline pair (no ties here)
    ratings = [c.rating for c in ranked]
    assert ratings == sorted(ratings, reverse=True)  # type: ignore[type-var]
    n = len(ranked)
    assert len(result.comparisons) == n * (n - 1) // 2  # every pair once, across both rounds
    assert {c.round for c in result.comparisons} == {1, 2} and all(
        c.judge == "screen" for c in result.comparisons
    )
    assert all(c.novelty == "no index" for c in result.candidates)
    assert [s.calculator for s in result.screens] == ["emt", "emt"] and result.screens[0].structures == 4


@pytest.mark.slow  # the full stress test of the top candidate (EOS, finer settings, second calculator)
def test_assistant_campaign_tests_the_top_k_and_records_the_run(emt: Settings) -> None:
    result = Assistant(emt).campaign(GOAL, n=7, test_top=1)
    top = result.ranked()[0]
    assert formula_of(top) == "Pt" and top.verdict is not None
    # Pt vs Pd with EMT (278 vs 179 GPa) is within EMT's per-class spread of bulk-modulus errors
    # (its fcc Al is 47 % low), so the signed per-class calibration may leave it undecided; it is
    # never refuted.
    assert top.verdict.verdict in ("supported", "inconclusive") and top.verdict.hypothesis_id == top.id
    assert top.verdict.tested_as and result.tool_runs > 0
    assert all(c.verdict is None for c in result.ranked()[1:])
    record = load_run(emt, result.run_id or "")
    assert record["manifest"]["kind"] == "propose" and record["manifest"]["status"] == "done"
    saved = record["result"]
    assert saved["hypotheses"][0]["claim"] == top.claim and saved["verdicts"][0]["verdict"] == top.verdict.verdict
    assert len(saved["comparisons"]) == 21
    page = result._repr_html_()
    assert "Campaign:" in page and "data:image/png;base64," in page and top.verdict.verdict in page
    json.dumps(result.to_json())
