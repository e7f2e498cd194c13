"""Units as scientists write them, converted through one pint registry to the planner's canonical
units (Å, GPa, eV, J/m², degrees, g/cm³, K, µB, debye, ppm/K, cm⁻¹).

The lexer (agent/language/tokens.py) finds a number followed by a unit written in any of the
spellings below; this module says which dimension that unit measures (the grammar's terminal for
the quantity) and converts the value. Spellings are mapped to pint expressions here because
chemists write "g/cc", "J m-2" or "ppm/K", which pint does not read as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

# (regex for the unit as written, pint expression, dimension). Longer spellings first: the lexer
# takes the first that matches at a position.
_SUP = {"⁻": "-", "¹": "1", "²": "2", "³": "3"}
UNIT_SPELLINGS: list[tuple[str, str, str]] = [
    (r"mJ\s*/\s*m(?:\^?2)|mJ\s*m-2", "millijoule / meter ** 2", "surface"),
    (r"J\s*/\s*m(?:\^?2)|J\s*m-2", "joule / meter ** 2", "surface"),
    (r"meV\s*/\s*Å(?:\^?2)|meV\s*Å-2", "millielectron_volt / angstrom ** 2", "surface"),
    (r"eV\s*/\s*Å(?:\^?2)|eV\s*Å-2", "electron_volt / angstrom ** 2", "surface"),
    (r"g\s*/\s*cm(?:\^?3)|g\s*cm-3", "gram / centimeter ** 3", "density"),
    (r"g\s*/\s*cc\b|g\s*/\s*mL\b|g\s*/\s*ml\b", "gram / centimeter ** 3", "density"),
    (r"kg\s*/\s*m(?:\^?3)|kg\s*m-3", "kilogram / meter ** 3", "density"),
    (r"kJ\s*/\s*mol\b|kJ\s*mol-1", "kilojoule / mole", "molar_energy"),
    (r"kcal\s*/\s*mol\b|kcal\s*mol-1", "kilocalorie / mole", "molar_energy"),
    (r"ppm\s*/\s*K\b|ppm\s*K-1", "ppm / kelvin", "expansion"),
    (r"(?:1\s*)?/\s*K\b|K\s*\^?\s*-\s*1\b|per\s+(?:kelvin|K)\b", "1 / kelvin", "expansion"),
    (r"cm\s*\^?\s*-\s*1\b|(?:1\s*)?/\s*cm\b|per\s+cm\b", "1 / centimeter", "wavenumber"),
    (r"GPa\b", "gigapascal", "pressure"),
    (r"MPa\b", "megapascal", "pressure"),
    (r"TPa\b", "terapascal", "pressure"),
    (r"kbar\b", "kilobar", "pressure"),
    (r"Mbar\b", "megabar", "pressure"),
    (r"kPa\b", "kilopascal", "pressure"),
    (r"Pa\b", "pascal", "pressure"),
    (r"bar\b", "bar", "pressure"),
    (r"atm\b", "standard_atmosphere", "pressure"),
    (r"meV\b", "millielectron_volt", "energy"),
    (r"eV\b|electron[ -]?volts?\b", "electron_volt", "energy"),
    (r"Ry\b|Rydbergs?\b", "rydberg", "energy"),
    (r"Ha\b|hartrees?\b|Hartrees?\b", "hartree", "energy"),
    (r"[µμ]B\b|mu_?B\b|[Bb]ohr\s+magnetons?\b", "bohr_magneton", "moment"),
    (r"[ÅåAa]ngstr[oö]ms?\b|Å|Å|A\b", "angstrom", "length"),
    (r"nm\b|nanomet(?:er|re)s?\b", "nanometer", "length"),
    (r"pm\b|picomet(?:er|re)s?\b", "picometer", "length"),
    (r"bohrs?\b|[Bb]ohr\b|a\.u\.", "bohr", "length"),
    (r"°\s*C\b|degrees?\s+Celsius\b|℃", "degree_Celsius", "temperature"),
    (r"K\b|kelvins?\b|[Kk]elvin\b", "kelvin", "temperature"),
    (r"°|degrees?\b|deg\b", "degree", "angle"),
    (r"rad\b|radians?\b", "radian", "angle"),
    (r"D\b|[Dd]ebyes?\b", "debye", "dipole"),
]
_COMPILED = [(re.compile(p), unit, dim) for p, unit, dim in UNIT_SPELLINGS]

# The planner's canonical unit for each dimension (spec fields are stored in these).
CANONICAL: dict[str, str] = {
    "length": "angstrom",
    "pressure": "gigapascal",
    "energy": "electron_volt",
    "molar_energy": "kilojoule / mole",
    "surface": "joule / meter ** 2",
    "angle": "degree",
    "density": "gram / centimeter ** 3",
    "temperature": "kelvin",
    "moment": "bohr_magneton",
    "dipole": "debye",
    "expansion": "ppm / kelvin",
    "wavenumber": "1 / centimeter",
}


@dataclass(frozen=True)
class UnitMatch:
    """A unit as written, what it measures, and its pint expression."""

    written: str
    pint: str
    dimension: str


def normalise_unit_text(text: str) -> str:
    """Superscripts and unicode signs as plain characters ('cm⁻¹' -> 'cm-1', 'm²' -> 'm2')."""
    return "".join(_SUP.get(c, c) for c in text).replace("−", "-")


def match_unit(text: str) -> UnitMatch | None:
    """The unit spelled at the start of ``text`` (after optional spaces), or None."""
    stripped = text.lstrip()
    for pattern, unit, dim in _COMPILED:
        m = pattern.match(stripped)
        if m:
            return UnitMatch(m.group(0), unit, dim)
    return None


@cache
def registry() -> Any:
    """One pint registry for the process (loading its definitions takes ~0.5 s, once)."""
    import pint

    return pint.UnitRegistry()


def to_canonical(value: float, unit: UnitMatch) -> float:
    """``value`` in ``unit`` expressed in the dimension's canonical unit."""
    if unit.pint == CANONICAL[unit.dimension]:
        return value
    ureg = registry()
    converted = float(ureg.Quantity(value, unit.pint).to(CANONICAL[unit.dimension]).magnitude)
    return float(f"{converted:.12g}")  # 0.2 TPa is 200 GPa, not 200.00000000000003
