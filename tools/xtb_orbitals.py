"""HOMO, LUMO and dipole of a molecule from one GFN2-xTB single point (tblite's public
``interface`` API, which the ASE calculator does not expose): the ``orbitals`` capability of the
``xtb`` calculator (tools/calculators.py), used by tools/electronic.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tools.errors import SimulationFailed

if TYPE_CHECKING:
    from ase import Atoms

# Occupation (electrons, spin-summed) above which an orbital counts as occupied.
OCCUPIED_MIN = 0.5


def orbitals_and_dipole(atoms: Atoms, multiplicity: int) -> dict[str, Any]:
    """HOMO, LUMO (eV) and dipole (debye) from one GFN2-xTB single point."""
    import numpy as np
    from ase.units import Bohr, Debye, Hartree
    from tblite.interface import Calculator

    calc = Calculator("GFN2-xTB", atoms.numbers, atoms.positions / Bohr, 0.0, multiplicity - 1)
    calc.set("verbosity", 0)
    calc.set("max-iter", 250)
    res = calc.singlepoint()
    eps = np.asarray(res.get("orbital-energies"), float).ravel() * Hartree
    occ = np.asarray(res.get("orbital-occupations"), float).ravel()
    if eps.shape != occ.shape:
        raise SimulationFailed("tblite returned orbital energies and occupations of different shapes")
    occupied, empty = eps[occ >= OCCUPIED_MIN], eps[occ < OCCUPIED_MIN]
    if not len(occupied) or not len(empty):
        raise SimulationFailed("no occupied or no empty orbital: HOMO-LUMO gap undefined")
    homo, lumo = float(occupied.max()), float(empty.min())
    dipole = np.asarray(res.get("dipole"), float) * Bohr / Debye
    return {
        "homo_ev": round(homo, 4),
        "lumo_ev": round(lumo, 4),
        "homo_lumo_gap_ev": round(lumo - homo, 4),
        "dipole_debye": round(float(np.linalg.norm(dipole)), 4),
        "dipole_vector_debye": [round(float(x), 4) for x in dipole],
    }
