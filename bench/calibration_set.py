"""The calibration set: per calculator, property and material, the computed value and the reference.

Reference values are handbook data and live only here in bench/ (and in tests): the lattice
constants and bulk moduli of ../shared/bench/reference-properties.csv (Kittel; CRC) and of the 27
Sol27LC elements in bench/data/sol27lc_measured.csv (Kittel; see bench/data/README.md), the elastic,
vacancy, surface and magnetic data of bench/crystal_references.py, the expansion coefficients of
bench/tools_accuracy_thermal.py. The computed values, each block with the bench command and date
that produced it, are in bench/calibration/computed.json, so the fit and the coverage check run
without re-running physics. The product never reads this module: it reads the per-class error
models that bench/fit_calibration.py fits from it (agent/judges/calibration_model.json).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import crystal_references as ref  # noqa: E402
from tools_accuracy_thermal import ALPHA_PPM_298K  # noqa: E402

COMPUTED = HERE / "calibration" / "computed.json"
REFERENCE_CSV = HERE.parent.parent / "shared" / "bench" / "reference-properties.csv"
# The 27 elemental solids of Sol27LC with Kittel's measured values (bench/data/README.md).
SOL27LC_CSV = HERE / "data" / "sol27lc_measured.csv"


@dataclass(frozen=True)
class Point:
    """One material of the calibration set for one calculator and property."""

    calculator: str
    quantity: str
    material: str
    prototype: str
    computed: float
    reference: float
    unit: str
    command: str  # the bench command that computed it
    date: str


def eos_rows(path: Path) -> dict[str, tuple[str, float, float | None]]:
    """material -> (prototype, lattice constant in Å, bulk modulus in GPa or None) of one EOS table."""
    rows: dict[str, tuple[str, float, float | None]] = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            b = row["bulk_modulus_gpa"].strip()
            rows[row["material"]] = (
                row["prototype"],
                float(row["lattice_a_angstrom"]),
                float(b) if b else None,
            )
    return rows


def eos_materials(csv_path: Path = REFERENCE_CSV) -> dict[str, str]:
    """material -> prototype of every solid with a reference lattice constant (both tables)."""
    return {m: p for path in (SOL27LC_CSV, csv_path) for m, (p, _, _) in eos_rows(path).items()}


def references(csv_path: Path = REFERENCE_CSV) -> dict[str, dict[str, tuple[str, float]]]:
    """quantity -> material -> (prototype, reference value), with the sources named above."""
    out: dict[str, dict[str, tuple[str, float]]] = {}
    # The shared file is read last so that a material in both tables keeps its values.
    for path in (SOL27LC_CSV, csv_path):
        for m, (p, a, b) in eos_rows(path).items():
            out.setdefault("lattice_constant", {})[m] = (p, a)
            if b is not None:
                out.setdefault("bulk_modulus", {})[m] = (p, b)
    for m, (p, c11, c12, c44) in ref.ELASTIC_GPA.items():
        for q, v in (("c11", c11), ("c12", c12), ("c44", c44)):
            out.setdefault(q, {})[m] = (p, v)
    for q, table in (("vacancy_formation_energy", ref.VACANCY_EV), ("magnetic_moment", ref.MAGNETIC_MU_B),
                     ("thermal_expansion", ALPHA_PPM_298K)):  # fmt: skip
        out[q] = {m: (p, v) for m, (p, v) in table.items()}
    out["surface_energy"] = {m: (p, v) for m, (p, _, v) in ref.SURFACE_J_M2.items()}
    return out


def dump(doc: dict[str, Any]) -> str:
    """computed.json's text: one line per material."""
    text = json.dumps(doc, indent=1)
    one_line = r'{"prototype": \1, "computed": \2}'
    return re.sub(r'\{\s*"prototype": ("[a-z]+"),\s*"computed": ([-0-9.e]+)\s*\}', one_line, text) + "\n"


def load(computed_path: Path = COMPUTED, csv_path: Path = REFERENCE_CSV) -> list[Point]:
    """Every (calculator, property, material) with both a computed and a reference value."""
    refs = references(csv_path)
    doc = json.loads(computed_path.read_text())
    points = []
    for run in doc["runs"]:
        q = run["quantity"]
        for material, got in run["values"].items():
            if material not in refs.get(q, {}):
                continue
            proto, reference = refs[q][material]
            if proto != got["prototype"]:
                raise ValueError(f"{q} {material}: computed as {got['prototype']}, reference is for {proto}")
            points.append(Point(run["calculator"], q, material, proto, float(got["computed"]), reference,
                                run["unit"], run["command"], run["date"]))  # fmt: skip
    return points
