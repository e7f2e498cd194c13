"""What the gate (agent/graph/model_gate.py) asks of a server beyond fitting the context: a
bounded reply, and the estimate corrected by the server's own token counts (issue #29). The
real client talks to the loopback server playing llama.cpp at an 8k context."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_openai import FakeOpenAI, Reply
from langchain_core.messages import HumanMessage

from agent.errors import RequestTooLarge
from agent.graph.model_gate import ModelGate
from agent.llm.context import CHARS_PER_TOKEN, count_ratio, forget_contexts
from agent.llm.providers import build_chat_model
from agent.settings import Settings


@pytest.fixture(autouse=True)
def _fresh_contexts() -> Iterator[None]:
    forget_contexts()
    yield
    forget_contexts()


def _gate(server: FakeOpenAI, **llm: object) -> ModelGate:
    settings = Settings.load(llm=server.llm_settings(max_retries=0, **llm))
    model = build_chat_model(settings)
    assert model is not None
    return ModelGate(model, settings.llm)


def _prompt(tokens: int) -> list[HumanMessage]:
    return [HumanMessage("word " * int(tokens * CHARS_PER_TOKEN / 5))]  # CHARS_PER_TOKEN to an estimated token


def test_every_reply_is_capped_within_the_context(openai_server: FakeOpenAI) -> None:
    """A small model looping inside a JSON string writes until its context is full unless told
    otherwise; compatible servers read max_tokens (llama-cpp-python ignores max_completion_tokens)."""
    openai_server.n_ctx = 8192
    openai_server.add(Reply(content="ok", usage=(900, 5)), Reply(content="ok", usage=(5000, 5)))
    gate = _gate(openai_server, max_reply_tokens=3000)
    gate.call("research", _prompt(1000))
    _, record = gate.call("research", _prompt(5800))
    first, second = openai_server.requests
    assert first["max_tokens"] == 3000  # the setting, with room to spare
    assert second["max_tokens"] == 8192 - record["estimated_prompt_tokens"] < 3000  # what the context leaves
    assert "max_completion_tokens" not in first


def test_a_server_that_counts_more_tokens_than_estimated_gets_smaller_requests(openai_server: FakeOpenAI) -> None:
    openai_server.n_ctx = 8192
    est = 4000
    openai_server.add(Reply(content="ok", usage=(2 * est, 5)))
    gate = _gate(openai_server)
    _, record = gate.call("research", _prompt(est))
    assert record["prompt_tokens"] == 2 * est and not record["prompt_tokens_estimated"]
    assert count_ratio(gate.base_url, gate.model_name) == pytest.approx(2 * est / record["estimated_prompt_tokens"])
    with pytest.raises(RequestTooLarge):  # 4000 estimated fit 6144 before; counted double, not any more
        gate.fit("research", _prompt(est), [])
    assert gate.fit("research", _prompt(2500), []).estimated_tokens <= 3072


def test_small_requests_and_servers_that_count_fewer_teach_nothing(openai_server: FakeOpenAI) -> None:
    openai_server.n_ctx = 8192
    openai_server.add(Reply(content="ok", usage=(900, 5)), Reply(content="ok", usage=(1000, 5)))
    gate = _gate(openai_server)
    gate.call("research", _prompt(300))  # mostly framing: its ratio says little
    gate.call("research", _prompt(3000))  # the tools were not rendered into the prompt, say
    assert count_ratio(gate.base_url, gate.model_name) == 1.0


def test_a_propose_request_that_cannot_fit_is_not_sent_and_said_in_one_line(openai_server: FakeOpenAI) -> None:
    """Campaigns ask the model through the same gate as claims (they bypassed it before)."""
    from agent.assistant import Assistant

    openai_server.n_ctx = 700
    settings = Settings.load(llm=openai_server.llm_settings(max_retries=0), simulation={"default_calculator": "emt"})
    result = Assistant(settings).campaign("Find fcc metals stiffer than copper.", n=3, rounds=1, test_top=0)
    assert openai_server.requests == []
    said = [n for n in result.notes if "not asked for hypotheses" in n]
    assert said and "does not fit the server's context" in said[0] and "\n" not in said[0]
