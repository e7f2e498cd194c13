"""Rule-based claim parser: text -> ClaimSpec, or None with a reason.

Order of attempts: molecular geometry, numeric/comparative crystal properties, formation energy,
polymorph ground state; a declarative claim none of these fit becomes a literature claim.
"""

from __future__ import annotations

import re

from agent.planner import lexicon as lx
from agent.planner import mentions as mn
from agent.planner.claims import (
    ClaimSpec,
    FormationEnergyClaim,
    LiteratureClaim,
    Material,
    PolymorphClaim,
    Property,
    PropertyComparisonClaim,
    PropertyValueClaim,
    RefusedClaim,
)
from agent.planner.comparatives import comparative
from agent.planner.compound import split_compound
from agent.planner.coverage import cue_reasons, unrepresented
from agent.planner.kinds import tested_as
from agent.planner.literature_terms import content_terms, expanded_queries
from agent.planner.parse_molecules import parse_molecular
from agent.planner.parse_science import parse_science, science_reason, science_topic
from agent.planner.pressure import blank_condition, parse_transition, with_pressure

_BULK = re.compile(
    r"bulk modul|compressib|incompressib|(?:harder|easier|more difficult|difficult) to compress|\bstiff|softer",
    re.I,
)
_LATTICE = re.compile(
    r"lattice (?:constant|parameter|spacing|const\b)|cell (?:parameter|edge|constant)|\ba0\b", re.I
)
_DENSITY = re.compile(r"\bdens(?:e|er|est|ity|ities)\b|mass density", re.I)
_FORMATION = re.compile(
    r"formation (?:energy|enthalpy)|(?:energy|enthalpy|heat) of formation|exothermic|endothermic|"
    r"(?:stable|unstable) (?:with respect to|relative to|against) (?:decomposition into )?(?:its |the )?(?:constituent )?elements",
    re.I,
)
_STABILITY = re.compile(
    r"stabl|ground[- ]state|prefer|energ|favou?r|crystalli[sz]|adopts?\b|structure|phase|polymorph", re.I
)


def _material(formula: str, protos: list[mn.Mention], at: int) -> Material:
    """Attach the nearest fitting prototype named in the claim, else the known default."""
    n_el = len(mn.elements_of(formula))
    fitting = [p for p in protos if (p.value in {"fcc", "bcc", "hcp", "diamond"}) == (n_el == 1)]
    if fitting:
        nearest = min(fitting, key=lambda p: abs(p.start - at))
        return Material(formula=formula, prototype=nearest.value)
    default = lx.DEFAULT_PROTOTYPE.get(formula)
    return Material(formula=formula, prototype=default, prototype_assumed=True)


def _property(text: str) -> Property | None:
    if _BULK.search(text):
        return "bulk_modulus"
    if _LATTICE.search(text):
        return "lattice_constant"
    if _DENSITY.search(text):
        return "density"
    return None


def _first_quantity(prop: Property, text: str) -> tuple[float, float | None, str, float] | None:
    if prop == "lattice_constant":
        qs = mn.quantities(text, lx.LENGTH_UNIT_RE)
        if not qs:
            return None
        f = mn.length_factor(qs[0].unit)
    elif prop == "bulk_modulus":
        qs = mn.quantities(text, lx.PRESSURE_UNIT_RE)
        if not qs:
            return None
        f = mn.pressure_factor(qs[0].unit)
    else:
        qs = mn.quantities(text, r"(?:g\s*/\s*cm(?:3|³|\^3)|g\s*cm-3|g cm−3)")
        if not qs:
            return None
        f = 1.0
    q = qs[0]
    return q.value * f, (q.upper * f if q.upper is not None else None), q.relation, q.precision_pct


def _parse_property(
    text: str, prop: Property, mats: list[mn.Mention], protos: list[mn.Mention]
) -> ClaimSpec | None:
    formulas = mn.unique(mats)
    negated = mn.negations(text) % 2 == 1
    quantity = _first_quantity(prop, text)
    if quantity is not None and len(formulas) == 1:
        value, upper, rel, prec = quantity
        material = _material(formulas[0], protos, mats[0].start)
        return PropertyValueClaim(
            text=text, negated=negated, property=prop, material=material,
            relation=rel, value=value, upper=upper, precision_pct=prec,  # type: ignore[arg-type]
        )  # fmt: skip
    if len(formulas) != 2:
        return None
    comp = comparative(text)
    if comp is None:
        return None
    rel, _ = comp
    first_m, second_m = _order_pair(text, mats)
    return PropertyComparisonClaim(
        text=text, negated=negated, property=prop, relation=rel,
        first=_material(first_m.value, protos, first_m.start), second=_material(second_m.value, protos, second_m.start),
    )  # fmt: skip


def _order_pair(text: str, mats: list[mn.Mention]) -> tuple[mn.Mention, mn.Mention]:
    """Which material is the subject: the one not introduced by 'than' / 'compared with'."""
    a = mats[0]
    b = next(m for m in mats if m.value != a.value)
    intro = re.compile(
        r"(?:\bthan|compared (?:with|to)|relative to|versus|\bvs\.?|unlike)\s+(?:that of\s+|those of\s+|in\s+|for\s+)?(?:the\s+)?(?:\w+\s+)?$",
        re.I,
    )
    if intro.search(text[: a.start]) and not intro.search(text[: b.start]):
        return b, a
    return a, b


def _parse_formation(text: str, mats: list[mn.Mention], protos: list[mn.Mention]) -> ClaimSpec | None:
    if not _FORMATION.search(text) or not mats:
        return None
    compounds = [m for m in mats if len(mn.elements_of(m.value)) > 1]
    if not compounds:
        return None
    lowered = text.lower()
    if re.search(
        r"negative|exothermic|\bstable (?:with respect|relative|against)|releases? (?:energy|heat)", lowered
    ):
        sign = "negative"
    elif re.search(r"positive|endothermic|unstable", lowered):
        sign = "positive"
    else:
        return None
    negated = mn.negations(text) % 2 == 1
    return FormationEnergyClaim(
        text=text,
        negated=negated,
        material=_material(compounds[0].value, protos, compounds[0].start),
        sign=sign,
    )


_WORSE = re.compile(
    r"less stable|higher in energy|higher energy|more energetic|less favou?r|disfavou?r|unstable|above", re.I
)
_LOSER_MARK = re.compile(
    r"(?:\bthan|\bover|instead of|rather than|versus|\bvs\.?|compared (?:with|to)|relative to|with respect to|below|\bnot)"
    r"\s+(?:in\s+|to\s+)?(?:the\s+|a\s+|an\s+|its\s+)?$",
    re.I,
)
_ABOVE_MARK = re.compile(r"\babove\s+(?:the\s+|a\s+)?$", re.I)
_JOIN = re.compile(
    r"^(?:\s|,|\bor\b|\band\b|\bnor\b|\bin\b|\bthe\b|\bstructures?\b|\bphases?\b|\beither\b|/)*$", re.I
)


def _roles(text: str, protos: list[mn.Mention]) -> list[str]:
    roles: list[str] = []
    for i, p in enumerate(protos):
        before = text[: p.start]
        if _ABOVE_MARK.search(before):
            roles.append("above")
        elif _LOSER_MARK.search(before):
            roles.append("loser")
        elif i > 0 and roles and _JOIN.match(text[protos[i - 1].end : p.start]):
            roles.append(roles[-1])
        else:
            roles.append("subject")
    return roles


# A claim about the ground state (the lowest-energy form) is tested against every common prototype
# of its composition, not only the structures the sentence names.
_GLOBAL = re.compile(
    r"ground[- ]state|most stable|lowest[- ]energy|crystalli[sz]|\badopts?\b|stable (?:structure|phase)|"
    r"equilibrium (?:structure|phase)",
    re.I,
)
ELEMENT_POOL = ["fcc", "bcc", "hcp", "diamond", "sc"]
AB_POOL = ["rocksalt", "cesiumchloride", "zincblende", "wurtzite"]


def prototype_pool(formula: str) -> list[str] | None:
    """The common prototypes a global ground-state claim is tested against (None: no set known)."""
    parsed = mn.parse_formula(formula) or []
    if len(parsed) == 1:
        return ELEMENT_POOL
    if len(parsed) == 2 and parsed[0][1] == parsed[1][1] == 1:
        return AB_POOL
    return None


def _parse_polymorph(text: str, mats: list[mn.Mention], protos: list[mn.Mention]) -> ClaimSpec | None:
    names = list(dict.fromkeys(p.value for p in protos))
    if not names or not mats or not _STABILITY.search(text):
        return None
    formula = mats[0].value
    # Keep one mention per prototype (its first), so "CsCl (B2)" counts once.
    firsts = [next(p for p in protos if p.value == n) for n in names]
    roles = _roles(text, firsts)
    if "above" in roles:
        ground = firsts[roles.index("above")].value
    else:
        subjects = [p.value for p, r in zip(firsts, roles, strict=True) if r == "subject"]
        losers = [p.value for p, r in zip(firsts, roles, strict=True) if r != "subject"]
        worse = bool(_WORSE.search(text)) and bool(losers) and bool(subjects)
        if worse:
            ground = losers[0]
        elif subjects:
            ground = subjects[0]
        else:
            return None
    others = [n for n in names if n != ground]
    negated = mn.negations(text, skip_before=firsts) % 2 == 1
    if _GLOBAL.search(text):
        pool = prototype_pool(formula)
        if pool is None:
            return RefusedClaim(
                text=text, negated=negated,
                reasons=[f"the claim is about the ground state of {formula}, and hypoloop has no set of common "
                         "prototypes for this stoichiometry to test it against (it would test only the named ones)"],
            )  # fmt: skip
        extra = [p for p in pool if p != ground and p not in others]
        return PolymorphClaim(
            text=text, negated=negated, formula=formula, ground=ground, others=others + extra,
            others_assumed=bool(extra),
        )  # fmt: skip
    if not others:
        return None
    return PolymorphClaim(text=text, negated=negated, formula=formula, ground=ground, others=others)


def _parse_single(text: str) -> ClaimSpec | None:
    """One simulation statement (no compound splitting)."""
    t = mn.normalize(text)
    if not t:
        return None
    science = parse_science(t)  # vacancy, surface, magnetism, reaction: each needs its own word
    if science is not None:
        return science  # type: ignore[return-value]  # a science kind: in the table, not the union
    molecular = parse_molecular(t)
    if molecular is not None:
        return molecular
    mats, protos = mn.materials(t)
    if not mats:
        return None
    transition = parse_transition(t, mats, protos)
    if transition is not None:
        return transition
    prop = _property(t)
    if prop is not None:
        return _parse_property(t, prop, mats, protos)
    formation = _parse_formation(t, mats, protos)
    if formation is not None:
        return formation
    return with_pressure(_parse_polymorph(blank_condition(t), mats, protos), t)


def parse_simulation(text: str) -> ClaimSpec | None:
    """A claim one of the simulation checks can judge (a compound of them included), or None."""
    t = mn.normalize(text)
    if not t:
        return None
    compound = split_compound(t, _parse_single, prototype_pool)
    return compound if compound is not None else _parse_single(t)


def parse_claim(text: str, *, literature: bool = True) -> ClaimSpec | None:
    """Parse a claim into a spec. A spec that leaves meaning-changing words unrepresented becomes a
    refused claim naming them (agent/planner/coverage.py); claims no simulation fits become
    literature claims."""
    t = mn.normalize(text)
    spec = parse_simulation(t) or _parse_thermal(t) or _parse_plugin(t)
    if spec is not None and not isinstance(spec, RefusedClaim):
        reasons = unrepresented(t, spec)
        if reasons:
            return RefusedClaim(text=t, negated=spec.negated, reasons=reasons, parsed_as=tested_as(spec))
    if spec is not None or not literature:
        return spec
    if re.search(r"\bangles?\b", t, re.I) and len(mn.unique(mn.molecules(t))) >= 2:
        return RefusedClaim(
            text=t,
            reasons=["the claim compares bond angles of two molecules, a claim kind the planner does not have "
                     "(it compares bond lengths, or one angle with a value)"],
        )  # fmt: skip
    if _property(t) or _FORMATION.search(t) or _GLOBAL.search(t) or science_topic(t):
        # About a property the tools compute, yet in a form the planner cannot represent (a
        # quantifier, three materials, an unknown structure): refuse, naming why, rather than
        # match its words against papers. Unknown materials ("LSM") still go to the literature.
        cues = cue_reasons(t)
        if cues or mn.materials(t)[0] or science_topic(t):
            return RefusedClaim(text=t, reasons=cues or [science_reason(t) or unsupported_reason(t)])
    return literature_claim(t)


def _parse_thermal(text: str) -> ClaimSpec | None:
    """Finite temperature (issue #12): thermal expansion (agent/planner/parse_thermal.py) and
    dynamical stability (agent/planner/checks_stability.py)."""
    from agent.planner.checks_stability import parse_stability
    from agent.planner.parse_thermal import parse_thermal

    return parse_thermal(text) or parse_stability(text)  # type: ignore[return-value]


def _parse_plugin(text: str) -> ClaimSpec | None:
    """A claim of a plug-in kind (entry point ``hypoloop.claim_kinds``), tried after the built-ins.
    A plug-in whose parser raises is skipped: its bug must not break the planner."""
    from agent.planner.kinds import plugin_kinds

    for row in plugin_kinds():
        try:
            spec = row.parse(text) if row.parse is not None else None
        except Exception:  # noqa: BLE001 - third-party code; the literature fallback still applies
            continue
        if spec is not None:
            return spec  # type: ignore[no-any-return]
    return None


def literature_claim(text: str) -> LiteratureClaim | None:
    """The claim as one to check against the literature index (None without content terms).
    Also used for any claim by the stress test's literature search."""
    t = mn.normalize(text)
    if len(content_terms(t)) < 2:
        return None
    return LiteratureClaim(text=t, queries=expanded_queries(t), why_not_simulated=unsupported_reason(t))


def unsupported_reason(text: str) -> str:
    """Why the simulation checks cannot judge this claim (used in inconclusive verdicts)."""
    t = mn.normalize(text)
    if not t:
        return "the claim is empty"
    if parse_simulation(t) is not None:
        return "the claim parses; nothing prevents a simulation check"
    mats, protos = mn.materials(t)
    prop = _property(t)
    if prop is not None and not mats:
        return f"the claim is about a {prop.replace('_', ' ')} but names no material the planner recognises"
    if prop is not None:
        return (
            f"the claim is about a {prop.replace('_', ' ')} of {', '.join(mn.unique(mats))}, but it states neither "
            "a value with a unit (Å, nm, pm, GPa) nor a comparison between two materials"
        )
    if re.search(r"superconduct|band ?gap|conductiv|magnet|melting|boiling|cataly|toxic|cost|colou?r|optical|"
                 r"thermal expansion|diffusion|ionic|electrochem|cathode|anode|fuel cell", t, re.I):  # fmt: skip
        return (
            "the offline planner's simulations cover lattice constants, bulk moduli, densities, polymorph "
            "energies, formation energies and molecular geometry; this property is outside them"
        )
    if mats and protos:
        return "the claim names a material and a structure but no stability, energy or property statement"
    return (
        "the offline planner recognises claims about lattice constants, bulk moduli, densities, polymorph "
        "ground states, formation-energy signs and molecular geometry; this claim is none of these"
    )
