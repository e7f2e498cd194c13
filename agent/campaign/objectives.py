"""A goal's predicate, read as claims about one candidate, mapped onto the campaign objective the
offline generator and screen run (agent/campaign/grammar.py GoalSpec). The mapping is exact or
refused: a claim part the objective would not carry (a negation, a pressure, named competitors,
a relation such as 'about') makes the goal refused, never run without it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from agent.campaign.families import Family
from agent.campaign.grammar import PROPERTIES, GoalRefused, GoalSpec
from agent.language.specs import PolymorphClaim, PropertyComparisonClaim, PropertyValueClaim


def objective(family: Family, frame: str, template: str, specs: list[Any]) -> GoalSpec:
    base = GoalSpec("structure", family, frame=frame, claim=template)
    if len(specs) > 1:
        return replace(base, shape="extreme", prop=_superlative(specs), greater=specs[0].relation == "greater")
    s = specs[0]
    _whole(s)
    if isinstance(s, PolymorphClaim):
        return replace(base, prototype=s.ground)
    if isinstance(s, PropertyValueClaim):
        if s.relation not in ("above", "below"):
            _refuse(s, f"a value {s.relation} a number is not an objective the offline campaign ranks by "
                       "(it ranks by a threshold: above or below)")  # fmt: skip
        return replace(base, shape="threshold", prop=s.property, greater=s.relation == "above", threshold=s.value)
    if isinstance(s, PropertyComparisonClaim):
        return replace(base, shape="reference", prop=s.property, greater=s.relation == "greater",
                       reference=s.second.formula)  # fmt: skip
    _refuse(s, f"the offline campaign has no objective for {getattr(s, 'kind', 'this')} claims yet")
    raise AssertionError  # _refuse raises


def _whole(s: Any) -> None:
    """Refuse a claim with a part the objective would drop."""
    if getattr(s, "negated", False):
        _refuse(s, "a negated predicate is not an objective the offline campaign ranks by")
    if isinstance(s, PolymorphClaim) and (s.pressure_gpa is not None or not s.others_assumed):
        _refuse(s, "the offline campaign screens ground states at zero pressure against the usual competitors only")
    materials = [getattr(s, f) for f in ("material", "first", "second") if hasattr(s, f)]
    if any(not m.prototype_assumed for m in materials):
        _refuse(s, "the offline campaign computes each candidate in its known structure; it cannot impose one")
    prop = getattr(s, "property", None)
    if prop is not None and prop not in PROPERTIES:
        _refuse(s, f"the offline campaign cannot screen the {prop.replace('_', ' ')}")


def _superlative(specs: list[Any]) -> str:
    """The superlative's comparisons: one property, one relation, one first material."""
    first = specs[0]
    same = all(isinstance(s, PropertyComparisonClaim) and s.property == first.property
               and s.relation == first.relation and s.first == first.first for s in specs)  # fmt: skip
    if not same:
        _refuse(first, "the predicate makes several claims, and a campaign ranks by one objective")
    for s in specs:
        _whole(s)
    return str(first.property)


def _refuse(spec: Any, why: str) -> None:
    from agent.language.canonical_kinds import sentence

    try:
        said = sentence(spec)
    except (KeyError, ValueError):
        said = getattr(spec, "text", "")
    raise GoalRefused(f"read the predicate as '{said}', but {why}")
