"""Bulk prototypes and molecule names: what a spec's ``prototype`` / ``molecule`` may say, and
lattice-constant estimates good enough to relax from.

Estimates come from ASE's reference data where the element's reference state matches the
prototype, else from the nearest-neighbour distance (element reference state, or the sum of
covalent radii for compounds) and the prototype's geometry.
"""

from __future__ import annotations

import math
from typing import Any

from tools.errors import ToolInputError

# prototype -> (number of distinct species, nearest-neighbour distance / a)
PROTOTYPES: dict[str, tuple[int, float]] = {
    "fcc": (1, 1 / math.sqrt(2)),
    "bcc": (1, math.sqrt(3) / 2),
    "sc": (1, 1.0),
    "hcp": (1, 1.0),
    "diamond": (1, math.sqrt(3) / 4),
    "rocksalt": (2, 0.5),
    "cesiumchloride": (2, math.sqrt(3) / 2),
    "zincblende": (2, math.sqrt(3) / 4),
    "fluorite": (2, math.sqrt(3) / 4),
    "wurtzite": (2, math.sqrt(3.0 / 8.0)),
}
ALIASES = {
    "nacl": "rocksalt",
    "rock-salt": "rocksalt",
    "rock_salt": "rocksalt",
    "cscl": "cesiumchloride",
    "cesium_chloride": "cesiumchloride",
    "caesiumchloride": "cesiumchloride",
    "zinc-blende": "zincblende",
    "zinc_blende": "zincblende",
    "sphalerite": "zincblende",
    "caf2": "fluorite",
    "simple_cubic": "sc",
    "simple-cubic": "sc",
    "b1": "rocksalt",
    "b2": "cesiumchloride",
    "b3": "zincblende",
    "b4": "wurtzite",
    "c1": "fluorite",
}
# Prototypes whose atoms all sit on fixed Wyckoff positions of a cubic lattice: their energy
# depends on the volume alone, so an EOS volume scan replaces a full relaxation.
CUBIC_FIXED = frozenset(
    {
        "fcc",
        "bcc",
        "sc",
        "diamond",
        "rocksalt",
        "cesiumchloride",
        "zincblende",
        "fluorite",
        "perovskite",
        "l12",
    }
)
# Elemental reference states ASE's ``bulk`` can build directly.
BUILDABLE_REFERENCE = frozenset({"fcc", "bcc", "sc", "hcp", "diamond"})
IDEAL_C_OVER_A = math.sqrt(8.0 / 3.0)

MOLECULE_ALIASES = {
    "water": "H2O",
    "carbon dioxide": "CO2",
    "carbon monoxide": "CO",
    "ammonia": "NH3",
    "methane": "CH4",
    "ethane": "C2H6",
    "ethylene": "C2H4",
    "ethene": "C2H4",
    "acetylene": "C2H2",
    "ethyne": "C2H2",
    "benzene": "C6H6",
    "methanol": "CH3OH",
    "ethanol": "CH3CH2OH",
    "nitrogen": "N2",
    "oxygen": "O2",
    "hydrogen": "H2",
    "fluorine": "F2",
    "chlorine": "Cl2",
    "ozone": "O3",
    "hydrogen peroxide": "H2O2",
    "hydrogen fluoride": "HF",
    "hydrogen chloride": "HCl",
    "hydrogen cyanide": "HCN",
    "hydrogen sulfide": "SH2",
    "h2s": "SH2",
    "sulfur dioxide": "SO2",
    "nitric oxide": "NO",
    "nitrogen dioxide": "NO2",
    "nitrous oxide": "N2O",
    "formaldehyde": "H2CO",
    "formic acid": "HCOOH",
    "acetic acid": "CH3COOH",
    "acetone": "CH3COCH3",
    "hydrazine": "N2H4",
    "silane": "SiH4",
    "phosphine": "PH3",
}


def normalise_prototype(name: str) -> str:
    """Canonical prototype name: one of PROTOTYPES (built by ASE's ``bulk``) or of
    ``tools.prototype_cells.CELLS`` (built from space group and Wyckoff sites)."""
    from tools.prototype_cells import CELL_ALIASES, CELLS

    key = name.strip().lower().replace(" ", "")
    key = ALIASES.get(key, CELL_ALIASES.get(key, key))
    if key not in PROTOTYPES and key not in CELLS:
        known = ", ".join(sorted([*PROTOTYPES, *CELLS]))
        raise ToolInputError(f"unknown prototype {name!r}; known: {known}")
    return key


def g2_name(name: str) -> str:
    """Map a molecule name or formula onto ASE's G2 collection (case-insensitive)."""
    from ase.collections import g2

    raw = name.strip()
    alias = MOLECULE_ALIASES.get(raw.lower())
    if alias:
        return alias
    names = list(g2.names)
    if raw in names:
        return raw
    by_lower = {n.lower(): n for n in names}
    if raw.lower() in by_lower:
        return by_lower[raw.lower()]
    raise ToolInputError(
        f"unknown molecule {name!r}: give a G2 name or formula (e.g. H2O, CO2, NH3, CH4, N2, O2, C6H6) "
        "or an xyz text"
    )


def element_nn_distance(symbol: str) -> float:
    """Nearest-neighbour distance of an element in its reference crystal, else twice its
    covalent radius."""
    from ase.data import atomic_numbers, covalent_radii, reference_states

    z = atomic_numbers[symbol]
    ref: dict[str, Any] = reference_states[z] or {}
    sym = ref.get("symmetry")
    if sym in BUILDABLE_REFERENCE and "a" in ref:
        return float(ref["a"]) * PROTOTYPES[sym][1]
    return 2.0 * float(covalent_radii[z])


def estimate_lattice(symbols: list[str], prototype: str) -> tuple[float, float | None]:
    """(a, c) estimate for ``prototype`` made of the distinct ``symbols`` (c only for hexagonal)."""
    from ase.data import atomic_numbers, covalent_radii, reference_states

    n_species, nn_over_a = PROTOTYPES[prototype]
    hexagonal = prototype in ("hcp", "wurtzite")
    if len(symbols) == 1:
        ref: dict[str, Any] = reference_states[atomic_numbers[symbols[0]]] or {}
        if ref.get("symmetry") == prototype and "a" in ref:
            c_over_a = ref.get("c/a", IDEAL_C_OVER_A)
            return float(ref["a"]), (float(ref["a"]) * c_over_a if hexagonal else None)
        d = element_nn_distance(symbols[0])
    else:
        d = sum(float(covalent_radii[atomic_numbers[s]]) for s in symbols[:2])
    a = d / nn_over_a
    return a, (a * IDEAL_C_OVER_A if hexagonal else None)
