"""The relaxed bulk crystal that property tools (elastic constants, defects, surfaces, cohesive
energy) start from, in a standard orientation so that tensor components and Miller indices
refer to the conventional crystal axes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.analysis import SYMPREC
from tools.eos import best_volume, fixed_by_symmetry, scaled, scan_many
from tools.relax import relax_atoms

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context

RELAX_STEPS = 400


def standardized(atoms: Atoms, primitive: bool = True) -> Atoms:
    """spglib's idealised standard cell (primitive or conventional): conventional axes along x, y,
    z for cubic and tetragonal, c along z for hexagonal. The input as it is if spglib finds no
    symmetry."""
    import spglib
    from ase import Atoms

    cell = (atoms.cell.array, atoms.get_scaled_positions(wrap=True), atoms.numbers)
    std = spglib.standardize_cell(cell, to_primitive=primitive, no_idealize=False, symprec=SYMPREC)
    if std is None:
        return atoms.copy()
    lattice, frac, numbers = std
    return Atoms(numbers=numbers, cell=lattice, scaled_positions=frac, pbc=True)


def relaxed_crystal(
    atoms: Atoms, info: CalculatorInfo, ctx: Context, fmax: float = 0.01
) -> tuple[Atoms, float, str]:
    """(relaxed crystal, energy per atom, how): a volume scan (Birch-Murnaghan) when symmetry fixes
    every position, else a cell + positions relaxation, so c/a and internal parameters are relaxed."""
    if fixed_by_symmetry(atoms, info, ctx):
        fit = scan_many([atoms], info, ctx, 7, 0.06, relax_positions=False)[0]
        return scaled(atoms, fit.v0), fit.e0, "volume scan (Birch-Murnaghan), positions fixed by symmetry"
    start = best_volume(atoms, info, ctx)
    r = relax_atoms(start, info, ctx, fmax, RELAX_STEPS, relax_cell=True, optimizer="LBFGS")
    if not r.converged:
        ctx.warnings.append(
            f"not converged: bulk relaxation of {atoms.get_chemical_formula()} stopped at {r.steps} steps"
        )
    r.atoms.calc = None
    return r.atoms, r.energy / len(r.atoms), "cell + positions relaxation (LBFGS)"
