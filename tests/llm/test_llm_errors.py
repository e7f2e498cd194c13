"""Retries, timeouts and errors through the real client: what recovers, and what becomes a
one-line ModelError that names the server but never the key."""

from __future__ import annotations

import socket
import time
from typing import Any

import pytest
from fake_openai import FakeOpenAI

from agent.errors import ModelError
from agent.llm import build_chat_model, invoke_model, stream_model
from agent.settings import Settings

KEY = "sk-test-SECRET-abcdef0123456789"


def model_for(server: FakeOpenAI, **llm: Any) -> Any:
    model = build_chat_model(Settings.load(llm=server.llm_settings(**llm)))
    assert model is not None
    return model


def test_429_then_success(openai_server: FakeOpenAI) -> None:
    openai_server.error(429)
    openai_server.reply("made it")
    assert invoke_model(model_for(openai_server, max_retries=2), "hi").content == "made it"
    assert len(openai_server.requests) == 2


def test_client_backs_off_without_a_retry_hint(openai_server: FakeOpenAI) -> None:
    openai_server.error(503, retry_after_ms=None)  # only "Retry-After: 0": client's own backoff
    openai_server.reply("ok")
    t0 = time.monotonic()
    assert invoke_model(model_for(openai_server, max_retries=1), "hi").content == "ok"
    assert time.monotonic() - t0 >= 0.3  # 0.5 s initial delay minus at most 25 % jitter


def test_persistent_500_becomes_model_error(openai_server: FakeOpenAI) -> None:
    for _ in range(3):
        openai_server.error(500)
    with pytest.raises(ModelError) as info:
        invoke_model(model_for(openai_server, max_retries=2), "hi")
    msg = str(info.value)
    assert "HTTP 500" in msg and "openai-compatible" in msg and openai_server.base_url in msg
    assert "max_retries=2" in msg and "\n" not in msg
    assert len(openai_server.requests) == 3  # one try + two retries


def test_persistent_429_becomes_model_error(openai_server: FakeOpenAI) -> None:
    openai_server.always(openai_server.error(429))
    with pytest.raises(ModelError, match="HTTP 429"):
        invoke_model(model_for(openai_server, max_retries=1), "hi")
    assert len(openai_server.requests) == 2


def test_timeout_becomes_model_error(openai_server: FakeOpenAI) -> None:
    openai_server.delay(3.0)
    t0 = time.monotonic()
    with pytest.raises(ModelError, match=r"timed out after 0.5 s"):
        invoke_model(model_for(openai_server, timeout_s=0.5, max_retries=0), "hi")
    assert time.monotonic() - t0 < 2.5


def test_timeout_then_retry_succeeds(openai_server: FakeOpenAI) -> None:
    openai_server.delay(3.0)
    openai_server.reply("second try")
    msg = invoke_model(model_for(openai_server, timeout_s=0.5, max_retries=1), "hi")
    assert msg.content == "second try"
    assert len(openai_server.requests) == 2


def test_bad_key_401_never_leaks_the_key(openai_server: FakeOpenAI) -> None:
    openai_server.error(401)  # the fake echoes the bearer token back, like a careless server
    with pytest.raises(ModelError) as info:
        invoke_model(model_for(openai_server, api_key=KEY), "hi")
    assert openai_server.headers[0]["authorization"] == f"Bearer {KEY}"
    msg = str(info.value)
    assert "401" in msg and "API key" in msg
    assert KEY not in msg and "SECRET" not in msg
    assert len(openai_server.requests) == 1  # 401 is not retried


def test_server_message_with_a_key_is_redacted(openai_server: FakeOpenAI) -> None:
    openai_server.error(400, f"bad request from key {KEY} and sk-other-0123456789abcdef")
    with pytest.raises(ModelError) as info:
        invoke_model(model_for(openai_server, api_key=KEY), "hi")
    msg = str(info.value)
    assert "HTTP 400" in msg and "bad request" in msg
    assert "SECRET" not in msg and "sk-other" not in msg


def test_stream_errors_are_converted(openai_server: FakeOpenAI) -> None:
    openai_server.error(500)
    with pytest.raises(ModelError, match="HTTP 500"):
        list(stream_model(model_for(openai_server, max_retries=0), "hi"))


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_server_becomes_model_error() -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    model = build_chat_model(Settings.load(llm={"base_url": url, "max_retries": 0, "api_key": KEY}))
    with pytest.raises(ModelError) as info:
        invoke_model(model, "hi")  # type: ignore[arg-type]
    msg = str(info.value)
    assert "cannot reach" in msg and url in msg and KEY not in msg


def test_programming_errors_are_not_disguised() -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    class Broken(FakeListChatModel):
        def _call(self, *a: Any, **k: Any) -> str:
            raise RuntimeError("bug in my model")

    with pytest.raises(RuntimeError, match="bug in my model"):
        invoke_model(Broken(responses=["x"]), "hi")
