"""Spin-polarised periodic DFT (PySCF's pbc KUKS) of a small crystal in a chosen spin state.

One self-consistent field per state: PBE with GTH pseudopotentials and a GTH basis, Fermi
smearing with one Fermi level for both spins (so the moment is free to grow or collapse; the
antiferromagnetic start alone keeps one level per spin, holding its total moment at zero), the
whole Gamma-centred k-mesh. The state is set only by the starting density: each site's spin
density is biased towards a large moment of the sign its state gives it (0 for the non-magnetic
start, which then stays unpolarised by symmetry).

No space-group reduction of the k-mesh: with PySCF 2.14's multigrid integrator it was measured
wrong. Non-magnetic fcc Cu in its 2-atom cell (3x3x2): -1309.7078 eV/atom reduced with the cell's
centring translation, -1309.6305 with the sites labelled apart (no translation), -1309.6342 on the
whole mesh (an antiferromagnetic start that collapsed came out 77 meV/atom above the non-magnetic
state); Al agreed to 1e-5 eV either way. The whole mesh cost no more there (46 s against 40-63 s).

An SCF that does not converge is reported as such, with no energy: never a number.

Interruption: the SCF driver is a Python loop around native calls of well under a minute each
for these cells, so the wall-time limit of tools/interrupt.py takes effect between them.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ase import Atoms

log = logging.getLogger(__name__)
HARTREE_EV = 27.211386245988
# The largest starting moment per site (µB): beyond a 3d shell's ~5 unpaired electrons nothing
# physical lies, and a start well above every elemental moment lets a moment shrink to its value.
START_MOMENT = 4.0


@dataclass(frozen=True)
class SpinMethod:
    """The model and numerical settings of one spin-polarised calculation (all in the cache key)."""

    xc: str = "pbe"
    basis: str = "gth-szv-molopt-sr"
    pseudo: str = "gth-pbe"
    kmesh: tuple[int, int, int] = (3, 3, 3)
    smearing_ha: float = 0.01
    # The finest multigrid level. Measured on bcc Fe (2-atom cell, 3x3x3): E(FM) - E(NM) -182.0 meV/atom
    # and 1.92 µB at 80 Ha, -182.7 meV/atom and 1.98 µB at 150 Ha; the SCF costs 1.4-1.5x less at 80 Ha
    # (the default, ~pyscf's choice from the basis, was several times slower still).
    ke_cutoff_ha: float | None = 80.0
    conv_tol_ha: float = 1e-7
    max_cycle: int = 80
    numint: str = "multigrid"
    kpoint_symmetry: bool = False  # see the module docstring: measured wrong with multigrid
    # The antiferromagnetic start keeps a total moment of zero (one Fermi level per spin, equal
    # electron counts): with one shared Fermi level it drifted to a parallel or ferrimagnetic
    # stationary point, measured on 2026-12-07 for bcc Fe (site moments 1.27 and -0.67 µB) and fcc Ni
    # (0.77 and 0.66 µB), whose energies say nothing of the antiferromagnet's.
    afm_zero_moment: bool = True

    def words(self, per_axis: bool = False) -> str:
        """The method in a few words, for evidence and "Tested as" (``per_axis``: the k-mesh as the
        points along a short axis, before the cell fixes the others)."""
        k = f"{self.kmesh[0]} k-points per short axis" if per_axis else "x".join(map(str, self.kmesh)) + " k-mesh"
        cut = f", {self.ke_cutoff_ha:g} Ha density grid" if self.ke_cutoff_ha else ""
        afm = ", antiferromagnetic state held at zero total moment" if self.afm_zero_moment else ""
        return (f"spin-polarised {self.xc.upper()} (PySCF periodic KUKS, {self.pseudo} pseudopotentials, "
                f"{self.basis} basis, {k}, Fermi smearing {self.smearing_ha:g} Ha{cut}{afm})")  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class StateResult:
    """One converged (or not) spin state: energy per atom (eV; None when not converged), site
    moments (µB, Mulliken, signed) and the SCF's cost."""

    converged: bool
    energy_per_atom_ev: float | None
    site_moments_mu_b: list[float]
    cycles: int
    wall_s: float


def build_cell(atoms: Atoms, method: SpinMethod, signs: list[int]) -> Any:
    """The PySCF cell of ``atoms``; sites with different ``signs`` get different labels, so that a
    space group (``kpoint_symmetry``) never maps one onto the other and averages an antiferromagnet away."""
    from pyscf.pbc import gto

    labels = [f"{s}{1 if sign >= 0 else 2}" for s, sign in zip(atoms.get_chemical_symbols(), signs, strict=True)]
    cell = gto.Cell()
    cell.atom = [(lab, tuple(p)) for lab, p in zip(labels, atoms.positions, strict=True)]
    cell.a = atoms.cell.array
    cell.unit = "Angstrom"
    cell.basis, cell.pseudo, cell.verbose = method.basis, method.pseudo, 0
    if method.ke_cutoff_ha:
        cell.ke_cutoff = method.ke_cutoff_ha
    # Odd electron counts per cell are fine: smearing sets the occupations, not ``spin``.
    cell.spin = int(sum(atoms.numbers)) % 2  # only checked for consistency by pyscf
    cell.space_group_symmetry, cell.symmorphic = method.kpoint_symmetry, False
    cell.build()
    return cell


def fixed_zero_moment(method: SpinMethod, signs: list[int]) -> bool:
    """Whether this start is held at zero total moment: an antiferromagnetic one (moments of both
    signs summing to zero) when the method says so (SpinMethod.afm_zero_moment)."""
    return method.afm_zero_moment and any(signs) and sum(signs) == 0


def _mean_field(cell: Any, method: SpinMethod, zero_moment: bool = False) -> Any:
    from pyscf.pbc import dft, scf

    sym = method.kpoint_symmetry
    kpts = cell.make_kpts(list(method.kmesh), space_group_symmetry=sym, time_reversal_symmetry=sym)
    mf = dft.KUKS(cell, kpts, xc=method.xc)
    if method.numint == "multigrid":
        from pyscf.pbc.dft import multigrid

        mf._numint = multigrid.MultiGridNumInt(cell)
    else:
        mf = mf.density_fit()
    # fix_spin: one Fermi level per spin for the electron counts cell.spin sets (equal for the
    # even counts of two like atoms), so the total moment stays zero; else one shared level.
    mf = scf.addons.smearing_(mf, sigma=method.smearing_ha, method="fermi", fix_spin=zero_moment)
    mf.conv_tol, mf.max_cycle = method.conv_tol_ha, method.max_cycle
    return mf


def biased_guess(mf: Any, signs: list[int]) -> Any:
    """The superposition-of-atoms density with each site's spin split towards START_MOMENT times
    its sign (0: unsplit): its alpha block scaled by 1 + p, beta by 1 - p, p = moment / electrons."""
    import numpy as np

    dm = np.array(mf.get_init_guess(key="minao"))  # (2, nk, nao, nao), alpha = beta
    total = dm[0] + dm[1]
    cell = mf.cell
    scale = np.ones((2, cell.nao))
    for i, (_, _, p0, p1) in enumerate(cell.aoslice_by_atom()):
        p = min(START_MOMENT / max(cell.atom_charge(i), 1), 0.9) * signs[i]
        scale[0, p0:p1], scale[1, p0:p1] = 1 + p, 1 - p
    # Scale rows and columns by the square roots so each block is scaled once and stays Hermitian.
    root = np.sqrt(scale)
    return np.stack([0.5 * total * root[s][None, :, None] * root[s][None, None, :] for s in (0, 1)])


def site_moments(mf: Any) -> list[float]:
    """Mulliken spin moment of each site (µB), summed over the k-mesh with the k-points' weights
    (the space group keeps each site in place: differently signed sites carry different labels)."""
    import numpy as np

    dm = np.asarray(mf.make_rdm1())
    s = np.asarray(mf.get_ovlp())
    nk = dm.shape[1]
    weights = np.asarray(getattr(mf.kpts, "weights_ibz", np.full(nk, 1.0 / nk)))
    spin = np.einsum("k,kij,kji->i", weights, dm[0] - dm[1], s).real
    return [round(float(spin[p0:p1].sum()), 4) for _, _, p0, p1 in mf.cell.aoslice_by_atom()]


def run_state(atoms: Atoms, method: SpinMethod, signs: list[int]) -> StateResult:
    """One SCF of ``atoms`` started from the moments ``signs`` (+1 up, -1 down, 0 none per site)."""
    from tools.dft_calculator import configure_threads

    configure_threads()  # first: it decides how pyscf's OpenMP runtime loads
    t0 = time.perf_counter()
    cell = build_cell(atoms, method, signs)
    mf = _mean_field(cell, method, fixed_zero_moment(method, signs))
    cycles = [0]

    def count(env: dict[str, Any]) -> None:
        cycles[0] = int(env.get("cycle", 0)) + 1

    mf.callback = count
    mf.kernel(dm0=biased_guess(mf, signs))
    wall = round(time.perf_counter() - t0, 1)
    log.info("spin state %s of %s: converged=%s, %d cycles, %.0f s", signs, atoms.get_chemical_formula(),
             mf.converged, cycles[0], wall)  # fmt: skip
    # The smeared SCF minimises the Mermin free energy; that is the quantity its states compare by.
    energy = float(mf.e_free) * HARTREE_EV / len(atoms) if mf.converged else None
    moments = site_moments(mf) if mf.converged else []
    return StateResult(bool(mf.converged), energy, moments, cycles[0], wall)
