"""What each rule of the grammar builds from its children: noun phrases, structures, properties,
values and conditions here; statements in agent/language/statement_rules.py. ``HANDLERS`` maps a
rule name (or alias) to its builder; a rule with no handler becomes a ``Marker`` of its name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from agent.language.frames import (
    Condition,
    Entity,
    FrameBuilder,
    FrameError,
    Marker,
    Prop,
    Value,
    entity_from,
    quantity_value,
    structure_of_formula,
)
from agent.language.tokens import Quantity, Token

Handler = Callable[[FrameBuilder, list[Any], tuple[int, int]], Any]


@dataclass(frozen=True)
class PropNP:
    """'the lattice constant of fcc Cu': a property of an entity."""

    prop: Prop
    entity: Entity


@dataclass(frozen=True)
class Other:
    """The other side of a comparison: an entity, and the property named again if it was."""

    entity: Entity
    prop: Prop | None = None


def tokens_of(children: list[Any], kind: str | None = None) -> list[Token]:
    return [c for c in children if isinstance(c, Token) and (kind is None or c.kind == kind)]


def of_type(children: list[Any], cls: type) -> list[Any]:
    return [c for c in children if isinstance(c, cls)]


def first(children: list[Any], cls: type) -> Any:
    found = of_type(children, cls)
    return found[0] if found else None


def markers(children: list[Any]) -> list[Marker]:
    return [c for c in children if isinstance(c, Marker)]


def has(children: list[Any], name: str) -> bool:
    return any(m.name == name for m in markers(children))


# ---- entities and structures ---------------------------------------------------------------------
def _entity(b: FrameBuilder, ch: list[Any], span: tuple[int, int], as_: str | None = None) -> Entity:
    sub = tokens_of(ch, "SUB")[0]
    structures = [c for c in ch if isinstance(c, str)]
    if len(set(structures)) > 1:
        raise FrameError(f"'{b.words(span)}' names two structures", span)
    return entity_from(sub, span, structures[0] if structures else None, as_)


def _structure(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> str:
    protos = {t.value for t in tokens_of(ch, "PROTO")}
    if len(protos) > 1:
        raise FrameError(f"'{b.words(span)}' names two different structures", span)
    return protos.pop()


def _formula_structure(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> str:
    proto = structure_of_formula(tokens_of(ch, "SUB")[0], span)
    named = {t.value for t in tokens_of(ch, "PROTO")}
    if named and named != {proto}:
        raise FrameError(f"'{b.words(span)}' names two different structures", span)
    return proto


def _possessive(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> Entity:
    e = first(ch, Entity)
    return e if e is not None else Entity(sub=None, text=b.words(span), span=span, pronoun=True)


def _pronoun(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> Entity:
    return Entity(sub=None, text=b.words(span), span=span, pronoun=True)


def _one_str(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> str:
    return [c for c in ch if isinstance(c, str)][0]


def _pre_structure(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> str:
    return str(tokens_of(ch, "PROTO")[0].value)


def _structures(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> list[str]:
    return list(dict.fromkeys(c for c in ch if isinstance(c, str)))


def _entities(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> list[Entity]:
    return of_type(ch, Entity)


# ---- properties ----------------------------------------------------------------------------------
def _prop(name: str) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> Prop:
        miller = tokens_of(ch, "MILLER")
        cij = tokens_of(ch, "CIJ")
        triad = tokens_of(ch, "TRIAD")
        bond = tokens_of(ch, "BOND")
        return Prop(
            name,
            miller=tuple(miller[0].value) if miller else None,
            cij=cij[0].value if cij else None,
            triad=triad[0].value if triad else None,
            bond=bond[0].value if bond else None,
        )

    return build


def _prop_of(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> PropNP:
    prop = first(ch, Prop)
    miller = tokens_of(ch, "MILLER")
    if miller and prop.miller is None:  # 'the surface energy of Cu(111)'
        prop = replace(prop, miller=tuple(miller[0].value))
    entity = first(ch, Entity)
    structure = next((c for c in ch if isinstance(c, str)), None)
    if structure:
        if entity.structure and entity.structure != structure:
            raise FrameError(f"'{b.words(span)}' names two different structures", span)
        entity = replace(entity, structure=structure)
    return PropNP(prop, entity)


def _bond_of(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> PropNP:
    bond = tokens_of(ch, "BOND")
    return PropNP(Prop("bond_length", bond=bond[0].value if bond else None), first(ch, Entity))


def _other(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> Other:
    o = first(ch, Other)
    if o is not None:
        return o  # other_prop wrapping other
    bond = tokens_of(ch, "BOND")
    prop = Prop("bond_length", bond=bond[0].value) if bond else first(ch, Prop)
    return Other(first(ch, Entity), prop)


# ---- values --------------------------------------------------------------------------------------
def _qty_tokens(ch: list[Any]) -> list[Token]:
    return [t for t in tokens_of(ch) if t.kind.startswith("Q_") or t.kind in ("NUM", "PCT")]


def _value(relation: str) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> Value:
        q = [t for t in _qty_tokens(ch) if t.kind.startswith("Q_")][-1]
        v = quantity_value(q, relation)
        return replace(v, per=_per(ch))

    return build


def _per(ch: list[Any]) -> str | None:
    per = [m for m in markers(ch) if m.name == "per"]
    return per[0].text if per else None


def _between(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> Value:
    qs = _qty_tokens(ch)
    return replace(quantity_value(qs[-1], "between", lower=qs[0]), per=_per(ch))


def _within(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> Value:
    pct, q = tokens_of(ch, "PCT")[0], [t for t in _qty_tokens(ch) if t.kind.startswith("Q_")][0]
    centre: Quantity = q.value
    width = abs(centre.value) * float(pct.value) / 100.0
    return Value("between", centre.value - width, centre.value + width, centre.dimension, 0.0, b.words(span))


def _plusminus(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> Value:
    qs = _qty_tokens(ch)
    err = qs[-1]
    centre = quantity_value(err, "equal", lower=None)
    # The centre: a bare number takes the error's unit.
    from agent.language.frames import _in_units_of

    c = _in_units_of(qs[0], err.value)
    w = centre.value
    return Value("between", c - w, c + w, centre.dimension, 0.0, b.words(span), per=_per(ch))


# ---- conditions ----------------------------------------------------------------------------------
def _condition(what: str, mode: str = "at", fixed: float | None = None) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: tuple[int, int]) -> Condition:
        qs = [t.value for t in _qty_tokens(ch)]
        if fixed is not None or not qs:
            return Condition(what, mode, fixed, None, b.words(span))
        if mode == "between":
            from agent.language.frames import _in_units_of

            hi = qs[-1]
            lo = _in_units_of(_qty_tokens(ch)[0], hi)
            return Condition(what, mode, min(lo, hi.value), max(lo, hi.value), b.words(span))
        return Condition(what, mode, qs[0].value, None, b.words(span))

    return build


NP_HANDLERS: dict[str, Handler] = {
    "entity": _entity,
    "entity_molecule": lambda b, ch, s: _entity(b, ch, s, "molecule"),
    "entity_crystal": lambda b, ch, s: _entity(b, ch, s, "crystal"),
    "pronoun_entity": _pronoun,
    "possessive": _possessive,
    "pre_structure": _pre_structure,
    "post_structure": _one_str,
    "structure": _structure,
    "formula_structure": _formula_structure,
    "in_structure": _one_str,
    "as_in_structure": _one_str,
    "structures": _structures,
    "entities": _entities,
    "p_lattice_constant": _prop("lattice_constant"),
    "p_bulk_modulus": _prop("bulk_modulus"),
    "p_density": _prop("density"),
    "p_vacancy": _prop("vacancy_energy"),
    "p_surface": _prop("surface_energy"),
    "p_moment": _prop("magnetic_moment"),
    "p_dipole": _prop("dipole"),
    "p_gap": _prop("homo_lumo_gap"),
    "p_cij": _prop("elastic"),
    "p_expansion": _prop("thermal_expansion"),
    "p_angle": _prop("bond_angle"),
    "p_length": _prop("bond_length"),
    "p_frequency": _prop("frequency"),
    "prop_of": _prop_of,
    "bond_of": _bond_of,
    "surface_of": lambda b, ch, s: PropNP(replace(first(ch, Prop), miller=tuple(tokens_of(ch, "MILLER")[0].value)),
                                          entity_from(tokens_of(ch, "SUB")[0], s)),
    "bond_length_of": _bond_of,
    "other": _other,
    "other_prop": _other,
    "v_equal": _value("equal"),
    "v_about": _value("about"),
    "v_below": _value("below"),
    "v_above": _value("above"),
    "v_between": _between,
    "v_within": _within,
    "v_plusminus": _plusminus,
    "at_temperature": _condition("temperature"),
    "at_room_temperature": _condition("temperature", fixed=300.0),
    "at_zero_kelvin": _condition("temperature", fixed=0.0),
    "at_pressure": _condition("pressure"),
    "above_pressure": _condition("pressure", "above"),
    "below_pressure": _condition("pressure", "below"),
    "between_pressure": _condition("pressure", "between"),
    "ambient": _condition("ambient", fixed=0.0),
    # 'ambient conditions' means room temperature too: a 0 K property does not hold it.
    "ambient_conditions": _condition("temperature", fixed=300.0),
    "ambient_at_temperature": _condition("temperature"),
    "gas_phase": _condition("gas_phase", fixed=0.0),
}

