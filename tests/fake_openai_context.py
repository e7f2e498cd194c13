"""A server's context, as the fake server (tests/fake_openai.py) plays it: llama.cpp's
``GET /props`` reporting ``n_ctx``, and llama.cpp's HTTP 400 for a request longer than that.

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
