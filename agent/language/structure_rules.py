"""What the structure rules of the grammar build: polymorph orderings and ground states,
facet orderings, transition pressures."""

from __future__ import annotations

from typing import Any

from agent.language.frame_rules import Handler, first, of_type, tokens_of
from agent.language.frames import (
    Condition,
    Entity,
    Facet,
    Frame,
    FrameBuilder,
    FrameError,
    Rather,
    Value,
)
from agent.language.statement_rules import (
    Span,
    _frame,
    one_negation_over_many,
)


# ---- polymorphs ----------------------------------------------------------------------------------
def _structures_after(ch: list[Any]) -> list[str]:
    out: list[str] = []
    for c in ch:
        if isinstance(c, list) and all(isinstance(x, str) for x in c):
            out += c
    return out


def _rather(ch: list[Any]) -> list[str]:
    r = first(ch, Rather)
    return r.structures if r is not None else []


def _poly_better(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    ground = next(c for c in ch if isinstance(c, str))
    others = [s for s in _structures_after(ch) + _rather(ch) if s != ground]
    return _frame("polymorph", ch, span, entity=first(ch, Entity), ground=ground, others=others, scope="named")


def _poly_worse(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
    above = next(c for c in ch if isinstance(c, str))
    below = [s for s in _structures_after(ch) if s != above]
    one_negation_over_many(b, ch, span, len(below))
    return [
        _frame("polymorph", ch, span, entity=first(ch, Entity), ground=s, others=[above], scope="named")
        for s in _structures_after(ch)
        if s != above
    ]


def _poly_prefer(negated: bool) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
        ground = next(c for c in ch if isinstance(c, str))
        others = [s for s in _structures_after(ch) if s != ground]
        return _frame("polymorph", ch, span, negated, entity=first(ch, Entity), ground=ground, others=others,
                      scope="named")  # fmt: skip

    return build


def _poly_ground(negated: bool | None = None) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
        ground = next(c for c in ch if isinstance(c, str))
        f = _frame("polymorph", ch, span, negated, entity=first(ch, Entity), ground=ground, others=_rather(ch),
                   scope="global")  # fmt: skip
        cond = first(ch, Condition)
        if cond is not None:
            f.conditions.append(cond)
        return f

    return build


def _rather_rule(b: FrameBuilder, ch: list[Any], span: Span) -> Rather:
    return Rather(_structures_after(ch))


def _ground_np(b: FrameBuilder, ch: list[Any], span: Span) -> Entity:
    return first(ch, Entity)  # type: ignore[no-any-return]


def _facet(b: FrameBuilder, ch: list[Any], span: Span) -> Facet:
    return Facet(first(ch, Entity), tuple(tokens_of(ch, "MILLER")[0].value))


def _facets(direction: str, negated: bool | None = None) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
        facets = of_type(ch, Facet)
        if facets[0].entity is None:
            raise FrameError(f"'{b.words(span)}' does not say which crystal's surfaces it compares", span)
        return _frame("facets", ch, span, negated, entity=facets[0].entity, first=facets[0].miller,
                      second=facets[1].miller, direction=direction)  # fmt: skip

    return build


def _facets_for(direction: str, relative: bool = False) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
        facets = of_type(ch, Facet)
        entity = first(ch, Entity) or next((f.entity for f in facets if f.entity is not None), None)
        if entity is None:
            raise FrameError(f"'{b.words(span)}' does not say which crystal's surfaces it compares", span)
        one, two = (facets[1], facets[0]) if relative else (facets[0], facets[1])
        return _frame("facets", ch, span, entity=entity, first=one.miller, second=two.miller, direction=direction)

    return build


def _poly_structures(better: bool) -> Handler:
    """'Zinc blende is less stable than wurtzite for ZnO': both structures first, then the substance."""

    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
        s1, s2 = [c for c in ch if isinstance(c, str)][:2]
        ground, other = (s1, s2) if better else (s2, s1)
        return _frame("polymorph", ch, span, entity=first(ch, Entity), ground=ground, others=[other], scope="named")

    return build


def _poly_better_lead(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    ground = next(c for c in ch if isinstance(c, str))
    return _frame("polymorph", ch, span, entity=first(ch, Entity), ground=ground,
                  others=[s for s in _structures_after(ch) if s != ground], scope="named")  # fmt: skip


def _transition(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    low, high = [c for c in ch if isinstance(c, str)][:2]
    return _frame("transition", ch, span, entity=first(ch, Entity), low=low, high=high, value=first(ch, Value))


def _transition_rev(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    high, low = [c for c in ch if isinstance(c, str)][:2]
    return _frame("transition", ch, span, entity=first(ch, Entity), low=low, high=high, value=first(ch, Value))


HANDLERS: dict[str, Handler] = {
    "facet": _facet,
    "facets_lower": _facets("less"),
    "facets_higher": _facets("greater"),
    "facets_lower_neg": _facets("less", True),
    "facets_higher_neg": _facets("greater", True),
    "poly_better": _poly_better,
    "poly_worse": _poly_worse,
    "poly_prefer": _poly_prefer(False),
    "poly_prefer_neg": _poly_prefer(True),
    "poly_ground": _poly_ground(),
    "poly_ground_np": _poly_ground(),
    "poly_ground_rev": _poly_ground(),
    "poly_ground_neg": _poly_ground(True),
    "rather": _rather_rule,
    "ground_np": _ground_np,
    "transition_verb": _transition,
    "transition_np": _transition,
    "facets_lower_for": _facets_for("less"),
    "facets_higher_for": _facets_for("greater"),
    "facets_lower_rel": _facets_for("less", relative=True),
    "facets_higher_rel": _facets_for("greater", relative=True),
    "poly_struct_worse": _poly_structures(False),
    "poly_struct_better": _poly_structures(True),
    "poly_better_lead": _poly_better_lead,
    "rather_lead": _rather_rule,
    "transition_verb_rev": _transition_rev,
    "transition_verb_neg": _transition,
    "q_poly_better": _poly_better,
    "q_prefer": _poly_prefer(False),
}
