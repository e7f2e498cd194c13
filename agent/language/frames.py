"""Derivation trees -> frames: what each clause says, still in the grammar's terms.

A frame is one statement (a kind of predicate, its entities, values, polarity, hedges and
conditions) before it is checked against what the tools represent; agent/language/build.py
turns frames into claim specs or refuses them with the reason. Only the grammar's rule names and
the lexer's entity tokens are read here: never a word of the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agent.language.substances import PROTOTYPE_OF_FORMULA, Substance
from agent.language.tokens import Quantity, Token


class FrameError(Exception):
    """A derivation that names something the language cannot hold (an unknown structure type)."""

    def __init__(self, reason: str, span: tuple[int, int]) -> None:
        super().__init__(reason)
        self.reason = reason
        self.span = span


@dataclass(frozen=True)
class Entity:
    """A substance as the claim names it; ``structure`` when the claim gives one; ``as_`` when the
    claim says it is a 'molecule'/'gas' or a 'metal'/'crystal'."""

    sub: Substance | None
    text: str
    span: tuple[int, int]
    structure: str | None = None
    as_: str | None = None
    pronoun: bool = False


@dataclass(frozen=True)
class Prop:
    name: str
    miller: tuple[int, ...] | None = None
    cij: str | None = None
    triad: str | None = None
    bond: str | None = None


@dataclass(frozen=True)
class Value:
    relation: str
    value: float
    upper: float | None
    dimension: str
    precision_pct: float
    written: str
    per: str | None = None


@dataclass(frozen=True)
class Condition:
    what: str  # temperature | pressure | ambient | gas_phase
    mode: str = "at"  # at | above | below | between
    value: float | None = None
    upper: float | None = None
    text: str = ""


@dataclass
class Frame:
    """One statement: ``kind`` names the predicate; ``args`` its parts."""

    kind: str
    args: dict[str, Any]
    negated: bool = False
    hedges: list[str] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    span: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Marker:
    """A grammar rule whose meaning is its name (neg, det, a shape, a sign...)."""

    name: str
    text: str = ""


def _span(meta: Any) -> tuple[int, int]:
    if getattr(meta, "empty", True):
        return (0, 0)
    return (int(meta.start_pos), int(meta.end_pos))


class FrameBuilder:
    """Walks one derivation tree bottom-up (Lark Transformer with positions)."""

    def __init__(self, tokens: list[Token], text: str, handlers: dict[str, Any]) -> None:
        self.tokens = tokens
        self.text = text
        self.handlers = handlers

    def words(self, span: tuple[int, int]) -> str:
        if span[1] <= span[0]:
            return ""
        return self.text[self.tokens[span[0]].start : self.tokens[span[1] - 1].end]

    def transform(self, tree: Any) -> list[Frame]:
        from lark import Transformer, v_args

        outer = self

        @v_args(meta=True)
        class _T(Transformer):  # type: ignore[type-arg]
            def __default__(self, data: str, children: list[Any], meta: Any) -> Any:
                return outer.rule(str(data), children, _span(meta))

            def __default_token__(self, token: Any) -> Any:
                return outer.tokens[token.start_pos] if token.type.isupper() and token.type in _ENTITY else token

        out = _T().transform(tree)
        return out if isinstance(out, list) else [out]

    # -- dispatch ---------------------------------------------------------------------------
    def rule(self, name: str, children: list[Any], span: tuple[int, int]) -> Any:
        handler = self.handlers.get(name)
        if handler is not None:
            return handler(self, children, span)
        return Marker(name, self.words(span))


_ENTITY = frozenset(
    {"SUB", "PROTO", "NUM", "PCT", "CIJ", "BOND", "TRIAD", "MILLER", "EQN"}
    | {f"Q_{d}" for d in ("LENGTH", "PRESSURE", "ENERGY", "MOLAR_ENERGY", "SURFACE", "ANGLE", "DENSITY",
                           "TEMPERATURE", "MOMENT", "DIPOLE", "EXPANSION", "WAVENUMBER")}
)  # fmt: skip


def entity_from(token: Token, span: tuple[int, int], structure: str | None = None, as_: str | None = None) -> Entity:
    return Entity(sub=token.value, text=token.text, span=span, structure=structure, as_=as_)


def structure_of_formula(token: Token, span: tuple[int, int]) -> str:
    sub: Substance = token.value
    proto = PROTOTYPE_OF_FORMULA.get(sub.formula or "")
    if proto is None:
        raise FrameError(f"'{token.text}' does not name a structure type the tools build", span)
    return proto


def quantity_value(tok: Token, relation: str, upper: Token | None = None, lower: Token | None = None) -> Value:
    q: Quantity = tok.value
    if relation == "between" and lower is not None:
        lo = _in_units_of(lower, q)
        a, b = sorted((lo, q.value))
        return Value("between", a, b, q.dimension, 0.0, f"{lower.text}-{tok.text}")
    return Value(relation, q.value, None, q.dimension, q.precision_pct, tok.text)


def _in_units_of(lower: Token, q: Quantity) -> float:
    """The lower end of a range: a bare number takes the unit of the upper end."""
    lq: Quantity = lower.value
    if lq.dimension != "number":
        return lq.value
    from agent.language import units as un

    unit = un.UnitMatch(q.unit, q.unit, q.dimension)
    return un.to_canonical(lq.value, unit)


# ---- values the statement rules pass up ------------------------------------------------------
@dataclass(frozen=True)
class State:
    """An adjective state: what (shape, polarity, magnetic, mechanical, ductility, dynamical,
    formation) and which (linear, polar, ferromagnetic, stable, ...)."""

    what: str
    which: str
    elements: Any = None


@dataclass(frozen=True)
class Reaction:
    """A reaction as named: a written equation, or a named kind with the species the claim gave."""

    form: str  # equation | combustion | steam_reforming | dry_reforming | wgs | reverse_wgs | synthesis | haber
    equation: str | None = None
    species: tuple[Any, ...] = ()
    text: str = ""


@dataclass
class Rather:
    structures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ElementsRef:
    """'its elements' (``own``) or the reference states the claim names."""

    own: bool
    substances: tuple[Any, ...] = ()
    span: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Facet:
    entity: Entity | None
    miller: tuple[int, ...]
