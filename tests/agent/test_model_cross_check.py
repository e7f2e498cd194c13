"""The model path under the planner's rules (issue 24, item 7): the rule-based cross-check's
structured judgement bounds a language model's verdict.

- The cross-check computed the claim and found it too close to call within the calculator's
  measured error: the verdict cannot be confident, whatever the model said.
- The cross-check's label differs from the model's: inconclusive, both labels shown.
- They agree: as before (a small agreement bonus).
- The cross-check could not run: the model's verdict stands, and says no independent check ran.

The model is the loopback OpenAI-compatible server replaying scripted replies; the cross-check
runs real EMT equations of state (fcc Ni: 3.487 Å)."""

from __future__ import annotations

import pytest
from fake_formalize import as_parsed, formalized, no_fit
from fake_openai import FakeOpenAI

from agent.assistant import Assistant
from agent.evaluate import CONFIDENT
from agent.graph.stress_effects import WITHIN_ERROR_CAP
from agent.results import StressCheck, Verdict
from agent.settings import Settings

# 3.33 Å: EMT's 3.487 lies just inside the 5 % hedge, by less than EMT's measured error.
NI_CLOSE = "The lattice parameter of fcc nickel is roughly 3.33 angstrom."
NI_FAR = "The lattice parameter of fcc nickel is roughly 4.0 angstrom."  # refuted far beyond the error
CA = "The lattice parameter of fcc calcium is roughly 5.6 angstrom."  # EMT cannot treat Ca


def _verdict(
    server: FakeOpenAI, claim: str, label: str, *, stress: bool = True, element: str = "Ni", read: bool = True
) -> Verdict:
    # the model reads the claim as the parser does, or (read=False) finds no known kind
    server.add(formalized(as_parsed(claim)) if read else no_fit())
    server.tool_calls([("build_structure", {"structure": {"formula": element, "prototype": "fcc"}})])
    server.reply("Built it; the lattice parameter follows.")
    evidence = [{"kind": "simulation", "statement": f"built fcc {element}", "supports": label == "supported",
                 "tool_run_id": "h1-t1", "citation": None}]  # fmt: skip
    server.tool_calls([("submit_verdict", {"verdict": label, "confidence": 0.9, "summary": "Judged.",
                                            "evidence": evidence, "open_questions": []})])  # fmt: skip
    settings = Settings.load(
        llm=server.llm_settings(max_retries=1),
        agent={"stress_test": stress},
        simulation={"default_calculator": "emt"},
    )
    return Assistant(settings).test(claim)


def _cross(v: Verdict) -> StressCheck:
    found = [c for c in v.stress_tests if c.name == "rule_based_cross_check"]
    assert len(found) == 1, v.stress_tests
    return found[0]


@pytest.mark.parametrize("label", ["supported", "refuted"])
def test_a_cross_check_too_close_to_call_holds_the_model_verdict_below_decided(
    openai_server: FakeOpenAI, label: str
) -> None:
    v = _verdict(openai_server, NI_CLOSE, label)
    cross = _cross(v)
    assert cross.outcome == "undecided" and cross.verdict == "inconclusive", cross
    assert "too close to call within the calculator's measured error" in cross.detail
    assert v.verdict == label and v.confidence <= WITHIN_ERROR_CAP < CONFIDENT
    assert f"held at or below {WITHIN_ERROR_CAP:g}" in v.summary
    assert any("too close to call" in q for q in v.open_questions)


def test_a_cross_check_that_refutes_a_supported_model_verdict_makes_it_inconclusive_with_both_shown(
    openai_server: FakeOpenAI,
) -> None:
    v = _verdict(openai_server, NI_FAR, "supported")
    cross = _cross(v)
    assert cross.outcome == "disagrees" and cross.verdict == "refuted", cross
    assert "model verdict: supported (confidence 0.90)" in cross.detail
    assert "planner verdict: refuted" in cross.detail
    assert v.verdict == "inconclusive" and v.confidence <= 0.5
    assert "judged the claim refuted where the language model judged it supported" in v.summary


def test_a_cross_check_that_agrees_adds_its_bonus_as_before(openai_server: FakeOpenAI) -> None:
    v = _verdict(openai_server, NI_FAR, "refuted")
    cross = _cross(v)
    assert cross.outcome == "agrees" and cross.verdict == "refuted", cross
    # The rule-based level with its cross-check bonus (0.93 before the calibration set grew to 35
    # solids; the fcc band it rests on moved the third decimal).
    assert v.verdict == "refuted" and v.confidence == pytest.approx(0.93, abs=0.006)
    assert v.summary == "Judged."


def test_a_cross_check_that_could_not_run_leaves_the_verdict_and_says_so(openai_server: FakeOpenAI) -> None:
    v = _verdict(openai_server, CA, "supported", element="Ca")
    cross = _cross(v)
    assert cross.outcome == "failed" and cross.detail.startswith("no independent check ran"), cross
    assert v.verdict == "supported" and v.confidence == pytest.approx(0.9)
    assert "No independent check ran (the rule-based cross-check's tool call failed)" in v.summary


def test_without_stress_tests_the_verdict_says_no_independent_check_ran(openai_server: FakeOpenAI) -> None:
    v = _verdict(openai_server, NI_CLOSE, "supported", stress=False)
    assert not [c for c in v.stress_tests if c.name == "rule_based_cross_check"]
    assert v.verdict == "supported" and v.confidence == pytest.approx(0.9)
    assert "No independent check ran (stress tests are off)" in v.summary


def test_a_claim_without_a_typed_spec_is_not_cross_checked_and_the_verdict_says_so(
    openai_server: FakeOpenAI,
) -> None:
    v = _verdict(openai_server, "It holds.", "supported", read=False)  # no reader finds a kind
    cross = _cross(v)
    assert cross.outcome == "not_applicable" and not cross.tool_run_ids and cross.verdict is None, cross
    assert v.verdict == "supported" and v.confidence == pytest.approx(0.9)
    assert "No independent check ran (no typed reading of the claim" in v.summary
