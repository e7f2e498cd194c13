"""`hypoloop data add` reads files named the way VASP users name them, sniffs content when a name
says nothing, and says which reader read each file (issue #27). Real files written by ASE; the
OUTCAR and vasprun files are ASE's own test data when the installed ASE ships it."""

from __future__ import annotations

from pathlib import Path

import ase
import pytest

from agent.cli import main
from tools.datasets.collection import DataCollection
from tools.datasets.file_kinds import Detected, detect, reader_from_name
from tools.datasets.models import AddReport, FileRead

ASE_VASP = Path(ase.__file__).parent / "test" / "testdata" / "vasp"


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("Al_fcc_POSCAR", "vasp"),
        ("POSCAR_Si", "vasp"),
        ("poscar", "vasp"),
        ("CONTCAR", "vasp"),
        ("CONTCAR.relax", "vasp"),
        ("Cu.vasp", "vasp"),
        ("OUTCAR", "vasp-out"),
        ("OUTCAR_run1", "vasp-out"),
        ("relax.OUTCAR", "vasp-out"),
        ("vasprun.xml", "vasp-xml"),
        ("vasprun_static.xml", "vasp-xml"),
        ("Si_POSCAR.cif", "cif"),  # an unambiguous extension wins over a VASP word in the name
        ("measurements.csv", "table"),
        ("notes.txt", None),
        ("relaxed.dat", None),
        ("vasprun_notes.txt", None),
    ],
)
def test_names_the_way_the_field_writes_them(name: str, reader: str | None) -> None:
    assert reader_from_name(Path(name)) == reader


def write_vasp_folder(folder: Path) -> dict[str, str]:
    """The folder of the issue; name -> the reader that must read it."""
    import ase.io
    from ase.build import bulk

    folder.mkdir(parents=True, exist_ok=True)
    written = {
        "Al_fcc_POSCAR": bulk("Al", "fcc", a=4.05),
        "POSCAR_Si": bulk("Si", "diamond", a=5.43),
        "CONTCAR": bulk("Ni", "fcc", a=3.52),
        "CONTCAR.relax": bulk("Fe", "bcc", a=2.87),
        "Cu.vasp": bulk("Cu", "fcc", a=3.61),
    }
    for name, atoms in written.items():
        ase.io.write(folder / name, atoms, format="vasp")
    expected = dict.fromkeys(written, "vasp")
    shipped = {"OUTCAR": "OUTCAR_example_1", "OUTCAR_run1": "OUTCAR_example_1",
               "vasprun.xml": "vasprun_pstress.xml", "vasprun_static.xml": "vasprun_pstress.xml"}  # fmt: skip
    for name, source in shipped.items():
        if (ASE_VASP / source).is_file():  # ASE cannot write these; its test data has real ones
            (folder / name).write_bytes((ASE_VASP / source).read_bytes())
            expected[name] = "vasp-xml" if name.startswith("vasprun") else "vasp-out"
    return expected


def test_a_folder_of_vasp_names_is_read_and_each_reader_named(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "lab"
    expected = write_vasp_folder(folder)
    report = DataCollection(home / "data" / "collection.db").add([folder])
    assert report.errors == [] and report.skipped == []
    got = {Path(r.where).name: (r.reader, r.detected_by, r.structures) for r in report.read}
    assert got == {name: (reader, "name", 1) for name, reader in expected.items()}


def test_unknown_names_fall_back_to_content(home: Path, tmp_path: Path) -> None:
    import ase.io
    from ase.build import bulk

    folder = tmp_path / "odd"
    folder.mkdir()
    # extxyz under a name ASE's own extension table would send to the GAMESS punch reader
    ase.io.write(folder / "relaxed.dat", [bulk("Au", "fcc", a=4.08), bulk("Au", "fcc", a=4.10)], format="extxyz")
    ase.io.write(folder / "final_state", bulk("Pt", "fcc", a=3.92), format="traj")
    ase.io.write(folder / "structure.txt", bulk("Ag", "fcc", a=4.09), format="vasp")  # POSCAR bytes carry no signature
    (folder / "notes.txt").write_text("calcined at 500 C overnight\n")
    assert detect(folder / "relaxed.dat") == Detected("extxyz", "content")
    assert detect(folder / "final_state") == Detected("traj", "content")
    report = DataCollection(home / "data" / "collection.db").add([folder])
    got = {Path(r.where).name: (r.reader, r.detected_by, r.structures) for r in report.read}
    assert got == {"relaxed.dat": ("extxyz", "content", 2), "final_state": ("traj", "content", 1)}
    skipped = sorted(Path(s.where).name for s in report.skipped)
    assert skipped == ["notes.txt", "structure.txt"]
    assert "neither its name nor its content" in report.skipped[0].reason


def test_cli_says_which_reader_read_each_file(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "lab"
    expected = write_vasp_folder(folder)
    monkeypatch.chdir(folder)
    code = main(["data", "add", "."])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = {line.strip() for line in out.splitlines()}
    assert "Al_fcc_POSCAR: 1 structure (reader: vasp, from the name)" in lines
    for name, reader in expected.items():
        assert f"{name}: 1 structure (reader: {reader}, from the name)" in lines


def test_explicit_file_no_reader_recognises_is_one_error_line(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a structure\n")
    code = main(["data", "add", str(notes)])
    _, err = capsys.readouterr()
    assert code == 2
    assert [line for line in err.splitlines() if line.startswith("error:")] == [
        next(line for line in err.splitlines() if "unsupported file type" in line)
    ]


def test_file_read_round_trips() -> None:
    report = AddReport(files=1, read=[FileRead(where="/x/POSCAR_Si", reader="vasp", detected_by="name", structures=1)])
    assert AddReport.model_validate_json(report.model_dump_json()) == report
