"""What each statement rule of the grammar builds: frames (agent/language/frames.py) with their
polarity, hedges and conditions. Negation is the ``neg``/``does_not`` child of the rule it
scopes; a contrast ("not A but B", "A rather than B") is two frames, each with its own polarity.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from agent.language.frame_rules import Handler, Other, PropNP, first, has, markers, of_type, tokens_of
from agent.language.frames import Condition, Entity, Frame, FrameBuilder, FrameError, Marker, Prop, Value


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
_STATE_NAMES = {
    "other_shape", "linear", "bent", "planar", "nonplanar", "pyramidal", "polar", "nonpolar", "ferromagnetic",
    "antiferromagnetic", "magnetic_state", "nonmagnetic", "stable", "unstable", "ductile", "brittle",
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


# ---- states --------------------------------------------------------------------------------------
def _state(what: str) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> State:
        which = next(m.name for m in markers(ch) if m.name in _STATE_NAMES)
        elements = next((c for c in ch if isinstance(c, list | Marker) and getattr(c, "name", "") == "own_elements"), None)
        listed = next((c for c in ch if isinstance(c, ElementsRef)), None)
        return State(what, which, listed or elements)

    return build


@dataclass(frozen=True)
class ElementsRef:
    """'its elements' (``own``) or the reference states the claim names."""

    own: bool
    substances: tuple[Any, ...] = ()
    span: Span = (0, 0)


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


def _transition(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    low, high = [c for c in ch if isinstance(c, str)][:2]
    return _frame("transition", ch, span, entity=first(ch, Entity), low=low, high=high, value=first(ch, Value))


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


@dataclass(frozen=True)
class Facet:
    entity: Entity | None
    miller: tuple[int, ...]


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


def _formation_rxn(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    name = next(m.name for m in markers(ch) if m.name in ("exothermic", "endothermic", "exergonic", "endergonic"))
    if name in ("exergonic", "endergonic"):
        raise FrameError(f"'{name}' is about a free energy; the formation test computes an energy", span)
    sign = "negative" if name == "exothermic" else "positive"
    return _frame("formation", ch, span, entity=first(ch, Entity), sign=sign, elements=first(ch, ElementsRef))


def _have_shape(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    return _frame("state", ch, span, False, entity=first(ch, Entity), state=first(ch, State))


def _have_compare_list(direction: str) -> Handler:
    def build(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
        others = next(c for c in ch if isinstance(c, list))
        return [_frame("compare", ch, span, False, prop=first(ch, Prop), first=first(ch, Entity), second=o,
                       direction=direction) for o in others]  # fmt: skip

    return build


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


def _transition_rev(b: FrameBuilder, ch: list[Any], span: Span) -> Frame:
    high, low = [c for c in ch if isinstance(c, str)][:2]
    return _frame("transition", ch, span, entity=first(ch, Entity), low=low, high=high, value=first(ch, Value))


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
    for f in frames:
        if f.kind == "value" and f.args.get("entity") is None:
            f.args["entity"] = subject
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


def _question(kind: str) -> Handler:
    """Questions reuse the statement builders: the auxiliary in front carries no meaning."""

    def build(b: FrameBuilder, ch: list[Any], span: Span) -> Any:
        return _QUESTION_TO_STATEMENT[kind](b, ch, span)

    return build


def _q_state(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
    return _state_claim(b, ch, span)


_QUESTION_TO_STATEMENT: dict[str, Handler] = {}


def _flatten(b: FrameBuilder, ch: list[Any], span: Span) -> list[Frame]:
    return _frames_in(ch)


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
    "have_formation": _formation(False),
    "have_formation_neg": _formation(True),
    "have_dipole": lambda b, ch, s: _frame("state", ch, s, False, entity=first(ch, Entity), state=State("polarity", "polar")),
    "have_no_dipole": lambda b, ch, s: _frame("state", ch, s, False, entity=first(ch, Entity), state=State("polarity", "nonpolar")),
    "have_no_imaginary": lambda b, ch, s: _frame("state", ch, s, False, entity=first(ch, Entity), state=State("dynamical", "stable")),
    "have_imaginary": lambda b, ch, s: _frame("state", ch, s, False, entity=first(ch, Entity), state=State("dynamical", "unstable")),
    "compare_adj": _compare_adj,
    "compare_adj_list": lambda b, ch, s: [
        _compare_adj(b, [c for c in ch if not isinstance(c, list)] + [Other(e)], s) for e in next(c for c in ch if isinstance(c, list))
    ],
    "facet": _facet,
    "facet_other": lambda b, ch, s: Facet(None, tuple(tokens_of(ch, "MILLER")[0].value)),
    "facets_lower": _facets("less"),
    "facets_higher": _facets("greater"),
    "facets_lower_neg": _facets("less", True),
    "facets_higher_neg": _facets("greater", True),
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
    "transition_verb": _transition,
    "transition_np": _transition,
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
    "clause": _clause,
    "conditions": _conditions,
    "relative_shorter": lambda b, ch, s: _compare_prop("less")(b, ch, s),
    "relative_longer": lambda b, ch, s: _compare_prop("greater")(b, ch, s),
    "ellipsis_have": lambda b, ch, s: _frame("value", ch, s, False, prop=first(ch, Prop), entity=_elided(b, s),
                                            value=first(ch, Value)),
    "ellipsis_state": lambda b, ch, s: _state_claim(b, [_elided(b, s), *ch], s),
    "vacancy_costs": _vacancy_costs,
    "vacancy_np": lambda b, ch, s: first(ch, Entity),
    "vacancy_more": _vacancy_compare("greater"),
    "vacancy_less": _vacancy_compare("less"),
    "relative_greater": _relative("greater"),
    "relative_less": _relative("less"),
    "relative_adj": _relative(None),
    "chain_greater_colon": _chain("greater"),
    "chain_less_colon": _chain("less"),
    "facets_lower_for": _facets_for("less"),
    "facets_higher_for": _facets_for("greater"),
    "facets_lower_rel": _facets_for("less", relative=True),
    "facets_higher_rel": _facets_for("greater", relative=True),
    "poly_struct_worse": _poly_structures(False),
    "poly_struct_better": _poly_structures(True),
    "poly_better_lead": _poly_better_lead,
    "rather_lead": _rather_rule,
    "formation_rxn": _formation_rxn,
    "have_shape": _have_shape,
    "shape_state": _state("shape"),
    "have_compare_list": _have_compare_list("greater"),
    "have_compare_less_list": _have_compare_list("less"),
    "have_expansion_sign": _expansion_sign,
    "expansion_sign": _expansion_sign,
    "state_claim_in": _state_claim_in,
    "reaction_releases": _reaction_heat("negative"),
    "reaction_absorbs": _reaction_heat("positive"),
    "synthesis_of": _named("synthesis"),
    "transition_verb_rev": _transition_rev,
    "transition_verb_neg": _transition,
    "with_values": _with_values,
    "have_values": _have_values,
    "reference": lambda b, ch, s: tokens_of(ch, "SUB")[0],
    "clauses": _flatten,
    "statement": _statement,
    "answered": _answered,
    "asked": _flatten,  # a yes/no question is the proposition it asks about
    "start": _flatten,
    "q_state": _q_state,
    "q_compare": _compare_adj,
    "q_poly_better": _poly_better,
    "q_prefer": _poly_prefer(False),
    "q_have_compare": _have_compare("greater", False),
    "q_have_compare_less": _have_compare("less", False),
    "q_value": _value_claim(),
    "q_expand": _thermal("expands"),
    "q_contract": _thermal("contracts"),
}
