"""Point group, rotational symmetry number and rigid-rotor shape of a molecule.

The symmetry number sigma is the order of the rotational subgroup of the point group, i.e. the
number of proper rotations (identity included): Fernandez-Ramos, Ellingson, Meana-Paneda,
Marques and Truhlar, Theor. Chem. Acc. 118, 813 (2007), Table 1 (also the table in ASE's
``IdealGasThermo`` documentation). Examples: H2O (C2v) 2, NH3 (C3v) 3, CH4 (Td) 12, CO2 (D*h) 2,
benzene (D6h) 12, SF6 (Oh) 24.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ase import Atoms

Shape = Literal["monatomic", "linear", "nonlinear"]
# Largest distance (angstrom) an optimised geometry may deviate from a symmetry operation and
# still have it (xTB optimised to 1e-3 eV/angstrom is symmetric to ~1e-3 angstrom).
SYMMETRY_TOLERANCE_A = 0.1
# Largest distance of an atom from the best line still called linear.
LINEAR_TOLERANCE_A = 0.02
_SPECIAL = {
    "C1": 1, "Ci": 1, "Cs": 1, "C*v": 1, "D*h": 2,
    "T": 12, "Td": 12, "Th": 12, "O": 24, "Oh": 24, "I": 60, "Ih": 60, "Kh": 1,
}  # fmt: skip
_AXIAL = re.compile(r"^([CDS])(\d+)([vhd]?)$")


def symmetry_number(point_group: str) -> int:
    """Rotational symmetry number of a Schoenflies point group ('C2v', 'D*h', 'Td', ...)."""
    if point_group in _SPECIAL:
        return _SPECIAL[point_group]
    m = _AXIAL.match(point_group)
    if not m:
        raise ValueError(f"unknown point group {point_group!r}")
    letter, n = m.group(1), int(m.group(2))
    if letter == "C":  # Cn, Cnv, Cnh: the n-fold axis only
        return n
    if letter == "D":  # Dn, Dnh, Dnd: the n-fold axis and n perpendicular C2 axes
        return 2 * n
    return n // 2  # S2n holds the rotations of C_n


def point_group(atoms: Atoms) -> str:
    """Schoenflies symbol of a molecule's point group (pymatgen's analyser); 'Kh' for an atom."""
    if len(atoms) == 1:
        return "Kh"
    from pymatgen.symmetry.analyzer import PointGroupAnalyzer

    from tools.convert import to_pymatgen_molecule

    analyzer = PointGroupAnalyzer(to_pymatgen_molecule(atoms), tolerance=SYMMETRY_TOLERANCE_A)
    return str(analyzer.sch_symbol)


def shape(atoms: Atoms) -> Shape:
    """Rigid-rotor type the ideal-gas model needs: monatomic, linear or nonlinear."""
    import numpy as np

    if len(atoms) == 1:
        return "monatomic"
    if len(atoms) == 2:
        return "linear"
    x = atoms.positions - atoms.positions.mean(axis=0)
    _, _, vt = np.linalg.svd(x)
    off_axis = x - np.outer(x @ vt[0], vt[0])
    return "linear" if float(np.linalg.norm(off_axis, axis=1).max()) < LINEAR_TOLERANCE_A else "nonlinear"
