"""Chat-model providers: OpenAI, any OpenAI-compatible server, or offline (no model).

Importing this package is cheap; langchain-openai loads only when a model is built.
"""

from __future__ import annotations

from agent.llm.calls import bind, invoke_model, is_setup_error, stream_model, to_model_error
from agent.llm.providers import (
    OFFLINE_MODEL,
    ProviderChoice,
    api_key_for,
    build_chat_model,
    offline_notice,
    resolve_provider,
    safe_url,
)

__all__ = [
    "OFFLINE_MODEL",
    "ProviderChoice",
    "api_key_for",
    "bind",
    "build_chat_model",
    "invoke_model",
    "is_setup_error",
    "offline_notice",
    "resolve_provider",
    "safe_url",
    "stream_model",
    "to_model_error",
]
