"""Structure specs: every way in, and every bad input ending in a typed error."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from ase.build import bulk
from ase.io import write

from agent.settings import Settings
from tools import get_tool
from tools import workspace as store
from tools.calculators import choose, supported_calculators
from tools.errors import StructureNotFound, ToolInputError, UnsupportedCalculator
from tools.prototypes import estimate_lattice
from tools.spec import StructureSpec
from tools.structures import resolve

CU_CIF = """data_Cu
_cell_length_a 3.615
_cell_length_b 3.615
_cell_length_c 3.615
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
_symmetry_space_group_name_H-M 'F m -3 m'
_symmetry_Int_Tables_number 225
loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
Cu1 Cu 0 0 0
"""


def build(structure: dict[str, object]) -> dict[str, object]:
    return get_tool("build_structure").invoke({"structure": structure})


def ws() -> Path:
    return Settings.load().workspace_dir


def poscar_text(atoms: object) -> str:
    buf = io.StringIO()
    write(buf, atoms, format="vasp")
    return buf.getvalue()


def test_prototype_build_and_spacegroups() -> None:
    expect = {
        ("Cu", "fcc"): 225,
        ("Fe", "bcc"): 229,
        ("Ti", "hcp"): 194,
        ("Si", "diamond"): 227,
        ("NaCl", "rocksalt"): 225,
        ("CsCl", "cesiumchloride"): 221,
        ("GaAs", "zincblende"): 216,
        ("CaF2", "fluorite"): 225,
        ("ZnO", "wurtzite"): 186,
    }
    for (formula, proto), number in expect.items():
        out = build({"formula": formula, "prototype": proto})
        assert out["spacegroup_number"] == number, (formula, proto, out)
        assert str(out["structure_id"]).startswith("s-")


def test_strict_mode_style_spec_with_nulls_and_blanks() -> None:
    spec = {
        k: None for k in ("formula", "prototype", "a", "c", "cif", "poscar", "xyz", "structure_id", "file")
    }
    out = build({**spec, "molecule": "water", "cif": ""})
    assert out["n_atoms"] == 3


def test_element_without_prototype_uses_reference_state() -> None:
    out = build({"formula": "Fe"})
    assert out["spacegroup_symbol"] == "Im-3m" and out["n_atoms"] == 1


def test_lattice_estimates_are_relaxable() -> None:
    assert estimate_lattice(["Cu"], "fcc")[0] == pytest.approx(3.61, abs=0.01)
    a, _ = estimate_lattice(["Na", "Cl"], "rocksalt")
    assert 5.0 < a < 6.2  # experiment 5.64
    a, c = estimate_lattice(["Zn", "O"], "wurtzite")
    assert 2.9 < a < 3.6 and c is not None and c / a == pytest.approx(1.633, abs=0.01)


def test_molecule_names_and_aliases() -> None:
    for name, formula in [("water", "H2O"), ("carbon dioxide", "CO2"), ("NH3", "H3N"), ("methane", "CH4")]:
        out = build({"molecule": name})
        assert out["pbc"] is False and out["spacegroup_number"] is None
        assert sorted(str(out["formula"])) == sorted(formula), (name, out["formula"])


def test_same_structure_same_id_and_store_round_trip() -> None:
    a = build({"formula": "Cu", "prototype": "fcc", "a": 3.6})
    b = build({"formula": "Cu", "prototype": "fcc", "a": 3.6})
    assert a["structure_id"] == b["structure_id"]
    atoms = store.load(str(a["structure_id"]), ws())
    assert store.structure_id(atoms) == a["structure_id"]
    c = build({"structure_id": a["structure_id"]})
    assert c["structure_id"] == a["structure_id"]


def test_cif_poscar_xyz_and_workspace_file() -> None:
    cif = build({"cif": CU_CIF})
    assert cif["n_atoms"] == 4 and cif["spacegroup_number"] == 225
    pos = build({"poscar": poscar_text(bulk("Si", "diamond", a=5.43))})
    assert pos["spacegroup_number"] == 227
    xyz = build({"xyz": "3\nwater\nO 0 0 0.119\nH 0 0.763 -0.477\nH 0 -0.763 -0.477\n"})
    assert xyz["n_atoms"] == 3 and xyz["pbc"] is False
    (ws() / "inputs").mkdir(parents=True, exist_ok=True)
    (ws() / "inputs" / "cu.cif").write_text(CU_CIF)
    assert build({"file": "inputs/cu.cif"})["n_atoms"] == 4


BAD_INPUTS: list[tuple[dict[str, object], str]] = [
    ({"cif": "this is not a cif file at all"}, "cannot parse cif"),
    ({"cif": CU_CIF[: CU_CIF.index("loop_")]}, "cif"),
    ({"poscar": "Si\n1.0\n5.43 0 0\n"}, "cannot parse poscar"),
    ({"xyz": "2\nbad\nH 0 0 nan\nH 0 0 1\n"}, "NaN"),
    ({"xyz": "2\nclash\nH 0 0 0\nH 0 0 0.1\n"}, "overlapping"),
    ({"formula": "XqZ", "prototype": "fcc"}, "formula"),
    ({"formula": "", "prototype": "fcc"}, "empty"),
    ({"formula": "   "}, "empty"),
    ({"formula": "Cu", "prototype": "quasicrystal"}, "unknown prototype"),
    ({"formula": "Cu", "prototype": "fcc", "a": -3.6}, "positive"),
    ({"formula": "Cu", "prototype": "fcc", "a": 0.3}, "overlapping"),
    ({"formula": "NaCl", "prototype": "fcc"}, "needs one element"),
    ({"formula": "Ga"}, "give a prototype"),
    ({"molecule": "unobtainium"}, "unknown molecule"),
    ({"structure_id": "../../etc/passwd"}, "invalid structure_id"),
    ({"structure_id": "s-000000000000"}, "no structure"),
    ({"file": "../../../etc/passwd"}, "outside the workspace"),
    ({"file": "/etc/hostname"}, "outside the workspace"),
    ({"file": "missing.cif"}, "does not exist"),
    ({}, "exactly one"),
    ({"molecule": "H2O", "a": 3.0}, "only apply"),
    ({"molecule": "H2O", "cif": CU_CIF}, "exactly one"),
]


@pytest.mark.parametrize(("structure", "needle"), BAD_INPUTS)
def test_bad_structures_end_in_an_error_result(structure: dict[str, object], needle: str) -> None:
    out = build(structure)
    assert set(out) == {"error"}, out
    assert out["error"]["type"] in {"ToolInputError", "StructureNotFound"}
    assert needle.lower() in out["error"]["message"].lower(), out


def test_core_raises_typed_errors() -> None:
    settings = Settings.load()
    with pytest.raises(ToolInputError):
        resolve(StructureSpec(formula="Cu", prototype="nope"), settings.workspace_dir, 100)
    with pytest.raises(StructureNotFound):
        resolve(StructureSpec(structure_id="s-0123456789ab"), settings.workspace_dir, 100)
    with pytest.raises(ToolInputError, match="limit"):
        resolve(StructureSpec(formula="Cu", prototype="fcc"), settings.workspace_dir, 0)


def test_symlink_escape_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.cif"
    outside.write_text(CU_CIF)
    ws().mkdir(parents=True, exist_ok=True)
    (ws() / "link.cif").symlink_to(outside)
    out = build({"file": "link.cif"})
    assert out["error"]["type"] == "ToolInputError" and "outside" in out["error"]["message"]


def test_calculator_choice_and_support() -> None:
    sim = Settings.load().simulation
    si = bulk("Si", "diamond", a=5.43)
    with pytest.raises(UnsupportedCalculator, match="chgnet"):
        choose("emt", si, sim)
    with pytest.raises(UnsupportedCalculator, match="known"):
        choose("vasp", si, sim)
    assert choose("auto", si, sim).name == "chgnet"
    assert supported_calculators(["Cu"], periodic=True) == ["emt", "chgnet", "sevennet"]
    assert supported_calculators(["O", "H"], periodic=False) == ["emt", "xtb", "pyscf"]
    assert supported_calculators(["Si"], periodic=False) == ["xtb", "pyscf"]
    sim_emt = sim.model_copy(update={"default_calculator": "emt"})
    assert choose("auto", bulk("Cu"), sim_emt).name == "emt"


def test_unknown_calculator_is_an_error_result() -> None:
    out = get_tool("single_point").invoke(
        {"structure": {"formula": "Cu", "prototype": "fcc"}, "calculator": "vasp"}
    )
    assert out["error"]["type"] == "UnsupportedCalculator" and "emt" in out["error"]["message"]
    out = get_tool("single_point").invoke(
        {"structure": {"formula": "Si", "prototype": "diamond"}, "calculator": "emt"}
    )
    assert out["error"]["type"] == "UnsupportedCalculator" and "chgnet" in out["error"]["message"]


def test_stored_file_json_is_readable() -> None:
    sid = str(build({"formula": "Al", "prototype": "fcc"})["structure_id"])
    data = json.loads((ws() / "structures" / f"{sid}.json").read_text())
    assert data["id"] == sid and data["formula"] == "Al"
