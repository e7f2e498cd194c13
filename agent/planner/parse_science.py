"""Read claims about vacancies, surfaces, magnetism and reaction energetics into their specs
(agent/planner/claims_science.py). Tried first in the parsing cascade (agent/planner/parse.py)
because each needs a word no other kind uses (vacancy, surface with Miller indices, magnetic,
a named or written reaction); a sentence without that word is left to the other kinds.
"""

from __future__ import annotations

import re

from agent.planner import lexicon as lx
from agent.planner import mentions as mn
from agent.planner.claims import Material
from agent.planner.claims_science import (
    DipoleClaim,
    ElasticClaim,
    GapClaim,
    MagnetismClaim,
    ReactionEnergyClaim,
    SurfaceEnergyClaim,
    VacancyEnergyClaim,
)
from agent.planner.comparatives import comparative
from agent.planner.parse_elastic import elastic_topic, parse_elastic
from agent.planner.parse_electronic import parse_electronic
from agent.planner.reactions_named import named_reaction

Spec = (
    VacancyEnergyClaim
    | SurfaceEnergyClaim
    | MagnetismClaim
    | ReactionEnergyClaim
    | DipoleClaim
    | GapClaim
    | ElasticClaim
)

_VACANCY = re.compile(r"\bvacanc(?:y|ies)\b", re.I)
_EV = r"(?:eV\b|electron[- ]?volts?)"
_J_M2 = r"(?:mJ\s*/\s*m(?:2|²|\^2)|J\s*/\s*m(?:2|²|\^2)|m?J\s*m-2)"
_MU_B = r"(?:µB|μB|mu_?B|Bohr magnetons?)"
_MILLER = re.compile(
    r"[({]\s*(\d)\s*,?\s*(\d)\s*,?\s*(\d)\s*[)}]|\b(\d)(\d)(\d)\b(?=\s*(?:surface|facet|plane|face))"
)
_TEMPERATURE = re.compile(r"\bat\s+(\d+(?:\.\d+)?)\s*K\b")
# Comparatives about stability that read the other way round from "more"/"less".
_EASIER = re.compile(r"\bmore easily\b|\beasier\b|\bcheaper\b|\bmore stable\b|\blower in energy\b|"
                     r"\bmore favou?rable\b", re.I)  # fmt: skip
_HARDER = re.compile(r"\bless easily\b|\bharder\b|\bmore costly\b|\bcostlier\b|\bless stable\b|"
                     r"\bhigher in energy\b|\bless favou?rable\b", re.I)  # fmt: skip


def parse_science(text: str) -> Spec | None:
    """One of the science kinds, or None when the sentence is about none of them."""
    for parser in (
        _parse_reaction,
        _parse_vacancy,
        _parse_surface,
        _parse_magnetism,
        parse_electronic,
        parse_elastic,
    ):
        spec = parser(text)
        if spec is not None:
            return spec
    return None


def science_topic(text: str) -> bool:
    """Whether the claim is about a quantity these kinds compute, even when it did not parse (a
    quantifier, three metals): such a claim is refused with its reason, not sent to the literature."""
    return bool(
        (_VACANCY.search(text) and _about_energy(text))
        or (_millers(text) and _about_energy(text))
        or re.search(r"\b(?:ferro|antiferro|non-?)magnet", text, re.I)
        or (named_reaction(text) and (_ENTHALPY.search(text) or _GIBBS.search(text)))
        or re.search(r"\bdipole|\bHOMO[- ]?LUMO", text, re.I)
        or (re.search(r"\b(?:non-?|a)?polar\b", text, re.I) and mn.molecules(text))
        or elastic_topic(text)
    )


_TOPICS = [
    (r"\bvacanc", "a vacancy formation energy", "one metal's value, or two metals compared"),
    (r"\bsurface|\bfacet", "a surface energy", "one facet's value, or two facets of one metal compared"),
    (r"magnet", "magnetism", "one element's magnetic state or moment"),
    (
        r"\bdipole|\bpolar",
        "polarity or a dipole moment",
        "one molecule's polarity or dipole, or two molecules compared",
    ),
    (r"\bHOMO|\bLUMO", "a HOMO-LUMO gap", "two molecules' gaps compared"),
    (
        r"\bC\s?_?\{?(?:11|12|44)|stab|ductil|brittle|Pugh",
        "an elastic property",
        "one metal's C11, C12 or C44 value, Born stability, or Pugh ductility",
    ),
]


def science_reason(text: str) -> str | None:
    """Why a claim about one of these quantities did not parse (see :func:`science_topic`)."""
    if not science_topic(text):
        return None
    for pattern, topic, form in _TOPICS:
        if re.search(pattern, text, re.I):
            return (f"the claim is about {topic}, in a form the test does not represent (it checks {form}); "
                    "split the claim or name each thing once")  # fmt: skip
    return "the claim is about a reaction energy in a form the test does not represent (the sign of ΔH or ΔG of one reaction)"


def _negated(text: str) -> bool:
    return mn.negations(text) % 2 == 1


def _metal(formula: str) -> Material:
    return Material(
        formula=formula,
        prototype=lx.DEFAULT_PROTOTYPE.get(formula),
        prototype_assumed=True,
    )


def _with_prototype(formula: str, protos: list[mn.Mention]) -> Material:
    named = [p.value for p in protos if p.value in {"fcc", "bcc", "hcp"}]
    return Material(formula=formula, prototype=named[0]) if named else _metal(formula)


def _direction(text: str) -> str | None:
    """'greater' or 'less' energy, reading stability words the right way round."""
    easier, harder = _EASIER.search(text), _HARDER.search(text)
    if easier or harder:
        first = min((m for m in (easier, harder) if m), key=lambda m: m.start())
        return "less" if first is easier else "greater"
    comp = comparative(text)
    return comp[0] if comp else None


def _value(text: str, unit_re: str, factor_of: dict[str, float] | None = None) -> mn.Quantity | None:
    qs = mn.quantities(text, unit_re)
    if not qs:
        return None
    q = qs[0]
    f = next((v for k, v in (factor_of or {}).items() if q.unit.startswith(k)), 1.0)
    if f == 1.0:
        return q
    upper = q.upper * f if q.upper is not None else None
    return mn.Quantity(q.start, q.value * f, upper, q.unit, q.relation, q.precision_pct)


def _order(text: str, a: mn.Mention, b: mn.Mention) -> tuple[mn.Mention, mn.Mention]:
    """The subject first: the one not introduced by 'than' / 'compared with'."""
    intro = re.compile(
        r"(?:\bthan|compared (?:with|to)|relative to|versus|\bvs\.?)\s+(?:in\s+|for\s+|that of\s+|its\s+|the\s+)*$",
        re.I,
    )
    if intro.search(text[: a.start]) and not intro.search(text[: b.start]):
        return b, a
    return a, b


# A vacancy or surface claim is about its energy; "copper with vacancies is less dense" is not.
_ENERGY_WORD = re.compile(r"\bcost|\benerg|\beV\b|J\s*/?\s*m|\bform(?:s|ed|ing|ation)?\b|\bcreat|"
                          r"\beas(?:y|ily|ier)\b|\bharder\b|\bstable\b", re.I)  # fmt: skip
_OTHER_PROPERTY = re.compile(r"\bdens|lattice|modul|compress|\bbond|\bangle|conductiv|\bband|expan", re.I)


def _about_energy(text: str) -> bool:
    return bool(_ENERGY_WORD.search(text)) and not _OTHER_PROPERTY.search(text)


def _parse_vacancy(text: str) -> VacancyEnergyClaim | None:
    if not _VACANCY.search(text) or not _about_energy(text):
        return None
    mats, protos = mn.materials(text)
    formulas = mn.unique(mats)
    q = _value(text, _EV)
    if q is not None and len(formulas) == 1:
        return VacancyEnergyClaim(
            text=text, negated=_negated(text), material=_with_prototype(formulas[0], protos),
            relation=q.relation, value=q.value, upper=q.upper, precision_pct=q.precision_pct,  # type: ignore[arg-type]
        )  # fmt: skip
    direction = _direction(text)
    if q is not None or len(formulas) != 2 or direction is None:
        return None
    a = mats[0]
    b = next(m for m in mats if m.value != a.value)
    first, second = _order(text, a, b)
    return VacancyEnergyClaim(
        text=text, negated=_negated(text), material=_metal(first.value), second=_metal(second.value),
        relation=direction,  # type: ignore[arg-type]
    )  # fmt: skip


def _millers(text: str) -> list[tuple[int, list[int]]]:
    out = []
    for m in _MILLER.finditer(text):
        digits = [g for g in m.groups() if g is not None]
        out.append((m.start(), [int(d) for d in digits]))
    return out


def _parse_surface(text: str) -> SurfaceEnergyClaim | None:
    if not re.search(r"\bsurfaces?\b|\bfacets?\b", text, re.I) or not _about_energy(text):
        return None
    millers = _millers(text)
    mats, protos = mn.materials(_MILLER.sub(" ", text))
    formulas = mn.unique(mats)
    if not millers or len(formulas) != 1:
        return None
    material = _with_prototype(formulas[0], protos)
    q = _value(text, _J_M2, {"mJ": 0.001})
    if q is not None and len({tuple(m) for _, m in millers}) == 1:
        return SurfaceEnergyClaim(
            text=text, negated=_negated(text), material=material, miller=millers[0][1],
            relation=q.relation, value=q.value, upper=q.upper, precision_pct=q.precision_pct,  # type: ignore[arg-type]
        )  # fmt: skip
    distinct = list({tuple(m): (s, m) for s, m in reversed(millers)}.values())
    direction = _direction(text)
    if q is not None or len(distinct) != 2 or direction is None:
        return None
    (sa, ma), (sb, mb) = sorted(distinct)
    first, second = _order(text, mn.Mention(sa, sa + 1, str(ma)), mn.Mention(sb, sb + 1, str(mb)))
    pick = {str(ma): ma, str(mb): mb}
    return SurfaceEnergyClaim(
        text=text, negated=_negated(text), material=material, miller=pick[first.value],
        other_miller=pick[second.value], relation=direction,  # type: ignore[arg-type]
    )  # fmt: skip


_STATES = [
    (r"\bantiferromagn\w*", "antiferromagnetic"),
    (r"\bnon-?magnetic\b|\bnot magnetic\b|\bnonmagnetic\b", "non-magnetic"),
    (r"\bferromagn\w*", "ferromagnetic"),
    (r"\bmagnetic\b|\bmagnet\b", "magnetic"),
]


def _parse_magnetism(text: str) -> MagnetismClaim | None:
    if not re.search(r"magnet", text, re.I) or re.search(r"\b(?:dia|para)magn", text, re.I):
        return None
    mats, protos = mn.materials(text)
    formulas = mn.unique(mats)
    if len(formulas) != 1 or len(mn.elements_of(formulas[0])) != 1:
        return None
    material = _with_prototype(formulas[0], protos)
    t = _TEMPERATURE.search(text)
    temperature = float(t.group(1)) if t else (293.0 if re.search(r"room temperature", text, re.I) else None)
    negated = _negated(re.sub(r"\bnot magnetic\b", "nonmagnetic", text, flags=re.I))
    q = _value(text, _MU_B)
    if q is not None:
        # A moment claim that also states an order ("ferromagnetic with a moment of ...") says two
        # things; the spec holds one, so it is not read (and is refused with the reason).
        if not re.search(r"\bmoment", text, re.I) or re.search(r"ferro|antiferro|non-?magnetic", text, re.I):
            return None
        return MagnetismClaim(
            text=text, negated=negated, material=material, temperature_k=temperature,
            relation=q.relation, value=q.value, upper=q.upper, precision_pct=q.precision_pct,  # type: ignore[arg-type]
        )  # fmt: skip
    for pattern, state in _STATES:
        if re.search(pattern, text, re.I):
            return MagnetismClaim(
                text=text, negated=negated, material=material, state=state,  # type: ignore[arg-type]
                temperature_k=temperature,
            )  # fmt: skip
    return None


_ENTHALPY = re.compile(r"exothermic|endothermic|releases? (?:heat|energy)|absorbs? (?:heat|energy)|"
                       r"enthalpy|ΔH|delta ?H\b|heat of reaction", re.I)  # fmt: skip
_GIBBS = re.compile(r"exergonic|endergonic|spontaneous|gibbs|free energy|ΔG|delta ?G\b", re.I)


def _sign(text: str) -> str | None:
    if re.search(r"exothermic|exergonic|releases?|negative|spontaneous|downhill|below zero|< ?0", text, re.I):
        return "negative"
    if re.search(r"endothermic|endergonic|absorbs?|positive|uphill|above zero|> ?0", text, re.I):
        return "positive"
    return None


def _parse_reaction(text: str) -> ReactionEnergyClaim | None:
    quantity = "gibbs" if _GIBBS.search(text) else "enthalpy" if _ENTHALPY.search(text) else None
    if quantity is None:
        return None
    found = named_reaction(text)
    if found is None:
        return None
    equation, name, coefficients = found
    sign = _sign(text)
    if sign is None:
        return None
    t = _TEMPERATURE.search(text)
    return ReactionEnergyClaim(
        text=text, negated=_negated(text), reaction=equation, name=name, quantity=quantity,
        sign=sign, temperature_k=float(t.group(1)) if t else None, coefficients=coefficients,  # type: ignore[arg-type]
    )  # fmt: skip
