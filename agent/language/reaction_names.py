"""A reaction as a claim names it -> one balanced gas-phase equation.

A written equation is taken as written (its coefficients are the claim's). A named reaction is
built from the species the claim gives: combustion of a fuel (to CO2 and/or H2O), synthesis or
formation of a product from two reactants, and the named industrial reactions; the equation is
balanced here by the smallest whole coefficients, so no equation is looked up for a name the
claim did not spell out.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from typing import Any

from agent.language.reactions_named import coefficients as written_coefficients

MAX_COEFFICIENT = 8
# Named reactions whose species the name itself fixes (reactants, products).
_FIXED: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "steam_reforming": ("steam methane reforming", ("CH4", "H2O"), ("CO", "H2")),
    "dry_reforming": ("dry reforming of methane", ("CH4", "CO2"), ("CO", "H2")),
    "wgs": ("water-gas shift", ("CO", "H2O"), ("CO2", "H2")),
    "reverse_wgs": ("reverse water-gas shift", ("CO2", "H2"), ("CO", "H2O")),
    "haber": ("ammonia synthesis", ("N2", "H2"), ("NH3",)),
}


# "Ammonia synthesis" and "methanol synthesis" name their industrial feeds.
_SYNTHESIS_FROM = {"NH3": ("N2", "H2"), "CH3OH": ("CO", "H2")}


class NoEquation(Exception):
    """The claim names a reaction this module cannot write as a balanced equation."""


def _formula_of(sub: Any) -> str:
    return str(sub.molecule or sub.formula)


def _atoms(formula: str) -> Counter[str]:
    count: Counter[str] = Counter()
    for sym, n in re.findall(r"([A-Z][a-z]?)(\d*)", formula):
        count[sym] += int(n) if n else 1
    return count


def balance(reactants: tuple[str, ...], products: tuple[str, ...]) -> list[int] | None:
    """The smallest whole coefficients (reactants then products) that balance every element."""
    species = [_atoms(s) for s in reactants + products]
    elements = set().union(*species)
    for total in range(len(species), MAX_COEFFICIENT * len(species) + 1):
        for coeffs in itertools.product(range(1, MAX_COEFFICIENT + 1), repeat=len(species)):
            if sum(coeffs) != total:
                continue
            if all(
                sum(k * s[e] for k, s in zip(coeffs[: len(reactants)], species, strict=False))
                == sum(k * s[e] for k, s in zip(coeffs[len(reactants) :], species[len(reactants) :], strict=True))
                for e in elements
            ):
                return list(coeffs)
    return None


def _equation(reactants: tuple[str, ...], products: tuple[str, ...]) -> str:
    coeffs = balance(reactants, products)
    if coeffs is None:
        raise NoEquation(f"{' + '.join(reactants)} -> {' + '.join(products)} cannot be balanced")
    terms = [f"{k} {s}" if k > 1 else s for k, s in zip(coeffs, reactants + products, strict=True)]
    n = len(reactants)
    return f"{' + '.join(terms[:n])} -> {' + '.join(terms[n:])}"


def _combustion(species: tuple[str, ...]) -> tuple[str, str]:
    fuel, *said = species
    atoms = _atoms(fuel)
    if not set(atoms) <= {"C", "H", "O"} or not ({"C", "H"} & set(atoms)):
        raise NoEquation(f"hypoloop writes combustion equations for fuels of C, H and O, not {fuel}")
    products = tuple(p for p, el in (("CO2", "C"), ("H2O", "H")) if el in atoms)
    if said and set(said) - set(products):
        raise NoEquation(f"burning {fuel} gives {' and '.join(products)}, not {' and '.join(said)}")
    return _equation((fuel, "O2"), products), f"combustion of {fuel}"


def equation_for(reaction: Any) -> tuple[str, str | None, list[float]]:
    """(balanced equation, name, coefficients the claim wrote) for a ``Reaction`` frame value."""
    if reaction.form == "equation":
        eq = re.sub(r"\s*(?:→|=>|⟶|⇌|<=>)\s*", " -> ", reaction.equation)
        return eq, None, written_coefficients(eq)
    species = tuple(_formula_of(s) for s in reaction.species)
    if reaction.form == "combustion":
        eq, name = _combustion(species)
        return eq, name, []
    if reaction.form in _FIXED:
        name, reactants, products = _FIXED[reaction.form]
        given = set(species)
        if given and not given <= set(reactants + products):
            raise NoEquation(f"{name} does not involve {', '.join(sorted(given - set(reactants + products)))}")
        return _equation(reactants, products), name, []
    if reaction.form == "synthesis" and len(species) == 3:
        product, a, b = species
        return _equation((a, b), (product,)), f"formation of {product} from {a} and {b}", []
    if reaction.form == "synthesis" and len(species) == 1 and species[0] in _SYNTHESIS_FROM:
        a, b = _SYNTHESIS_FROM[species[0]]
        return _equation((a, b), species), f"{species[0]} synthesis from {a} and {b}", []
    raise NoEquation(f"'{reaction.text}' does not say what reacts to what")
