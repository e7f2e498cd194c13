"""Ingest: mixed folders, duplicates, provenance, bad files with nothing half-written."""

from __future__ import annotations

from pathlib import Path

import ase
import pytest
from datafiles import GOOD_ROWS, lammps_dump, write_extxyz, write_table

from tools.datasets import DataCollection
from tools.datasets import rows as row_io
from tools.datasets.errors import CollectionNotFound, DataFileError

ASE_TESTDATA = Path(ase.__file__).parent / "test" / "testdata" / "vasp"


def _rows(url: str) -> int:
    try:
        return int(DataCollection(url).stats()["rows"])
    except CollectionNotFound:
        return 0


def test_mixed_folder_report(data_url: str, tmp_path: Path, mixed_folder: Path) -> None:
    c = DataCollection(data_url)
    report = c.add([mixed_folder])
    # Cu.cif 1 + POSCAR 1 (+ Si_conv merged) + traj 3 + pwo 1 + lammps 2 + table 4 good rows.
    assert len(report.added) == 12, report
    merged = {Path(m.where.split("@")[0].split(":")[0]).name for m in report.merged}
    assert merged == {"Si_conv.cif", "measurements.csv"}
    reasons = {Path(s.where).name: s.reason for s in report.skipped}
    assert "unsupported file type" in reasons.pop("notes.txt")
    assert "'furlongs' is not a unit of bulk_modulus" in reasons.pop("measurements.csv:7")
    assert "'n/a' is not a number" in reasons.pop("measurements.csv:8")
    assert "'Xq' is not a chemical formula" in reasons.pop("measurements.csv:9")
    assert "unknown property 'colour'" in reasons.pop("measurements.csv:10")
    assert not reasons and not report.errors
    assert report.files == 7  # notes.txt is not read


def test_structure_rows_keep_energies_forces_settings_and_provenance(
    data_url: str, tmp_path: Path, mixed_folder: Path
) -> None:
    c = DataCollection(data_url)
    c.add([mixed_folder])
    rows, total = c.search(kind="structure", formula="Cu", limit=50)
    traj = [r for r in rows if r.provenance[0].file.endswith("traj.extxyz")]
    assert [r.provenance[0].frame for r in traj] == [0, 1, 2]
    assert [r.info["strain"] for r in traj] == [-0.01, 0.0, 0.01]
    assert all(
        r.energy_ev is not None and r.max_force_ev_a is not None and r.max_force_ev_a > 0 for r in traj
    )
    assert len({r.provenance[0].sha256 for r in traj}) == 1 and len(traj[0].provenance[0].sha256) == 64
    (pw,) = [r for r in c.search(formula="Si", kind="structure")[0] if r.provenance[0].file.endswith(".pwo")]
    assert pw.engine == "Quantum ESPRESSO 7.2"
    assert pw.settings["ecutwfc_ry"] == 30.0 and pw.settings["xc"] == "PBE"
    assert pw.energy_ev == pytest.approx(-15.84123456 * 13.605693, rel=1e-6)
    lmp = [r for r in rows if r.provenance[0].file.endswith(".lammpstrj")]
    assert [r.engine for r in lmp] == ["LAMMPS", "LAMMPS"] and lmp[0].max_force_ev_a == pytest.approx(0.1)


def test_primitive_poscar_and_conventional_cif_merge(data_url: str, tmp_path: Path, mixed_folder: Path) -> None:
    c = DataCollection(data_url)
    c.add([mixed_folder])
    (si,) = [r for r in c.search(formula="Si", kind="structure")[0] if r.energy_ev is None]
    assert sorted(Path(p.file).name for p in si.provenance) == ["POSCAR", "Si_conv.cif"]
    assert si.spacegroup_number == 227


def test_rattled_or_strained_frames_are_not_merged(data_url: str, tmp_path: Path) -> None:
    # Same formula and cell shape, different geometry and energy: distinct data, never folded.
    write_extxyz(tmp_path / "a.extxyz", strains=(0.0, 0.001, 0.002))
    report = DataCollection(data_url).add([tmp_path / "a.extxyz"])
    assert len(report.added) == 3 and not report.merged


def test_re_adding_the_same_content_changes_nothing(data_url: str, tmp_path: Path, mixed_folder: Path) -> None:
    c = DataCollection(data_url)
    first = c.add([mixed_folder])
    before = _rows(data_url)
    again = c.add([mixed_folder])
    assert again.added == [] and again.merged == []
    assert again.unchanged == len(first.added) + len(first.merged)
    assert _rows(data_url) == before


def test_same_measurement_from_two_sources_keeps_both_citations(data_url: str, tmp_path: Path) -> None:
    write_table(tmp_path / "a.csv", [GOOD_ROWS[0]])
    write_table(tmp_path / "b.tsv", [])
    (tmp_path / "b.tsv").write_text(
        "formula\tproperty\tvalue\tunit\tconditions\tsource\nCu\ta\t361\tpm\troom temperature\tAshcroft-Mermin table 4.1\n"
    )
    c = DataCollection(data_url)
    c.add([tmp_path / "a.csv", tmp_path / "b.tsv"])
    (row,) = c.search(property="lattice_constant")[0]
    assert row.value == pytest.approx(3.61) and row.unit == "angstrom"
    assert [p.source for p in row.provenance] == [
        GOOD_ROWS[0].split(',"')[1].rstrip('"'),
        "Ashcroft-Mermin table 4.1",
    ]
    assert [p.line for p in row.provenance] == [2, 2]


def test_different_values_or_conditions_stay_separate(data_url: str, tmp_path: Path) -> None:
    write_table(
        tmp_path / "t.csv",
        ["Cu,Cu,lattice constant,3.61,A,room temperature,x", "Cu,Cu,lattice constant,3.60,A,room temperature,y",
         "Cu,Cu,lattice constant,3.61,A,4 K,z"],
    )  # fmt: skip
    report = DataCollection(data_url).add([tmp_path / "t.csv"])
    assert len(report.added) == 3 and not report.merged


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.cif", "data_x\n_cell_length_a oops\n", "no structure found (read as cif)"),
        ("garbage.cif", "garbage\n", "cannot read as cif: malformed file"),
        ("POSCAR", "just one line\n", "cannot read as vasp"),
        ("t.csv", "material,value\nCu,3\n", "lacks column(s) property, unit"),
        ("t.csv", "", "empty table"),
        ("md.lammpstrj", lammps_dump("type"), "no 'element' or 'mass' column"),
        ("x.db", "not sqlite", "cannot read as an ASE database"),
    ],
)
def test_bad_file_is_one_error_line_and_writes_nothing(
    data_url: str, tmp_path: Path, name: str, content: str, message: str
) -> None:
    good = tmp_path / "good.csv"
    write_table(good, GOOD_ROWS)
    c = DataCollection(data_url)
    c.add([good])
    before = _rows(data_url)
    bad = tmp_path / name
    bad.write_text(content)
    report = c.add([bad])
    assert [e.where for e in report.errors] == [str(bad.resolve())]
    assert message in report.errors[0].reason and "\n" not in report.errors[0].reason
    assert report.added == [] and _rows(data_url) == before


DISORDERED_CIF = """data_CuAu_disordered
_cell_length_a 3.75
_cell_length_b 3.75
_cell_length_c 3.75
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
_symmetry_space_group_name_H-M 'F m -3 m'
loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
_atom_site_occupancy
Cu1 Cu 0 0 0 0.5
Au1 Au 0 0 0 0.5
"""


def test_disordered_cif_is_skipped_not_stored_with_a_wrong_formula(data_url: str, tmp_path: Path) -> None:
    (tmp_path / "CuAu.cif").write_text(DISORDERED_CIF)
    report = DataCollection(data_url).add([tmp_path / "CuAu.cif"])
    assert report.added == [] and not report.errors
    assert [s.where.endswith("CuAu.cif@0") for s in report.skipped] == [True]
    assert "partially occupied" in report.skipped[0].reason


def test_extxyz_with_a_broken_later_frame_writes_none_of_it(data_url: str, tmp_path: Path) -> None:
    path = tmp_path / "t.extxyz"
    write_extxyz(path)
    lines = path.read_text().splitlines()
    lines[-1] = "Cu 0.0 not-a-number 0.0 0 0 0"
    path.write_text("\n".join(lines) + "\n")
    report = DataCollection(data_url).add([path])
    assert len(report.errors) == 1 and report.added == []
    assert _rows(data_url) == 0


def test_a_write_failing_half_way_rolls_back_the_file(
    data_url: str, tmp_path: Path, mixed_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = row_io.put_measurement
    calls = {"n": 0}

    def flaky(db, rec, report):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:  # two rows of this file are already written in the transaction
            raise OSError("disk full")
        real(db, rec, report)

    monkeypatch.setattr(row_io, "put_measurement", flaky)
    c = DataCollection(data_url)
    report = c.add([mixed_folder / "measurements.csv", mixed_folder / "Cu.cif"])
    assert [Path(e.where).name for e in report.errors] == ["measurements.csv"]
    assert "disk full" in report.errors[0].reason
    assert c.stats()["measurements"] == 0 and c.stats()["structures"] == 1


def test_ase_database_and_vasp_outputs(data_url: str, tmp_path: Path) -> None:
    import ase.db
    from ase.build import bulk
    from ase.calculators.emt import EMT

    src = ase.db.connect(tmp_path / "old.db")
    atoms = bulk("Al", "fcc", a=4.05)
    atoms.calc = EMT()
    atoms.get_potential_energy()
    src.write(atoms, project="old", temperature=300)
    paths = [tmp_path / "old.db"]
    for name in ("OUTCAR_example_1", "vasprun_pstress.xml"):
        if (ASE_TESTDATA / name).is_file():
            target = tmp_path / (name if name.startswith("OUTCAR") else "vasprun.xml")
            target.write_bytes((ASE_TESTDATA / name).read_bytes())
            paths.append(target)
    c = DataCollection(data_url)
    report = c.add(paths)
    assert not report.errors, report.errors
    (al,) = c.search(formula="Al")[0]
    assert al.info == {"project": "old", "temperature": 300} and al.energy_ev is not None
    assert al.provenance[0].frame == 1
    vasp = [r for r in c.search(kind="structure", limit=200)[0] if (r.engine or "").startswith("VASP")]
    if len(paths) == 3:
        assert {Path(r.provenance[0].file).name for r in vasp} == {"OUTCAR_example_1", "vasprun.xml"}
        assert all(r.energy_ev is not None for r in vasp)
        assert any(r.settings.get("incar") for r in vasp)
        (outcar,) = [r for r in vasp if r.provenance[0].file.endswith("OUTCAR_example_1")]
        assert outcar.engine == "VASP 5.3.3" and outcar.settings["ENCUT"] == 300.0
        assert outcar.settings["ISPIN"] == 2 and "GGA" not in outcar.settings  # METAGGA= F is not GGA


def test_missing_path_raises_before_writing(data_url: str, tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="no such file"):
        DataCollection(data_url).add([tmp_path / "nope"])
    with pytest.raises(CollectionNotFound):  # nothing was created
        DataCollection(data_url).stats()


def test_reading_a_collection_that_does_not_exist(data_url: str) -> None:
    with pytest.raises(CollectionNotFound, match="hypoloop data add"):
        DataCollection(data_url).stats()


def test_remove_by_id_and_by_file(data_url: str, tmp_path: Path, mixed_folder: Path) -> None:
    c = DataCollection(data_url)
    c.add([mixed_folder])
    cu = c.search(formula="Cu", kind="structure", limit=1)[0][0]
    assert c.remove(cu.id).removed == [cu.id]
    assert c.remove(cu.id).not_found == [cu.id]
    # Removing the conventional CIF keeps the merged Si row (its POSCAR source remains).
    c.remove(str(mixed_folder / "sub"))
    (si,) = [r for r in c.search(formula="Si", kind="structure")[0] if r.energy_ev is None]
    assert [Path(p.file).name for p in si.provenance] == ["POSCAR"]
    report = c.remove(str(mixed_folder / "measurements.csv"))
    assert len(report.removed) == 4 and c.stats()["measurements"] == 0


def test_values_straddling_a_lookup_bin_still_merge(data_url: str, tmp_path: Path) -> None:
    import math

    from tools.datasets import dedup

    # Two readings 2e-8 apart (well within the 1e-6 tolerance) on either side of a bin edge.
    edge = math.exp(math.log1p(dedup.VALUE_RTOL) * 1283)  # ~3.61
    low, high = edge * (1 - 1e-8), edge * (1 + 1e-8)
    assert (
        dedup.measurement_buckets("Cu", "lattice_constant", low)[0]
        != (dedup.measurement_buckets("Cu", "lattice_constant", high)[0])
    )
    write_table(tmp_path / "t.csv", [f"Cu,Cu,a,{low!r},A,,x", f"Cu,Cu,a,{high!r},A,,y"])
    report = DataCollection(data_url).add([tmp_path / "t.csv"])
    assert len(report.added) == 1 and len(report.merged) == 1
