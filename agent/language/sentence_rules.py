"""What the sentence rules of the grammar build: clauses with their conditions and shared
subjects, statements with their hedges, questions with their answers."""

from __future__ import annotations

from typing import Any

from agent.language.frame_rules import Handler, first, markers, of_type, tokens_of
from agent.language.frames import (
    Condition,
    Entity,
    Frame,
    FrameBuilder,
    FrameError,
    Prop,
    Value,
)
from agent.language.state_rules import _state_claim
from agent.language.statement_rules import (
    Span,
    _frame,
    _hedges,
)


# ---- sentences -----------------------------------------------------------------------------------
def _frames_in(ch: list[Any]) -> list[Frame]:
    out: list[Frame] = []
    for c in ch:
        if isinstance(c, Frame):
            out.append(c)
        elif isinstance(c, list):
            out += [x for x in c if isinstance(x, Frame)]
    return out


def _with_values(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
    """Each 'with a P of V' as a value frame of the clause's subject (filled in by _clause)."""
    props, values = of_type(ch, Prop), of_type(ch, Value)
    return [Frame("value", {"prop": p, "entity": None, "value": v}, False, [], [], span)
            for p, v in zip(props, values, strict=True)]  # fmt: skip


def _have_values(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
    entity = first(ch, Entity)
    props, values = of_type(ch, Prop), of_type(ch, Value)
    return [Frame("value", {"prop": p, "entity": entity, "value": v}, False, _hedges(ch), [], span)
            for p, v in zip(props, values, strict=True)]  # fmt: skip


def _elided(b: FrameBuilder, span: Span) -> Entity:
    """The subject a second predicate shares with the first: resolved like a pronoun."""
    return Entity(sub=None, text="(the same subject)", span=span, pronoun=True)


def _conditions(b: FrameBuilder, ch: list[Any], span: Span) -> tuple[Condition, ...]:
    """'At 1000 K and 40 GPa': a bare quantity after 'and' is one more condition 'at' it."""
    out = [c for c in ch if isinstance(c, Condition)]
    for t in tokens_of(ch):
        what = {"Q_PRESSURE": "pressure", "Q_TEMPERATURE": "temperature"}.get(t.kind)
        if what is not None:
            out.append(Condition(what, "at", t.value.value, None, t.text))
    return tuple(out)


def _clause(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
    frames = _frames_in(ch)
    subject = next((e for f in frames for e in f.args.values() if isinstance(e, Entity)), None)
    hedges = frames[0].hedges if frames else []
    for f in frames:
        if f.kind == "value" and f.args.get("entity") is None:
            # 'Cu is probably fcc with a lattice constant of ...': the with-phrase shares the
            # clause's subject and its hedge.
            f.args["entity"] = subject
            f.hedges = list(dict.fromkeys(f.hedges + hedges))
    conditions = [c for c in ch if isinstance(c, Condition)] + [c for x in ch if isinstance(x, tuple) for c in x]
    for f in frames:
        f.conditions += conditions
    return frames


def _statement(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
    frames = _frames_in(ch)
    for m in markers(ch):
        if m.name == "lead_hedge":
            for f in frames:
                f.hedges.append(m.text)
    return frames


def _answered(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
    frames = _frames_in(ch)
    answer = next(m for m in markers(ch) if m.name in ("yes", "no"))
    echo_neg = "not" in answer.text.split()[1:] or "never" in answer.text.split()[1:]
    if (answer.name == "yes") == echo_neg and len(answer.text.split()) > 1:
        raise FrameError(f"the answer '{answer.text}' contradicts itself", span)
    if answer.name == "no":
        if len(frames) != 1:
            raise FrameError("'no' to a question of several parts does not say which part is false", span)
        frames[0].negated = not frames[0].negated
    return frames


def _flatten(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
    return _frames_in(ch)


HANDLERS: dict[str, Handler] = {
    "clause": _clause,
    "conditions": _conditions,
    "ellipsis_have": lambda b, ch, s: _frame("value", ch, s, False, prop=first(ch, Prop), entity=_elided(b, s),
                                            value=first(ch, Value)),
    "ellipsis_state": lambda b, ch, s: _state_claim(b, [_elided(b, s), *ch], s),
    "with_values": _with_values,
    "have_values": _have_values,
    "clauses": _flatten,
    "statement": _statement,
    "answered": _answered,
    "asked": _flatten,  # a yes/no question is the proposition it asks about
    "start": _flatten,
}
