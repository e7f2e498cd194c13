"""A server's context, as the fake server (tests/fake_openai.py) plays it: llama.cpp's
``GET /props`` reporting ``n_ctx``, and llama.cpp's HTTP 400 for a request longer than that;
or, as ``server.kind`` says, vLLM's ``max_model_len`` in ``GET /v1/models`` or Ollama's
``POST /api/show`` (``num_ctx`` in its parameters when the model sets one, and the context the
model was trained for in ``model_info``).

The fake counts a request's tokens its own way, from the request body as it came over the
wire (every character of the messages and tools JSON, four to a token), not with hypoloop's
estimate; real tokenizers count fewer tokens than that for JSON and English, so a request the
fake accepts fits a real server of the same context.
"""

from __future__ import annotations

import json
from typing import Any

CHARS_PER_TOKEN = 4


def prompt_tokens(body: dict[str, Any]) -> int:
    text = json.dumps(body.get("messages", [])) + json.dumps(body.get("tools", []))
    return len(text) // CHARS_PER_TOKEN + 1


def props_body(n_ctx: int) -> dict[str, Any]:
    """llama.cpp's /props, trimmed to what a client reads."""
    return {"default_generation_settings": {"n_ctx": n_ctx, "n_predict": -1}, "total_slots": 1}


def context_rejection(body: dict[str, Any], n_ctx: int | None) -> dict[str, Any] | None:
    """llama.cpp's error body for a request that does not fit ``n_ctx`` (None when it fits)."""
    if n_ctx is None:
        return None
    n = prompt_tokens(body)
    if n <= n_ctx:
        return None
    return {
        "error": {
            "code": 400,
            "message": "the request exceeds the available context size, try increasing it",
            "type": "exceed_context_size_error",
            "n_prompt_tokens": n,
            "n_ctx": n_ctx,
        }
    }


def models_row(model: str, n_ctx: int | None, kind: str) -> dict[str, Any]:
    """One ``/v1/models`` entry; vLLM's carries the context it serves as ``max_model_len``."""
    row: dict[str, Any] = {"id": model, "object": "model", "created": 0, "owned_by": "fake"}
    if kind == "vllm" and n_ctx:
        row["max_model_len"] = n_ctx
    return row


def ollama_show_body(n_ctx: int | None, trained: int) -> dict[str, Any]:
    """Ollama's ``/api/show``, trimmed: ``parameters`` is the Modelfile's text (``num_ctx`` only
    when the model sets it); ``model_info`` gives the trained context under ``<arch>.context_length``."""
    parameters = 'stop "<end_of_turn>"' + (f"\nnum_ctx {n_ctx}" if n_ctx else "")
    info = {"general.architecture": "gemma3", "gemma3.context_length": trained, "gemma3.block_count": 18}
    return {"parameters": parameters, "model_info": info, "details": {"family": "gemma3"}}
