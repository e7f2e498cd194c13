"""Calling a chat model: bind tools, invoke or stream, and turn transport failures into one
typed, one-line `ModelError` that names the status, provider and server but never the key."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from agent.errors import ModelError
from agent.llm.providers import safe_url

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel, LanguageModelInput
    from langchain_core.messages import AIMessage, AIMessageChunk
    from langchain_core.runnables import Runnable

# Anything that looks like an OpenAI-style secret, in case a server echoes it back in an error.
_KEY_PATTERN = re.compile(r"\b(sk|rk|pk)-[A-Za-z0-9_\-]{8,}")
_MAX_DETAIL = 200


def bind(
    model: BaseChatModel, tools: Sequence[Any] | None, *, strict: bool = False, tool_choice: str | None = None
) -> Runnable[Any, Any]:
    """``model`` with ``tools`` bound. ``strict=True`` asks for OpenAI strict function calling;
    it is left out of the request otherwise, since some compatible servers reject the field.
    ``tool_choice`` names a tool the model must call (structured answers via function calling,
    which OpenAI and the compatible servers support; JSON-schema response formats are not universal)."""
    if not tools:
        return model
    extra: dict[str, Any] = {}
    if strict:
        extra["strict"] = True
    if tool_choice:
        extra["tool_choice"] = tool_choice
    return model.bind_tools(list(tools), **extra)


def invoke_model(
    model: BaseChatModel,
    messages: LanguageModelInput,
    tools: Sequence[Any] | None = None,
    *,
    strict: bool = False,
    tool_choice: str | None = None,
    timeout: float | None = None,
    max_tokens: int | None = None,
) -> AIMessage:
    """One model turn. Returns the AIMessage (``.tool_calls``, ``.invalid_tool_calls`` for
    malformed arguments, ``.usage_metadata`` for tokens). Raises ModelError when the server
    cannot be reached, times out, or keeps failing after the client's retries. ``timeout``
    shortens this request's timeout (seconds) and ``max_tokens`` caps the reply, on an OpenAI
    client model; others ignore them."""
    from langchain_core.messages import AIMessage

    runnable = bind(model, tools, strict=strict, tool_choice=tool_choice)
    # The OpenAI client takes per-request options; other chat models may reject unknown kwargs.
    extra: dict[str, Any] = {}
    if timeout is not None and hasattr(model, "request_timeout"):
        extra["timeout"] = timeout
    if max_tokens is not None and hasattr(model, "request_timeout"):
        extra.update(_reply_cap(model, max_tokens))
    try:
        out = runnable.invoke(messages, None, **extra)
    except Exception as e:
        err = to_model_error(e, model)
        if err is e:
            raise
        raise err from e
    if not isinstance(out, AIMessage):  # a misbehaving custom model: fail loudly, typed
        raise ModelError(f"chat model returned {type(out).__name__}, not an AIMessage")
    return out


def stream_model(
    model: BaseChatModel,
    messages: LanguageModelInput,
    tools: Sequence[Any] | None = None,
    *,
    strict: bool = False,
) -> Iterator[AIMessageChunk]:
    """Stream one model turn chunk by chunk (sum the chunks for the full message; tool-call
    deltas merge by index). Errors are converted like :func:`invoke_model`'s."""
    runnable = bind(model, tools, strict=strict)
    try:
        yield from runnable.stream(messages)
    except Exception as e:
        err = to_model_error(e, model)
        if err is e:
            raise
        raise err from e


def _reply_cap(model: Any, max_tokens: int) -> dict[str, Any]:
    """The request option that caps the reply. langchain-openai sends ``max_tokens`` as OpenAI's
    newer ``max_completion_tokens``, which some compatible servers ignore (llama-cpp-python's
    0.3 server does); those all read ``max_tokens``, sent in the body as it is."""
    base = getattr(model, "openai_api_base", None)
    if base and "api.openai.com" not in str(base):
        return {"extra_body": {"max_tokens": max_tokens}}
    return {"max_tokens": max_tokens}


def to_model_error(e: BaseException, model: Any) -> BaseException:
    """The ModelError for a failed call; exceptions that are not transport or API failures
    (programming errors, KeyboardInterrupt) are returned unchanged so they surface as they are."""
    import openai

    if isinstance(e, ModelError):
        return e
    malformed = _malformed_response(e)
    if not isinstance(e, openai.OpenAIError) and malformed is None:
        return e
    retries = getattr(model, "max_retries", None)
    where = _where(model) + (f", max_retries={retries}" if retries is not None else "")
    if isinstance(e, openai.APITimeoutError):
        timeout = getattr(model, "request_timeout", None)
        limit = f" after {timeout:g} s" if isinstance(timeout, (int, float)) else ""
        what = f"model request timed out{limit}"
    elif isinstance(e, openai.APIConnectionError):
        what = f"cannot reach the model server: {_detail(e, model)}"
    elif isinstance(e, openai.AuthenticationError):
        what = "model server rejected the API key (HTTP 401); check OPENAI_API_KEY / HYPOLOOP_LLM__API_KEY"
    elif isinstance(e, openai.RateLimitError):
        what = f"model server kept rate limiting (HTTP 429): {_detail(e, model)}"
    elif isinstance(e, openai.APIStatusError):
        kind = "server error" if e.status_code >= 500 else "request rejected"
        what = f"model {kind} (HTTP {e.status_code}): {_detail(e, model)}"
    elif malformed is not None:
        what = f"the model server sent {malformed}: {_redact(' '.join(str(e).split()), model)[:_MAX_DETAIL]}"
    else:
        what = f"model call failed: {type(e).__name__}: {_detail(e, model)}"
    msg = f"{what} ({where})"
    return ModelError(msg)


def is_setup_error(e: BaseException) -> bool:
    """True for a failure the user must fix in the setup: the server cannot be reached, or it
    refuses the key (401/403) or does not know the model (404). A run stops on these (resumable)
    instead of carrying on without the model, which is for a model that fails at the task."""
    import httpx
    import openai

    cause = e.__cause__ if isinstance(e, ModelError) else e
    if isinstance(cause, openai.APIConnectionError):
        # Not connecting at all is the setup; a timeout or a reply cut short is the server failing.
        return isinstance(cause.__cause__, httpx.ConnectError)
    return isinstance(cause, (openai.AuthenticationError, openai.PermissionDeniedError, openai.NotFoundError))


def _malformed_response(e: BaseException) -> str | None:
    """What was wrong with a 200 response the client could not use, or None for other errors.
    The OpenAI client decodes bodies lazily, so garbage (an HTML error page from a proxy, an empty
    body) surfaces as a JSONDecodeError and a body of the wrong shape as langchain-openai's
    TypeError; both come from the server, not from a bug here."""
    import json

    if isinstance(e, json.JSONDecodeError):
        return "a response that is not JSON"
    if isinstance(e, TypeError) and "Received response" in str(e):
        return "a response of an unexpected shape"
    # langchain builds the AIMessage from the response: tool-call arguments that are JSON but not
    # an object (a list, a number) fail its validation
    if type(e).__name__ == "ValidationError" and getattr(e, "title", "") in ("AIMessage", "AIMessageChunk"):
        return "a message it could not use (tool-call arguments must be a JSON object)"
    return None


def _where(model: Any) -> str:
    name = getattr(model, "model_name", None) or getattr(model, "model", None) or type(model).__name__
    base = getattr(model, "openai_api_base", None)
    provider = "openai" if not base or "api.openai.com" in str(base) else "openai-compatible"
    url = safe_url(str(base)) if base else "https://api.openai.com/v1"
    return f"provider {provider}, model {name}, base URL {url}"


def _detail(e: BaseException, model: Any) -> str:
    """The server's own error message, on one line, shortened, with secrets removed."""
    body = getattr(e, "body", None)
    text = None
    if isinstance(body, dict):
        inner = body.get("error", body)
        text = inner.get("message") if isinstance(inner, dict) else None
    text = " ".join(str(text or e).split())
    return _redact(text, model)[:_MAX_DETAIL]


def _redact(text: str, model: Any) -> str:
    key: Any = getattr(model, "openai_api_key", None)
    secret = key.get_secret_value() if hasattr(key, "get_secret_value") else key
    if isinstance(secret, str) and len(secret) >= 4:
        text = text.replace(secret, "***")
    return _KEY_PATTERN.sub("***", text)
