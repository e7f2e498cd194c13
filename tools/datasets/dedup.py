"""When two records are the same row: content ids and structure matching.

A structure duplicates a stored one when it is the same crystal within tight tolerances (any cell
setting, origin or atom order: pymatgen's StructureMatcher, no volume scaling) AND carries the
same computed energy per atom (or neither carries any computed result; a frame with forces but
no energy matches only its exact geometry). Tolerances are tight on purpose: frames of an
MD run or a strained cell are distinct data and must not be folded together.
A measurement duplicates a stored one with the same formula, property, value and conditions.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from tools import store

if TYPE_CHECKING:
    from ase import Atoms

    from tools.datasets.models import MeasurementRecord

# StructureMatcher tolerances: fractional length 2%, site 5% of (V/n)^(1/3), angles 0.5 degree.
# Enough to absorb CIF rounding (4-5 decimals) and different settings; far below a thermal rattle.
LTOL, STOL, ANGLE_TOL = 0.02, 0.05, 0.5
# Energies per atom equal within this (eV/atom) are the same computation written twice.
ENERGY_TOL = 1e-4
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
    if abs(a.get_volume() / len(a) - b.get_volume() / len(b)) > 0.05 * a.get_volume() / len(a):
        return False  # cheap reject before the matcher
    from pymatgen.analysis.structure_matcher import StructureMatcher
    from pymatgen.io.ase import AseAtomsAdaptor

    matcher = StructureMatcher(ltol=LTOL, stol=STOL, angle_tol=ANGLE_TOL, scale=False)
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
