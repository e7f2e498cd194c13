"""Requests that fit the server: compact tool schemas, and shrinking a request to a token budget.

A tool's JSON schema, as LangChain renders it, carries a title on every field, ``anyOf`` pairs
for every optional value and paragraph-long descriptions; the model needs the names, the types
and one sentence each. :func:`compact_tool` keeps exactly that, so the schema stays valid (and
strict-mode compatible when it was) at a third of the size.

:func:`fit_request` shrinks a request that does not fit, in the order that loses least: earlier
tool results summarised, then every tool result summarised, then optional tools dropped. When
even that does not fit it returns None and the caller decides without the model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from agent.llm.context import estimate_tokens

MAX_DESCRIPTION = 160  # characters of a tool's description; a field's gets MAX_FIELD_DESCRIPTION
MAX_FIELD_DESCRIPTION = 100
SUMMARY_CHARS = 400  # what is kept of a summarised tool result
# A sentence ends at . ! or ? followed by a capital ("e.g. 'Cu'" does not end one).
_SENTENCE = re.compile(r"(?<=[a-z0-9)\]][.!?])\s+(?=[A-Z])")


def compact_tool(tool: Any) -> dict[str, Any]:
    """``tool`` (a LangChain tool, a pydantic model or an OpenAI tool dict) as a compact OpenAI tool."""
    from langchain_core.utils.function_calling import convert_to_openai_tool

    spec = tool if isinstance(tool, dict) and tool.get("type") == "function" else convert_to_openai_tool(tool)
    fn = dict(spec["function"])
    fn["description"] = _first_sentence(str(fn.get("description") or ""), MAX_DESCRIPTION)
    fn["parameters"] = _compact_schema(fn.get("parameters") or {"type": "object", "properties": {}})
    return {"type": "function", "function": fn}


def _compact_schema(node: Any, *, is_properties: bool = False) -> Any:
    if isinstance(node, list):
        return [_compact_schema(x) for x in node]
    if not isinstance(node, dict):
        return node
    if is_properties:  # keys are field names, not schema keywords
        return {k: _compact_schema(v) for k, v in node.items()}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "title" or (key == "default" and value is None):
            continue
        if key == "description" and isinstance(value, str):
            out[key] = _first_sentence(value, MAX_FIELD_DESCRIPTION)
        else:
            out[key] = _compact_schema(value, is_properties=key in ("properties", "$defs", "definitions"))
    return _nullable_as_type_list(out)


def _nullable_as_type_list(node: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [{type: T}, {type: null}]`` -> ``type: [T, "null"]`` (same meaning, a third the size)."""
    options = node.get("anyOf")
    if not isinstance(options, list) or len(options) != 2:
        return node
    types = [o.get("type") for o in options if isinstance(o, dict) and set(o) == {"type"}]
    if len(types) != 2 or "null" not in types or not all(isinstance(t, str) for t in types):
        return node
    rest = {k: v for k, v in node.items() if k != "anyOf"}
    return {**rest, "type": [t for t in types if t != "null"] + ["null"]}


def _first_sentence(text: str, limit: int) -> str:
    line = " ".join(text.split())
    first = _SENTENCE.split(line, maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 3] + "..."


@dataclass(frozen=True)
class Fitted:
    """A request that fits: its messages and tools, its estimated prompt tokens, and what was cut."""

    messages: list[Any]
    tools: list[dict[str, Any]]
    estimated_tokens: int
    shrunk: tuple[str, ...] = ()


def fit_request(
    messages: Sequence[Any], tools: Sequence[dict[str, Any]], budget: int | None, keep: Sequence[str] = ()
) -> Fitted | None:
    """``messages`` and ``tools`` shrunk until their estimate is within ``budget`` tokens (None:
    unknown, nothing is cut); tools named in ``keep`` are never dropped. None when even the
    smallest request does not fit."""
    msgs, kept = list(messages), list(tools)
    est = estimate_tokens(msgs, kept)
    if budget is None or est <= budget:
        return Fitted(msgs, kept, est)
    cuts: list[str] = []
    for step, older_only in (("earlier tool results summarised", True), ("all tool results summarised", False)):
        shorter = _summarised(msgs, older_only)
        if shorter != msgs:
            msgs = shorter
            cuts.append(step)
            est = estimate_tokens(msgs, kept)
            if est <= budget:
                return Fitted(msgs, kept, est, tuple(cuts))
    for tool in reversed([t for t in kept if t["function"]["name"] not in keep]):
        kept.remove(tool)
        est = estimate_tokens(msgs, kept)
        if est <= budget:
            return Fitted(msgs, kept, est, (*cuts, f"{len(tools) - len(kept)} optional tools left out"))
    return None


def _summarised(messages: list[Any], older_only: bool) -> list[Any]:
    """Tool results cut to their first SUMMARY_CHARS characters (the last turn's kept whole when
    ``older_only``): the run ids and headline numbers come first in every tool's output."""
    from langchain_core.messages import AIMessage, ToolMessage

    last_ai = max((i for i, m in enumerate(messages) if isinstance(m, AIMessage)), default=-1)
    out = []
    for i, m in enumerate(messages):
        text = m.content if isinstance(m, ToolMessage) and isinstance(m.content, str) else None
        if text is None or len(text) <= SUMMARY_CHARS or (older_only and i > last_ai):
            out.append(m)
            continue
        short = f"{text[:SUMMARY_CHARS]}... [shortened from {len(text)} characters to fit the context]"
        out.append(m.model_copy(update={"content": short}))
    return out


def schema_chars(tools: Sequence[dict[str, Any]]) -> int:
    """Characters of the tools' JSON (for reports)."""
    return len(json.dumps(list(tools), separators=(",", ":")))
