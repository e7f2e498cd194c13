"""Every spec rendered as one sentence of the claim language: the canonical form the reader must
read back into the same spec (agent/language/selfcheck.py), shown first in "Tested as".

The sentences use the language's own words (claims.lark), the planner's canonical units, and the
digits a value needs to keep the precision the claim stated.
"""

from __future__ import annotations

import math
from typing import Any

from agent.language.lexicon import PROTOTYPE_WORDS

_UNIT = {
    "lattice_constant": "Å", "bulk_modulus": "GPa", "density": "g/cm³", "vacancy_energy": "eV",
    "surface_energy": "J/m²", "magnetism": "µB", "dipole": "D", "homo_lumo_gap": "eV", "elastic": "GPa",
    "thermal_expansion": "ppm/K", "bond_angle": "degrees", "bond_length": "Å", "transition_pressure": "GPa",
}  # fmt: skip
_PROP = {
    "lattice_constant": "lattice constant", "bulk_modulus": "bulk modulus", "density": "density",
    "vacancy_energy": "vacancy formation energy", "magnetism": "magnetic moment", "dipole": "dipole moment",
    "homo_lumo_gap": "HOMO-LUMO gap", "thermal_expansion": "linear thermal expansion coefficient",
}  # fmt: skip


def number(value: float, precision_pct: float = 0.0) -> str:
    """``value`` with the decimals its stated precision implies (half a unit in the last digit)."""
    if precision_pct > 0 and value:
        step = 2.0 * abs(value) * precision_pct / 100.0
        decimals = round(-math.log10(step))
        if decimals < 0:  # '0.14 TPa' is 140 GPa to two digits: 1.4e2
            digits = max(1, round(math.log10(abs(value) / step)) + 1)
            return f"{value:.{digits - 1}e}"
        return f"{value:.{decimals}f}"
    return f"{value:.6g}"


def target(s: Any, unit: str) -> str:
    rel = s.relation
    if rel == "between":
        return f"between {number(s.value)} and {number(s.upper)} {unit}"
    word = {"about": "about ", "equal": "", "below": "below ", "above": "above "}[rel]
    return f"{word}{number(s.value, s.precision_pct)} {unit}"


def formula(f: str) -> str:
    """A formula as the lexer reads it back: symbols that are English words ('K', 'In', 'As')
    are written as element names."""
    from agent.language.substances import AMBIGUOUS

    if f in AMBIGUOUS:
        from ase.data import atomic_names, chemical_symbols

        return str(atomic_names[chemical_symbols.index(f)]).lower()
    return f


def material(m: Any) -> str:
    if m.prototype and not m.prototype_assumed:
        return f"{PROTOTYPE_WORDS.get(m.prototype, m.prototype)} {formula(m.formula)}"
    return formula(m.formula)


def _is(s: Any) -> str:
    return "is not" if s.negated else "is"


def _cmp(s: Any, bigger: str = "larger", smaller: str = "smaller") -> str:
    return bigger if s.relation == "greater" else smaller


def _has(s: Any) -> str:
    return "does not have" if s.negated else "has"


def _structure(p: str) -> str:
    return f"the {PROTOTYPE_WORDS.get(p, p)} structure"


def _conditions(s: Any) -> str:
    t = getattr(s, "temperature_k", None)
    return f" at {number(t)} K" if t is not None and s.kind in ("magnetism", "reaction_energy") else ""


def value_sentence(s: Any, what: str, of: str, unit: str) -> str:
    return f"The {what} of {of} {_is(s)} {target(s, unit)}."


def compare_sentence(s: Any, what: str, first: str, second: str) -> str:
    return f"{first} {_has(s)} a {_cmp(s)} {what} than {second}."
