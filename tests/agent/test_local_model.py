"""A local model server through the real client and graph (issue #29), played by the loopback
server (tests/fake_openai.py) with llama.cpp's habits: ``/props`` reporting a small context and
HTTP 400 for a request longer than it, timeouts, garbage, a broken tool protocol. Requests fit;
a failing model leaves the claim to the rule-based path, labelled; usage is per claim."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fake_formalize import as_parsed, formalized, no_fit
from fake_openai import Delay, FakeOpenAI, Raw, Reply
from fake_openai_context import prompt_tokens

from agent.assistant import Assistant
from agent.llm.context import forget_contexts, server_context
from agent.settings import Settings

# One claim of each kind in the development set (bench/agent_dev.py), and a question-free claim
# no kind plans a computation for.
KIND_CLAIMS = [
    "The equilibrium lattice parameter of fcc aluminium is 4.6 Å.",
    "Nickel has a larger bulk modulus than aluminium.",
    "Silicon is more stable in the diamond structure than in bcc or fcc.",
    "The H-O-H bond angle in water is close to 104.5 degrees.",
    "Water is a linear molecule.",
    "Aluminium is less dense than copper.",
    "The bulk modulus of gold is below 50 GPa.",
    "NaCl has a negative formation energy with respect to sodium metal and chlorine gas.",
    "The N-N bond in N2 is shorter than the O-O bond in O2.",
    "Lanthanum strontium manganite is a widely used cathode material for solid oxide fuel cells.",
    "MgB2 becomes superconducting below about 39 K.",
]
DENSER = "Aluminium is denser than gold."  # the rule-based path refutes it (EMT densities)
PROMPT_LIMIT_8K = 6144  # an 8k context less a quarter kept for the reply


@pytest.fixture(autouse=True)
def _fresh_contexts() -> Iterator[None]:
    forget_contexts()
    yield
    forget_contexts()


def _assistant(server: FakeOpenAI, *, stress: bool = False, **llm: Any) -> Assistant:
    settings = Settings.load(
        llm=server.llm_settings(**{"max_retries": 0, **llm}),
        agent={"stress_test": stress},
        simulation={"default_calculator": "emt"},
    )
    return Assistant(settings)


def _verdict_call(verdict: str = "refuted", run_id: str | None = None) -> Reply:
    evidence = [] if run_id is None else [
        {"kind": "simulation", "statement": "computed", "supports": False, "tool_run_id": run_id, "citation": None}
    ]  # fmt: skip
    args = {"verdict": verdict, "confidence": 0.9, "summary": "Judged.", "evidence": evidence, "open_questions": []}
    return Reply.calls([("submit_verdict", args)])


def _first_research_request(server: FakeOpenAI) -> dict[str, Any]:
    return next(r for r in server.requests if not (r.get("tool_choice") or {}).get("function"))


@pytest.mark.parametrize("claim", KIND_CLAIMS)
def test_every_kinds_requests_fit_an_8k_server(openai_server: FakeOpenAI, claim: str) -> None:
    openai_server.n_ctx = 8192
    openai_server.add(Reply.text("Nothing to compute."), _verdict_call("inconclusive"))
    v = _assistant(openai_server).test(claim)
    sent = openai_server.requests
    assert len(sent) == 2 and v.decided_without_model is None, v.summary  # none rejected as too long
    # The reading request carries every kind's schema (~23k characters, ~7.6k tokens at 3 characters
    # a token; Gemma 3 counted 7.7k): over an 8k context's 6k prompt budget, so it is not sent and
    # the parser's reading stands. The claim's own requests fit.
    assert v.usage is not None and [r.step for r in v.usage.requests] == ["research", "verdict"]
    for r in v.usage.requests:
        assert r.estimated_prompt_tokens <= PROMPT_LIMIT_8K, (r.step, r.estimated_prompt_tokens)
    assert max(prompt_tokens(b) for b in sent) <= PROMPT_LIMIT_8K  # by the server's own count too
    research = _first_research_request(openai_server)
    tools = research.get("tools", [])
    names = {t["function"]["name"] for t in tools}
    assert len(names) <= 6, names  # the claim's kind's tools, not all 25
    assert "literature_search" not in names  # no index is set up in this home (#27): not offered
    assert all("title" not in json.dumps(t) for t in tools)  # compact schemas


def test_the_server_context_is_read_from_llama_cpp_props(openai_server: FakeOpenAI) -> None:
    openai_server.n_ctx = 4096
    got = server_context(openai_server.base_url, openai_server.model, configured=32768)
    assert got.tokens == 4096 and "llama.cpp" in got.source and got.prompt_budget() == 3072


def test_without_props_the_setting_is_the_context(openai_server: FakeOpenAI) -> None:
    got = server_context(openai_server.base_url, openai_server.model, configured=16384)
    assert got.tokens == 16384 and "context_tokens" in got.source
    assert server_context(openai_server.base_url, openai_server.model).tokens is None


def test_a_rejection_naming_the_context_teaches_it_and_the_request_is_shrunk(openai_server: FakeOpenAI) -> None:
    """A server that says nothing of its context until it rejects a request (llama.cpp's 400 with
    n_ctx): the reading request is then too large and skipped (the parser's reading stands), the
    research request is sent with fewer tools, and the model decides."""
    openai_server.n_ctx, openai_server.serve_props = 3000, False
    openai_server.add(Reply.text("Nothing to compute."), _verdict_call("inconclusive"))
    v = _assistant(openai_server).test("MgB2 becomes superconducting below about 39 K.")
    statuses = [prompt_tokens(b) <= 3000 for b in openai_server.requests]
    assert statuses == [False, True, True], statuses  # one rejected, then only requests that fit
    assert v.decided_without_model is None
    assert [r.step for r in v.usage.requests] == ["research", "verdict"]  # type: ignore[union-attr]
    research = v.usage.requests[0]  # type: ignore[union-attr]
    assert research.estimated_prompt_tokens <= 2250


def test_even_the_smallest_request_too_large_is_said_in_one_line_and_decided_rule_based(
    openai_server: FakeOpenAI,
) -> None:
    openai_server.n_ctx = 700
    v = _assistant(openai_server).test("Water is a linear molecule.")
    assert openai_server.requests == []  # nothing was sent that could not fit
    assert v.decided_without_model and "does not fit the server's context" in v.decided_without_model
    assert "\n" not in v.decided_without_model
    assert v.verdict == "refuted" and "decided without the language model" in v.tested_as


def _timeout(server: FakeOpenAI) -> None:
    server.delay(3.0)


def _garbage_verdict(server: FakeOpenAI) -> None:
    server.add(formalized(as_parsed(DENSER)), Reply.text("Al is lighter."), Raw(b"<html>502</html>"))


def _verdict_in_prose(server: FakeOpenAI) -> None:
    server.add(formalized(as_parsed(DENSER)), Reply.text("Al is lighter."))
    server.always(Reply.text("I am sure it is refuted."))


def _broken_protocol(server: FakeOpenAI) -> None:
    server.add(formalized(as_parsed(DENSER)))
    server.always(Reply(tool_calls=(("equation_of_state", '{"structure": '),)))


def _inconclusive_model(server: FakeOpenAI) -> None:
    server.add(formalized(as_parsed(DENSER)), Reply.text("Cannot tell."), _verdict_call("inconclusive"))


FAILURES = {
    "timeout": (_timeout, "timed out"),
    "garbage_verdict": (_garbage_verdict, "not JSON"),
    "verdict_in_prose": (_verdict_in_prose, "no submit_verdict"),
    "broken_protocol": (_broken_protocol, "protocol"),
    "inconclusive_model": (_inconclusive_model, "inconclusive where the rule-based check decided"),
}


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_a_failing_model_still_yields_the_rule_based_verdict(openai_server: FakeOpenAI, name: str) -> None:
    script, why = FAILURES[name]
    script(openai_server)
    result = _assistant(openai_server, stress=True, timeout_s=0.5).run("test", DENSER)
    v = result.verdicts[0]
    assert v.verdict == "refuted" and v.confidence >= 0.7, v.summary
    assert v.decided_without_model and why in v.decided_without_model, v.decided_without_model
    assert v.summary.startswith("Decided without the language model")
    assert "decided without the language model" in v.tested_as and "Al" in v.tested_as
    assert v.evidence and all(e.tool_run_id for e in v.evidence if e.kind == "simulation")


def _warm(claim: str) -> None:
    """The claim once offline in the same home: imports loaded and its simulations cached, so
    a timed run measures the model's part (a first xTB run alone takes ~20 s on a busy machine)."""
    Assistant(Settings.load(llm={"provider": "offline"}, simulation={"default_calculator": "emt"})).test(claim)


def test_the_claims_wall_time_ends_the_models_part(openai_server: FakeOpenAI) -> None:
    openai_server.always(Delay(5.0, then=no_fit()))
    _warm("Water is a linear molecule.")
    t0 = time.monotonic()
    v = _assistant(openai_server, timeout_s=30.0, claim_wall_s=1.5).test("Water is a linear molecule.")
    assert time.monotonic() - t0 < 15  # the 30 s request timeout was cut to the claim's 1.5 s
    assert v.decided_without_model and "timed out" in v.decided_without_model
    assert v.verdict == "refuted"


def test_the_clients_retries_share_the_claims_wall_time(openai_server: FakeOpenAI) -> None:
    """The client retries a timed-out request with the same timeout; three attempts of the whole
    remaining time each took three times the claim's budget."""
    openai_server.always(Delay(20.0, then=no_fit()))
    _warm("Water is a linear molecule.")
    t0 = time.monotonic()
    v = _assistant(openai_server, timeout_s=60.0, claim_wall_s=6.0, max_retries=2).test("Water is a linear molecule.")
    assert time.monotonic() - t0 < 12  # 3 x 6 s + backoff before
    assert len(openai_server.requests) == 3  # the retries were made, each shorter
    assert v.decided_without_model and "timed out" in v.decided_without_model
    assert v.verdict == "refuted"


def test_usage_per_claim_is_in_the_run_record_and_json(openai_server: FakeOpenAI, capsys: Any, monkeypatch: Any) -> None:
    from agent.cli import main

    openai_server.add(no_fit(), Reply.text("Nothing to compute."), _verdict_call("inconclusive"))
    for k, v in {"BASE_URL": openai_server.base_url, "MODEL": openai_server.model, "MAX_RETRIES": "0"}.items():
        monkeypatch.setenv(f"HYPOLOOP_LLM__{k}", v)
    monkeypatch.setenv("HYPOLOOP_AGENT__STRESS_TEST", "false")
    assert main(["--json", "test", "MgB2 becomes superconducting below about 39 K."]) == 0
    out = json.loads(capsys.readouterr().out)
    usage = out["usage"]
    assert [r["step"] for r in usage["requests"]] == ["formalize", "research", "verdict"]
    assert usage["input_tokens"] == sum(r["prompt_tokens"] for r in usage["requests"]) > 0
    settings = Settings.load()
    record = json.loads(next(settings.runs_dir.glob("*/result.json")).read_text())
    assert record["verdicts"][0]["usage"]["total_tokens"] == usage["total_tokens"]


def test_doctor_reports_the_servers_context_and_the_first_request_sizes(
    openai_server: FakeOpenAI, capsys: Any, monkeypatch: Any
) -> None:
    from agent.cli import main

    openai_server.n_ctx = 8192
    monkeypatch.setenv("HYPOLOOP_LLM__BASE_URL", openai_server.base_url)
    monkeypatch.setenv("HYPOLOOP_LLM__MODEL", openai_server.model)
    assert main(["doctor", "--json"]) == 0
    mc = json.loads(capsys.readouterr().out)["model_context"]
    assert mc["tokens"] == 8192 and "llama.cpp" in mc["source"] and mc["prompt_budget"] == PROMPT_LIMIT_8K
    assert 0 < mc["first_requests"]["research"] <= PROMPT_LIMIT_8K < mc["first_requests"]["reading"]
    assert mc["fits"] is True and mc["reading_skipped"] is True  # the reading is optional (see above)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "model context: 8192 tokens" in out and "first requests" in out
    assert "reading of a claim does not fit, so it is not asked" in " ".join(out.split())
