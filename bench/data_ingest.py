"""Ingest and query speed of the data collection on generated data (issue 16).

Usage: .venv/bin/python bench/data_ingest.py [--frames 2000] [--rows 2000] [--cifs 200] [--url URL]

--url: an empty database to fill instead of a SQLite file, e.g. the postgresql:// URL that
`python tests/services/postgres.py` prints.

Writes, in a temporary folder: an extxyz trajectory of rattled 32-atom Cu cells with EMT
energies/forces/stresses, a CSV of measurements with cycling units, and distinct CIFs of one
formula (the worst case of duplicate matching: every new CIF is compared with the stored ones).
Prints rows/s for each ingest, the time of a re-add (all unchanged) and of data_query-style searches.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def make_inputs(folder: Path, frames: int, rows: int, cifs: int) -> None:
    import ase.io
    from ase.build import bulk
    from ase.calculators.emt import EMT
    from ase.calculators.singlepoint import SinglePointCalculator

    traj = []
    base = bulk("Cu", "fcc", a=3.61, cubic=True).repeat(2)
    for i in range(frames):
        atoms = base.copy()
        atoms.rattle(0.05, seed=i)
        atoms.calc = EMT()
        res = {
            "energy": atoms.get_potential_energy(),
            "forces": atoms.get_forces(),
            "stress": atoms.get_stress(),
        }
        atoms.calc = SinglePointCalculator(atoms, **res)
        atoms.info["frame"] = i
        traj.append(atoms)
    ase.io.write(folder / "traj.extxyz", traj, format="extxyz")
    units = [
        ("lattice constant", "Å", 3.6),
        ("bulk modulus", "GPa", 140.0),
        ("cohesive energy", "kJ/mol", 330.0),
    ]
    lines = ["formula,property,value,unit,conditions,source"]
    for i in range(rows):
        prop, unit, value = units[i % 3]
        lines.append(f"Cu,{prop},{value + i * 1e-3:.4f},{unit},T={i % 300} K,generated")
    (folder / "table.csv").write_text("\n".join(lines) + "\n")
    (folder / "cifs").mkdir()
    for i in range(cifs):
        ase.io.write(folder / "cifs" / f"Cu_{i}.cif", bulk("Cu", "fcc", a=3.0 * 1.01**i, cubic=True))


def timed(label: str, n: int, fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - start
    print(f"{label:44} {dt:7.2f} s  {n / dt:8.0f} rows/s" if n else f"{label:44} {dt * 1000:7.1f} ms")
    return out


def main() -> None:
    from tools.datasets import DataCollection

    ap = argparse.ArgumentParser()
    ap.add_argument("--frames", type=int, default=2000)
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--cifs", type=int, default=200)
    ap.add_argument("--url", default=None, help="an empty collection URL (default: a SQLite file)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_inputs(folder, args.frames, args.rows, args.cifs)
        c = DataCollection(args.url or folder / "c.db")
        r = timed(
            f"extxyz, {args.frames} frames x 32 atoms", args.frames, lambda: c.add([folder / "traj.extxyz"])
        )
        assert len(r.added) == args.frames, r.summary()
        r = timed(f"CSV, {args.rows} measurements", args.rows, lambda: c.add([folder / "table.csv"]))
        assert len(r.added) == args.rows, r.summary()
        r = timed(f"CIF, {args.cifs} distinct Cu cells", args.cifs, lambda: c.add([folder / "cifs"]))
        assert len(r.added) == args.cifs, r.summary()
        total = args.frames + args.rows + args.cifs
        r = timed("re-add everything (all unchanged)", total, lambda: c.add([folder]))
        assert r.unchanged == total, r.summary()
        timed(
            "search property=bulk_modulus min=141",
            0,
            lambda: c.search(property="bulk_modulus", min_value=141),
        )
        timed(
            "search formula=Cu kind=structure limit=20", 0, lambda: c.search(formula="Cu", kind="structure")
        )
        some_id = c.search(property="lattice_constant", limit=1)[0][0].id
        timed("search by id", 0, lambda: c.search(ids=[some_id]))
        timed(
            "search elements=Cu property=energy_per_atom",
            0,
            lambda: c.search(elements=["Cu"], property="energy_per_atom"),
        )
        print(f"collection size: {c.stats()['bytes'] / 1e6:.1f} MB for {total} rows")


if __name__ == "__main__":
    main()
