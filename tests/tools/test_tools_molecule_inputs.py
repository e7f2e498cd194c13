"""Molecule inputs without a calculator: SMILES structures, spin multiplicities, point groups and
symmetry numbers, and reaction strings with their balance check."""

from __future__ import annotations

from typing import Any

import pytest
from ase import Atoms
from ase.build import molecule

from tools import get_tool
from tools.errors import ToolInputError
from tools.point_group import point_group, shape, symmetry_number
from tools.reaction_parse import check_balance, parse_equation
from tools.spin import spin_multiplicity


def build(structure: dict[str, Any]) -> dict[str, Any]:
    return get_tool("build_structure").invoke({"structure": structure})


def test_smiles_builds_ethanol_with_hydrogens_and_a_seeded_geometry() -> None:
    first, second = build({"smiles": "CCO"}), build({"smiles": "CCO"})
    assert "error" not in first, first
    assert first["formula"] == "C2H6O" and first["n_atoms"] == 9 and first["pbc"] is False
    # Same SMILES -> same coordinates -> same id (and cache key) every time.
    assert first["structure_id"] == second["structure_id"]


def test_smiles_geometry_is_chemically_sensible() -> None:
    from tools.smiles import from_smiles

    water = from_smiles("O")
    assert water.get_chemical_formula() == "H2O"
    assert water.get_distance(0, 1) == pytest.approx(0.96, abs=0.05)  # MMFF O-H
    assert 100 < water.get_angle(1, 0, 2) < 110
    co2 = from_smiles("O=C=O")
    assert shape(co2) == "linear"


@pytest.mark.parametrize(
    ("smiles", "message"),
    [
        ("C1CC", "cannot parse"),
        ("N(C)(C)(C)(C)C", "valence"),
        ("xyz", "cannot parse"),
        ("[Na+].[Cl-]", "several molecules"),
        ("[NH4+]", "charge +1"),
        ("C C", "whitespace"),
    ],
)
def test_bad_smiles_is_refused_in_one_line(smiles: str, message: str) -> None:
    out = build({"smiles": smiles})
    assert set(out) == {"error"}
    assert out["error"]["type"] == "ToolInputError"
    assert message in out["error"]["message"] and "\n" not in out["error"]["message"]


def test_smiles_is_exclusive_with_other_structure_kinds() -> None:
    out = build({"smiles": "O", "molecule": "H2O"})
    assert out["error"]["type"] == "ToolInputError" and "exactly one" in out["error"]["message"]


def test_spin_multiplicity_of_radicals_triplets_and_atoms() -> None:
    from tools.smiles import from_smiles

    bare_o2 = Atoms("O2", positions=[(0, 0, 0), (0, 0, 1.21)])  # no magnetic moments given
    assert spin_multiplicity(bare_o2) == 3
    assert spin_multiplicity(from_smiles("O=O")) == 3
    assert spin_multiplicity(from_smiles("[O][O]")) == 3
    assert spin_multiplicity(molecule("O2")) == 3
    assert spin_multiplicity(molecule("NO2")) == 2
    assert spin_multiplicity(from_smiles("N(=O)[O]")) == 2
    assert spin_multiplicity(molecule("H2O")) == 1
    assert spin_multiplicity(molecule("N2")) == 1
    assert spin_multiplicity(Atoms("N")) == 4 and spin_multiplicity(Atoms("O")) == 3
    assert spin_multiplicity(Atoms("Ne")) == 1


@pytest.mark.parametrize(
    ("name", "group", "sigma", "kind"),
    [
        ("H2O", "C2v", 2, "nonlinear"),
        ("NH3", "C3v", 3, "nonlinear"),
        ("CH4", "Td", 12, "nonlinear"),
        ("CO2", "D*h", 2, "linear"),
        ("CO", "C*v", 1, "linear"),
        ("C6H6", "D6h", 12, "nonlinear"),
        ("C2H6", "D3d", 6, "nonlinear"),
        ("CH3OH", "Cs", 1, "nonlinear"),
    ],
)
def test_point_group_and_symmetry_number(name: str, group: str, sigma: int, kind: str) -> None:
    atoms = molecule(name)
    assert point_group(atoms) == group
    assert symmetry_number(group) == sigma
    assert shape(atoms) == kind


def test_symmetry_number_rule_for_axial_and_cubic_groups() -> None:
    expected = {"C1": 1, "Cs": 1, "Ci": 1, "C3": 3, "C2h": 2, "D2": 4, "D2d": 4, "D5h": 10, "S4": 2, "S6": 3}
    expected |= {"Oh": 24, "Ih": 60, "D*h": 2}
    assert {g: symmetry_number(g) for g in expected} == expected
    with pytest.raises(ValueError):
        symmetry_number("X9")


def test_reaction_strings_parse() -> None:
    eq = parse_equation("N2 + 3 H2 -> 2 NH3")
    assert [(t.species, t.coefficient) for t in eq.reactants] == [("N2", 1.0), ("H2", 3.0)]
    assert [(t.species, t.coefficient) for t in eq.products] == [("NH3", 2.0)]
    assert parse_equation("2H2+O2 → 2H2O").text() == "2 H2 + O2 -> 2 H2O"
    assert parse_equation("H2 + 1/2 O2 = H2O").reactants[1].coefficient == 0.5
    # SMILES keep their '=' bonds and bracket charges.
    smiles = parse_equation("O=C=O + [H][H] -> O=CO")
    assert [t.species for t in smiles.reactants] == ["O=C=O", "[H][H]"]
    assert parse_equation("carbon monoxide + water <=> carbon dioxide + hydrogen").products[0].species == (
        "carbon dioxide"
    )


@pytest.mark.parametrize("text", ["N2 + 3 H2", "A -> B -> C", "N2 + -> NH3", "0 N2 -> N2"])
def test_malformed_reactions_are_refused(text: str) -> None:
    with pytest.raises(ToolInputError):
        parse_equation(text)


def test_balance_check_names_the_element_counts() -> None:
    counts = {"N2": {"N": 2}, "H2": {"H": 2}, "NH3": {"N": 1, "H": 3}}
    check_balance(parse_equation("N2 + 3 H2 -> 2 NH3"), counts)
    with pytest.raises(ToolInputError, match=r"reactants H2 N2, products H3 N1 \(off in H, N\)"):
        check_balance(parse_equation("N2 + H2 -> NH3"), counts)
