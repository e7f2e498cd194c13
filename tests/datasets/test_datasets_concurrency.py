"""Two processes adding files to one collection at once lose nothing and merge duplicates once,
on SQLite and on PostgreSQL (the writer lock of tools/datasets/backends.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from datafiles import write_table

from tools.datasets import AddReport, DataCollection

WRITER = Path(__file__).with_name("concurrent_add.py")
ROOT = Path(__file__).resolve().parents[2]
FILES, ROWS = 12, 5  # tables per writer and measurements per table
LATTICE = (3.55, 3.60, 3.65, 3.70)  # one Cu cell per writer per value


def _writer_folder(folder: Path, lab: str) -> None:
    """The same measurements and crystals as the other writer's, from other files: every one
    must end as one row citing both labs."""
    import ase.io
    from ase.build import bulk

    folder.mkdir()
    for i in range(FILES):
        rows = [f"Cu,Cu,bulk modulus,{100 + i * ROWS + j},GPa,300 K,{lab}" for j in range(ROWS)]
        write_table(folder / f"{lab}-{i:02d}.csv", rows)
    for a in LATTICE:
        if lab == "a":  # conventional CIF here, primitive POSCAR there: merged by matching, not by hash
            ase.io.write(folder / f"Cu-{a}.cif", bulk("Cu", "fcc", a=a, cubic=True))
        else:
            ase.io.write(folder / f"POSCAR-{a}", bulk("Cu", "fcc", a=a), format="vasp")


def _add_at_once(url: str, folders: list[Path], start: Path) -> list[AddReport]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    start.mkdir()
    procs = [
        subprocess.Popen(
            [sys.executable, str(WRITER), url, str(start), str(len(folders)), f.name, str(f)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        for f in folders
    ]  # fmt: skip
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
        reports.append(AddReport.model_validate_json(out))
    return reports


def test_two_writers_lose_nothing_and_merge_duplicates_once(data_url: str, tmp_path: Path) -> None:
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        _writer_folder(folder, folder.name)
    reports = _add_at_once(data_url, folders, tmp_path / "start")

    assert all(not r.errors and not r.skipped for r in reports), [r.errors for r in reports]
    unique = FILES * ROWS + len(LATTICE)
    added = [uid for r in reports for uid in r.added]
    assert len(added) == len(set(added)) == unique  # each datum stored once, by one of the writers
    assert sum(len(r.merged) for r in reports) == unique  # and merged once, by the other

    collection = DataCollection(data_url)
    stats = collection.stats()
    assert stats["rows"] == unique and stats["files"] == 2 * (FILES + len(LATTICE))
    rows, total = collection.search(limit=1000)
    assert total == unique and sorted(r.id for r in rows) == sorted(added)
    for row in rows:  # no source lost: every row cites one file of each writer
        labs = sorted(Path(p.file).parent.name for p in row.provenance)
        assert labs == ["a", "b"], (row.id, json.dumps([p.file for p in row.provenance]))


def test_readers_do_not_wait_for_a_writer(data_url: str, tmp_path: Path) -> None:
    import time

    from datafiles import GOOD_ROWS

    from tools.datasets import backends

    write_table(tmp_path / "t.csv", GOOD_ROWS)
    collection = DataCollection(data_url)
    collection.add([tmp_path / "t.csv"])
    writer = backends.open_database(data_url, create=True)
    with backends.write_transaction(writer):  # another process's file being ingested
        started = time.perf_counter()
        assert collection.stats()["rows"] == 4 and collection.search(formula="Cu")[1] == 3
        assert time.perf_counter() - started < 5  # a blocked SQLite reader would wait 20 s, then fail
