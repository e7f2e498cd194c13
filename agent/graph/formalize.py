"""The language model formalizes a claim into the planner's typed claim spec (structured output).

The model is shown every claim kind of the table (agent/language/kinds.py: built-in and plug-in
kinds alike) as one function whose ``spec`` argument is the union of their spec models, and must
call it with a spec or with null and the reason no kind fits. Whatever comes back is validated
with the kind's own pydantic model; a reply that is not a valid spec of a known kind (wrong
JSON, an unknown kind, a missing field, prose instead of the call) is read as "no fit" with the
reason recorded, never an error. Servers that ignore ``tool_choice`` and answer in text get a
second chance: a JSON object in the text is read the same way; a server that rejects the forced
function (HTTP 400) is asked once more, without tools, for the JSON as text.

How the model's reading is weighed against the offline parser's is agent/graph/readings.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import prompts
from agent.errors import ModelError
from agent.graph.schemas import FILLED_BY_CODE, FORMALIZE_TOOL, claim_spec_tool

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import AIMessage

    from agent.language.kinds import ClaimKind

# Kinds the model is not offered: they are the parser's verdicts on a claim, not readings of it (a
# refusal names words no spec holds; a literature claim is the fallback when no simulation kind
# fits). The model says "no kind fits" with its reason instead.
NOT_FOR_THE_MODEL = frozenset({"refused", "literature"})
_FENCED = re.compile(r"```(?:json)?\s*(\{.*?\})\s*```", re.S)
_MAX_REASON = 300


@dataclass(frozen=True)
class Formalized:
    """What ``Driver.formalize`` returns: the spec the deterministic checks use (None: no known
    kind fits), the token usage of the model call (None when no model was called) and, on the
    model path, how the spec was arrived at (agent/graph/readings.py; JSON-able, kept in state)."""

    spec: Any
    usage: Mapping[str, Any] | None = None
    reading: dict[str, Any] | None = None
    # The model's requests (agent/graph/model_gate.py records), and why the claim is to be decided
    # without the model when the reading request failed (None: the model goes on).
    requests: tuple[dict[str, Any], ...] = ()
    without_model: str | None = None


@dataclass(frozen=True)
class ModelReading:
    """The model's formalization: a validated spec, or None with why (``invalid`` when the reply
    was not a usable spec at all, as opposed to the model saying no kind fits)."""

    spec: Any
    reason: str = ""
    invalid: bool = False


def offered_kinds() -> list[ClaimKind]:
    from agent.language import kinds

    return [k for k in kinds.table().values() if k.name not in NOT_FOR_THE_MODEL]


Call = Callable[[list[Any], list[Any], "str | None"], "AIMessage"]


def ask_model(model: BaseChatModel, claim: str, call: Call | None = None) -> tuple[ModelReading, Mapping[str, Any]]:
    """Ask ``model`` to formalize ``claim``: its reading and the call's token usage. ``call``
    sends a request (messages, tools, tool_choice) in place of a plain ``invoke_model`` (the model
    path's gate: sized, timed, recorded). Transport failures raise ModelError."""
    from langchain_core.messages import HumanMessage, SystemMessage

    from agent.llm import invoke_model

    def send(messages: list[Any], tools: list[Any], choice: str | None) -> AIMessage:
        if call is not None:
            return call(messages, tools, choice)
        return invoke_model(model, messages, tools, tool_choice=choice)

    rows = offered_kinds()
    messages = [
        SystemMessage(prompts.render("system", extra="")),
        HumanMessage(prompts.render("formalize", claim=claim, kinds=kinds_text(rows))),
    ]
    tool = claim_spec_tool([r.spec for r in rows])
    try:
        msg = send(messages, [tool], FORMALIZE_TOOL)
    except ModelError as e:
        if not _rejected_request(e):
            raise
        # A server that refuses forced function calls (HTTP 400) is asked for the JSON as text.
        schema = json.dumps(tool["function"]["parameters"], separators=(",", ":"))
        ask = HumanMessage(prompts.render("formalize_json", schema=schema))
        msg = send([*messages, ask], [], None)
    return read_reply(msg, claim, rows), getattr(msg, "usage_metadata", None) or {}


def _rejected_request(e: ModelError) -> bool:
    import openai

    return isinstance(e.__cause__, openai.BadRequestError)


def kinds_text(rows: list[ClaimKind]) -> str:
    """One line per offered kind: its name, where it comes from and its spec's example sentence."""
    lines = []
    for r in rows:
        doc = " ".join((r.spec.__doc__ or "").split())
        origin = "" if r.source == "built-in" else f" ({r.source})"
        lines.append(f"- {r.name}{origin}: {doc}")
    return "\n".join(lines)


def read_reply(msg: AIMessage, claim: str, rows: list[ClaimKind]) -> ModelReading:
    """The model's reading from its reply (never raises)."""
    try:
        args = _arguments(msg)
    except ValueError as e:
        return ModelReading(None, _short(str(e)), invalid=True)
    spec_data = args.get("spec") if "spec" in args or "no_fit_reason" in args else args
    if spec_data is None:
        why = args.get("no_fit_reason")
        return ModelReading(None, _short(str(why)) if why else "the model gave no reason")
    try:
        return ModelReading(validate_spec(spec_data, claim, rows))
    except (ValueError, TypeError, KeyError) as e:  # pydantic's ValidationError is a ValueError
        return ModelReading(None, f"the model's spec is not valid: {_short(str(e))}", invalid=True)


def _arguments(msg: AIMessage) -> dict[str, Any]:
    calls = [c for c in msg.tool_calls if c["name"] == FORMALIZE_TOOL]
    if calls:
        return dict(calls[0]["args"])
    bad = [c for c in msg.invalid_tool_calls if c.get("name") == FORMALIZE_TOOL]
    if bad:
        raise ValueError(f"the arguments of {FORMALIZE_TOOL} were not valid JSON ({bad[0].get('error')})")
    if msg.tool_calls:
        raise ValueError(f"the model called {msg.tool_calls[0]['name']!r} instead of {FORMALIZE_TOOL}")
    return _json_in_text(msg.content if isinstance(msg.content, str) else json.dumps(msg.content))


def _json_in_text(text: str) -> dict[str, Any]:
    """A JSON object in a plain-text reply (whole, fenced, or the outermost braces)."""
    candidates = [text.strip(), *(m.group(1) for m in _FENCED.finditer(text))]
    if "{" in text and "}" in text:
        candidates.append(text[text.index("{") : text.rindex("}") + 1])
    for c in candidates:
        try:
            data = json.loads(c)
        except ValueError:
            continue
        if isinstance(data, dict):
            return data
    raise ValueError(f"the model answered in text without a claim spec: {text.strip()[:120]!r}")


def validate_spec(data: Any, claim: str, rows: list[ClaimKind]) -> Any:
    """The spec ``data`` describes, validated by its kind's model; ``text`` is the claim itself
    (and each part's, for a compound) and the fields the code fills are dropped first."""
    if not isinstance(data, dict):
        raise ValueError(f"a spec must be a JSON object, not {type(data).__name__}")
    by_name = {r.name: r for r in rows}
    kind = data.get("kind")
    if kind not in by_name:
        raise ValueError(f"unknown claim kind {kind!r} (known: {', '.join(by_name)})")
    return by_name[str(kind)].spec.model_validate(_filled(data, claim))


def _filled(data: Any, claim: str) -> Any:
    if isinstance(data, list):
        return [_filled(x, claim) for x in data]
    if not isinstance(data, dict):
        return data
    out = {k: _filled(v, claim) for k, v in data.items() if k not in FILLED_BY_CODE}
    if "kind" in out:  # a spec (the claim, or a part of a compound): its text is the claim's
        out["text"] = claim
    return out


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _MAX_REASON else line[: _MAX_REASON - 1] + "…"
