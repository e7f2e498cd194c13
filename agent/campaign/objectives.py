"""A goal's predicate, read as claims about one candidate, mapped onto the campaign objective
(agent/campaign/grammar.py GoalSpec). Where the batched screen represents the claim exactly
(structure, threshold, reference, extreme, closest-to-a-target and match-within-a-tolerance over
the screened properties) the screen ranks the
candidates; any other claim of a kind in the kinds table (agent/language/kinds.py), including a
screened kind with a part the screen would not carry (a negation, a pressure, named competitors,
'about' a value), is a 'judged' objective: each candidate's claim, whole, goes to the claim judges.
So a claim kind added to the table is a campaign objective without touching the campaign."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from agent.campaign.families import Family
from agent.campaign.grammar import PROPERTIES, GoalRefused, GoalSpec
from agent.language.specs import PolymorphClaim, PropertyComparisonClaim, PropertyValueClaim
from agent.language.specs_reference import PropertyProximityClaim
from agent.language.specs_science import DipoleClaim, GapClaim

_MOLECULAR = {"dipole": "dipole", "homo_lumo_gap": "homo_lumo_gap"}  # claim kind -> screened property


def objective(family: Family, frame: str, template: str, specs: list[Any], subject: str,
              ranged: bool = False) -> GoalSpec:  # fmt: skip
    """``ranged``: the predicate was read with the candidate set as its range (a superlative: one
    comparison per other candidate, so a set of two gives a single comparison)."""
    base = GoalSpec("structure", family, frame=frame, claim=template)
    try:
        return _screened(base, specs, ranged)
    except _NotScreened:
        return _judged(base, specs, subject, ranged)


class _NotScreened(Exception):
    """The batched screen would not represent the claim whole."""


def _judged(base: GoalSpec, specs: list[Any], subject: str, ranged: bool) -> GoalSpec:
    from agent.language import kinds
    from agent.language.canonical_kinds import sentence

    for s in specs:
        row = kinds.table().get(getattr(s, "kind", ""))
        if row is None or row.name in ("literature", "refused"):
            raise GoalRefused(f"read the predicate as '{getattr(s, 'text', '')}', which no tool computes")
    if len(specs) > 1 or ranged:  # a superlative: its comparisons depend on X, the range-bearing claim does not
        objective = base.claim.format(X="X")
    else:  # the canonical sentence about the reading's subject, with the subject as the variable
        objective = re.sub(rf"(?<![A-Za-z]){re.escape(subject)}(?![a-z])", "X", sentence(specs[0]))
        if not re.search(r"(?<![\w-])X(?![\w-])", objective):  # the same claim for every candidate: never run
            raise GoalRefused(f"read the predicate as '{sentence(specs[0])}', which does not name the candidate "
                              f"'{subject}' as written")  # fmt: skip
    prop = ",".join(sorted({p for s in specs for p in kinds.entities(s).properties}))
    return replace(base, shape="judged", prop=prop or None, objective=objective)


def _screened(base: GoalSpec, specs: list[Any], ranged: bool) -> GoalSpec:
    if all(isinstance(s, PropertyProximityClaim) for s in specs):
        return _proximity(base, specs, ranged)
    if ranged:
        return replace(base, shape="extreme", prop=_superlative(specs), greater=specs[0].relation == "greater")
    s = specs[0]
    _whole(s)
    if isinstance(s, DipoleClaim | GapClaim):
        if s.second is not None or s.relation not in ("above", "below") or s.value is None:
            raise _NotScreened  # a named competitor, a polarity, 'about' a value: judged whole
        return replace(base, shape="threshold", prop=_MOLECULAR[s.kind], greater=s.relation == "above", threshold=s.value)
    if isinstance(s, PolymorphClaim):
        return replace(base, prototype=s.ground)
    if isinstance(s, PropertyValueClaim):
        if s.relation not in ("above", "below"):
            raise _NotScreened  # 'about', 'between': the screen ranks by a threshold only
        return replace(base, shape="threshold", prop=s.property, greater=s.relation == "above", threshold=s.value)
    if isinstance(s, PropertyComparisonClaim):
        return replace(base, shape="reference", prop=s.property, greater=s.relation == "greater",
                       reference=s.second.formula)  # fmt: skip
    raise _NotScreened


def _whole(s: Any) -> None:
    """The screen represents the claim whole, or :class:`_NotScreened`."""
    if getattr(s, "negated", False):
        raise _NotScreened
    if isinstance(s, PolymorphClaim) and (s.pressure_gpa is not None or not s.others_assumed):
        raise _NotScreened  # the screen: zero pressure, the usual competitors
    materials = [getattr(s, f, None) for f in ("material", "first", "second", "reference", "rival")]
    if any(m is not None and not getattr(m, "prototype_assumed", True) for m in materials):
        raise _NotScreened  # the screen computes each candidate in its known structure
    prop = getattr(s, "property", None)
    if prop is not None and prop not in PROPERTIES:
        raise _NotScreened


def _proximity(base: GoalSpec, specs: list[PropertyProximityClaim], ranged: bool) -> GoalSpec:
    """'within N % of that of R' is a match objective; 'closest to T' (one 'closer' claim per other
    member of the candidate set, the target's own material left out) ranks by the distance to T."""
    for s in specs:
        _whole(s)
    first = specs[0]
    ref = first.reference.formula if first.reference is not None else None
    if first.relation == "within" and len(specs) == 1:
        return replace(base, shape="match", prop=first.property, reference=ref, tolerance_pct=first.tolerance_pct)
    same = all(s.relation == "closer" and s.property == first.property and s.material == first.material
               and s.reference == first.reference and s.value == first.value for s in specs)  # fmt: skip
    if not (same and ranged):
        raise _NotScreened  # a named rival, not the candidate set: the claim itself is the objective
    return replace(base, shape="closest", prop=first.property, reference=ref, target=first.value)


def _superlative(specs: list[Any]) -> str:
    """The superlative's comparisons: one property, one relation, one first material."""
    first = specs[0]
    if isinstance(first, DipoleClaim | GapClaim):  # molecules: dipole or gap comparisons
        alike = all(type(s) is type(first) and s.second is not None and s.relation == first.relation
                    and s.molecule == first.molecule and not s.negated for s in specs)  # fmt: skip
        if not alike:
            raise _NotScreened
        return _MOLECULAR[first.kind]
    same = all(isinstance(s, PropertyComparisonClaim) and s.property == first.property
               and s.relation == first.relation and s.first == first.first for s in specs)  # fmt: skip
    if not same:
        raise _NotScreened
    for s in specs:
        _whole(s)
    return str(first.property)
