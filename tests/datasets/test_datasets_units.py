"""The unit table: conversions to canonical units, refusals, property names."""

from __future__ import annotations

import pytest

from tools.datasets.errors import UnitError
from tools.datasets.units import PROPERTIES, canonical_property, normalise


@pytest.mark.parametrize(
    ("prop", "value", "unit", "expected", "canonical"),
    [
        ("bulk_modulus", 1.37, "Mbar", 137.0, "GPa"),
        ("bulk_modulus", 988, "kbar", 98.8, "GPa"),
        ("bulk_modulus", 137e9, "Pa", 137.0, "GPa"),
        ("lattice_constant", 0.361, "nm", 3.61, "angstrom"),
        ("lattice_constant", 361, "pm", 3.61, "angstrom"),
        ("lattice_constant", 3.61, "Å", 3.61, "angstrom"),
        ("lattice_constant", 6.822, "bohr", 3.6100, "angstrom"),
        ("cohesive_energy", 336, "kJ/mol", 3.4824, "eV/atom"),  # Kittel ch. 3: Cu 336 kJ/mol = 3.49 eV/atom
        ("cohesive_energy", 80.3, "kcal/mol", 3.4821, "eV/atom"),
        ("band_gap", 1110, "meV", 1.11, "eV"),
        ("density", 8930, "kg/m3", 8.93, "g/cm3"),
        ("melting_point", 1084.62, "°C", 1357.77, "K"),
        ("melting_point", 32, "F", 273.15, "K"),
        ("melting_point", 1357.77, "kelvin", 1357.77, "K"),
    ],
)
def test_conversions(prop: str, value: float, unit: str, expected: float, canonical: str) -> None:
    out, unit_out = normalise(prop, value, unit)
    assert out == pytest.approx(expected, rel=2e-4)
    assert unit_out == canonical == PROPERTIES[prop][0]


@pytest.mark.parametrize(
    ("prop", "value", "unit", "message"),
    [
        ("bulk_modulus", 1.0, "eV", "not a unit of bulk_modulus"),
        ("lattice_constant", 1.0, "GPa", "not a unit of lattice_constant"),
        ("lattice_constant", 1.0, "", "no unit given"),
        ("melting_point", -300, "C", "below absolute zero"),
    ],
)
def test_refusals(prop: str, value: float, unit: str, message: str) -> None:
    with pytest.raises(UnitError, match=message):
        normalise(prop, value, unit)


def test_property_names_and_aliases() -> None:
    assert canonical_property("Bulk modulus") == "bulk_modulus"
    assert canonical_property("B0") == "bulk_modulus"
    assert canonical_property("lattice parameter") == "lattice_constant"
    assert canonical_property("band-gap") == "band_gap"
    with pytest.raises(UnitError, match="unknown property 'colour'"):
        canonical_property("colour")
