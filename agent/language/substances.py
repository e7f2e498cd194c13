"""What a claim can name: elements, compounds, molecules and crystal prototypes.

Element names and symbols come from ASE's tables, formulas are checked by pymatgen's
``Composition``, close misspellings of names are corrected with rapidfuzz (and the correction is
shown in "Tested as"). Molecule names map to ASE's G2 set, the molecules the tools can build;
compound names ("magnesium oxide") and prototype aliases are the planner's lexicon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from agent.language import lexicon as lx

# Spellings ASE does not list (British, older names).
_EXTRA_NAMES = {"aluminium": "Al", "aluminum": "Al", "caesium": "Cs", "cesium": "Cs", "sulphur": "S", "sulfur": "S", "wolfram": "W"}
# Words that are ordinary English before they are symbols: read as elements only by name.
AMBIGUOUS = lx.AMBIGUOUS_SYMBOLS
FUZZY_MIN_SCORE = 85.0
FUZZY_MIN_LENGTH = 5


@dataclass(frozen=True)
class Substance:
    """A named substance: as a crystal (``formula``) and, where the tools know it, as a molecule
    (``molecule``: the ASE G2 name). Either may be None."""

    formula: str | None
    molecule: str | None
    element: bool


@cache
def element_names() -> dict[str, str]:
    """Lower-case element name -> symbol."""
    from ase.data import atomic_names, chemical_symbols

    names = {n.lower(): s for n, s in zip(atomic_names, chemical_symbols, strict=True) if n}
    names.update(_EXTRA_NAMES)
    return names


@cache
def symbols() -> frozenset[str]:
    from ase.data import chemical_symbols

    return frozenset(s for s in chemical_symbols if s != "X")


def formula_substance(token: str) -> Substance | None:
    """A formula token ('MgO', 'Cu', 'CO2') as a substance, or None when it is not one."""
    if token in AMBIGUOUS or not re.fullmatch(r"(?:[A-Z][a-z]?\d*)+", token):
        return None
    parts = re.findall(r"([A-Z][a-z]?)(\d*)", token)
    if any(sym not in symbols() for sym, _ in parts):
        return None
    from pymatgen.core.composition import Composition

    try:
        Composition(token)
    except (ValueError, KeyError):
        return None
    molecule = lx.MOLECULE_FORMULAS.get(token) or (token if token in _g2_names() else None)
    single = len(parts) == 1
    # A diatomic element formula (N2, O2, H2) names the molecule, not a crystal of the element.
    crystal = None if molecule and single and parts[0][1] else token
    return Substance(formula=crystal, molecule=molecule, element=single and not parts[0][1])


@cache
def _g2_names() -> frozenset[str]:
    return frozenset(lx.MOLECULE_FORMULAS.values()) | frozenset(lx.MOLECULE_NAMES.values())


def name_substance(name: str) -> Substance | None:
    """An element, compound or molecule name ('copper', 'magnesium oxide', 'water')."""
    low = name.lower()
    molecule = lx.MOLECULE_NAMES.get(low)
    if low in element_names():
        sym = element_names()[low]
        return Substance(formula=sym, molecule=_diatomic(sym), element=True)
    parts = low.split()
    if len(parts) == 2:
        formula = lx.compound_from_name(parts[0], parts[1])
        if formula is not None or molecule is not None:
            return Substance(formula=formula, molecule=molecule or lx.MOLECULE_FORMULAS.get(formula or ""), element=False)
    if molecule is not None:
        return Substance(formula=None, molecule=molecule, element=False)
    return None


def _diatomic(symbol: str) -> str | None:
    """'nitrogen' as a molecule is N2 (the gas); None for elements that are not diatomic gases."""
    return {"H": "H2", "N": "N2", "O": "O2", "F": "F2", "Cl": "Cl2"}.get(symbol)


@cache
def multiword_names() -> list[str]:
    """Names of more than one word, longest first (matched before single words)."""
    names = [n for n in lx.MOLECULE_NAMES if " " in n]
    return sorted(names, key=len, reverse=True)


@cache
def compound_name_re() -> re.Pattern[str]:
    return lx.COMPOUND_NAME_RE


@cache
def prototype_patterns() -> list[tuple[re.Pattern[str], str]]:
    """(pattern, prototype) for every alias, longest alias first."""
    out = []
    for proto, aliases in lx.PROTOTYPE_ALIASES.items():
        for alias in aliases:
            out.append((re.compile(r"(?<![\w-])(?:" + alias + r")(?![\w])", re.I), proto, alias))
    out.sort(key=lambda x: len(x[2]), reverse=True)
    return [(p, proto) for p, proto, _ in out]


PROTOTYPE_OF_FORMULA = lx.FORMULA_PROTOTYPE
PROTOTYPE_WORDS = lx.PROTOTYPE_WORDS


@cache
def _fuzzy_choices() -> list[str]:
    return sorted(set(element_names()) | set(lx.MOLECULE_NAMES))


def corrected_name(word: str) -> str | None:
    """The element or molecule name ``word`` is a close misspelling of ('alumnium' -> 'aluminium'),
    or None. Short words are never corrected: 'tin' and 'zinc' are too close to English."""
    if len(word) < FUZZY_MIN_LENGTH or word.lower() in element_names():
        return None
    from rapidfuzz import fuzz, process

    best = process.extractOne(word.lower(), _fuzzy_choices(), scorer=fuzz.ratio)
    if best is None or best[1] < FUZZY_MIN_SCORE:
        return None
    return str(best[0])
