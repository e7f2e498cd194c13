"""What the value and comparison rules of the grammar build: frames (agent/language/frames.py)
with their polarity, hedges and conditions, and the helpers every statement rule shares.
Negation is the ``neg``/``does_not`` child of the rule it scopes. Structures, states and
sentences are in structure_rules.py, state_rules.py and sentence_rules.py.
"""

from __future__ import annotations

from typing import Any

from agent.language.frame_rules import Handler, Other, PropNP, first, has, markers, of_type, tokens_of
from agent.language.frames import (
    Condition,
    Entity,
    Facet,
    Frame,
    FrameBuilder,
    FrameError,
    Marker,
    Prop,
    State,
    Value,
)

Span = tuple[int, int]


_CMP_ADJ = {
    "denser": ("density", "greater"), "less_dense": ("density", "less"),
    "stiffer": ("bulk_modulus", "greater"), "softer": ("bulk_modulus", "less"),
    "more_polar": ("dipole", "greater"), "less_polar": ("dipole", "less"),
    "longer": ("bond_length", "greater"), "shorter": ("bond_length", "less"),
}  # fmt: skip


_SUP_ADJ = {
    "densest": ("density", "greater"), "least_dense": ("density", "less"),
    "stiffest": ("bulk_modulus", "greater"), "softest": ("bulk_modulus", "less"),
}  # fmt: skip


def _negated(ch: list[Any]) -> bool:
    return has(ch, "neg") or has(ch, "does_not")


def _hedges(ch: list[Any]) -> list[str]:
    out = []
    for m in markers(ch):
        if m.name == "cop" and _has_hedge(m):
            out.append(" ".join(m.text.split()[1:]))  # 'is probably': the adverb
        elif m.name in ("cop_modal", "cop_tend", "verb_hedge"):
            out.append(m.text)
        if m.name == "does_not" and m.text.split()[0] in _MODALS:
            out.append(m.text.split()[0])
    return out


_MODALS = {"may", "might", "could", "should", "would", "can", "must", "will"}


def _has_hedge(m: Marker) -> bool:
    return len(m.text.split()) > 1  # 'is probably': a copula with a hedge adverb


def _frame(kind: str, ch: list[Any], span: Span, negated: bool | None = None, **args: Any) -> Frame:
    """A frame with the polarity, hedges and conditions its rule's children carry."""
    conditions = [c for c in ch if isinstance(c, Condition)]
    return Frame(kind, args, _negated(ch) if negated is None else negated, _hedges(ch), conditions, span)


def _cmp(ch: list[Any]) -> tuple[str, str]:
    name = next(m.name for m in markers(ch) if m.name in _CMP_ADJ)
    return _CMP_ADJ[name]


# ---- values and comparisons ----------------------------------------------------------------------
def _value_claim(relation: str | None = None, negated: bool | None = None) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
        np: PropNP = first(ch, PropNP)
        value: Value = first(ch, Value)
        if value is None:
            q = [t for t in tokens_of(ch) if t.kind.startswith("Q_")][0]
            from agent.language.frames import quantity_value

            value = quantity_value(q, relation or "equal")
        return _frame("value", ch, span, negated, prop=np.prop, entity=np.entity, value=value)

    return build


def _have_value(negated: bool) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
        return _frame("value", ch, span, negated, prop=first(ch, Prop), entity=first(ch, Entity), value=first(ch, Value))

    return build


def _have_compare(direction: str, negated: bool) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
        other: Other = first(ch, Other)
        prop: Prop = first(ch, Prop)
        _same_prop(b, prop, other, span)
        return _frame("compare", ch, span, negated, prop=prop, first=first(ch, Entity), second=other.entity,
                      direction=direction)  # fmt: skip

    return build


def _same_prop(b: FrameBuilder, prop: Prop, other: Other, span: Span) -> None:
    if other.prop is not None and other.prop.name != prop.name:
        raise FrameError(f"'{b.words(span)}' compares two different properties", span)


def _compare_adj(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    prop, direction = _cmp(ch)
    other: Other = first(ch, Other)
    if other.prop is not None and other.prop.name != prop:
        raise FrameError(f"'{b.words(span)}' compares two different properties", span)
    return _frame("compare", ch, span, prop=Prop(prop), first=first(ch, Entity), second=other.entity,
                  direction=direction)  # fmt: skip


def _compare_prop(direction: str, negated: bool | None = None) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
        np: PropNP = first(ch, PropNP)
        other: Other = first(ch, Other)
        if other.prop is not None and other.prop.name == np.prop.name and other.prop != np.prop:
            second_prop = other.prop  # 'the N-N bond in N2 ... the O-O bond in O2'
        else:
            _same_prop(b, np.prop, other, span)
            second_prop = np.prop
        return _frame("compare", ch, span, negated, prop=np.prop, first=np.entity, second=other.entity,
                      direction=direction, second_prop=second_prop)  # fmt: skip

    return build


def _chain(direction: str | None) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
        ents: list[Entity] = of_type(ch, Entity)
        if direction is None:  # 'A is denser than B, which is denser than C'
            adjs = [m.name for m in markers(ch) if m.name in _CMP_ADJ]
            pairs = [(_CMP_ADJ[a], ents[i], ents[i + 1]) for i, a in enumerate(adjs)]
        else:
            prop = first(ch, Prop).name
            pairs = [((prop, direction), ents[i], ents[i + 1]) for i in range(len(ents) - 1)]
        frames = []
        for i, ((prop, d), a, c) in enumerate(pairs):
            neg = i == 0 and has(ch, "neg")
            frames.append(Frame("compare", {"prop": Prop(prop), "first": a, "second": c, "direction": d}, neg,
                                _hedges(ch), [], span))  # fmt: skip
        return frames

    return build


def _superlative(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
    listed: list[Entity] = next(c for c in ch if isinstance(c, list))
    subject: Entity = next(c for c in ch if isinstance(c, Entity))
    sup = next((m.name for m in markers(ch) if m.name in _SUP_ADJ), None)
    if sup is not None:
        prop, direction = _SUP_ADJ[sup]
    else:
        prop = first(ch, Prop).name
        direction = "greater" if has(ch, "sup_greatest") else "less"
    key = _key(subject)
    if key not in {_key(e) for e in listed}:
        raise FrameError(f"'{subject.text}' is not one of the substances the superlative ranges over", span)
    return [
        Frame("compare", {"prop": Prop(prop), "first": subject, "second": e, "direction": direction}, False,
              _hedges(ch), [], span)  # fmt: skip
        for e in listed
        if _key(e) != key
    ]


def _key(e: Entity) -> Any:
    return (e.sub.formula, e.sub.molecule) if e.sub is not None else e.text


def _list_each(kind: str) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
        listed: list[Entity] = next(c for c in ch if isinstance(c, list))
        frames = []
        for e in listed:
            if kind == "value":
                frames.append(_frame("value", ch, span, prop=first(ch, Prop), entity=e, value=first(ch, Value)))
            elif kind == "state":
                states = next(c for c in ch if isinstance(c, State))
                frames.append(_frame("state", ch, span, entity=e, state=states))
            else:
                prop, direction = _cmp(ch)
                other: Other = first(ch, Other)
                frames.append(_frame("compare", ch, span, prop=Prop(prop), first=e, second=other.entity,
                                     direction=direction))  # fmt: skip
        return frames

    return build


# ---- phrasings that reorder the same frames --------------------------------------------------------
def _vacancy_costs(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    return _frame("value", ch, span, prop=Prop("vacancy_energy"), entity=first(ch, Entity), value=first(ch, Value))


def _vacancy_compare(direction: str) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
        a, c = of_type(ch, Entity)[:2]
        return _frame("compare", ch, span, prop=Prop("vacancy_energy"), first=a, second=c, direction=direction)

    return build


def _relative(direction: str | None) -> Handler:
    """'Compared with Cu, Al has a bigger lattice parameter': the second entity is the subject."""

    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
        reference, subject = of_type(ch, Entity)[:2]
        if direction is None:
            prop, d = _cmp(ch)
            return _frame("compare", ch, span, prop=Prop(prop), first=subject, second=reference, direction=d)
        return _frame("compare", ch, span, prop=first(ch, Prop), first=subject, second=reference, direction=direction)

    return build


def one_negation_over_many(b: FrameBuilder, ch: list[Any], span: Span, many: int) -> None:
    """'Cu is not denser than Ni and Zn': not denser than both, or than either? One negation over
    several statements has two readings; neither is tested."""
    if many > 1 and _negated(ch):
        raise FrameError(f"'{b.words(span)}' negates several statements at once: not each of them, or not all?", span)


def _compare_adj_list(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
    others = next(c for c in ch if isinstance(c, list))
    one_negation_over_many(b, ch, span, len(others))
    rest = [c for c in ch if not isinstance(c, list)]
    return [_compare_adj(b, [*rest, Other(e)], span) for e in others]


def _have_compare_list(direction: str) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
        others = next(c for c in ch if isinstance(c, list))
        return [_frame("compare", ch, span, False, prop=first(ch, Prop), first=first(ch, Entity), second=o,
                       direction=direction) for o in others]  # fmt: skip

    return build


HANDLERS: dict[str, Handler] = {
    "value_claim": _value_claim(),
    "value_equals_claim": _value_claim("equal", False),
    "value_exceeds_claim": _value_claim("above", False),
    "have_value": _have_value(False),
    "have_value_neg": _have_value(True),
    "have_compare": _have_compare("greater", False),
    "have_compare_less": _have_compare("less", False),
    "have_compare_neg": _have_compare("greater", True),
    "have_compare_less_neg": _have_compare("less", True),
    "have_dipole": lambda b, ch, s: _frame("state", ch, s, False, entity=first(ch, Entity), state=State("polarity", "polar")),
    "have_no_dipole": lambda b, ch, s: _frame("state", ch, s, False, entity=first(ch, Entity), state=State("polarity", "nonpolar")),
    "have_no_imaginary": lambda b, ch, s: _frame("state", ch, s, False, entity=first(ch, Entity), state=State("dynamical", "stable")),
    "have_imaginary": lambda b, ch, s: _frame("state", ch, s, False, entity=first(ch, Entity), state=State("dynamical", "unstable")),
    "compare_adj": _compare_adj,
    "compare_adj_list": lambda b, ch, s: _compare_adj_list(b, ch, s),
    "facet_other": lambda b, ch, s: Facet(None, tuple(tokens_of(ch, "MILLER")[0].value)),
    "compare_prop": _compare_prop("greater"),
    "compare_prop_less": _compare_prop("less"),
    "compare_prop_verb": _compare_prop("greater", False),
    "compare_prop_verb_neg": _compare_prop("greater", True),
    "chain_which": _chain(None),
    "chain_greater": _chain("greater"),
    "chain_less": _chain("less"),
    "chain_greater_lead": _chain("greater"),
    "sup_lead": _superlative,
    "sup_tail": _superlative,
    "sup_have_lead": _superlative,
    "sup_have_tail": _superlative,
    "list_have_value": _list_each("value"),
    "list_state": _list_each("state"),
    "list_compare": _list_each("compare"),
    "relative_shorter": lambda b, ch, s: _compare_prop("less")(b, ch, s),
    "relative_longer": lambda b, ch, s: _compare_prop("greater")(b, ch, s),
    "vacancy_costs": _vacancy_costs,
    "vacancy_np": lambda b, ch, s: first(ch, Entity),
    "vacancy_more": _vacancy_compare("greater"),
    "vacancy_less": _vacancy_compare("less"),
    "relative_greater": _relative("greater"),
    "relative_less": _relative("less"),
    "relative_adj": _relative(None),
    "chain_greater_colon": _chain("greater"),
    "chain_less_colon": _chain("less"),
    "have_compare_list": _have_compare_list("greater"),
    "have_compare_less_list": _have_compare_list("less"),
    "reference": lambda b, ch, s: tokens_of(ch, "SUB")[0],
    "q_compare": _compare_adj,
    "q_have_compare": _have_compare("greater", False),
    "q_have_compare_less": _have_compare("less", False),
    "q_value": _value_claim(),
}
