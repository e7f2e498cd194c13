"""The real ChatOpenAI client, through the real graph, against a loopback OpenAI-compatible
server replaying scripted responses (tests/fake_openai.py). Tools are real (EMT on tiny cells).

A ``test`` run's first request asks the model to formalize the claim (tests/agent/
test_formalize_loopback.py covers it); here the model finds no known kind (``no_fit``), so the
parser's reading is used and each test is about what it names."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from fake_formalize import no_fit
from fake_openai import FakeOpenAI, HttpError

from agent.assistant import Assistant
from agent.errors import ModelError
from agent.settings import Settings

CU = {"structure": {"formula": "Cu", "prototype": "fcc"}, "calculator": "emt"}
CLAIM = "Copper conducts electricity well."


def assistant(server: FakeOpenAI, stress: bool = False, **agent: Any) -> Assistant:
    llm = server.llm_settings(max_retries=1)
    settings = Settings.load(llm=llm, agent={"stress_test": stress, **agent})
    return Assistant(settings)


def submit(
    verdict: str = "supported",
    run_id: str | None = "h1-t1",
    citation: str | None = None,
    confidence: float = 0.8,
) -> tuple[str, dict[str, Any]]:
    evidence = [
        {
            "kind": "literature" if citation else "simulation",
            "statement": "the computed energy is finite and negative",
            "supports": True,
            "tool_run_id": run_id,
            "citation": citation,
        }
    ]
    return (
        "submit_verdict",
        {
            "verdict": verdict,
            "confidence": confidence,
            "summary": "Checked with EMT.",
            "evidence": evidence,
            "open_questions": [],
        },
    )


def tool_messages(request: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in request["messages"] if m["role"] == "tool"]


def test_tool_call_then_verdict(openai_server: FakeOpenAI) -> None:
    openai_server.add(no_fit())
    openai_server.tool_calls([("single_point", CU)])
    openai_server.reply("The EMT energy of fcc Cu is finite; the claim holds.")
    openai_server.tool_calls([submit()])
    result = assistant(openai_server).run("test", CLAIM)
    v = result.verdicts[0]
    assert v.verdict == "supported" and v.confidence == pytest.approx(0.8)
    assert [e.tool_run_id for e in v.evidence] == ["h1-t1"]
    assert [r.tool for r in result.tool_runs] == ["single_point"] and result.tool_runs[0].error is None
    # request 0 asked for the claim's formalization, with only that function, forced
    assert [t["function"]["name"] for t in openai_server.requests[0]["tools"]] == ["submit_claim_spec"]
    first = openai_server.requests[1]
    # A claim read as a literature claim is offered the literature tool only (#29: requests that
    # fit a local server), and none here, where no index is set up (#27); a simulation the model
    # asks for anyway is still run and recorded.
    assert first.get("tools", []) == []
    # the tool result reached the model, with its ledger id
    sent = tool_messages(openai_server.requests[2])
    assert len(sent) == 1 and json.loads(sent[0]["content"])["run_id"] == "h1-t1"
    # the verdict was forced through the submit_verdict function
    last = openai_server.requests[-1]
    assert last["tool_choice"]["function"]["name"] == "submit_verdict"


def test_parallel_tool_calls(openai_server: FakeOpenAI) -> None:
    al = {"structure": {"formula": "Al", "prototype": "fcc"}, "calculator": "emt"}
    openai_server.add(no_fit())
    openai_server.tool_calls([("single_point", CU), ("single_point", al)])
    openai_server.reply("Both computed.")
    openai_server.tool_calls([submit()])
    result = assistant(openai_server).run("test", CLAIM)
    assert [r.id for r in result.tool_runs] == ["h1-t1", "h1-t2"]
    assert len(tool_messages(openai_server.requests[2])) == 2


def test_malformed_arguments_are_reported_back(openai_server: FakeOpenAI) -> None:
    openai_server.add(no_fit())
    openai_server.raw_tool_call("single_point", '{"structure": {"formula": "Cu"')
    openai_server.reply("I could not run the tool.")
    openai_server.tool_calls([submit("inconclusive", run_id=None, confidence=0.1)])
    result = assistant(openai_server).run("test", CLAIM)
    assert result.verdicts[0].verdict == "inconclusive"
    assert result.tool_runs == []
    sent = tool_messages(openai_server.requests[2])
    assert sent and "not valid JSON" in sent[0]["content"]


def test_unknown_tool_name(openai_server: FakeOpenAI) -> None:
    openai_server.add(no_fit())
    openai_server.tool_calls([("quantum_oracle", {"q": 1})])
    openai_server.reply("No such tool.")
    openai_server.tool_calls([submit("inconclusive", run_id=None, confidence=0.1)])
    result = assistant(openai_server).run("test", CLAIM)
    assert result.tool_runs[0].error and "unknown tool" in result.tool_runs[0].error
    assert "unknown tool" in tool_messages(openai_server.requests[2])[0]["content"]
    assert result.verdicts[0].verdict == "inconclusive"


def test_rate_limit_then_success(openai_server: FakeOpenAI) -> None:
    openai_server.add(no_fit())
    openai_server.error(429)
    openai_server.reply("Nothing to compute.")
    openai_server.tool_calls([submit("inconclusive", run_id=None, confidence=0.2)])
    result = assistant(openai_server).run("test", CLAIM)
    assert result.verdicts[0].verdict == "inconclusive"
    assert len(openai_server.requests) == 4  # formalize, then the 429 was retried once


def test_a_server_that_keeps_failing_leaves_the_claim_to_the_rule_based_path(openai_server: FakeOpenAI) -> None:
    openai_server.always(HttpError(500, "upstream exploded", 10))
    v = assistant(openai_server).run("test", CLAIM).verdicts[0]
    assert v.decided_without_model and "500" in v.decided_without_model
    assert "decided without the language model" in v.tested_as


def test_a_timeout_leaves_the_claim_to_the_rule_based_path(openai_server: FakeOpenAI) -> None:
    openai_server.delay(3.0)
    settings = Settings.load(
        llm=openai_server.llm_settings(timeout_s=0.5, max_retries=0), agent={"stress_test": False}
    )
    v = Assistant(settings).run("test", CLAIM).verdicts[0]
    assert v.decided_without_model and "timed out" in v.decided_without_model


def test_a_server_that_refuses_the_key_is_a_clear_model_error(openai_server: FakeOpenAI) -> None:
    openai_server.always(HttpError(401, "bad key", 10))
    with pytest.raises(ModelError, match="401"):
        assistant(openai_server).run("test", CLAIM)


def test_model_that_never_stops_hits_the_step_budget(openai_server: FakeOpenAI) -> None:
    from fake_openai import Reply

    openai_server.always(Reply.calls([("single_point", CU)]))
    result = assistant(openai_server, max_steps=3).run("test", CLAIM)
    v = result.verdicts[0]
    assert v.verdict == "inconclusive" and "step budget" in v.summary
    assert len(result.tool_runs) == 3


def test_answer_without_tools_and_without_evidence_is_not_a_verdict(openai_server: FakeOpenAI) -> None:
    openai_server.add(no_fit())
    openai_server.reply("Everyone knows copper is fcc.")
    openai_server.tool_calls([submit("supported", run_id="h1-t9")])  # points at a run that never happened
    v = assistant(openai_server).run("test", CLAIM).verdicts[0]
    assert v.verdict == "inconclusive"
    assert v.evidence == []
    assert any("unknown tool run" in q for q in v.open_questions)


def test_invented_citation_is_dropped(openai_server: FakeOpenAI) -> None:
    openai_server.add(no_fit())
    openai_server.tool_calls([("single_point", CU)])
    openai_server.reply("Done.")
    openai_server.tool_calls(
        [
            (
                "submit_verdict",
                {
                    "verdict": "supported",
                    "confidence": 0.9,
                    "summary": "s",
                    "open_questions": [],
                    "evidence": [
                        {
                            "kind": "simulation",
                            "statement": "energy",
                            "supports": True,
                            "tool_run_id": "h1-t1",
                            "citation": None,
                        },
                        {
                            "kind": "literature",
                            "statement": "a paper says so",
                            "supports": True,
                            "tool_run_id": None,
                            "citation": "made-up#c0",
                        },
                    ],
                },
            )
        ]
    )
    v = assistant(openai_server).run("test", CLAIM).verdicts[0]
    assert [e.citation for e in v.evidence] == [None]
    assert v.citations == []
    assert any("made-up#c0" in q for q in v.open_questions)


@pytest.mark.parametrize("durability", ["async", "exit"])
def test_resume_continues_from_the_checkpoint(openai_server: FakeOpenAI, durability: str) -> None:
    """Checkpointed after every step, or only as the run ends (a batch's way): a failed run
    resumes from where it failed either way."""
    openai_server.add(no_fit())
    openai_server.tool_calls([("single_point", CU)])
    openai_server.error(401)  # the key was revoked mid-loop: the run fails (not retried)
    a = Assistant(Settings.load(llm=openai_server.llm_settings(max_retries=1), agent={"stress_test": False}))
    a.durability = durability  # type: ignore[assignment]
    with pytest.raises(ModelError):
        a.run("test", CLAIM, thread_id="resume-me")
    openai_server.reply("The energy is computed; the claim holds.")
    openai_server.tool_calls([submit()])
    result = a.resume("resume-me")
    assert result.verdicts[0].verdict == "supported"
    # the tool ran once, before the failure; the resumed model saw its result
    assert [r.id for r in result.tool_runs] == ["h1-t1"]
    resumed_request = openai_server.requests[3]  # formalize, tool call, 401, resumed turn
    assert len(tool_messages(resumed_request)) == 1


def test_stress_test_rechecks_with_a_second_calculator(openai_server: FakeOpenAI) -> None:
    eos = {"structure": {"formula": "Cu", "prototype": "fcc"}, "calculator": "emt", "n_points": 5}
    openai_server.add(no_fit())
    openai_server.tool_calls([("equation_of_state", eos)])
    openai_server.reply("a = 3.59 Å from EMT; the claim holds.")
    openai_server.tool_calls([submit()])
    v = (
        assistant(openai_server, stress=True)
        .run("test", "The lattice constant of fcc copper is about 3.6 Å.")
        .verdicts[0]
    )
    names = {c.name: c for c in v.stress_tests}
    assert "second_calculator" in names and names["second_calculator"].outcome in ("agrees", "disagrees")
    assert "chgnet" in json.dumps(openai_server.requests[-1])  # the model was told what the re-check found
    assert "literature_contradiction" in names


def test_cli_resumes_a_failed_run(
    openai_server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from agent.cli import main

    monkeypatch.setenv("HYPOLOOP_LLM__BASE_URL", openai_server.base_url)
    monkeypatch.setenv("HYPOLOOP_LLM__MODEL", openai_server.model)
    monkeypatch.setenv("HYPOLOOP_LLM__MAX_RETRIES", "0")
    monkeypatch.setenv("HYPOLOOP_AGENT__STRESS_TEST", "false")
    openai_server.add(no_fit())
    openai_server.tool_calls([("single_point", CU)])
    openai_server.error(401)
    code = main(["test", CLAIM, "--thread", "t-cli"])
    assert code == 1 and "401" in capsys.readouterr().err
    openai_server.reply("Computed; the claim holds.")
    openai_server.tool_calls([submit()])
    code = main(["runs", "resume", "t-cli", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["verdicts"][0]["verdict"] == "supported"
    assert [r["id"] for r in out["tool_runs"]] == ["h1-t1"]


def test_token_budget(openai_server: FakeOpenAI) -> None:
    from fake_openai import Reply

    # The formalize call's usage is given: estimated, it grows with the schema of every claim kind.
    openai_server.add(dataclasses.replace(no_fit(), usage=(300, 20)))
    openai_server.add(Reply(tool_calls=(("single_point", json.dumps(CU)),), usage=(4000, 1000)))
    result = assistant(openai_server, max_tokens=1000).run("test", CLAIM)
    v = result.verdicts[0]
    assert v.verdict == "inconclusive" and "token budget" in v.summary
    assert len(openai_server.requests) == 2 and len(result.tool_runs) == 1  # formalize, then the turn


def test_ask_with_a_model_keeps_only_retrieved_citations(openai_server: FakeOpenAI) -> None:
    openai_server.tool_calls([("single_point", CU)])
    openai_server.reply("Copper's EMT energy is in run h1. See also [invented#c9].")
    a = assistant(openai_server).run("ask", "What is the EMT energy of fcc copper?").answers[0]
    assert "EMT energy" in a.answer
    assert a.citations == [] and a.tool_runs == ["q1-t1"]
