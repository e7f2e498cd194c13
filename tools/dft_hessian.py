"""Harmonic frequencies of a molecule from pyscf's analytic Hessian.

One coupled-perturbed Kohn-Sham solve replaces the 6N finite-difference force calls of ASE's
``Vibrations``, and is exact to the SCF convergence instead of carrying a step-size error.
Translations and rotations are projected out of the mass-weighted Hessian (pyscf's
``harmonic_analysis``), so no near-zero rigid-body mode can be confused with a soft vibration.
The output has the form tools/harmonic.py works with: signed frequencies (imaginary as negative)
in cm^-1, ascending, and their Cartesian displacement vectors.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from tools.errors import SimulationFailed

if TYPE_CHECKING:
    from ase import Atoms

log = logging.getLogger(__name__)


def hessian_modes(atoms: Atoms, n_rigid: int) -> tuple[list[float], list[Any]]:
    """Signed vibrational frequencies (cm^-1, ascending) and mode vectors (n_atoms x 3) of
    ``atoms``, whose calculator must be a :class:`tools.dft_calculator.PyscfCalculator`;
    ``n_rigid`` (5 linear, 6 otherwise) is how many rigid-body modes the caller expects gone."""
    import numpy as np
    from pyscf.hessian import thermo

    from tools.dft_calculator import PyscfCalculator

    calc = atoms.calc
    if not isinstance(calc, PyscfCalculator):
        raise SimulationFailed("an analytic Hessian needs the pyscf calculator attached")
    atoms.get_potential_energy()  # makes calc.mf the SCF solution of this very geometry
    start = time.perf_counter()
    matrix = analytic_hessian(calc.mf, *calc.level.geometry.hessian_grids)
    log.info(
        "pyscf %s %s: analytic Hessian in %.1f s",
        calc.level.geometry.label, atoms.get_chemical_formula(), time.perf_counter() - start,
    )  # fmt: skip
    result = thermo.harmonic_analysis(calc.mf.mol, matrix, imaginary_freq=False)
    freqs = np.asarray(result["freq_wavenumber"], float)
    modes = np.asarray(result["norm_mode"], float)
    n_vib = 3 * len(atoms) - n_rigid
    if len(freqs) != n_vib:  # pyscf judged linearity differently: drop the modes nearest zero
        result = thermo.harmonic_analysis(
            calc.mf.mol, matrix, exclude_trans=False, exclude_rot=False, imaginary_freq=False
        )
        freqs, modes = np.asarray(result["freq_wavenumber"], float), np.asarray(result["norm_mode"], float)
        keep = sorted(np.argsort(np.abs(freqs))[n_rigid:])
        freqs, modes = freqs[keep], modes[keep]
    order = np.argsort(freqs)
    return [float(freqs[i]) for i in order], [modes[i] for i in order]


def analytic_hessian(mf: Any, explicit_grid: int, response_grid: int) -> Any:
    """pyscf's analytic Hessian (Hartree/Bohr^2, natm x natm x 3 x 3) of the converged SCF ``mf``
    (density-fitted objects give the density-fitted Hessian) with its XC quadratures on grids
    of the given levels; the SCF solution, and so the geometry, keep the SCF's own grid."""
    work = mf.copy()  # shallow: the solution is shared, the grids of ``mf`` stay untouched
    if explicit_grid != mf.grids.level:
        work.grids = _grids(mf.mol, explicit_grid)
    hess = work.Hessian()
    hess.verbose = 0
    if response_grid != explicit_grid:
        _response_on(hess, _grids(mf.mol, response_grid))
    return hess.kernel()


def _grids(mol: Any, level: int) -> Any:
    from pyscf.dft import gen_grid

    grids = gen_grid.Grids(mol)
    grids.level = level
    return grids.build()


def _response_on(hess: Any, grids: Any) -> None:
    """Solve ``hess``'s coupled-perturbed equations with the XC kernel on ``grids``."""
    from pyscf import scf
    from pyscf.hessian import rhf, uhf

    response = hess.base.copy()
    response.grids = grids
    gen_vind = uhf.gen_vind if isinstance(hess.base, scf.uhf.UHF) else rhf.gen_vind
    solve = hess.solve_mo1

    def solve_mo1(mo_energy: Any, mo_coeff: Any, mo_occ: Any, h1ao: Any, fx: Any = None, *rest: Any) -> Any:
        return solve(mo_energy, mo_coeff, mo_occ, h1ao, gen_vind(response, mo_coeff, mo_occ), *rest)

    hess.solve_mo1 = solve_mo1
