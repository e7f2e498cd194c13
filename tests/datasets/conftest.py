"""Fixtures of the data-collection tests (helpers live in datafiles.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from datafiles import GOOD_ROWS, KITTEL, PWSCF_SI, lammps_dump, write_extxyz, write_table


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """Structures (one duplicated in another format), a trajectory, outputs and a table with
    good, duplicate and bad rows."""
    import ase.io
    from ase.build import bulk

    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    ase.io.write(folder / "Cu.cif", bulk("Cu", "fcc", a=3.61, cubic=True))
    ase.io.write(folder / "POSCAR", bulk("Si", "diamond", a=5.43), format="vasp", direct=True)
    ase.io.write(folder / "sub" / "Si_conv.cif", bulk("Si", "diamond", a=5.43, cubic=True))
    write_extxyz(folder / "traj.extxyz")
    (folder / "si.pwo").write_text(PWSCF_SI)
    (folder / "md.lammpstrj").write_text(lammps_dump())
    (folder / "notes.txt").write_text("not data")
    write_table(
        folder / "measurements.csv",
        GOOD_ROWS
        + [
            f'copper,Cu,lattice constant,0.361,nm,room temperature,"{KITTEL}, ch. 1 (in nm)"',  # duplicate
            "copper,Cu,bulk modulus,1.37,furlongs,room temperature,made up",  # unknown unit
            "copper,Cu,bulk modulus,n/a,GPa,,",  # not a number
            "unobtainium,Xq,bulk modulus,100,GPa,,",  # not a formula
            "copper,Cu,colour,5,GPa,,",  # unknown property
        ],
    )
    return folder


@pytest.fixture(autouse=True)
def _no_materials_project_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's MP_API_KEY must never make a test reach the real Materials Project."""
    monkeypatch.delenv("MP_API_KEY", raising=False)


# Every collection test that takes `data_url` runs on both backends: SQLite (the embedded default)
# in the fast suite, PostgreSQL (a real server the harness starts, tests/services) in the slow one.
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=[pytest.mark.slow, pytest.mark.postgres]),
]


@pytest.fixture(params=BACKENDS)
def data_url(request: pytest.FixtureRequest, home: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Where the collection lives, and the `data.url` setting the CLI and data_query read: the
    default SQLite file under HYPOLOOP_HOME, or a fresh database on the session's server."""
    if request.param == "sqlite":
        return str(home / "data" / "collection.db")
    url = str(request.getfixturevalue("postgres_db"))
    monkeypatch.setenv("HYPOLOOP_DATA__URL", url)
    return url
