"""The ``pyscf`` calculator: Kohn-Sham DFT for molecules as an ASE calculator.

Energy, forces and dipole of one self-consistent field solution at the geometry method of the
level (tools/dft_levels.py): restricted (RKS) for a singlet,
unrestricted (UKS) for an open shell (``multiplicity`` > 1: triplet O2, doublet NO2), with the
D3(BJ) / D4 dispersion of pyscf-dispersion and density fitting of the Coulomb term (RI-J:
several times faster SCF and Hessians, errors ~1e-5 Hartree on reaction energies).

The SCF object of the last geometry is kept (``calc.mf``): the analytic Hessian
(tools/dft_hessian.py) is computed from it, and the next geometry of an optimisation starts
from its density, which halves the SCF cycles. The final energy, dipole and orbitals of a
composite level come from one more single point with its energy method (:func:`final_energy`,
:func:`orbitals_and_dipole`); the calculator's own energy (single_point, relax_structure) stays
that of the geometry method, consistent with its forces.

Progress: one log line (logger ``tools.dft_calculator`` / ``tools.dft_hessian``, INFO) per
energy-and-forces call, single point and Hessian with its wall time; DEBUG per SCF cycle.

Interruption: pyscf's SCF, gradient and Hessian drivers are Python loops around short native
calls (integrals, XC quadrature, each well under a second for molecules of tens of atoms), so
the wall-time limit of tools/interrupt.py (an alarm signal, or an exception injected into a
worker thread) takes effect within one such native call (tested in
tests/tools/test_pyscf_calculator.py); no callback is needed.
"""

from __future__ import annotations

import logging
import time
from functools import lru_cache
from typing import Any

from ase.calculators.calculator import Calculator, all_changes

from tools.dft_levels import LEVELS, DftLevel, Method
from tools.errors import SimulationFailed

log = logging.getLogger(__name__)
# SCF convergence (Hartree): tight enough for forces of 1e-3 eV/angstrom and Hessians.
CONV_TOL = 1e-9
MAX_CYCLES = 100
# Occupation (per spin channel) above which an orbital counts as occupied.
OCCUPIED_MIN = 0.5


@lru_cache(maxsize=1)
def configure_threads() -> int:
    """Threads for pyscf (tools/native_threads.py): OMP_NUM_THREADS if set (hypoloop's Dask and
    Slurm workers set one), else the cores this process may use. Both of pyscf's pools are set:
    its own OpenMP runtime (``lib.num_threads``) and the BLAS under numpy, which pyscf leans on and
    which otherwise starts a thread per core whatever OpenMP is told; tblite's runtime is left to
    tools/calculator_xtb.py. Called before pyscf is first imported, so its OpenMP runtime loads
    with passive waiting (tools.native_threads.passive_waiting)."""
    from threadpoolctl import threadpool_limits

    from tools.native_threads import passive_waiting, pyscf_threads

    passive_waiting()
    from pyscf import lib

    threads = pyscf_threads()
    if lib.num_threads() != threads:
        lib.num_threads(threads)
    threadpool_limits(limits=threads, user_api="blas")
    return threads


def pyscf_version(level_name: str) -> str:
    """Code and model chemistry, which is what the result cache keys on."""
    import importlib.metadata as md

    lv = LEVELS[level_name]
    grids = sorted({lv.geometry.grid_level, lv.energy.grid_level})
    hessian = "/".join(map(str, lv.geometry.hessian_grids))
    return (
        f"pyscf {md.version('pyscf')} {lv.label} grid {'/'.join(map(str, grids))} (Hessian {hessian}) RI-J,"
        " weight derivatives in forces, optimisation from the GFN2-xTB minimum and Hessian"
    )


def run_scf(atoms: Any, method: Method, multiplicity: int, dm0: Any = None, charge: int = 0) -> Any:
    """A converged RKS (singlet) or UKS (open shell) solution of ``atoms`` with ``method``."""
    configure_threads()  # first: it decides how pyscf's OpenMP runtime loads
    from pyscf import dft, gto

    mol = gto.M(
        atom=[(s, tuple(p)) for s, p in zip(atoms.get_chemical_symbols(), atoms.positions, strict=True)],
        unit="Angstrom", basis=method.basis, charge=charge, spin=multiplicity - 1, verbose=0,
    )  # fmt: skip
    mf = (dft.UKS if multiplicity > 1 else dft.RKS)(mol, xc=method.xc).density_fit()
    if method.dispersion:
        mf.disp = method.dispersion
    mf.grids.level = method.grid_level
    mf.conv_tol, mf.max_cycle = CONV_TOL, MAX_CYCLES
    mf.callback = _progress
    if dm0 is not None and _same_system(dm0, mol):
        mf.kernel(dm0=dm0[1])
    if not mf.converged:  # no guess, or a stale one from a far geometry: start afresh
        mf.kernel()
    if not mf.converged:
        raise SimulationFailed(
            f"pyscf {method.label} SCF did not converge in {MAX_CYCLES} cycles for {atoms.get_chemical_formula()}"
        )
    return mf


def _same_system(dm0: tuple[Any, Any], mol: Any) -> bool:
    old = dm0[0]
    return bool(
        old.nao == mol.nao and old.spin == mol.spin and old.natm == mol.natm and old.basis == mol.basis
    )


def _progress(env: dict[str, Any]) -> None:
    log.debug("pyscf SCF cycle %d: E = %.10f Ha", int(env.get("cycle", 0)) + 1, env.get("e_tot", 0.0))


class PyscfCalculator(Calculator):
    """ASE calculator running pyscf DFT with the geometry method of a named level
    (tools/dft_levels.py); :meth:`energy_level_scf` gives the level's energy method."""

    implemented_properties = ["energy", "forces", "dipole"]
    default_parameters: dict[str, Any] = {"level": "default", "multiplicity": 1, "charge": 0}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mf: Any = None

    @property
    def level(self) -> DftLevel:
        return LEVELS[self.parameters["level"]]

    def calculate(
        self, atoms: Any = None, properties: Any = ("energy",), system_changes: Any = all_changes
    ) -> None:
        from ase.units import Bohr, Debye, Hartree

        super().calculate(atoms, properties, system_changes)
        assert self.atoms is not None  # ASE's calculate() has just set it
        start = time.perf_counter()
        guess = (self.mf.mol, self.mf.make_rdm1()) if self.mf is not None else None
        mult, charge = int(self.parameters["multiplicity"]), int(self.parameters["charge"])
        mf = self.mf = run_scf(self.atoms, self.level.geometry, mult, guess, charge)
        grad = mf.nuc_grad_method()
        # Derivatives of the quadrature weights too, so the forces are exact derivatives of the
        # energy: without them forces are off by ~2e-3 eV/angstrom (SO2, grid level 3), above the
        # 1e-3 threshold of tools/harmonic.py, and BFGS walked away from the minimum.
        grad.grid_response = True
        grad.verbose = 0
        forces = -grad.kernel() * Hartree / Bohr
        dipole = mf.dip_moment(unit="Debye", verbose=0) * Debye  # ASE's unit: e * angstrom
        self.results = {"energy": float(mf.e_tot) * Hartree, "forces": forces, "dipole": dipole}
        log.info(
            "pyscf %s %s: energy and forces in %.1f s",
            self.level.geometry.label, self.atoms.get_chemical_formula(), time.perf_counter() - start,
        )  # fmt: skip

    def optimisation_start(self, atoms: Any) -> Any:
        """Move ``atoms`` to their GFN2-xTB minimum and return xTB's Hessian (eV/angstrom^2) as
        the optimiser's initial one, or None (tools/dft_start.py): the duck-typed hook
        tools/harmonic.py asks an expensive calculator for."""
        from tools.dft_start import xtb_start

        start = time.perf_counter()
        hessian = xtb_start(atoms, int(self.parameters["multiplicity"]), int(self.parameters["charge"]))
        log.info(
            "GFN2-xTB start for %s: %s in %.1f s", atoms.get_chemical_formula(),
            "minimum and Hessian" if hessian is not None else "none", time.perf_counter() - start,
        )  # fmt: skip
        return hessian

    def energy_level_scf(self, atoms: Any) -> Any:
        """The SCF solution of ``atoms`` with the level's energy method (a new single point for a
        composite level, else the geometry method's own solution)."""
        if self.level.energy == self.level.geometry:
            atoms.get_potential_energy()
            return self.mf
        start = time.perf_counter()
        mult, charge = int(self.parameters["multiplicity"]), int(self.parameters["charge"])
        mf = run_scf(atoms, self.level.energy, mult, None, charge)
        log.info(
            "pyscf %s %s: single point in %.1f s",
            self.level.energy.label, atoms.get_chemical_formula(), time.perf_counter() - start,
        )  # fmt: skip
        return mf


def final_energy(atoms: Any) -> float:
    """Electronic energy (eV) of ``atoms`` (a pyscf calculator attached) at its level's energy
    method: what thermochemistry and reaction energies use."""
    from ase.units import Hartree

    calc = atoms.calc
    if not isinstance(calc, PyscfCalculator):
        raise SimulationFailed("final_energy needs the pyscf calculator attached")
    return float(calc.energy_level_scf(atoms).e_tot) * Hartree


def frontier_orbitals(mf: Any) -> tuple[float, float]:
    """(HOMO, LUMO) in eV of a converged RKS or UKS solution: for an open shell, the highest
    occupied and lowest empty orbital over both spin channels."""
    import numpy as np
    from ase.units import Hartree

    eps = np.asarray(mf.mo_energy, float).reshape(-1)
    occ = np.asarray(mf.mo_occ, float).reshape(-1)
    occupied, empty = eps[occ >= OCCUPIED_MIN], eps[occ < OCCUPIED_MIN]
    if not len(occupied) or not len(empty):
        raise SimulationFailed("no occupied or no empty orbital: HOMO-LUMO gap undefined")
    return float(occupied.max()) * Hartree, float(empty.min()) * Hartree


def orbitals_and_dipole(atoms: Any, multiplicity: int, level_name: str) -> dict[str, Any]:
    """HOMO, LUMO (eV) and dipole (debye) at the level's energy method (the same fields as the
    GFN2-xTB version in tools/electronic.py)."""
    import numpy as np

    calc = atoms.calc
    if not isinstance(calc, PyscfCalculator) or calc.parameters["level"] != level_name:
        atoms = atoms.copy()
        atoms.calc = calc = PyscfCalculator(level=level_name, multiplicity=multiplicity)
    mf = calc.energy_level_scf(atoms)
    dipole = np.asarray(mf.dip_moment(unit="Debye", verbose=0), float)
    homo, lumo = frontier_orbitals(mf)
    return {
        "homo_ev": round(homo, 4),
        "lumo_ev": round(lumo, 4),
        "homo_lumo_gap_ev": round(lumo - homo, 4),
        "dipole_debye": round(float(np.linalg.norm(dipole)), 4),
        "dipole_vector_debye": [round(float(x), 4) for x in dipole],
    }
