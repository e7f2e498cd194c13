"""Read claims about a molecule's dipole moment (polarity) and HOMO-LUMO gap into their specs
(agent/planner/claims_science.py); tried with the other science kinds (agent/planner/parse_science.py)."""

from __future__ import annotations

import re

from agent.planner import mentions as mn
from agent.planner.claims_science import DipoleClaim, GapClaim
from agent.planner.comparatives import comparative

_DIPOLE = re.compile(
    r"\bdipole|\bpolar\b|\bnon-?polar\b|\bapolar\b|\bpolarity\b|\bmore polar\b|\bless polar\b", re.I
)
_GAP = re.compile(r"\bHOMO[- –]?LUMO\b|\bfrontier[- ]orbital gap\b", re.I)
# A polarity claim asserts something ("is polar", "has a dipole"): a bare noun phrase such as
# "dipole moment of water" is a question's subject, not a claim that water is polar.
_ASSERTS_POLARITY = re.compile(
    r"\b(?:is|are|isn't|aren't)\b[^.]*\b(?:non-?|a)?polar\b|\b(?:has|have|possess(?:es)?|carr(?:y|ies)|"
    r"lacks?|shows?)\b[^.]*\bdipole\b",
    re.I,
)
_NONPOLAR = re.compile(r"\bnon-?polar\b|\bapolar\b|\bno (?:permanent )?dipole\b|\bzero dipole\b", re.I)
_DEBYE = r"(?:D\b|[Dd]ebyes?\b)"
_EV = r"(?:eV\b|electron[- ]?volts?)"


def _ordered(text: str, mols: list[mn.Mention]) -> tuple[str, str] | None:
    names = mn.unique(mols)
    if len(names) != 2:
        return None
    a = mols[0]
    b = next(m for m in mols if m.value != a.value)
    intro = re.compile(
        r"(?:\bthan|compared (?:with|to)|relative to|versus|\bvs\.?)\s+(?:that of\s+|the\s+)*$", re.I
    )
    if intro.search(text[: a.start]) and not intro.search(text[: b.start]):
        a, b = b, a
    return a.value, b.value


def parse_electronic(text: str) -> DipoleClaim | GapClaim | None:
    gap = bool(_GAP.search(text))
    if not gap and not _DIPOLE.search(text):
        return None
    mols = mn.molecules(text)
    names = mn.unique(mols)
    if not names:
        return None
    negated = mn.negations(text) % 2 == 1
    if gap:
        return _gap(text, mols, negated)
    q = mn.quantities(text, _DEBYE)
    if q and len(names) == 1:
        v = q[0]
        return DipoleClaim(
            text=text, negated=negated, molecule=names[0], relation=v.relation,  # type: ignore[arg-type]
            value=v.value, upper=v.upper, precision_pct=v.precision_pct,
        )  # fmt: skip
    if len(names) == 2 and not q:
        pair = _ordered(text, mols)
        comp = comparative(text)
        if pair is None or comp is None:
            return None
        return DipoleClaim(text=text, negated=negated, molecule=pair[0], second=pair[1], relation=comp[0])
    if len(names) == 1 and not q and _ASSERTS_POLARITY.search(text):
        return DipoleClaim(text=text, negated=negated, molecule=names[0], polar=not _NONPOLAR.search(text))
    return None


def _gap(text: str, mols: list[mn.Mention], negated: bool) -> GapClaim | None:
    names = mn.unique(mols)
    q = mn.quantities(text, _EV)
    if q and len(names) == 1:
        v = q[0]
        return GapClaim(
            text=text, negated=negated, molecule=names[0], relation=v.relation,  # type: ignore[arg-type]
            value=v.value, upper=v.upper, precision_pct=v.precision_pct,
        )  # fmt: skip
    pair = _ordered(text, mols)
    comp = comparative(text)
    if q or pair is None or comp is None:
        return None
    return GapClaim(text=text, negated=negated, molecule=pair[0], second=pair[1], relation=comp[0])
