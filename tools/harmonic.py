"""Harmonic analysis of a molecule at a true minimum: tight optimisation, finite-difference
frequencies, and what to do about imaginary modes.

An imaginary mode means the geometry is a saddle point, not a minimum, and the ideal-gas
thermochemistry built on it would be wrong. So the geometry is pushed along each imaginary mode
and re-optimised (up to :data:`MAX_REOPTIMISATIONS` times); modes that remain imaginary refuse
the calculation with their frequencies. Imaginary modes weaker than :data:`IMAGINARY_NOISE_CM1`
are finite-difference noise of soft modes at a converged geometry: reported, left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tools.call_context import check_value, checked_energy
from tools.errors import SimulationFailed
from tools.point_group import Shape, shape
from tools.relax import Relaxed, relax_atoms

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context

# Force threshold (eV/angstrom) of the optimisation before frequencies: looser leaves
# spurious low or imaginary modes.
TIGHT_FMAX = 1e-3
OPT_STEPS = 2000
VIB_DELTA_A = 0.01
IMAGINARY_NOISE_CM1 = 20.0
MAX_REOPTIMISATIONS = 2
# How far (angstrom, largest atomic displacement) the geometry is pushed along an imaginary mode.
PUSH_A = 0.1
PARAMETERS = {
    "fmax": TIGHT_FMAX,
    "optimizer": "BFGS",
    "delta_a": VIB_DELTA_A,
    "nfree": 2,
    "imaginary_noise_cm1": IMAGINARY_NOISE_CM1,
    "max_reoptimisations": MAX_REOPTIMISATIONS,
}


@dataclass
class Harmonic:
    atoms: Atoms
    energy: float
    shape: Shape
    frequencies_cm1: list[float]  # real vibrational modes, ascending
    imaginary_cm1: list[float] = field(default_factory=list)  # noise-level ones left out (positive)
    converged: bool = True
    reoptimisations: int = 0
    steps: int = 0  # optimiser steps (force calls less one per optimisation), all attempts


def signed(f: complex) -> float:
    """Imaginary frequencies as negative numbers, the usual convention."""
    return float(-f.imag if abs(f.imag) > abs(f.real) else f.real)


def optimise(
    atoms: Atoms,
    info: CalculatorInfo,
    ctx: Context,
    fmax: float = TIGHT_FMAX,
    steps: int = OPT_STEPS,
    use_start: bool = True,
) -> Relaxed:
    """BFGS optimisation of a molecule in place: tools.relax.relax_atoms without a cell, so a
    calculator that offers a start (``optimisation_start(atoms)``, duck-typed: pyscf's GFN2-xTB
    minimum and Hessian, tools/dft_start.py) begins from it, with the same threshold and a fifth
    of the DFT force calls; the deadline and energy sanity are checked at every step."""
    return relax_atoms(atoms, info, ctx, fmax, steps, relax_cell=False, optimizer="BFGS", use_start=use_start)


def modes(atoms: Atoms, info: CalculatorInfo, ctx: Context, n_rigid: int) -> tuple[list[float], list[Any]]:
    """Signed vibrational frequencies (cm^-1, ascending, rigid-body modes dropped) and their mode
    vectors: from the calculator's analytic Hessian when it has one, else finite differences."""
    if info.hessian_modes is not None:
        if atoms.calc is None:
            ctx.attach(atoms, info)
        ctx.deadline.check()
        return info.hessian_modes(atoms, n_rigid)
    return _finite_difference_modes(atoms, ctx, n_rigid)


def parameters(info: CalculatorInfo) -> dict[str, Any]:
    """The cache-key parameters of :func:`harmonic` with this calculator."""
    if info.hessian_modes is None:
        return dict(PARAMETERS)
    return {k: v for k, v in PARAMETERS.items() if k not in ("delta_a", "nfree")} | {"hessian": "analytic"}


def _finite_difference_modes(atoms: Atoms, ctx: Context, n_rigid: int) -> tuple[list[float], list[Any]]:
    import tempfile

    from ase.vibrations import Vibrations

    with tempfile.TemporaryDirectory(prefix="hypoloop-vib-") as tmp:
        vib = Vibrations(atoms, name=f"{tmp}/vib", delta=VIB_DELTA_A, nfree=2)
        for _ in vib.iterdisplace():
            ctx.deadline.check()
        vib.run()
        freqs = list(vib.get_frequencies())
        # Translations and rotations are the n_rigid modes closest to zero.
        order = sorted(range(len(freqs)), key=lambda i: abs(freqs[i]))[n_rigid:]
        order.sort(key=lambda i: signed(freqs[i]))
        return [signed(freqs[i]) for i in order], [vib.get_mode(i) for i in order]


def _push(atoms: Atoms, mode: Any) -> Atoms:
    import numpy as np

    moved = atoms.copy()
    norm = float(np.linalg.norm(mode, axis=1).max())
    moved.positions += PUSH_A * np.asarray(mode) / norm
    return moved


def _final_energy(atoms: Atoms, info: CalculatorInfo, energy: float) -> float:
    """The electronic energy of the converged geometry: a composite level's single point, else
    the energy the optimisation ended with."""
    if info.final_energy is None:
        return energy
    e = info.final_energy(atoms)
    check_value(e, len(atoms), info)
    return e


def harmonic(atoms: Atoms, info: CalculatorInfo, ctx: Context) -> Harmonic:
    """Optimise ``atoms`` to a minimum and return its harmonic frequencies (see module docstring)."""
    if len(atoms) == 1:
        ctx.attach(atoms, info)
        return Harmonic(atoms, _final_energy(atoms, info, checked_energy(atoms, info)), "monatomic", [])
    current, steps = atoms.copy(), 0
    for attempt in range(MAX_REOPTIMISATIONS + 1):
        # A re-optimisation starts from the push off a saddle point, not from the cheap method's
        # minimum, which may be that very saddle point at this level.
        r = optimise(current, info, ctx, use_start=attempt == 0)
        steps += r.steps
        kind = shape(r.atoms)
        freqs, vectors = modes(r.atoms, info, ctx, 5 if kind == "linear" else 6)
        bad = [i for i, f in enumerate(freqs) if f < -IMAGINARY_NOISE_CM1]
        if not bad:
            return Harmonic(
                r.atoms,
                _final_energy(r.atoms, info, r.energy),
                kind,
                [f for f in freqs if f > 0],
                [-f for f in freqs if f <= 0],
                r.converged,
                attempt,
                steps,
            )
        if attempt == MAX_REOPTIMISATIONS:
            listed = ", ".join(f"{freqs[i]:.0f}" for i in bad)
            raise SimulationFailed(
                f"the geometry stays a saddle point: imaginary modes {listed} cm^-1 after "
                f"{MAX_REOPTIMISATIONS} re-optimisations along them; no thermochemistry from a non-minimum"
            )
        current = _push(r.atoms, vectors[bad[0]])
    raise AssertionError("unreachable")
