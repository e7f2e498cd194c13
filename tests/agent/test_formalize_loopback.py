"""The model path formalizes the claim first, end to end: the real ChatOpenAI client against the
loopback server (tests/fake_openai.py), the real graph and real tools (EMT on fcc Ni).

Scripts: formalize reply, research tool call, a text turn, the verdict."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fake_formalize import TOOL, as_parsed, formalized, no_fit
from fake_openai import FakeOpenAI, Reply

from agent.assistant import Assistant
from agent.graph.readings import MODEL_ONLY_CAP
from agent.results import Verdict
from agent.settings import Settings

NI = "The lattice parameter of fcc nickel is roughly 3.5 angstrom."  # parsed; EMT gives ~3.52 Å
UNKNOWN_WORDING = "The spacing between corner atoms of the fcc nickel unit cube is about 3.5 Å."
BUILD_NI = ("build_structure", {"structure": {"formula": "Ni", "prototype": "fcc"}})
NI_SPEC = {
    "kind": "property_value", "negated": False, "property": "lattice_constant",
    "material": {"formula": "Ni", "prototype": "fcc", "prototype_assumed": False},
    "relation": "about", "value": 3.5, "upper": None,
}  # fmt: skip


def _assistant(server: FakeOpenAI, stress: bool, **agent: Any) -> Assistant:
    return Assistant(
        Settings.load(
            llm=server.llm_settings(max_retries=0),
            agent={"stress_test": stress, **agent},
            simulation={"default_calculator": "emt"},
        )
    )


def _script_research(server: FakeOpenAI, verdict: str = "supported", confidence: float = 0.9) -> None:
    server.tool_calls([BUILD_NI])
    server.reply("Built fcc Ni; its lattice parameter follows.")
    evidence = [{"kind": "simulation", "statement": "built fcc Ni", "supports": verdict == "supported",
                 "tool_run_id": "h1-t1", "citation": None}]  # fmt: skip
    args = {
        "verdict": verdict,
        "confidence": confidence,
        "summary": "Judged.",
        "evidence": evidence,
        "open_questions": [],
    }
    server.tool_calls([("submit_verdict", args)])


def _check(v: Verdict, name: str) -> Any:
    found = [c for c in v.stress_tests if c.name == name]
    assert len(found) == 1, [c.name for c in v.stress_tests]
    return found[0]


def test_the_first_request_asks_for_the_spec_with_the_kind_table_as_a_forced_function(
    openai_server: FakeOpenAI,
) -> None:
    openai_server.add(formalized(as_parsed(NI)))
    _script_research(openai_server)
    _assistant(openai_server, stress=False).test(NI)
    first = openai_server.requests[0]
    assert [t["function"]["name"] for t in first["tools"]] == [TOOL]
    assert first["tool_choice"]["function"]["name"] == TOOL
    assert NI in first["messages"][-1]["content"] and "property_value" in first["messages"][-1]["content"]
    assert "PropertyValueClaim" in json.dumps(first["tools"][0]["function"]["parameters"]["$defs"])


def test_model_reading_equal_to_the_parsers_lets_the_cross_check_decide(openai_server: FakeOpenAI) -> None:
    openai_server.add(formalized(as_parsed(NI)))
    _script_research(openai_server)
    v = _assistant(openai_server, stress=True).test(NI)
    assert _check(v, "claim_reading").outcome == "agrees"
    cross = _check(v, "rule_based_cross_check")
    assert cross.outcome == "agrees" and "planner verdict: supported" in cross.detail
    # the model's 0.9 is held at what the rule-based path reaches with the calculators' measured errors
    assert v.verdict == "supported" and cross.confidence is not None and cross.confidence <= v.confidence < 0.9
    assert v.tested_as.startswith("The lattice constant of fcc Ni is about 3.5 Å") and "[" not in v.tested_as


@pytest.mark.parametrize("stress", [False, True], ids=["no_stress", "stress"])
def test_model_reading_that_differs_makes_the_verdict_inconclusive_with_both_shown(
    openai_server: FakeOpenAI, stress: bool
) -> None:
    openai_server.add(formalized({**NI_SPEC, "relation": "above", "value": 4.0}))
    _script_research(openai_server, confidence=0.95)
    v = _assistant(openai_server, stress=stress).test(NI)
    reading = _check(v, "claim_reading")
    assert reading.outcome == "disagrees"
    assert "about 3.5 Å" in reading.detail and "above 4 Å" in reading.detail
    assert v.verdict == "inconclusive" and v.confidence <= 0.5
    assert "about 3.5 Å" in v.tested_as and "above 4 Å" in v.tested_as and "differently" in v.tested_as
    assert any("readers agree on" in q for q in v.open_questions)


def test_model_finding_no_kind_leaves_the_parsers_reading_to_the_cross_check(
    openai_server: FakeOpenAI,
) -> None:
    openai_server.add(no_fit("I cannot map this to a kind"))
    _script_research(openai_server)
    v = _assistant(openai_server, stress=True).test(NI)
    reading = _check(v, "claim_reading")
    assert reading.outcome == "not_applicable" and "I cannot map this to a kind" in reading.detail
    assert _check(v, "rule_based_cross_check").outcome == "agrees"
    assert v.verdict == "supported" and v.tested_as.startswith("The lattice constant of fcc Ni")


def test_parser_cannot_read_it_so_the_models_reading_is_checked_and_labelled(
    openai_server: FakeOpenAI,
) -> None:
    openai_server.add(formalized(NI_SPEC))
    _script_research(openai_server)
    v = _assistant(openai_server, stress=True).test(UNKNOWN_WORDING)
    cross = _check(v, "rule_based_cross_check")
    # the deterministic check computed the model's reading: an equation of state of fcc Ni
    assert cross.outcome == "agrees" and "planner verdict: supported" in cross.detail and cross.tool_run_ids
    assert v.tested_as.startswith("The lattice constant of fcc Ni is about 3.5 Å")
    assert "[the language model's reading; the offline parser refused it: could not read" in v.tested_as
    assert v.verdict == "supported" and v.confidence <= MODEL_ONLY_CAP


def test_model_reading_of_words_the_grammar_cannot_read_stays_modest(openai_server: FakeOpenAI) -> None:
    claim = UNKNOWN_WORDING.replace("Å.", "Å in thin films.")
    openai_server.add(formalized(NI_SPEC))
    _script_research(openai_server, confidence=0.95)
    v = _assistant(openai_server, stress=False).test(claim)
    assert v.confidence <= MODEL_ONLY_CAP and "films" in v.tested_as
    assert "the language model's reading" in v.tested_as


@pytest.mark.parametrize(
    "reply",
    [
        Reply(tool_calls=((TOOL, '{"spec": {"kind": "property_value", "mater'),)),
        Reply(tool_calls=((TOOL, json.dumps({"spec": {"kind": "astrology"}, "no_fit_reason": None})),)),
        Reply.text("Sure! The claim is about nickel."),
    ],
    ids=["broken_json", "unknown_kind", "prose"],
)
def test_an_unusable_formalization_is_recorded_and_the_run_goes_on(
    openai_server: FakeOpenAI, reply: Reply
) -> None:
    openai_server.add(reply)
    _script_research(openai_server)
    result = _assistant(openai_server, stress=False).run("test", NI)
    v = result.verdicts[0]
    reading = _check(v, "claim_reading")
    assert reading.outcome == "not_applicable" and "not a usable spec" in reading.detail
    assert v.verdict == "supported" and v.tested_as.startswith("The lattice constant of fcc Ni")
    assert [r.id for r in result.tool_runs] == ["h1-t1"] and len(openai_server.requests) == 4


def test_a_spec_sent_as_text_is_used(openai_server: FakeOpenAI) -> None:
    openai_server.add(
        Reply.text("```json\n" + json.dumps({"spec": NI_SPEC, "no_fit_reason": None}) + "\n```")
    )
    _script_research(openai_server)
    v = _assistant(openai_server, stress=False).test(NI)
    assert _check(v, "claim_reading").outcome == "agrees" and v.verdict == "supported"


def test_formalize_tokens_count_in_the_budget_and_the_run_record(openai_server: FakeOpenAI) -> None:
    big = formalized(as_parsed(NI))
    openai_server.add(Reply(tool_calls=big.tool_calls, usage=(3000, 200)))
    a = _assistant(openai_server, stress=False, max_tokens=2000)
    result = a.run("test", NI)
    v = result.verdicts[0]
    assert v.verdict == "inconclusive" and "token budget" in v.summary
    assert len(openai_server.requests) == 1 and result.tool_runs == []
    from agent.runs.catalog import resolve_run_dir

    assert result.run_id is not None
    manifest = json.loads((resolve_run_dir(a.settings, result.run_id) / "manifest.json").read_text())
    assert manifest["usage"]["total_tokens"] == 3200
    assert "formalize" in manifest["prompts"]


def test_a_question_is_not_formalized_by_the_model(openai_server: FakeOpenAI) -> None:
    openai_server.reply("I would need to compute it.")
    _assistant(openai_server, stress=False).run("ask", "What is the lattice constant of fcc nickel?")
    assert len(openai_server.requests) == 1 and openai_server.requests[0].get("tool_choice") is None


def test_a_server_that_rejects_the_forced_function_is_asked_for_json_text(openai_server: FakeOpenAI) -> None:
    openai_server.error(400, "tool_choice naming a function is not supported (fake server)")
    openai_server.add(Reply.text(json.dumps({"spec": NI_SPEC, "no_fit_reason": None})))
    _script_research(openai_server)
    v = _assistant(openai_server, stress=False).test(NI)
    assert _check(v, "claim_reading").outcome == "agrees" and v.verdict == "supported"
    retry = openai_server.requests[1]
    assert "tools" not in retry and "submit_claim_spec" in retry["messages"][-1]["content"]


def test_a_plug_in_kind_is_offered_to_the_model_and_cross_checked(
    openai_server: FakeOpenAI, test_plugin: Any
) -> None:
    claim = "The word 'level' is a palindrome."
    openai_server.add(formalized({"kind": "palindrome", "negated": False, "word": "level"}))
    openai_server.tool_calls([("reverse_text", {"text": "level"})])
    openai_server.reply("It reads the same reversed.")
    evidence = [{"kind": "simulation", "statement": "reversed: level", "supports": True, "tool_run_id": "h1-t1",
                 "citation": None}]  # fmt: skip
    args = {
        "verdict": "supported",
        "confidence": 0.8,
        "summary": "s",
        "evidence": evidence,
        "open_questions": [],
    }
    openai_server.tool_calls([("submit_verdict", args)])
    v = _assistant(openai_server, stress=True).test(claim)
    assert "PalindromeClaim" in json.dumps(openai_server.requests[0]["tools"])
    assert _check(v, "claim_reading").outcome == "agrees"
    cross = _check(v, "rule_based_cross_check")
    assert cross.outcome == "agrees" and "planner verdict: supported" in cross.detail
    assert v.verdict == "supported" and v.tested_as == "The word 'level' is the same when reversed."
