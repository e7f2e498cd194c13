"""The server's context as each kind of local server reports it (agent/llm/context.py), asked of
the loopback server playing vLLM or Ollama (tests/fake_openai.py, ``server.kind``); llama.cpp's
``/props`` is in tests/agent/test_local_model.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_openai import FakeOpenAI

from agent.llm.context import OLLAMA_DEFAULT_CTX, forget_contexts, server_context


@pytest.fixture(autouse=True)
def _fresh_contexts() -> Iterator[None]:
    forget_contexts()
    yield
    forget_contexts()


def test_vllm_reports_max_model_len_in_its_model_list(openai_server: FakeOpenAI) -> None:
    openai_server.kind, openai_server.n_ctx = "vllm", 12288
    got = server_context(openai_server.base_url, openai_server.model, configured=4096)
    assert got.tokens == 12288 and "vLLM" in got.source and not got.assumed
    assert got.prompt_budget() == 9216


def test_ollama_reports_the_num_ctx_the_model_sets(openai_server: FakeOpenAI) -> None:
    openai_server.kind, openai_server.n_ctx = "ollama", 8192
    got = server_context(openai_server.base_url, openai_server.model, configured=32768)
    assert got.tokens == 8192 and "num_ctx" in got.source and not got.assumed


def test_ollama_without_num_ctx_runs_its_default_not_the_trained_length(openai_server: FakeOpenAI) -> None:
    """model_info says 128k, but Ollama runs such a model at its default and cuts longer prompts
    silently: the default is assumed, not the trained length."""
    openai_server.kind, openai_server.n_ctx = "ollama", None
    got = server_context(openai_server.base_url, openai_server.model)
    assert got.tokens == OLLAMA_DEFAULT_CTX and got.assumed and "default" in got.source


def test_a_configured_context_wins_over_ollamas_assumed_default(openai_server: FakeOpenAI) -> None:
    openai_server.kind, openai_server.n_ctx = "ollama", None
    got = server_context(openai_server.base_url, openai_server.model, configured=16384)
    assert got.tokens == 16384 and "context_tokens" in got.source


def test_a_small_trained_context_caps_ollamas_default(openai_server: FakeOpenAI) -> None:
    openai_server.kind, openai_server.n_ctx, openai_server.trained_ctx = "ollama", None, 2048
    assert server_context(openai_server.base_url, openai_server.model).tokens == 2048


def test_a_server_that_reports_nothing_leaves_the_context_unknown(openai_server: FakeOpenAI) -> None:
    openai_server.kind, openai_server.n_ctx = "vllm", None  # an old vLLM, or LM Studio
    got = server_context(openai_server.base_url, openai_server.model)
    assert got.tokens is None and got.prompt_budget() is None
