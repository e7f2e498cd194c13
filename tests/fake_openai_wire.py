"""The OpenAI chat-completions wire format of the loopback server (tests/fake_openai.py): a scripted
reply as a completion body, as the SSE chunks of a streamed one, and an error body."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fake_openai import FakeOpenAI, Reply


def completion(server: FakeOpenAI, reply: Reply, body: dict[str, Any]) -> dict[str, Any]:
    n = server._next_id()
    message: dict[str, Any] = {"role": "assistant", "content": reply.content, "refusal": None}
    if reply.tool_calls:
        message["tool_calls"] = [
            {"id": f"call_{n}_{i}", "type": "function", "function": {"name": name, "arguments": args}}
            for i, (name, args) in enumerate(reply.tool_calls)
        ]
    prompt, completion = _usage(reply, body)
    return {
        "id": f"chatcmpl-fake-{n}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", server.model),
        "system_fingerprint": "fp_fake",
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": _finish(reply)}],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        },
    }


def chunks(server: FakeOpenAI, reply: Reply, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """SSE chunks as OpenAI sends them: role first, text in pieces, each tool call opened with
    id + name and its arguments in pieces, a finish chunk, then usage if asked for."""
    n = server._next_id()
    base = {
        "id": f"chatcmpl-fake-{n}",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": body.get("model", server.model),
        "system_fingerprint": "fp_fake",
    }

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**base, "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]}

    yield chunk({"role": "assistant", "content": ""})
    for piece in re.findall(r"\s*\S+", reply.content or ""):
        yield chunk({"content": piece})
    for i, (name, args) in enumerate(reply.tool_calls):
        opener = {
            "index": i,
            "id": f"call_{n}_{i}",
            "type": "function",
            "function": {"name": name, "arguments": ""},
        }
        yield chunk({"tool_calls": [opener]})
        for start in range(0, len(args), 7):
            yield chunk({"tool_calls": [{"index": i, "function": {"arguments": args[start : start + 7]}}]})
    yield chunk({}, _finish(reply))
    if (body.get("stream_options") or {}).get("include_usage"):
        prompt, completion = _usage(reply, body)
        usage = {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }
        yield {**base, "choices": [], "usage": usage}


def _finish(reply: Reply) -> str:
    return "tool_calls" if reply.tool_calls else "stop"


def _usage(reply: Reply, body: dict[str, Any]) -> tuple[int, int]:
    if reply.usage is not None:
        return reply.usage
    # A deterministic stand-in for a tokenizer: about four characters per token.
    prompt = max(1, len(json.dumps(body.get("messages", []))) // 4)
    out = len(reply.content or "") + sum(len(n) + len(a) for n, a in reply.tool_calls)
    return prompt, max(1, out // 4)


def error_body(status: int, message: str) -> dict[str, Any]:
    kind = {401: "invalid_request_error", 429: "requests"}.get(
        status, "server_error" if status >= 500 else "invalid_request_error"
    )
    code = {401: "invalid_api_key", 429: "rate_limit_exceeded"}.get(status)
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}
