"""Every request the model path sends goes through one gate: sized to the server's context,
timed against the claim's wall-time budget, and recorded for the claim's token usage.

- **Fits or is not sent.** Tools go out as compact schemas (agent/llm/fit.py); a request whose
  estimate exceeds the server's prompt budget (agent/llm/context.py) is shrunk, and when even
  the smallest one does not fit the gate raises :class:`RequestTooLarge` instead of sending it.
  A server that rejects a request as too long (HTTP 400 naming its context) teaches the gate its
  context, and the request is shrunk and sent once more.
- **Within the claim's time.** Each request's timeout is what is left of ``llm.claim_wall_s``
  (at most ``llm.timeout_s``), shared among the client's retries of it; once it is spent the
  gate raises :class:`ModelTimeBudget`.
- **A bounded reply.** Each request caps the reply at ``llm.max_reply_tokens`` (or what the
  context leaves): a small model that loops inside a JSON string otherwise writes until its
  context is full, minutes on a CPU, and the request times out.
- **Recorded.** Each request returns a :class:`~agent.results.RequestUsage` dump (prompt tokens
  as the server counted them, else the estimate), which the claim's verdict sums.

The drivers turn these errors into a verdict decided without the model (agent/graph/drivers/).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from agent.errors import ModelError, ModelTimeBudget, RequestTooLarge
from agent.llm.context import (
    MIN_REPLY_TOKENS,
    ServerContext,
    count_ratio,
    learn_count,
    learn_from_rejection,
    server_context,
)
from agent.llm.fit import Fitted, compact_tool, fit_request

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import AIMessage

    from agent.settings import LLMSettings


def _backoff_s(retries: int) -> float:
    """What the OpenAI client sleeps in all between ``retries`` retries (0.5 s doubling, capped at 8 s)."""
    return sum(min(0.5 * 2**n, 8.0) for n in range(retries))


class ModelGate:
    """The model's requests for one run (thread-safe: it keeps no per-claim state)."""

    def __init__(self, model: BaseChatModel, llm: LLMSettings) -> None:
        self.model = model
        self.llm = llm

    @property
    def base_url(self) -> str | None:
        base = self.llm.base_url or getattr(self.model, "openai_api_base", None)
        return str(base) if base else None

    @property
    def model_name(self) -> str:
        return str(getattr(self.model, "model_name", None) or self.llm.model)

    def context(self) -> ServerContext:
        return server_context(self.base_url, self.model_name, self.llm.context_tokens)

    def fit(
        self, step: str, messages: Sequence[Any], tools: Sequence[Any], keep: Sequence[str] = ()
    ) -> Fitted:
        """The request as it would be sent (compact tools, shrunk to the prompt budget)."""
        schemas = [compact_tool(t) for t in tools]
        budget = self.context().prompt_budget()
        if budget is not None:  # in estimated tokens, as the server's counts showed them to be
            budget = int(budget / count_ratio(self.base_url, self.model_name))
        fitted = fit_request(messages, schemas, budget, keep)
        if fitted is None:
            smallest = fit_request(messages, schemas, 10**9, keep)
            size = smallest.estimated_tokens if smallest else "?"
            raise RequestTooLarge(
                f"the {step} request does not fit the server's context: even shrunk it needs about "
                f"{size} tokens (estimated) and {self.context().tokens} - reply room leaves {budget}"
            )
        return fitted

    def call(
        self,
        step: str,
        messages: Sequence[Any],
        tools: Sequence[Any] = (),
        *,
        tool_choice: str | None = None,
        keep: Sequence[str] = (),
        started_at: float | None = None,
    ) -> tuple[AIMessage, dict[str, Any]]:
        """One request: the reply and its usage record. ``keep`` names tools never left out to
        fit (the forced ``tool_choice`` always is). Raises ModelError (transport, timeout),
        RequestTooLarge or ModelTimeBudget."""
        keep = [*keep, tool_choice] if tool_choice else list(keep)
        fitted = self.fit(step, messages, tools, keep)
        t0 = time.monotonic()
        try:
            msg = self._send(fitted, tool_choice, started_at)
        except ModelError as e:
            if learn_from_rejection(self.base_url, self.model_name, _rejection_text(e)) is None:
                raise
            fitted = self.fit(step, messages, tools, keep)  # the server said its context: shrink, once
            msg = self._send(fitted, tool_choice, started_at)
        record = _usage_record(step, fitted, msg, time.monotonic() - t0)
        if not record["prompt_tokens_estimated"]:
            learn_count(self.base_url, self.model_name, fitted.estimated_tokens, record["prompt_tokens"])
        return msg, record

    def _send(self, fitted: Fitted, tool_choice: str | None, started_at: float | None) -> AIMessage:
        from agent.llm import invoke_model

        timeout = self.llm.timeout_s
        if started_at is not None:
            left = self.llm.claim_wall_s - (time.time() - started_at)
            if left <= 1.0:
                raise ModelTimeBudget(
                    f"the claim's model time budget of {self.llm.claim_wall_s:g} s (llm.claim_wall_s) is spent"
                )
            # The client retries a timed-out request with the same timeout: the attempts together,
            # not each one, must end within what is left of the claim's time.
            retries = max(0, int(getattr(self.model, "max_retries", None) or 0))
            timeout = min(timeout, max(1.0, (left - _backoff_s(retries)) / (1 + retries)))
        return invoke_model(
            self.model, fitted.messages, fitted.tools,
            tool_choice=tool_choice, timeout=timeout, max_tokens=self.reply_tokens(fitted),
        )  # fmt: skip

    def reply_tokens(self, fitted: Fitted) -> int:
        """The reply's cap: ``llm.max_reply_tokens``, or the room the context leaves after the
        prompt if less (never below MIN_REPLY_TOKENS: fitting left at least that much)."""
        tokens = self.context().tokens
        cap = self.llm.max_reply_tokens
        if tokens is None:
            return cap
        prompt = fitted.estimated_tokens * count_ratio(self.base_url, self.model_name)
        return max(MIN_REPLY_TOKENS, min(cap, int(tokens - prompt)))


def _rejection_text(e: ModelError) -> str:
    """The error's message and the server's error body (llama.cpp puts ``n_ctx`` in the body)."""
    import json

    import openai

    cause = e.__cause__
    if not isinstance(cause, openai.BadRequestError):
        return ""
    return f"{e} {json.dumps(getattr(cause, 'body', None), default=str)}"


def _usage_record(step: str, fitted: Fitted, msg: AIMessage, wall_s: float) -> dict[str, Any]:
    usage = getattr(msg, "usage_metadata", None) or {}
    prompt = int(usage.get("input_tokens") or 0)
    return {
        "step": step,
        "prompt_tokens": prompt or fitted.estimated_tokens,
        "prompt_tokens_estimated": not prompt,
        "completion_tokens": int(usage.get("output_tokens") or 0),
        "estimated_prompt_tokens": fitted.estimated_tokens,
        "wall_s": round(wall_s, 3),
        "shrunk": list(fitted.shrunk),
    }


def usage_totals(requests: Sequence[dict[str, Any]]) -> dict[str, int]:
    """What the run record's totals add for these requests (RunRecorder.add_usage's keys)."""
    prompt = sum(int(r.get("prompt_tokens", 0)) for r in requests)
    out = sum(int(r.get("completion_tokens", 0)) for r in requests)
    return {"input_tokens": prompt, "output_tokens": out, "total_tokens": prompt + out}
