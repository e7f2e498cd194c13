"""Reactions a claim can name, and equations it can write out ('N2 + 3 H2 -> 2 NH3').

Named reactions map to one balanced gas-phase equation (the reaction_energy tool treats every
species as an ideal gas, so water is steam). A claim naming a reaction not in this table is not
read as a reaction claim.
"""

from __future__ import annotations

import re

# (pattern, name, balanced equation), the more specific phrases first.
NAMED_REACTIONS: list[tuple[str, str, str]] = [
    (r"reverse water[- ]gas[- ]shift", "reverse water-gas shift", "CO2 + H2 -> CO + H2O"),
    (r"water[- ]gas[- ]shift", "water-gas shift", "CO + H2O -> CO2 + H2"),
    (r"ammonia synthesis|synthesis of ammonia|haber(?:[- ]bosch)?(?: process| reaction)?", "ammonia synthesis",
     "N2 + 3 H2 -> 2 NH3"),
    (r"(?:steam|methane) reforming|reforming of methane|steam[- ]methane reforming", "steam methane reforming",
     "CH4 + H2O -> CO + 3 H2"),
    (r"dry reforming", "dry reforming of methane", "CH4 + CO2 -> 2 CO + 2 H2"),
    (r"methane combustion|combustion of methane|burning (?:of )?methane", "methane combustion",
     "CH4 + 2 O2 -> CO2 + 2 H2O"),
    (r"hydrogen combustion|combustion of hydrogen|burning (?:of )?hydrogen|oxidation of hydrogen",
     "hydrogen combustion", "2 H2 + O2 -> 2 H2O"),
    (r"methanol synthesis|synthesis of methanol", "methanol synthesis", "CO + 2 H2 -> CH3OH"),
    (r"co oxidation|oxidation of (?:co|carbon monoxide)", "CO oxidation", "2 CO + O2 -> 2 CO2"),
]  # fmt: skip

_SPECIES = r"(?:\d+(?:\.\d+)?\s*)?[A-Z][A-Za-z0-9]*"
_SIDE = rf"{_SPECIES}(?:\s*\+\s*{_SPECIES})*"
EQUATION = re.compile(rf"({_SIDE})\s*(?:->|→|=>|⟶|⇌|<=>|=)\s*({_SIDE})")
_COEFF = re.compile(r"(?:^|\+)\s*(\d+(?:\.\d+)?)\s*[A-Z]")


def coefficients(equation: str) -> list[float]:
    """The stoichiometric numbers written in an equation (1 is implicit, so not listed)."""
    sides = re.split(r"->|→|=>|⟶|⇌|<=>|=", equation)
    return [float(m.group(1)) for side in sides for m in _COEFF.finditer(side)]


def named_reaction(text: str) -> tuple[str, str | None, list[float]] | None:
    """(balanced equation, name or None, the coefficients the claim itself wrote) or None."""
    m = EQUATION.search(text)
    if m:
        equation = f"{m.group(1).strip()} -> {m.group(2).strip()}"
        return equation, None, coefficients(equation)
    for pattern, name, equation in NAMED_REACTIONS:
        if re.search(r"\b" + pattern + r"\b", text, re.I):
            return equation, name, []
    return None


def species(equation: str) -> list[str]:
    """The formulas of an equation, coefficients dropped."""
    sides = re.split(r"->|→|=>|⟶|⇌|<=>|=", equation)
    return [re.sub(r"^\d+(?:\.\d+)?\s*", "", t.strip()) for side in sides for t in side.split("+")]
