"""A misbehaving model server, through the real client and graph (loopback server, tests/fake_openai.py):
rate limits, server errors, timeouts, bodies cut short, garbage instead of JSON, invented tool
names, endless tool calling, a model that never submits. A model that fails at the task leaves
the claim to the rule-based path, labelled as decided without the model and why (issue #29); a
setup the user must fix (a refused key) is one clear error line; never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fake_formalize import no_fit
from fake_openai import FakeOpenAI, HttpError, Raw, Reply
from rob_helpers import Tally, run_cli

from agent.assistant import Assistant
from agent.settings import Settings

CU = {"structure": {"formula": "Cu", "prototype": "fcc"}, "calculator": "emt"}
CLAIM = "Copper conducts electricity well."


def submit(verdict: str = "supported", run_id: str | None = "h1-t1", confidence: float = 0.8) -> tuple[str, dict[str, Any]]:
    evidence = [{"kind": "simulation", "statement": "the energy is finite", "supports": True,
                 "tool_run_id": run_id, "citation": None}]  # fmt: skip
    return ("submit_verdict", {"verdict": verdict, "confidence": confidence, "summary": "Checked.",
                               "evidence": evidence, "open_questions": []})  # fmt: skip


def env_for(server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch, **more: str) -> None:
    monkeypatch.setenv("HYPOLOOP_LLM__BASE_URL", server.base_url)
    monkeypatch.setenv("HYPOLOOP_LLM__MODEL", server.model)
    monkeypatch.setenv("HYPOLOOP_LLM__TIMEOUT_S", more.pop("timeout", "5"))
    monkeypatch.setenv("HYPOLOOP_LLM__MAX_RETRIES", more.pop("retries", "1"))
    monkeypatch.setenv("HYPOLOOP_AGENT__STRESS_TEST", "false")
    for k, v in more.items():
        monkeypatch.setenv(k, v)


def cli_test(server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch, capsys: Any, **more: str) -> Any:
    env_for(server, monkeypatch, **more)
    return run_cli(["test", CLAIM, "--json"], capsys)


# Failures of the model server: the claim is decided without the model, and its verdict says why.
SERVER_FAULTS: dict[str, tuple[list[Any], dict[str, str], str]] = {
    "500_always": ([HttpError(500, "upstream exploded")] * 3, {}, "500"),
    "503_always": ([HttpError(503)] * 3, {}, "503"),
    "timeout": ([], {"timeout": "0.5", "retries": "0"}, "timed out"),
    "body_cut_short": ([Raw(b'{"id": "x", "choices": [{"mess', declared_length=5000)] * 2, {}, "model"),
    "garbage_json": ([Raw(b"<html>502 Bad Gateway</html>")] * 2, {}, "model"),
    "json_of_wrong_shape": ([Raw(b'{"hello": "world"}')] * 2, {}, "model"),
    "empty_body": ([Raw(b"")] * 2, {}, "model"),
}


@pytest.mark.parametrize("name", sorted(SERVER_FAULTS))
def test_server_fault_leaves_the_claim_to_the_rule_based_path(
    name: str, openai_server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch, capsys: Any, tally: Tally
) -> None:
    items, env, fragment = SERVER_FAULTS[name]
    for item in items:
        openai_server.add(item)
    if name == "timeout":
        openai_server.delay(3.0)
    run = cli_test(openai_server, monkeypatch, capsys, **env)
    tally.cli("model_fault", run)
    assert not run.crashed, run.err
    assert run.code == 0, run.err
    v = json.loads(run.out)
    why = v["decided_without_model"]
    assert why and "\n" not in why and fragment.lower() in why.lower()
    assert "decided without the language model" in v["tested_as"]


def test_a_refused_key_is_one_error_line(
    openai_server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch, capsys: Any, tally: Tally
) -> None:
    openai_server.add(*[HttpError(401, None)] * 2)
    run = cli_test(openai_server, monkeypatch, capsys)
    tally.cli("model_fault", run)
    assert not run.crashed, run.err
    assert run.code == 1 and run.one_line_error, run.err
    assert "401" in run.err
    assert run.out == ""  # no half verdict printed


def test_rate_limit_with_retry_after_is_waited_out(
    openai_server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch, capsys: Any, tally: Tally
) -> None:
    openai_server.add(no_fit())  # the claim's formalization (agent/graph/formalize.py)
    openai_server.error(429, retry_after_ms=300)
    openai_server.tool_calls([("single_point", CU)])
    openai_server.reply("Computed.")
    openai_server.tool_calls([submit()])
    run = cli_test(openai_server, monkeypatch, capsys)
    tally.cli("model_fault", run)
    assert run.code == 0, run.err
    assert json.loads(run.out)["verdict"] == "supported"
    assert len(openai_server.requests) == 5  # formalize, then the 429 was retried, not skipped


def assistant(server: FakeOpenAI, **agent: Any) -> Assistant:
    return Assistant(Settings.load(llm=server.llm_settings(max_retries=1), agent={"stress_test": False, **agent}))


def test_hallucinated_tool_names_are_reported_back(openai_server: FakeOpenAI, tally: Tally) -> None:
    openai_server.add(no_fit())  # the claim's formalization (agent/graph/formalize.py)
    openai_server.tool_calls([("run_dft_on_the_cluster", {"x": 1}), ("os.system", {"cmd": "id"})])
    openai_server.reply("No such tools.")
    openai_server.tool_calls([submit("supported", run_id="h1-t1", confidence=0.95)])
    result = assistant(openai_server).run("test", CLAIM)
    v = result.verdicts[0]
    tally.record("model_fault", crashed=False, traceback=False, lost=0, obeyed=int(v.verdict != "inconclusive"))
    assert all(r.error and "unknown tool" in r.error for r in result.tool_runs)
    assert v.verdict == "inconclusive"  # evidence resting on a failed run is not evidence


def test_endless_tool_calling_ends_at_the_step_budget(openai_server: FakeOpenAI, tally: Tally) -> None:
    openai_server.always(Reply.calls([("single_point", CU)]))
    result = assistant(openai_server, max_steps=4).run("test", CLAIM)
    v = result.verdicts[0]
    tally.record("model_fault", crashed=False, traceback=False, lost=0)
    assert v.verdict == "inconclusive" and "step budget" in v.summary
    assert len(result.tool_runs) == 4


def test_model_that_never_submits(openai_server: FakeOpenAI, tally: Tally) -> None:
    """It answers in prose even when the verdict function is forced."""
    openai_server.always(Reply.text("I am quite sure copper is fcc. Trust me."))
    result = assistant(openai_server, max_steps=3).run("test", CLAIM)
    v = result.verdicts[0]
    tally.record("model_fault", crashed=False, traceback=False, lost=0, obeyed=int(v.verdict != "inconclusive"))
    assert v.verdict == "inconclusive" and v.confidence <= 0.3


@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("wrong_types", json.dumps({"structure": {"formula": 29, "prototype": ["fcc"]}, "calculator": "emt"})),
        ("missing_fields", json.dumps({"calculator": "emt"})),
        ("extra_fields", json.dumps({**CU, "run_as_root": True})),
        ("string_for_number", json.dumps({**CU, "fmax": "small", "steps": "a few"})),
        ("not_json", '{"structure": {"formula": "Cu"'),
        ("deeply_nested", '{"structure": ' + "[" * 3000 + "]" * 3000 + "}"),
        ("null_everything", json.dumps({"structure": None, "calculator": None})),
    ],
)
def test_malformed_tool_arguments_from_the_model(
    name: str, arguments: str, openai_server: FakeOpenAI, tally: Tally
) -> None:
    openai_server.add(no_fit())  # the claim's formalization (agent/graph/formalize.py)
    openai_server.raw_tool_call("relax_structure", arguments)
    openai_server.reply("The tool refused my arguments.")
    openai_server.tool_calls([submit("inconclusive", run_id=None, confidence=0.1)])
    result = assistant(openai_server).run("test", CLAIM)
    runs = result.tool_runs
    sent = [m for m in openai_server.requests[2]["messages"] if m["role"] == "tool"]
    told = bool(sent) and "error" in sent[0]["content"]
    tally.record("bad_input", crashed=not told, traceback=any("Traceback" in m["content"] for m in sent), lost=0)
    # a call whose arguments parse becomes a failed ledger entry; one that does not parse is no run
    assert len(runs) <= 1 and all(r.error for r in runs)
    assert told and "Traceback" not in sent[0]["content"]  # the model was told, in one message, what was wrong
    assert result.verdicts[0].verdict == "inconclusive"


def test_tool_arguments_that_are_not_an_object_are_one_error_line(
    openai_server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch, capsys: Any, tally: Tally
) -> None:
    """langchain refuses to build such a message at all: the claim is decided without the model."""
    openai_server.always(Reply(tool_calls=(("relax_structure", "[1, 2, 3]"),)))
    run = cli_test(openai_server, monkeypatch, capsys)
    tally.cli("model_fault", run)
    assert not run.crashed and run.code == 0, run.err
    assert "must be a JSON object" in json.loads(run.out)["decided_without_model"]


def test_batch_with_a_failing_model_records_every_item(
    openai_server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Path, tally: Tally
) -> None:
    openai_server.always(HttpError(500, "down"))
    src = tmp_path / "b.yaml"
    src.write_text("- {id: a, claim: Cu is fcc.}\n- {id: b, claim: Ni is fcc.}\n")
    env_for(openai_server, monkeypatch, retries="0")
    run = run_cli(["batch", str(src), "--out", str(tmp_path / "out.jsonl"), "--workers", "0"], capsys)
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    tally.cli("model_fault", run, lost=2 - len(records))
    assert run.code == 0 and not run.crashed
    assert [r["id"] for r in records] == ["a", "b"]
    assert all(r["error"] is None and "500" in r["decided_without_model"] for r in records)
    assert all(r["summary"].startswith("Decided without the language model") for r in records)
