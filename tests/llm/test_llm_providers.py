"""Provider resolution: auto and explicit choices, and the errors for incomplete set-ups."""

from __future__ import annotations

import subprocess
import sys

import pytest

from agent.errors import ConfigError
from agent.llm import build_chat_model, offline_notice, resolve_provider, safe_url
from agent.settings import Settings

URL = "http://127.0.0.1:8000/v1"


@pytest.mark.parametrize(
    ("llm", "env_key", "provider", "why_contains"),
    [
        ({}, None, "offline", "OPENAI_API_KEY"),
        ({}, "sk-env-key-123456", "openai", "API key"),
        ({"api_key": "sk-set-key-123456"}, None, "openai", "API key"),
        ({"base_url": URL}, None, "openai-compatible", URL),
        ({"base_url": URL}, "sk-env-key-123456", "openai-compatible", "base_url"),
        ({"provider": "offline"}, "sk-env-key-123456", "offline", "requested"),
        ({"provider": "openai"}, "sk-env-key-123456", "openai", "explicitly"),
        ({"provider": "openai-compatible", "base_url": URL}, None, "openai-compatible", "explicitly"),
    ],
)
def test_resolution_table(
    monkeypatch: pytest.MonkeyPatch, llm: dict, env_key: str | None, provider: str, why_contains: str
) -> None:
    if env_key:
        monkeypatch.setenv("OPENAI_API_KEY", env_key)
    choice = resolve_provider(Settings.load(llm=llm))
    assert choice.provider == provider
    assert why_contains in choice.reason
    assert choice.explicit == ("provider" in llm)
    if provider == "offline":
        assert choice.model == "offline-planner"
    else:
        assert choice.model == Settings.load().llm.model


def test_offline_reason_names_the_env_vars() -> None:
    reason = resolve_provider(Settings.load()).reason
    assert "OPENAI_API_KEY" in reason and "HYPOLOOP_LLM__BASE_URL" in reason


def test_explicit_openai_without_key_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        resolve_provider(Settings.load(llm={"provider": "openai"}))


def test_explicit_compatible_without_base_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="HYPOLOOP_LLM__BASE_URL"):
        resolve_provider(Settings.load(llm={"provider": "openai-compatible"}))


def test_env_provider_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPOLOOP_LLM__BASE_URL", URL)
    assert resolve_provider(Settings.load()).provider == "openai-compatible"


def test_offline_notice_only_when_nothing_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    notice = offline_notice(Settings.load())
    assert notice and "offline" in notice and "OPENAI_API_KEY" in notice
    assert offline_notice(Settings.load(llm={"provider": "offline"})) is None  # --offline asked for it
    assert offline_notice(Settings.load(llm={"base_url": URL})) is None
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-key-123456")
    assert offline_notice(Settings.load()) is None


def test_build_offline_is_none() -> None:
    assert build_chat_model(Settings.load()) is None


def test_build_openai_uses_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-key-123456")
    llm = {"model": "gpt-4.1-mini", "temperature": 0.3, "timeout_s": 7.0, "max_retries": 4}
    model = build_chat_model(Settings.load(llm=llm))
    assert model is not None
    assert model.model_name == "gpt-4.1-mini"  # type: ignore[attr-defined]
    assert model.temperature == 0.3  # type: ignore[attr-defined]
    assert model.request_timeout == 7.0  # type: ignore[attr-defined]
    assert model.max_retries == 4  # type: ignore[attr-defined]
    assert model.openai_api_key.get_secret_value() == "sk-env-key-123456"  # type: ignore[attr-defined]


def test_openai_key_is_not_sent_to_a_compatible_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-key-123456")
    model = build_chat_model(Settings.load(llm={"base_url": URL}))
    assert model is not None
    assert model.openai_api_key.get_secret_value() == "not-needed"  # type: ignore[attr-defined]
    assert model.openai_api_base == URL  # type: ignore[attr-defined]
    keyed = build_chat_model(Settings.load(llm={"base_url": URL, "api_key": "local-key-42"}))
    assert keyed.openai_api_key.get_secret_value() == "local-key-42"  # type: ignore[union-attr]


def test_safe_url_strips_credentials() -> None:
    assert safe_url("http://user:pw@host:8000/v1") == "http://host:8000/v1"
    assert safe_url(URL) == URL
    choice = resolve_provider(Settings.load(llm={"base_url": "https://u:secret@example.org/v1"}))
    assert "secret" not in choice.model_dump_json()


def test_importing_llm_stays_light() -> None:
    code = "import sys, agent.llm; print(any(m.startswith(('langchain', 'openai')) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
