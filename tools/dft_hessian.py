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
    hess = calc.mf.Hessian()
    hess.verbose = 0
    matrix = hess.kernel()
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
