"""Property names and units of measurement tables: one explicit table, checked on every row.

Each property has one canonical unit; a value arrives in any unit listed for it and is stored in
the canonical one. A unit not listed for the property is refused (the row is skipped with the
reason) rather than guessed: "5.43 nm" for a lattice constant is plausible, "5.43 furlongs" is
not, and a silent wrong conversion would make the collection confidently wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.datasets.errors import UnitError

# Conversion factors. Sources: CODATA 2018 (NIST SP 961): 1 eV = 96.485332 kJ/mol
# = 23.060548 kcal/mol; 1 hartree = 27.211386 eV; 1 Ry = 13.605693 eV; bohr = 0.529177211 A.
_EV_PER_KJ_MOL = 1.0 / 96.485332
_EV_PER_KCAL_MOL = 1.0 / 23.060548
_EV_PER_HARTREE = 27.211386
_EV_PER_RY = 13.605693
_A_PER_BOHR = 0.529177211


@dataclass(frozen=True)
class Affine:
    """value_canonical = value * scale + offset (offsets only for temperatures)."""

    scale: float
    offset: float = 0.0


_PRESSURE = {"gpa": Affine(1.0), "mbar": Affine(100.0), "kbar": Affine(0.1), "mpa": Affine(1e-3),
             "pa": Affine(1e-9), "tpa": Affine(1000.0)}  # fmt: skip
_LENGTH = {"a": Affine(1.0), "å": Affine(1.0), "angstrom": Affine(1.0), "ang": Affine(1.0),
           "nm": Affine(10.0), "pm": Affine(0.01), "bohr": Affine(_A_PER_BOHR)}  # fmt: skip
_ENERGY = {"ev": Affine(1.0), "mev": Affine(1e-3), "kj/mol": Affine(_EV_PER_KJ_MOL),
           "kcal/mol": Affine(_EV_PER_KCAL_MOL), "hartree": Affine(_EV_PER_HARTREE),
           "ha": Affine(_EV_PER_HARTREE), "ry": Affine(_EV_PER_RY)}  # fmt: skip
# Per-atom energies: "eV/atom" and "kJ/mol" (per mole of atoms, as handbooks quote cohesive energies).
_ENERGY_PER_ATOM = {**_ENERGY, "ev/atom": Affine(1.0), "mev/atom": Affine(1e-3),
                    "kj/mol/atom": Affine(_EV_PER_KJ_MOL)}  # fmt: skip
_DENSITY = {"g/cm3": Affine(1.0), "g/cc": Affine(1.0), "g/ml": Affine(1.0), "kg/m3": Affine(1e-3),
            "kg/l": Affine(1.0)}  # fmt: skip
_TEMPERATURE = {"k": Affine(1.0), "c": Affine(1.0, 273.15), "°c": Affine(1.0, 273.15),
                "degc": Affine(1.0, 273.15), "f": Affine(5.0 / 9.0, 273.15 - 32.0 * 5.0 / 9.0),
                "°f": Affine(5.0 / 9.0, 273.15 - 32.0 * 5.0 / 9.0)}  # fmt: skip
_VOLUME = {"a3": Affine(1.0), "å3": Affine(1.0), "angstrom3": Affine(1.0), "nm3": Affine(1000.0),
           "bohr3": Affine(_A_PER_BOHR**3)}  # fmt: skip
_ANGLE = {"deg": Affine(1.0), "degree": Affine(1.0), "degrees": Affine(1.0), "°": Affine(1.0),
          "rad": Affine(57.29577951308232)}  # fmt: skip
_MAGNETIC = {"mub": Affine(1.0), "μb": Affine(1.0), "bohr magneton": Affine(1.0)}
_FREQUENCY = {"cm-1": Affine(1.0), "1/cm": Affine(1.0), "mev": Affine(8.0655439), "thz": Affine(33.35641)}

# property -> (canonical unit, accepted units). Canonical units match what the simulation tools
# report (GPa, angstrom, eV, g/cm3, K), so a measured value compares to a computed one directly.
PROPERTIES: dict[str, tuple[str, dict[str, Affine]]] = {
    "bulk_modulus": ("GPa", _PRESSURE),
    "shear_modulus": ("GPa", _PRESSURE),
    "youngs_modulus": ("GPa", _PRESSURE),
    "elastic_constant": ("GPa", _PRESSURE),
    "lattice_constant": ("angstrom", _LENGTH),
    "bond_length": ("angstrom", _LENGTH),
    "nearest_neighbour_distance": ("angstrom", _LENGTH),
    "cohesive_energy": ("eV/atom", _ENERGY_PER_ATOM),
    "formation_energy": ("eV/atom", _ENERGY_PER_ATOM),
    "energy_per_atom": ("eV/atom", _ENERGY_PER_ATOM),
    "vacancy_formation_energy": ("eV", _ENERGY),
    "surface_energy": ("J/m2", {"j/m2": Affine(1.0), "mj/m2": Affine(1e-3), "ev/a2": Affine(16.0217663)}),
    "band_gap": ("eV", _ENERGY),
    "density": ("g/cm3", _DENSITY),
    "melting_point": ("K", _TEMPERATURE),
    "debye_temperature": ("K", _TEMPERATURE),
    "curie_temperature": ("K", _TEMPERATURE),
    "volume_per_atom": ("angstrom^3", _VOLUME),
    "bond_angle": ("deg", _ANGLE),
    "magnetic_moment": ("mu_B/atom", _MAGNETIC),
    "vibrational_frequency": ("cm-1", _FREQUENCY),
}

ALIASES = {
    "b": "bulk_modulus", "b0": "bulk_modulus", "k": "bulk_modulus", "bulk modulus": "bulk_modulus",
    "g": "shear_modulus", "shear modulus": "shear_modulus", "e": "youngs_modulus",
    "young's modulus": "youngs_modulus", "young modulus": "youngs_modulus",
    "a": "lattice_constant", "a0": "lattice_constant", "lattice parameter": "lattice_constant",
    "lattice_parameter": "lattice_constant", "lattice constant": "lattice_constant",
    "ecoh": "cohesive_energy", "e_coh": "cohesive_energy", "cohesive energy": "cohesive_energy",
    "gap": "band_gap", "eg": "band_gap", "band gap": "band_gap", "tm": "melting_point",
    "melting temperature": "melting_point", "melting point": "melting_point",
    "formation energy": "formation_energy", "debye temperature": "debye_temperature",
}  # fmt: skip


def canonical_property(name: str) -> str:
    """The table's name for ``name`` ('Bulk modulus' -> 'bulk_modulus'); raises UnitError if unknown."""
    key = " ".join(name.strip().lower().split())
    key = ALIASES.get(key, key)
    key = key.replace(" ", "_").replace("-", "_")
    if key not in PROPERTIES:
        raise UnitError(f"unknown property {name!r} (known: {', '.join(sorted(PROPERTIES))})")
    return key


def _unit_key(unit: str) -> str:
    u = unit.strip().lower().replace("^", "").replace("³", "3").replace("·", "/").replace(" ", "")
    u = u.replace("angstroms", "angstrom").replace("ångström", "angstrom").replace("ang.", "ang")
    u = re.sub(r"^deg(ree)?s?k$", "k", u)  # 'degK' is kelvin
    return {"kelvin": "k", "celsius": "c", "fahrenheit": "f"}.get(u, u)


def normalise(prop: str, value: float, unit: str) -> tuple[float, str]:
    """``value`` in ``unit`` converted to the property's canonical unit: (value, canonical unit).

    Raises UnitError when the unit is not one the table lists for this property, or when a
    temperature comes out below absolute zero."""
    canonical, accepted = PROPERTIES[prop]
    key = _unit_key(unit)
    if not key:
        raise UnitError(f"no unit given for {prop} (expected one of: {_listing(accepted)})")
    conv = accepted.get(key)
    if conv is None and key == _unit_key(canonical):
        conv = Affine(1.0)
    if conv is None:
        raise UnitError(f"unit {unit!r} is not a unit of {prop} (accepted: {_listing(accepted)})")
    out = value * conv.scale + conv.offset
    if canonical == "K" and out < 0:
        raise UnitError(f"{value} {unit} is below absolute zero")
    return out, canonical


def _listing(accepted: dict[str, Affine]) -> str:
    return ", ".join(accepted)
