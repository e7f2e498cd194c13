"""The model path against a real small model (issue #29): llama.cpp serving Gemma 3 270M at an
8k context (tests/services/llama.py), driven through ``hypoloop --base-url URL --model NAME`` as
a user would. A 270M model mostly fails at the task and at the tool protocol; what must hold is
that every claim still completes, none ends confidently wrong, and the user gets at least the
verdicts the rule-based path reaches. The full development set is bench/model_path.py's."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import yaml
from conftest import SHARED

from agent.cli import main
from agent.evaluate import CONFIDENT

pytestmark = pytest.mark.slow

DEV_SET = SHARED / "bench" / "hypotheses-dev.yaml"
# Dev claims of kinds with cheap calculations (a crystal's lattice constant and density with
# EMT, a molecule's shape with xTB) and the claim no tool can judge: each costs the model about
# 1.5 min here. The whole dev set, every kind, is bench/model_path.py's.
DEV_IDS = ("dev-02", "dev-09", "dev-13", "dev-20")
DENSER = "Aluminium is denser than gold."  # issue #29: inconclusive 0.0 after 676 s, before
DECIDED = ("supported", "refuted")
REPLY_TOKENS = 256


def _dev_claims() -> list[dict[str, Any]]:
    rows = {row["id"]: row for row in yaml.safe_load(DEV_SET.read_text())}
    return [rows[i] for i in DEV_IDS]


def _hypoloop(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code = main([*args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if code == 0 else out


def _model_args(server: Any) -> tuple[str, ...]:
    return ("--base-url", server.base_url, "--model", server.model)


@pytest.fixture(autouse=True)
def _local_model_settings(llama_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a user of this server sets: its context, since llama-cpp-python reports it nowhere
    (no /props; hypoloop would learn it only from a rejected request), and a short reply cap,
    since a 270M model on one CPU thread writes ~10 tokens/s and fills whatever room it gets."""
    monkeypatch.setenv("HYPOLOOP_LLM__CONTEXT_TOKENS", str(llama_server.n_ctx))
    monkeypatch.setenv("HYPOLOOP_LLM__MAX_REPLY_TOKENS", str(REPLY_TOKENS))


PROMPT_BUDGET = 6144  # three quarters of the server's 8192: issue #29's "first request <= 6k"


def _requests_fit(v: dict[str, Any]) -> None:
    """Every request the claim sent was within the prompt budget by the server's own count."""
    for r in v["usage"]["requests"] if v.get("usage") else []:
        assert r["prompt_tokens"] <= PROMPT_BUDGET, (r["step"], r["prompt_tokens"])


def test_a_claim_the_rule_based_path_refutes_ends_refuted_when_the_model_fails(
    llama_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue #29's case (inconclusive 0.0 after 676 s, before). First in the file: its reading
    request, the largest, teaches the session how the server counts tokens."""
    code, v = _hypoloop(capsys, *_model_args(llama_server), "test", DENSER)
    assert code == 0, v
    assert v["verdict"] == "refuted" and v["confidence"] >= CONFIDENT, v["summary"]
    assert v["decided_without_model"], v["summary"]  # labelled, and why
    assert "decided without the language model" in v["tested_as"]
    assert v["usage"]["requests"], "the model was asked first"
    _requests_fit(v)


def test_dev_claims_complete_never_confidently_wrong_and_decide_as_often_as_offline(
    llama_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Offline first (the same home, so the model path reuses its cached simulations and its
    time is the model's), then through the real server."""
    rows, wrong, decided, took = _dev_claims(), [], {"offline": 0, "model": 0}, []
    for row in rows:
        code, offline = _hypoloop(capsys, "--offline", "test", row["claim"])
        assert code == 0, (row["id"], "offline", offline)
        t0 = time.monotonic()
        code, model = _hypoloop(capsys, *_model_args(llama_server), "test", row["claim"])
        took.append(round(time.monotonic() - t0))
        assert code == 0, (row["id"], "model path", model)  # every claim completes
        assert model["usage"]["requests"] or model["decided_without_model"], row["id"]  # the model was asked
        _requests_fit(model)
        for path, v in (("offline", offline), ("model", model)):
            decided[path] += v["verdict"] in DECIDED
            if v["verdict"] in DECIDED and v["verdict"] != row["expected"] and v["confidence"] >= CONFIDENT:
                wrong.append((row["id"], path, v["verdict"], v["confidence"], v["summary"][:200]))
    print(f"model path seconds per claim: {took}; decided {decided}")
    assert wrong == []
    assert decided["model"] >= decided["offline"], decided


def test_a_question_is_answered_end_to_end(llama_server: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, a = _hypoloop(capsys, *_model_args(llama_server), "ask", "What is the bulk modulus of fcc copper with EMT?")
    assert code == 0, a
    assert a["answer"].strip()
    code, run = _hypoloop(capsys, "runs", "show", a["run_id"])
    assert code == 0 and run["manifest"]["usage"]["input_tokens"] > 0, run["manifest"].get("usage")  # the model was asked
