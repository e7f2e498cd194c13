"""Where a DFT geometry optimisation starts: the GFN2-xTB minimum, with xTB's Hessian as the
optimiser's initial curvature.

A DFT force call at the default level costs seconds (ethanol: ~8 s on one shared core), and
BFGS with its generic initial Hessian (70 eV/angstrom^2 times the identity) needed 21 of them
to reach the tight threshold of tools/harmonic.py, from ASE's G2 geometry or from the xTB
minimum alike: the cost is learning the curvature, not the distance to the minimum. Given xTB's
Hessian it needed 4 (ethanol and acetone, same minimum to 2e-6 eV). xTB's optimisation and its
finite-difference Hessian take well under a second for molecules of ten atoms.

The start changes where the optimiser begins and how it steps, not what it converges to: the
same DFT forces and threshold decide convergence. If xTB fails, cannot treat the elements, or
its minimum has a different bond graph (a rearrangement DFT should not inherit), the
optimisation starts from the given geometry with the generic Hessian instead.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ase import Atoms

log = logging.getLogger(__name__)
# xTB optimisation: converged well past where its own error dominates, cheap at this size.
XTB_FMAX = 1e-3
XTB_STEPS = 500
# Central-difference step (angstrom) of the xTB Hessian.
HESSIAN_STEP_A = 0.005
# BFGS divides each force component by its Hessian eigenvalue. xTB's rigid-body eigenvalues are
# ~1e-3, and the quadrature grid makes DFT's energy depend slightly on orientation (torques of
# ~1e-4 eV), so those directions get ASE's generic curvature (eV/angstrom^2) instead: with xTB's
# near-zero ones water's optimisation rotated and took 28 force calls instead of 8.
RIGID_CURVATURE = 70.0
# Smallest vibrational curvature handed to BFGS: a methyl torsion's is ~0.1 (acetone).
MIN_CURVATURE = 0.05
# Largest relative change of a bond length (a bond of either geometry) from the given geometry
# to xTB's minimum that still counts as the same molecule: xTB's H2 is 5 % longer than ASE's.
MAX_BOND_CHANGE = 0.2


def xtb_start(atoms: Atoms, multiplicity: int, charge: int) -> Any:
    """Move ``atoms`` (in place) to their GFN2-xTB minimum and return xTB's Cartesian Hessian
    there (eV/angstrom^2, 3N x 3N, conditioned for BFGS by :func:`_conditioned`); or None,
    leaving ``atoms`` unchanged, when xTB cannot give a usable start."""
    work = _xtb_atoms(atoms, multiplicity, charge)
    if work is None:
        return None
    try:
        converged = _optimise(work)
        hessian = _hessian(work)
    except RuntimeError as e:  # tblite's SCF failures; a timeout or interrupt propagates
        log.warning("no xTB start for %s: %s", atoms.get_chemical_formula(), e)
        return None
    if not converged:
        log.warning("no xTB start for %s: xTB's optimisation did not converge", atoms.get_chemical_formula())
        return None
    if not same_molecule(atoms, work):
        log.warning("no xTB start for %s: its minimum is not the same molecule", atoms.get_chemical_formula())
        return None
    atoms.positions = work.positions
    return _conditioned(hessian, work.positions)


def same_molecule(a: Atoms, b: Atoms) -> bool:
    """Whether every bond of ``a`` or ``b`` keeps its length within :data:`MAX_BOND_CHANGE`
    (a comparison of bond graphs alone flips on a bond near the cutoff, as H2's does)."""
    from tools import analysis

    pairs = set(analysis.bonds(a)) | set(analysis.bonds(b))
    return all(abs(b.get_distance(i, j) / a.get_distance(i, j) - 1) <= MAX_BOND_CHANGE for i, j in pairs)


def _xtb_atoms(atoms: Atoms, multiplicity: int, charge: int) -> Atoms | None:
    from tools.calculator_xtb import XTB_ELEMENTS, xtb_calculator

    if not set(atoms.numbers) <= XTB_ELEMENTS:
        return None
    try:
        calc = xtb_calculator()
    except ImportError:  # tblite not installed: DFT starts from the given geometry
        return None
    work = atoms.copy()
    work.calc = calc
    work.calc.set(multiplicity=multiplicity, charge=charge)
    return work


def _optimise(work: Atoms) -> bool:
    from ase.optimize import BFGS

    return bool(BFGS(work, logfile=None).run(fmax=XTB_FMAX, steps=XTB_STEPS))


def _hessian(work: Atoms) -> Any:
    """Symmetrised central-difference Hessian of the attached calculator (6N force calls)."""
    import numpy as np

    x0 = work.positions.copy()
    n = x0.size
    rows = np.empty((n, n))
    for i in range(n):
        forces = []
        for sign in (1.0, -1.0):
            moved = x0.copy()
            moved.flat[i] += sign * HESSIAN_STEP_A
            work.positions = moved
            forces.append(work.get_forces().ravel())
        rows[i] = (forces[1] - forces[0]) / (2 * HESSIAN_STEP_A)
    work.positions = x0
    return 0.5 * (rows + rows.T)


def _conditioned(hessian: Any, positions: Any) -> Any:
    """``hessian`` with its rigid-body block replaced by :data:`RIGID_CURVATURE` and its
    vibrational eigenvalues floored at :data:`MIN_CURVATURE`."""
    import numpy as np

    rigid = _rigid_basis(positions)
    internal = np.eye(len(hessian)) - rigid @ rigid.T
    h = internal @ hessian @ internal + RIGID_CURVATURE * (rigid @ rigid.T)
    w, v = np.linalg.eigh(h)
    return (v * np.maximum(w, MIN_CURVATURE)) @ v.T


def _rigid_basis(positions: Any) -> Any:
    """Orthonormal columns spanning the translations and rotations of ``positions`` (five for a
    linear molecule, whose rotation about its axis moves nothing)."""
    import numpy as np

    x = positions - positions.mean(axis=0)
    vectors = [np.tile(e, len(x)) for e in np.eye(3)] + [np.cross(e, x).ravel() for e in np.eye(3)]
    u, sv, _ = np.linalg.svd(np.array(vectors).T, full_matrices=False)
    return u[:, sv > 1e-6 * sv.max()]
