"""Read claims about elastic constants, mechanical (Born) stability and Pugh ductility into
ElasticClaim (agent/planner/claims_science.py); tried with the other science kinds."""

from __future__ import annotations

import re

from agent.planner import lexicon as lx
from agent.planner import mentions as mn
from agent.planner.claims import Material
from agent.planner.claims_science import ElasticClaim

_CONSTANT = re.compile(r"\bC\s?_?\{?(11|12|44)\}?\b")
_STABILITY = re.compile(
    r"\bmechanically (?:un)?stable\b|\bmechanical (?:in)?stability\b|\bBorn (?:stability|criteria)", re.I
)
_DUCTILITY = re.compile(r"\bductile\b|\bbrittle\b|\bPugh\b|\bductility\b|\bbrittleness\b", re.I)


def elastic_topic(text: str) -> bool:
    return bool(_CONSTANT.search(text) or _STABILITY.search(text) or _DUCTILITY.search(text))


def _material(text: str) -> Material | None:
    mats, protos = mn.materials(_CONSTANT.sub(" ", text))
    formulas = mn.unique(mats)
    if len(formulas) != 1 or len(mn.elements_of(formulas[0])) != 1:
        return None
    named = [p.value for p in protos if p.value in {"fcc", "bcc", "hcp", "diamond"}]
    if len(set(named)) > 1:
        return None
    if named:
        return Material(formula=formulas[0], prototype=named[0])
    return Material(
        formula=formulas[0], prototype=lx.DEFAULT_PROTOTYPE.get(formulas[0]), prototype_assumed=True
    )


def parse_elastic(text: str) -> ElasticClaim | None:
    if not elastic_topic(text):
        return None
    material = _material(text)
    if material is None:
        return None
    negated = mn.negations(text) % 2 == 1
    constants = {m.group(1) for m in _CONSTANT.finditer(text)}
    if constants:
        qs = mn.quantities(text, lx.PRESSURE_UNIT_RE)
        if len(constants) != 1 or len(qs) != 1:
            return None
        q, f = qs[0], mn.pressure_factor(qs[0].unit)
        return ElasticClaim(
            text=text, negated=negated, material=material, quantity=f"c{constants.pop()}",  # type: ignore[arg-type]
            relation=q.relation, value=q.value * f, upper=q.upper * f if q.upper is not None else None,  # type: ignore[arg-type]
            precision_pct=q.precision_pct,
        )  # fmt: skip
    if _STABILITY.search(text) and not _DUCTILITY.search(text):
        unstable = bool(re.search(r"\bunstable\b|\binstability\b", text, re.I))
        return ElasticClaim(
            text=text, negated=negated, material=material, quantity="mechanical_stability", state=not unstable
        )
    if _DUCTILITY.search(text) and not _STABILITY.search(text):
        brittle = bool(re.search(r"\bbrittle", text, re.I))
        return ElasticClaim(
            text=text, negated=negated, material=material, quantity="ductility", state=not brittle
        )
    return None
