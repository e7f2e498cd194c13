"""Which chat model hypoloop talks to, and building it.

`resolve_provider` is the single place that decides between OpenAI, an OpenAI-compatible server
and the offline planner; `doctor`, the CLI, run manifests and the graph all ask it, so they never
disagree. langchain-openai is imported only inside `build_chat_model`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field

from agent.errors import ConfigError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from agent.settings import Settings

ResolvedProvider = Literal["openai", "openai-compatible", "offline"]

OFFLINE_MODEL = "offline-planner"
# OpenAI-compatible servers (vLLM, Ollama, llama.cpp) usually ignore the key, but the OpenAI
# client refuses to start without one.
PLACEHOLDER_KEY = "not-needed"
KEY_ENV_HINT = "OPENAI_API_KEY (or HYPOLOOP_LLM__API_KEY)"
BASE_URL_ENV_HINT = "HYPOLOOP_LLM__BASE_URL (or --base-url)"


class ProviderChoice(BaseModel):
    """The provider `auto` (or an explicit setting) resolved to, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: ResolvedProvider
    model: str = Field(description="Model name sent to the provider ('offline-planner' when offline).")
    reason: str = Field(description="Why this provider was chosen, in words a user can act on.")
    base_url: str | None = Field(
        None, description="Server URL (credentials stripped); None = OpenAI default."
    )
    explicit: bool = Field(False, description="True when llm.provider named it rather than 'auto'.")


def api_key_for(settings: Settings, provider: ResolvedProvider) -> str | None:
    """The key to send. OPENAI_API_KEY is only sent to OpenAI itself: a local or third-party
    OpenAI-compatible server gets llm.api_key or nothing, so a real OpenAI key never leaks there."""
    if settings.llm.api_key is not None:
        value = settings.llm.api_key.get_secret_value()
        if value:
            return value
    if provider == "openai":
        return os.environ.get("OPENAI_API_KEY") or None
    return None


def resolve_provider(settings: Settings) -> ProviderChoice:
    """Resolve ``settings.llm.provider``; raises ConfigError for an explicit provider that lacks
    what it needs (a key for 'openai', a base URL for 'openai-compatible')."""
    llm = settings.llm
    base_url = safe_url(llm.base_url) if llm.base_url else None
    if llm.provider == "offline":
        return ProviderChoice(
            provider="offline", model=OFFLINE_MODEL, reason="offline mode was requested", explicit=True
        )
    if llm.provider == "openai":
        if not api_key_for(settings, "openai"):
            raise ConfigError(f"llm.provider is 'openai' but no API key is set: set {KEY_ENV_HINT}")
        return ProviderChoice(
            provider="openai",
            model=llm.model,
            reason="set explicitly (llm.provider)",
            base_url=base_url,
            explicit=True,
        )
    if llm.provider == "openai-compatible":
        if not base_url:
            raise ConfigError(
                f"llm.provider is 'openai-compatible' but no server URL is set: set {BASE_URL_ENV_HINT}"
            )
        return ProviderChoice(
            provider="openai-compatible",
            model=llm.model,
            reason="set explicitly (llm.provider)",
            base_url=base_url,
            explicit=True,
        )
    return _resolve_auto(settings, base_url)


def _resolve_auto(settings: Settings, base_url: str | None) -> ProviderChoice:
    model = settings.llm.model
    if base_url:
        return ProviderChoice(
            provider="openai-compatible",
            model=model,
            reason=f"llm.base_url is set ({base_url})",
            base_url=base_url,
        )
    if api_key_for(settings, "openai"):
        return ProviderChoice(provider="openai", model=model, reason="an OpenAI API key is available")
    return ProviderChoice(
        provider="offline",
        model=OFFLINE_MODEL,
        reason=f"no API key ({KEY_ENV_HINT}) and no server URL ({BASE_URL_ENV_HINT}) configured",
    )


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None in offline mode. Retries with exponential backoff on
    429, 408/409, 5xx and timeouts are done by the OpenAI client (``llm.max_retries``)."""
    choice = resolve_provider(settings)
    if choice.provider == "offline":
        return None
    from langchain_openai import ChatOpenAI

    llm = settings.llm
    key = api_key_for(settings, choice.provider) or PLACEHOLDER_KEY
    kwargs: dict[str, object] = {}
    if choice.provider == "openai-compatible":
        # Compatible servers implement chat completions, not OpenAI's Responses API; token
        # budgets need usage on streamed turns too (vLLM, Ollama, llama.cpp, LM Studio send it).
        kwargs["use_responses_api"] = False
        kwargs["stream_usage"] = True
    return ChatOpenAI(
        model=llm.model,
        temperature=llm.temperature,
        timeout=llm.timeout_s,
        max_retries=llm.max_retries,
        base_url=llm.base_url,  # the raw URL: credentials in it are the user's business
        api_key=key,  # type: ignore[arg-type]  # accepts str | SecretStr
        **kwargs,  # type: ignore[arg-type]
    )


def offline_notice(settings: Settings) -> str | None:
    """The line to show once when offline mode was chosen because nothing was configured
    (None when a model is configured or --offline was asked for explicitly)."""
    try:
        choice = resolve_provider(settings)
    except ConfigError:
        return None
    if choice.provider != "offline" or choice.explicit:
        return None
    return (
        "No chat model configured: using the offline rule-based planner. "
        f"Set {KEY_ENV_HINT} for OpenAI, or {BASE_URL_ENV_HINT} for an OpenAI-compatible server."
    )


def safe_url(url: str) -> str:
    """``url`` without user:password, so it can be printed and written to run records."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable url>"
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
