"""Chemical equations as text: "N2 + 3 H2 -> 2 NH3" into sides, coefficients and species, and
the element balance check. Pure (no calculation): the reaction_energy tool builds on it.

Species are names or formulas of ASE's G2 set ("water", "NH3", "carbon monoxide") or SMILES
("O=CO"); a name or formula is tried first, so "CO" is carbon monoxide, not the SMILES of a
C-O fragment, and "O" the oxygen atom ("smiles:O" is water). Coefficients are positive numbers or fractions written before the species ("3 H2",
"3H2", "1/2 O2").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from tools.errors import ToolInputError

# Arrows accepted between the sides; a bare "=" only with spaces round it, because SMILES use
# "=" for double bonds (O=C=O).
_ARROW = re.compile(r"\s*(?:<=>|<->|<-->|-->|->|=>|\u2192|\u27f6|\u21cc|\s=\s)\s*")
_COEFFICIENT = re.compile(r"^(\d+(?:\.\d+)?(?:/\d+)?)\s*(\S.*)$")
MAX_SPECIES = 12


@dataclass(frozen=True)
class Term:
    species: str
    coefficient: float


@dataclass(frozen=True)
class Equation:
    reactants: list[Term]
    products: list[Term]

    def text(self) -> str:
        def side(terms: list[Term]) -> str:
            return " + ".join(
                (f"{t.coefficient:g} " if t.coefficient != 1 else "") + t.species for t in terms
            )

        return f"{side(self.reactants)} -> {side(self.products)}"


def parse_equation(text: str) -> Equation:
    """Split a reaction string into reactant and product terms (one-line ToolInputError if not)."""
    sides = _ARROW.split(text.strip())
    if len(sides) != 2:
        raise ToolInputError(
            f"cannot read reaction {text!r}: write it as 'A + 2 B -> C' with exactly one arrow"
        )
    left, right = (_terms(s, text) for s in sides)
    if len(left) + len(right) > MAX_SPECIES:
        raise ToolInputError(f"reaction {text!r} has more than {MAX_SPECIES} species")
    return Equation(left, right)


def _split_plus(side: str) -> list[str]:
    """Split on '+' outside SMILES brackets ([NH4+] keeps its charge sign)."""
    parts, depth, current = [], 0, ""
    for ch in side:
        depth += (ch == "[") - (ch == "]")
        if ch == "+" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]


def _terms(side: str, text: str) -> list[Term]:
    terms = []
    for raw in _split_plus(side):
        item = raw.strip()
        if not item:
            raise ToolInputError(f"cannot read reaction {text!r}: a side has an empty species")
        m = _COEFFICIENT.match(item)
        coefficient, species = (float(Fraction(m.group(1))), m.group(2).strip()) if m else (1.0, item)
        if coefficient <= 0:
            raise ToolInputError(f"coefficient of {species!r} must be positive")
        terms.append(Term(species, coefficient))
    return terms


def element_totals(terms: list[Term], counts: dict[str, dict[str, int]]) -> dict[str, float]:
    """Atoms of each element on one side (``counts`` maps species to its element counts)."""
    total: dict[str, float] = {}
    for t in terms:
        for element, n in counts[t.species].items():
            total[element] = total.get(element, 0.0) + t.coefficient * n
    return total


def check_balance(eq: Equation, counts: dict[str, dict[str, int]]) -> None:
    """Refuse an unbalanced reaction, naming the element counts of both sides."""
    left, right = element_totals(eq.reactants, counts), element_totals(eq.products, counts)
    elements = sorted(set(left) | set(right))
    off = [e for e in elements if abs(left.get(e, 0.0) - right.get(e, 0.0)) > 1e-9]
    if off:

        def show(side: dict[str, float]) -> str:
            return " ".join(f"{e}{side.get(e, 0.0):g}" for e in elements)

        raise ToolInputError(
            f"unbalanced reaction {eq.text()!r}: reactants {show(left)}, products {show(right)} "
            f"(off in {', '.join(off)})"
        )
