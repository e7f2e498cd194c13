"""A structure by formula + space group: the user's data collection first, then the built-in
prototypes; ambiguous or missing structures are clear errors, never guesses."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from tools import get_tool
from tools.errors import ToolInputError
from tools.spacegroups import find_structure, number_of, prototypes_with, spacegroup_number
from tools.spec import StructureSpec
from tools.structures import build_bulk


def build(formula: str, prototype: str) -> object:
    return build_bulk(formula, prototype, None, None)


@pytest.mark.parametrize(
    ("text", "number"),
    [("P4_2/mnm", 136), ("P42/mnm", 136), ("P 4_2/m n m", 136), ("136", 136), ("Fm-3m", 225), ("F m -3 m", 225),
     ("P6_3/mmc", 194), ("I4_1/amd", 141), ("Pm-3m", 221), (" 229 ", 229)],
)  # fmt: skip
def test_spacegroup_symbols_and_numbers(text: str, number: int) -> None:
    assert spacegroup_number(text) == number


@pytest.mark.parametrize(
    ("text", "why"), [("231", "between 1 and 230"), ("0", "between"), ("Xy-9", "unknown")]
)
def test_bad_spacegroups(text: str, why: str) -> None:
    with pytest.raises(ToolInputError, match=why):
        spacegroup_number(text)


@pytest.mark.parametrize(
    ("formula", "number", "prototype"),
    [("TiO2", 136, "rutile"), ("Cu", 225, "fcc"), ("NaCl", 225, "rocksalt"), ("ZnO", 186, "wurtzite"),
     ("SrTiO3", 221, "perovskite"), ("MgAl2O4", 227, "spinel"), ("CaF2", 225, "fluorite")],
)  # fmt: skip
def test_builtin_prototypes_by_spacegroup(formula: str, number: int, prototype: str) -> None:
    assert [name for name, _ in prototypes_with(formula, number, build)] == [prototype]


def test_rutile_by_symbol_without_a_collection(tmp_path: Path) -> None:
    atoms = find_structure("TiO2", "P4_2/mnm", str(tmp_path / "none.db"), build)
    assert atoms.get_chemical_formula() == "O4Ti2" and number_of(atoms) == 136


def test_ambiguous_and_missing_are_errors(tmp_path: Path) -> None:
    with pytest.raises(
        ToolInputError, match=r"several built-in prototypes of Mg have space group 194 \(hcp, graphite\)"
    ):
        find_structure("Mg", "P6_3/mmc", None, build)
    with pytest.raises(ToolInputError, match=r"no structure of Cu with space group P4_2/mnm \(No. 136\)"):
        find_structure("Cu", "P4_2/mnm", str(tmp_path / "none.db"), build)


def _anatase_cif(path: Path) -> Path:
    from ase.io import write
    from ase.spacegroup import crystal

    # Anatase TiO2, I4_1/amd (141), origin choice 1: Ti 4a, O 8e (0, 0, z); a 3.785, c 9.514 Å.
    anatase = crystal(
        ["Ti", "O"], [(0, 0, 0), (0, 0, 0.2081)], spacegroup=141, cellpar=[3.785, 3.785, 9.514, 90, 90, 90]
    )
    write(path, anatase, format="cif")
    return path


def test_collection_structure_is_found_first(home: Path, tmp_path: Path) -> None:
    from tools.datasets.collection import DataCollection

    db = home / "data" / "collection.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    DataCollection(db).add([_anatase_cif(tmp_path / "anatase.cif")])
    atoms = find_structure("TiO2", "I4_1/amd", str(db), build)
    assert number_of(atoms) == 141 and atoms.info["source"].startswith("data collection row d-")
    # the tools take it by formula + space group (unbound tools use $HYPOLOOP_HOME's collection)
    out = get_tool("build_structure").invoke({"structure": {"formula": "TiO2", "spacegroup": "141"}})
    assert out["spacegroup_number"] == 141, out
    # rutile is not in the collection: the built-in prototype answers
    out = get_tool("build_structure").invoke({"structure": {"formula": "TiO2", "spacegroup": "P4_2/mnm"}})
    assert out["spacegroup_number"] == 136, out


def test_tool_error_is_one_line() -> None:
    out = get_tool("build_structure").invoke({"structure": {"formula": "TiO2", "spacegroup": "I4_1/amd"}})
    assert (
        "error" in out
        and "no structure of TiO2 with space group I4_1/amd (No. 141)" in out["error"]["message"]
    )


def test_spec_validation_and_round_trip() -> None:
    spec = StructureSpec(formula="TiO2", spacegroup="136")
    assert spec.kind == "bulk" and StructureSpec.model_validate(spec.model_dump()) == spec
    with pytest.raises(ValidationError, match="not both"):
        StructureSpec(formula="TiO2", prototype="rutile", spacegroup="136")
    with pytest.raises(ValidationError, match="formula must not be empty"):
        StructureSpec(spacegroup="136")
    with pytest.raises(ValidationError, match="exactly one"):
        StructureSpec(molecule="H2O", spacegroup="136")
