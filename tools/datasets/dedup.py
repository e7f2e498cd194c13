"""When two records are the same row: content ids and structure matching.

A structure duplicates a stored one when it is the same crystal within tight tolerances (any cell
setting, origin or atom order: pymatgen's StructureMatcher, no volume scaling) AND carries the
same computed energy per atom (or neither carries any computed result; a frame with forces but
no energy matches only its exact geometry). Tolerances are tight on purpose: they absorb the
rounding of a CIF or an OUTCAR and a change of cell setting, but frames of an MD run, rattled
cells (0.05 angstrom) or a 0.5 % strain are distinct data and are never folded together.
A measurement duplicates a stored one with the same formula, property, value and conditions.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import TYPE_CHECKING, Any

from tools import workspace as store

if TYPE_CHECKING:
    from ase import Atoms

    from tools.datasets.models import MeasurementRecord

# StructureMatcher tolerances: lengths 0.5 %, sites 1 % of (V/n)^(1/3) (~0.02 angstrom in metals),
# angles 0.1 degree. CIF rounding (4 decimals of a fraction: ~1e-3 angstrom) passes; a thermal
# rattle (~0.05-0.1 angstrom) does not.
LTOL, STOL, ANGLE_TOL = 0.005, 0.01, 0.1
# Energies per atom equal within this (eV/atom) are the same computation written twice (OUTCAR
# and vasprun.xml print 6-8 decimals of the total energy).
ENERGY_TOL = 1e-5
# Largest forces equal within this (eV/angstrom): OUTCAR prints forces with 5-6 decimals.
FORCE_TOL = 1e-3
# Molecules (no cell) match when their sorted interatomic distances agree to this (angstrom).
MOLECULE_TOL = 1e-3
# Measured values equal to this relative precision are the same number.
VALUE_RTOL = 1e-6


def _uid(payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return "d-" + hashlib.sha256(text.encode()).hexdigest()[:12]


def structure_uid(atoms: Atoms, energy: float | None) -> str:
    return _uid({"structure": store.canonical(atoms), "energy": None if energy is None else round(energy, 6)})


def measurement_uid(rec: MeasurementRecord) -> str:
    return _uid(
        {
            "formula": rec.formula,
            "property": rec.property,
            "value": float(f"{rec.value:.9g}"),
            "conditions": rec.conditions.lower(),
        }
    )


def _log_bin(x: float, width: float) -> int:
    return math.floor(math.log(abs(x)) / math.log1p(width))


def structure_buckets(formula: str, labelled: bool, epa: float | None, vpa: float | None) -> list[str]:
    """Lookup keys of the cells that can hold a duplicate: the record's own bin and its two
    neighbours (a bin is as wide as the tolerance, so any match lies in one of the three).
    Equality lookups on an indexed key keep ingest O(1) per record in a growing collection."""
    head = f"{formula}:{int(labelled)}"
    if epa is not None:
        n = math.floor(epa / ENERGY_TOL)
        return [f"{head}:e{k}" for k in (n, n - 1, n + 1)]
    if vpa is not None:
        n = _log_bin(vpa, 3.5 * LTOL)  # (1 +- ltol)^3 bounds the volume of a matching cell
        return [f"{head}:v{k}" for k in (n, n - 1, n + 1)]
    return [f"{head}:molecule"]


def measurement_buckets(formula: str, prop: str, value: float) -> list[str]:
    """Like :func:`structure_buckets`, for measured values within VALUE_RTOL."""
    head = f"{formula}:{prop}"
    if value == 0:
        return [f"{head}:0"]
    sign = "+" if value > 0 else "-"
    n = _log_bin(value, VALUE_RTOL)
    return [f"{head}:{sign}{k}" for k in (n, n - 1, n + 1)]


def same_energy(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= ENERGY_TOL


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= VALUE_RTOL * max(abs(a), abs(b), 1e-300)


def same_structure(a: Atoms, b: Atoms) -> bool:
    """True when ``a`` and ``b`` are the same structure within the tolerances above."""
    if bool(a.pbc.all()) != bool(b.pbc.all()):
        return False
    if not a.pbc.all():
        return _same_molecule(a, b)
    if abs(a.get_volume() / len(a) - b.get_volume() / len(b)) > 3.5 * LTOL * a.get_volume() / len(a):
        return False  # cheap reject before the matcher
    from pymatgen.analysis.structure_matcher import StructureMatcher
    from pymatgen.io.ase import AseAtomsAdaptor

    # primitive_cell=False: pymatgen's reduction uses a 0.25 angstrom tolerance, which would turn
    # every rattled supercell into the ideal primitive cell; supercells are matched instead.
    matcher = StructureMatcher(
        ltol=LTOL, stol=STOL, angle_tol=ANGLE_TOL, scale=False, primitive_cell=False, attempt_supercell=True
    )
    to_pmg = AseAtomsAdaptor.get_structure
    return bool(matcher.fit(to_pmg(_bare(a)), to_pmg(_bare(b))))


def _bare(atoms: Atoms) -> Atoms:
    # The adaptor copies calculator results and info into site properties; only geometry matters.
    from ase import Atoms as _Atoms

    return _Atoms(numbers=atoms.numbers, positions=atoms.positions, cell=atoms.cell, pbc=True)


def _same_molecule(a: Atoms, b: Atoms) -> bool:
    import numpy as np

    if len(a) != len(b) or sorted(a.numbers) != sorted(b.numbers):
        return False
    if len(a) == 1:
        return True
    da = np.sort(a.get_all_distances()[np.triu_indices(len(a), 1)])
    db = np.sort(b.get_all_distances()[np.triu_indices(len(b), 1)])
    return bool(np.abs(da - db).max() <= MOLECULE_TOL)
