"""Forcing a structured answer from the model: one tool it must call (function calling works
on OpenAI and on the compatible servers; JSON-schema response formats do not everywhere)."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage

from agent.errors import ModelError


def invoke_forced(model: Any, messages: list[Any], schema: type) -> AIMessage:
    """Invoke ``model`` with ``schema`` as the only tool and ``tool_choice`` set to it."""
    from agent.llm import to_model_error

    runnable = model.bind_tools([schema], tool_choice=schema.__name__)
    try:
        out = runnable.invoke(messages)
    except Exception as e:
        err = to_model_error(e, model)
        if err is e:
            raise
        raise err from e
    if not isinstance(out, AIMessage):
        raise ModelError(f"chat model returned {type(out).__name__}, not an AIMessage")
    return out
