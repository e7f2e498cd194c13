"""Parse molecular-geometry claims: linear / planar, bond angle value, bond length value or comparison."""

from __future__ import annotations

import re

from agent.planner import lexicon as lx
from agent.planner import mentions as mn
from agent.planner.claims import (
    Bond,
    BondAngleClaim,
    BondLengthComparisonClaim,
    BondLengthValueClaim,
    MoleculeShapeClaim,
)
from agent.planner.claim_union import ClaimSpec
from agent.planner.comparatives import comparative

_BOND_SPEC = re.compile(
    r"(?<![\w-])([A-Z][a-z]?)\s*[-=≡–]\s*([A-Z][a-z]?)(?:\s*[-=≡–]\s*([A-Z][a-z]?))?(?![\w-])"
)
_GEOMETRY = re.compile(r"linear|planar|\bbent\b|pyramidal|tetrahedral|\bflat\b|\bangle|\bbond", re.I)


def _bond_specs(text: str) -> list[tuple[int, int, list[str]]]:
    out = []
    for m in _BOND_SPEC.finditer(text):
        atoms = [g for g in m.groups() if g]
        if all(a in lx.SYMBOLS for a in atoms):
            out.append((m.start(), m.end(), atoms))
    return out


def _shape(text: str, negations: int) -> tuple[str, bool] | None:
    t = text.lower()
    if re.search(r"non-?linear|\bbent\b|v-shaped|angular molecule", t):
        return "linear", negations % 2 == 0
    if re.search(r"\blinear\b", t):
        return "linear", negations % 2 == 1
    if re.search(r"non-?planar|pyramidal|tetrahedral|puckered", t) and not re.search(r"trigonal planar", t):
        return "planar", negations % 2 == 0
    if re.search(r"\bplanar\b|\bflat\b", t):
        return "planar", negations % 2 == 1
    return None


def _masked_molecules(text: str, specs: list[tuple[int, int, list[str]]]) -> list[mn.Mention]:
    chars = list(text)
    for s, e, _ in specs:
        chars[s:e] = " " * (e - s)
    return mn.molecules("".join(chars))


def parse_molecular(text: str) -> ClaimSpec | None:
    if not _GEOMETRY.search(text):
        return None
    specs = _bond_specs(text)
    mols = _masked_molecules(text, specs)
    if not mols:
        return None
    negations = mn.negations(text)
    negated = negations % 2 == 1
    names = mn.unique(mols)
    if re.search(r"\bangle", text, re.I):
        qs = mn.quantities(text, lx.ANGLE_UNIT_RE)
        if qs and len(names) == 1:
            three = next((a for _, _, a in specs if len(a) == 3), None)
            q = qs[0]
            return BondAngleClaim(
                text=text, negated=negated, molecule=names[0], elements="-".join(three) if three else None,
                relation=q.relation, value=q.value, upper=q.upper, precision_pct=q.precision_pct,  # type: ignore[arg-type]
            )  # fmt: skip
    if re.search(r"\bbond", text, re.I):
        spec = _parse_bond_length(text, specs, mols, negated)
        if spec is not None:
            return spec
    shape = _shape(text, negations)
    if shape is not None and len(names) == 1:
        return MoleculeShapeClaim(text=text, negated=shape[1], molecule=names[0], shape=shape[0])  # type: ignore[arg-type]
    return None


def _bonds(specs: list[tuple[int, int, list[str]]], mols: list[mn.Mention]) -> list[Bond]:
    """Pair each molecule with the bond named nearest before it ('the C-O bond in CO2')."""
    bonds: list[Bond] = []
    two = [(s, a) for s, _, a in specs if len(a) == 2]
    for m in mols:
        before = [a for s, a in two if s < m.start]
        elements = "-".join(before[-1]) if before else None
        if elements is None and two:
            elements = "-".join(min(two, key=lambda x: abs(x[0] - m.start))[1])
        bonds.append(Bond(molecule=m.value, elements=elements))
    return bonds


def _parse_bond_length(
    text: str, specs: list[tuple[int, int, list[str]]], mols: list[mn.Mention], negated: bool
) -> ClaimSpec | None:

    bonds = _bonds(specs, mols)
    qs = mn.quantities(text, lx.LENGTH_UNIT_RE)
    if qs and len({b.molecule for b in bonds}) == 1:
        q = qs[0]
        f = mn.length_factor(q.unit)
        return BondLengthValueClaim(
            text=text, negated=negated, bond=bonds[0], relation=q.relation, value=q.value * f,  # type: ignore[arg-type]
            upper=q.upper * f if q.upper is not None else None, precision_pct=q.precision_pct,
        )  # fmt: skip
    distinct = list({(b.molecule, b.elements): b for b in bonds}.values())
    comp = comparative(text)
    if len(distinct) != 2 or comp is None:
        return None
    first, second = distinct
    than = re.search(r"\bthan\b", text, re.I)
    mol_pos = {m.value: m.start for m in mols}
    if (
        than
        and mol_pos.get(first.molecule, 0) > than.start()
        and mol_pos.get(second.molecule, 0) < than.start()
    ):
        first, second = second, first
    return BondLengthComparisonClaim(text=text, negated=negated, first=first, second=second, relation=comp[0])
