"""What the state rules of the grammar build: adjective states with their contrasts ("not A but
B", "A rather than B" are two frames, each with its polarity), formation energies, thermal
expansion, reactions."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from agent.language.frame_rules import Handler, first, has, markers, of_type, tokens_of
from agent.language.frames import (
    Condition,
    ElementsRef,
    Entity,
    Frame,
    FrameBuilder,
    FrameError,
    Marker,
    Prop,
    Reaction,
    State,
)
from agent.language.statement_rules import (
    Span,
    _frame,
    _hedges,
)

_STATE_NAMES = {
    "other_shape", "linear", "bent", "planar", "nonplanar", "pyramidal", "polar", "nonpolar", "ferromagnetic",
    "antiferromagnetic", "magnetic_state", "nonmagnetic", "stable", "unstable", "ductile", "brittle",
}  # fmt: skip


# ---- states --------------------------------------------------------------------------------------
def _state(what: str) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> State:
        which = next(m.name for m in markers(ch) if m.name in _STATE_NAMES)
        elements = next((c for c in ch if isinstance(c, list | Marker) and getattr(c, "name", "") == "own_elements"), None)
        listed = next((c for c in ch if isinstance(c, ElementsRef)), None)
        return State(what, which, listed or elements)

    return build


def _states(mode: str) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> list[tuple[State, bool]]:
        states = of_type(ch, State)
        if states[0].what == "bare":
            raise FrameError(f"'{b.words(span)}': stable in what sense (mechanically, dynamically, against its elements)?", span)
        # 'mechanically stable rather than unstable': the second adjective shares the first's sense.
        states = [states[0]] + [State(states[0].what, s.which, s.elements) if s.what == "bare" else s for s in states[1:]]
        neg = has(ch, "neg")
        if mode == "one":
            return [(states[0], neg)]
        if mode == "rather":
            return [(states[0], neg), (states[1], True)]
        if mode == "but":
            return [(states[0], True), (states[1], False)]
        return [(s, False) for s in states]

    return build


def _state_claim(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
    entity = first(ch, Entity)
    pairs = next(c for c in ch if isinstance(c, list))
    hedges = _hedges(ch)
    return [Frame("state", {"entity": entity, "state": s}, neg, list(hedges), [], span) for s, neg in pairs]


# ---- formation, thermal, transitions, reactions ----------------------------------------------------
def _sign(ch: list[Any]) -> str:
    return "negative" if has(ch, "negative") else "positive"


def _formation(negated: bool | None = None, sign: str | None = None) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
        ref = first(ch, ElementsRef)
        return _frame("formation", ch, span, negated, entity=first(ch, Entity), sign=sign or _sign(ch), elements=ref)

    return build


def _own_elements(b: FrameBuilder, ch: list[Any], span: Span) -> ElementsRef:
    return ElementsRef(True, (), span)


def _named_elements(b: FrameBuilder, ch: list[Any], span: Span) -> ElementsRef:
    return ElementsRef(False, tuple(t.value for t in tokens_of(ch, "SUB")), span)


def _wrt(b: FrameBuilder, ch: list[Any], span: Span) -> ElementsRef:
    return first(ch, ElementsRef)  # type: ignore[no-any-return]


def _thermal(sign: str, negated: bool = False, compare: str | None = None) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
        ents = of_type(ch, Entity)
        if compare is not None:
            return _frame("compare", ch, span, False, prop=Prop("thermal_expansion"), first=ents[0], second=ents[1],
                          direction=compare)  # fmt: skip
        return _frame("thermal_sign", ch, span, negated, entity=ents[0], sign=sign)

    return build


def _reaction_sign(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    name = next(m.name for m in markers(ch) if m.name in ("exothermic", "endothermic", "exergonic", "endergonic"))
    quantity = "enthalpy" if name in ("exothermic", "endothermic") else "gibbs"
    sign = "negative" if name in ("exothermic", "exergonic") else "positive"
    return _frame("reaction", ch, span, reaction=first(ch, Reaction), quantity=quantity, sign=sign)


def _reaction_quantity(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    quantity = "enthalpy" if has(ch, "enthalpy_q") else "gibbs"
    return _frame("reaction", ch, span, reaction=first(ch, Reaction), quantity=quantity, sign=_sign(ch))


def _rxn_equation(b: FrameBuilder, ch: list[Any], span: Span) -> Reaction:
    return Reaction("equation", equation=str(tokens_of(ch, "EQN")[0].value), text=b.words(span))


def _rxn_named(b: FrameBuilder, ch: list[Any], span: Span) -> Reaction:
    r: Reaction = first(ch, Reaction)
    return replace(r, text=b.words(span))


def _named(form: str) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Reaction:
        if form in ("wgs", "reverse_wgs"):  # 'water-gas shift': 'water' is read as a substance first
            sub = tokens_of(ch, "SUB")[0]
            if sub.value.molecule != "H2O":
                raise FrameError(f"'{b.words(span)}' is not the water-gas shift reaction", span)
            return Reaction(form, text=b.words(span))
        return Reaction(form, species=tuple(t.value for t in tokens_of(ch, "SUB")), text=b.words(span))

    return build


def _formation_rxn(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    name = next(m.name for m in markers(ch) if m.name in ("exothermic", "endothermic", "exergonic", "endergonic"))
    if name in ("exergonic", "endergonic"):
        raise FrameError(f"'{name}' is about a free energy; the formation test computes an energy", span)
    sign = "negative" if name == "exothermic" else "positive"
    return _frame("formation", ch, span, entity=first(ch, Entity), sign=sign, elements=first(ch, ElementsRef))


def _have_shape(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    return _frame("state", ch, span, False, entity=first(ch, Entity), state=first(ch, State))


def _expansion_sign(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    sign = "expands" if _sign(ch) == "positive" else "contracts"
    f = _frame("thermal_sign", ch, span, entity=first(ch, Entity), sign=sign)
    f.conditions += of_type(ch, Condition)
    return f


def _state_claim_in(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
    structure = next(c for c in ch if isinstance(c, str))
    entity = first(ch, Entity)
    if entity.structure and entity.structure != structure:
        raise FrameError(f"'{b.words(span)}' names two different structures", span)
    frames = _state_claim(b, ch, span)
    for f in frames:
        f.args["entity"] = replace(entity, structure=structure)
    return frames


def _reaction_heat(sign: str) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
        return _frame("reaction", ch, span, reaction=first(ch, Reaction), quantity="enthalpy", sign=sign)

    return build


HANDLERS: dict[str, Handler] = {
    "have_formation": _formation(False),
    "have_formation_neg": _formation(True),
    "shape": _state("shape"),
    "polarity": _state("polarity"),
    "magnetic": _state("magnetic"),
    "mechanical": _state("mechanical"),
    "ductility": _state("ductility"),
    "dynamical": _state("dynamical"),
    "formation_stable": _state("formation"),
    "bare_stability": _state("bare"),
    "states_one": _states("one"),
    "states_rather": _states("rather"),
    "states_but": _states("but"),
    "states_and": _states("and"),
    "state_claim": _state_claim,
    "formation_value": _formation(),
    "formation_exo": _formation(False, "negative"),
    "own_elements": _own_elements,
    "named_elements": _named_elements,
    "wrt": _wrt,
    "wrt_elements": _wrt,
    "expands": _thermal("expands"),
    "contracts": _thermal("contracts"),
    "expands_neg": _thermal("expands", True),
    "contracts_neg": _thermal("contracts", True),
    "expands_more": _thermal("expands", compare="greater"),
    "expands_less": _thermal("expands", compare="less"),
    "reaction_sign": _reaction_sign,
    "reaction_quantity": _reaction_quantity,
    "rxn_equation": _rxn_equation,
    "rxn_named": _rxn_named,
    "combustion": _named("combustion"),
    "steam_reforming": _named("steam_reforming"),
    "dry_reforming": _named("dry_reforming"),
    "reverse_wgs": _named("reverse_wgs"),
    "wgs": _named("wgs"),
    "synthesis": _named("synthesis"),
    "haber": _named("haber"),
    "formation_rxn": _formation_rxn,
    "have_shape": _have_shape,
    "shape_state": _state("shape"),
    "have_expansion_sign": _expansion_sign,
    "expansion_sign": _expansion_sign,
    "state_claim_in": _state_claim_in,
    "reaction_releases": _reaction_heat("negative"),
    "reaction_absorbs": _reaction_heat("positive"),
    "synthesis_of": _named("synthesis"),
    "q_expand": _thermal("expands"),
    "q_contract": _thermal("contracts"),
    "q_state": _state_claim,
}
