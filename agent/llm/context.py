"""How much a chat-model server can take: its context length, and an estimate of a request's size.

Local servers commonly run with 4k-8k contexts, and a request that does not fit fails with
HTTP 400 before the model says a word. The context length is asked of the server itself, once
per (base URL, model) and process:

- llama.cpp's server: ``GET /props`` -> ``default_generation_settings.n_ctx``;
- Ollama: ``POST /api/show`` -> ``num_ctx`` in ``parameters`` when the model sets it; else
  Ollama runs the model with its default context (:data:`OLLAMA_DEFAULT_CTX`, or the trained
  ``model_info["<arch>.context_length"]`` if smaller), not the trained length, and longer
  prompts are cut silently rather than rejected, so that default is assumed unless the
  ``llm.context_tokens`` setting says otherwise (a server started with OLLAMA_CONTEXT_LENGTH);
- vLLM: ``GET /v1/models`` -> ``data[].max_model_len`` of the model;
- otherwise ``llm.context_tokens`` from the settings, otherwise unknown (None);
- and whatever a server says when it rejects a request as too long (llama.cpp's
  ``n_ctx`` in the error body, llama-cpp-python's "context window of N tokens"), learned then.

Request sizes are an **estimate**, not a tokenizer count: the characters of the request's JSON
(messages and tool schemas) divided by :data:`CHARS_PER_TOKEN`. How well that matches depends on
the tokenizer and on how the server renders tools into the prompt: the full tool list, 85.6k
characters, was 17.8k tokens to Gemma 3's tokenizer on a llama.cpp server (issue #29), and the
reading request, 22.8k characters, was 7.7k on llama-cpp-python's ``chatml-function-calling``
format, which renders the schemas as spaced JSON (at four characters a token it was estimated at
5.7k and sent over an 8k context's 6k prompt budget). So the servers'
own counts (the ``usage`` of each reply) correct the estimate: :func:`learn_count` keeps the
largest counted/estimated ratio seen per server, and :func:`count_ratio` scales the budget by it.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Three characters a token: what Gemma 3 counted for a request of JSON schemas rendered by
# llama-cpp-python (22.8k characters, 7.7k tokens). Prose runs nearer four, so prose over-counts;
# a first request must not be under-counted, since no server count corrects it yet.
CHARS_PER_TOKEN = 3.0
PROBE_TIMEOUT_S = 3.0
# Ollama's context for a model whose Modelfile sets no num_ctx (its FAQ: 4096 unless the server
# sets OLLAMA_CONTEXT_LENGTH; /api/show does not report that variable).
OLLAMA_DEFAULT_CTX = 4096
# Kept free for the reply: a quarter of the context (8k -> 6k for the prompt), at least 512.
REPLY_SHARE = 0.25
MIN_REPLY_TOKENS = 512

_CONTEXT_IN_ERROR = (
    re.compile(r"context window of (\d+)"),  # llama-cpp-python
    re.compile(r"context (?:size|length|window)[^0-9]{0,40}(\d{3,})", re.I),  # vLLM, LM Studio
    re.compile(r"n_ctx\D{0,5}(\d{3,})"),  # llama.cpp
)


@dataclass(frozen=True)
class ServerContext:
    """The context length a server reported (None: unknown) and where it came from."""

    tokens: int | None
    source: str
    assumed: bool = False  # a server's default, not its report: the llm.context_tokens setting wins

    def prompt_budget(self) -> int | None:
        """Tokens a prompt may take, leaving room for the reply; None when the context is unknown."""
        if self.tokens is None:
            return None
        return self.tokens - max(MIN_REPLY_TOKENS, int(self.tokens * REPLY_SHARE))


_cache: dict[tuple[str, str], ServerContext] = {}
_ratios: dict[tuple[str, str], float] = {}  # server -> largest counted/estimated prompt tokens
_lock = threading.Lock()
# A small request is mostly framing, whose tokens no estimate of the content predicts.
MIN_LEARN_TOKENS = 1000


def server_context(base_url: str | None, model: str, configured: int | None = None) -> ServerContext:
    """The context of ``model`` at ``base_url`` (probed once per process), else ``configured``."""
    key = (base_url or "", model)
    with _lock:
        known = _cache.get(key)
    if known is None:
        known = _probe(base_url, model) if base_url else ServerContext(None, "no server URL to ask")
        with _lock:
            _cache.setdefault(key, known)
    if (known.tokens is None or known.assumed) and configured is not None:
        return ServerContext(configured, "llm.context_tokens setting")
    return known


def learn_from_rejection(base_url: str | None, model: str, message: str) -> int | None:
    """The context length a server's 'request too long' rejection states, remembered for the
    next requests; None when the message is not about the context."""
    lowered = message.lower()
    if "context" not in lowered and "n_ctx" not in lowered and "too long" not in lowered:
        return None
    for pattern in _CONTEXT_IN_ERROR:
        m = pattern.search(message)
        if m:
            tokens = int(m.group(1))
            with _lock:
                _cache[(base_url or "", model)] = ServerContext(tokens, "the server's rejection of a longer request")
            return tokens
    return None


def learn_count(base_url: str | None, model: str, estimated: int, counted: int) -> None:
    """Remember how the server counted a request's prompt against the estimate (the largest
    ratio seen: a request must fit however the server renders it)."""
    if estimated < MIN_LEARN_TOKENS or counted <= 0:
        return
    key = (base_url or "", model)
    with _lock:
        _ratios[key] = max(_ratios.get(key, 1.0), counted / estimated)


def count_ratio(base_url: str | None, model: str) -> float:
    """Server tokens per estimated token, as learned (1.0 until a reply says more; never less)."""
    with _lock:
        return _ratios.get((base_url or "", model), 1.0)


def forget_contexts() -> None:
    """Drop what was learned (a server restarted with another context; tests)."""
    with _lock:
        _cache.clear()
        _ratios.clear()


def estimate_tokens(messages: Sequence[Any], tools: Sequence[dict[str, Any]] = ()) -> int:
    """Estimated prompt tokens of a request: characters of its JSON / CHARS_PER_TOKEN (see the
    module docstring: an estimate that over-counts, not a tokenizer)."""
    chars = sum(len(_message_text(m)) for m in messages)
    chars += len(json.dumps(list(tools), separators=(",", ":"), default=str)) if tools else 0
    return int(chars / CHARS_PER_TOKEN) + 1


def _message_text(m: Any) -> str:
    content = getattr(m, "content", m)
    text = content if isinstance(content, str) else json.dumps(content, default=str)
    calls = getattr(m, "tool_calls", None)
    if calls:
        text += json.dumps([{"name": c["name"], "args": c["args"]} for c in calls], default=str)
    return text + " " * 8  # role and framing


def _probe(base_url: str, model: str) -> ServerContext:
    """Ask the server; each probe that fails (wrong server kind, no route) is skipped quietly."""
    import httpx

    root = re.sub(r"/v1/?$", "", base_url.rstrip("/"))
    probes = (
        lambda c: _vllm(c, base_url, model),
        lambda c: _llamacpp(c, root),
        lambda c: _ollama(c, root, model),
    )
    try:
        with httpx.Client(timeout=PROBE_TIMEOUT_S, trust_env=False) as client:
            for probe in probes:
                try:
                    found = probe(client)
                except (httpx.HTTPError, ValueError, TypeError, KeyError, AttributeError):
                    continue
                if found is not None and found.tokens and found.tokens > 0:
                    return found
    except httpx.HTTPError:
        pass
    return ServerContext(None, "the server did not report it")


def _vllm(client: Any, base_url: str, model: str) -> ServerContext | None:
    rows = client.get(f"{base_url.rstrip('/')}/models").json().get("data") or []
    lengths = [r.get("max_model_len") for r in rows if r.get("id") == model] or [
        r.get("max_model_len") for r in rows
    ]
    n = next((int(n) for n in lengths if n), None)
    return ServerContext(n, "the server (vLLM /v1/models max_model_len)") if n else None


def _llamacpp(client: Any, root: str) -> ServerContext | None:
    reply = client.get(f"{root}/props")
    reply.raise_for_status()
    n = (reply.json().get("default_generation_settings") or {}).get("n_ctx")
    return ServerContext(int(n), "the server (llama.cpp /props n_ctx)") if n else None


def _ollama(client: Any, root: str, model: str) -> ServerContext | None:
    reply = client.post(f"{root}/api/show", json={"model": model})
    reply.raise_for_status()
    data = reply.json()
    # num_ctx is what Ollama actually runs with; context_length is what the model was trained for.
    m = re.search(r"num_ctx\s+(\d+)", str(data.get("parameters") or ""))
    if m:
        return ServerContext(int(m.group(1)), "the server (Ollama /api/show num_ctx)")
    info = data.get("model_info") or {}
    trained = next((int(v) for k, v in info.items() if k.endswith(".context_length")), None)
    if trained is None:
        return None
    why = f"the server (Ollama /api/show: no num_ctx set, so Ollama's default {OLLAMA_DEFAULT_CTX} is assumed)"
    return ServerContext(min(trained, OLLAMA_DEFAULT_CTX), why, assumed=True)
