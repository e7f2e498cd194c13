"""The proximity rules of the grammar (claims.lark ``proximity``) -> 'near' frames -> specs
(agent/language/specs_reference.py): a crystal property within a tolerance of another material's,
or closer to a target (a number or another material's property) than a rival's.

A superlative 'closest to' over a list is one 'closer' frame per other member; the material the
target names is no rival of anyone ("which of Cu, Ag and Au has the bulk modulus closest to that of
Cu" ranks Ag and Au: Cu is trivially nearest to itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agent.language import kind_builders as kb
from agent.language.frame_rules import Handler, Other, PropNP, first, has, tokens_of
from agent.language.frames import Entity, Frame, FrameBuilder, FrameError, Prop
from agent.language.specs_reference import PropertyProximityClaim
from agent.language.statement_rules import _hedges
from agent.language.tokens import Quantity

Span = tuple[int, int]
# The crystal properties an equation of state gives: the ones a proximity test computes.
PROPERTIES = ("lattice_constant", "bulk_modulus", "density")


@dataclass(frozen=True)
class Target:
    """What a property is compared with: a quantity (``value``) or another material (``entity``);
    ``pct`` for 'within N % of'."""

    value: Quantity | None = None
    entity: Entity | None = None
    pct: float | None = None


def _negated(ch: list[Any]) -> bool:
    return has(ch, "neg") or has(ch, "does_not")


def _near(ch: list[Any], span: Span, negated: bool, prop: Prop, entity: Entity, target: Target,
          rival: Entity | None = None) -> Frame:  # fmt: skip
    return Frame("near", {"prop": prop, "entity": entity, "target": target, "rival": rival}, negated,
                 _hedges(ch), [], span)  # fmt: skip


def _near_value(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    np: PropNP = first(ch, PropNP)
    return _near(ch, span, _negated(ch), np.prop, np.entity, first(ch, Target))


def _near_have(negated: bool) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
        return _near(ch, span, negated, first(ch, Prop), first(ch, Entity), first(ch, Target))

    return build


def _near_closer(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    np: PropNP = first(ch, PropNP)
    other: Other = first(ch, Other)
    if other.prop is not None and other.prop.name != np.prop.name:
        raise FrameError(f"'{b.words(span)}' compares two different properties", span)
    return _near(ch, span, _negated(ch), np.prop, np.entity, first(ch, Target), other.entity)


def _near_have_closer(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    return _near_closer(b, [PropNP(first(ch, Prop), first(ch, Entity)), *ch], span)


def _sup_closest(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
    listed: list[Entity] = next(c for c in ch if isinstance(c, list))
    subject: Entity = first(ch, Entity)
    target: Target = first(ch, Target)
    keys = [_key(e) for e in listed]
    if _key(subject) not in keys:
        raise FrameError(f"'{subject.text}' is not one of the substances the superlative ranges over", span)
    # The target material is no rival (nearest to itself), and neither is the subject.
    skip = {_key(subject)} | ({_key(target.entity)} if target.entity is not None else set())
    rivals = [e for e in listed if _key(e) not in skip]
    if not rivals:
        raise FrameError(f"'{b.words(span)}' ranges over no material other than the target", span)
    return [_near(ch, span, False, first(ch, Prop), subject, target, e) for e in rivals]


def _key(e: Entity) -> Any:
    return (e.sub.formula, e.sub.molecule) if e.sub is not None else e.text


def _within(b: FrameBuilder, ch: list[Any], span: Span) -> Target:
    return Target(entity=first(ch, Entity), pct=float(tokens_of(ch, "PCT")[0].value))


def _to_value(b: FrameBuilder, ch: list[Any], span: Span) -> Target:
    return Target(value=next(t for t in tokens_of(ch) if t.kind.startswith("Q_")).value)


HANDLERS: dict[str, Handler] = {
    "near_value": _near_value,
    "near_have": _near_have(False),
    "near_have_neg": _near_have(True),
    "near_closer": _near_closer,
    "near_have_closer": _near_have_closer,
    "sup_closest": _sup_closest,
    "near_within": _within,
    "to_value": _to_value,
    "to_material": lambda b, ch, s: Target(entity=first(ch, Entity)),
}


def build_near(f: Frame, a: kb.Args) -> PropertyProximityClaim:
    """A 'near' frame as a proximity spec: crystal properties an equation of state gives, at 0 K
    and zero pressure (like the value and comparison claims), a number in the property's unit."""
    prop: Prop = f.args["prop"]
    if prop.name not in PROPERTIES:
        raise kb.Unrepresented(f"comparing the {prop.name.replace('_', ' ')} with a reference is not a test hypoloop "
                               f"has (it has one for the {', '.join(p.replace('_', ' ') for p in PROPERTIES)})")  # fmt: skip
    kb._no_conditions(a)
    target: Target = f.args["target"]
    value = None
    if target.value is not None:
        value = kb._value_fields(_as_value(target.value), prop.name)["value"]
    rival: Entity | None = f.args["rival"]
    return PropertyProximityClaim(
        text=a.text, read_notes=list(a.notes), negated=f.negated, property=prop.name,
        material=kb.crystal(f.args["entity"]), relation="within" if target.pct is not None else "closer",
        reference=kb.crystal(target.entity) if target.entity is not None else None, value=value,
        tolerance_pct=target.pct, rival=kb.crystal(rival) if rival is not None else None,
    )  # fmt: skip


def _as_value(q: Quantity) -> Any:
    from agent.language.frames import Value

    return Value("equal", q.value, None, q.dimension, q.precision_pct, q.written)

