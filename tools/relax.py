"""relax_structure, and the relaxation routine the other tools reuse."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tools import analysis
from tools.call_context import SimResult, check_value, checked_energy, new_context, run_cached
from tools.definition import make_tool
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context

Optimizer = Literal["FIRE", "BFGS", "LBFGS"]
# A relaxation that changes the volume by more than this factor has probably collapsed or exploded.
MAX_VOLUME_CHANGE = 0.5


@dataclass
class Relaxed:
    atoms: Atoms
    initial_energy: float
    energy: float
    steps: int
    converged: bool


def _optimizer_class(name: Optimizer) -> Any:
    from ase.optimize import BFGS, FIRE, LBFGS

    return {"FIRE": FIRE, "BFGS": BFGS, "LBFGS": LBFGS}[name]


def relax_atoms(
    atoms: Atoms,
    info: CalculatorInfo,
    ctx: Context,
    fmax: float,
    steps: int,
    relax_cell: bool,
    optimizer: Optimizer = "FIRE",
    use_start: bool = True,
) -> Relaxed:
    """Relax ``atoms`` in place (positions, and the cell with a Frechet cell filter when periodic
    and asked); the deadline and energy sanity are checked at every step. A molecule whose
    calculator offers a start (``optimisation_start``: pyscf's GFN2-xTB minimum and Hessian,
    tools/dft_start.py) begins there, and BFGS takes
    xTB's Hessian as its initial one: the same threshold decides convergence, in far fewer DFT
    force calls (``use_start=False`` skips it). ``initial_energy`` is then that of the start."""
    from ase.filters import FrechetCellFilter

    ctx.attach(atoms, info)
    start = getattr(atoms.calc, "optimisation_start", None) if use_start and not atoms.pbc.any() else None
    hessian0 = start(atoms) if start is not None else None
    e0 = checked_energy(atoms, info)
    target: Any = FrechetCellFilter(atoms) if relax_cell and atoms.pbc.all() else atoms
    opt = _optimizer_class(optimizer)(target, logfile=None)
    if hessian0 is not None and optimizer == "BFGS":
        opt.H0 = hessian0  # BFGS builds its Hessian from H0 at the first step

    def guard() -> None:
        ctx.deadline.check()
        check_value(float(atoms.get_potential_energy()), len(atoms), info)

    opt.attach(guard, interval=1)
    converged = bool(opt.run(fmax=fmax, steps=steps))
    e = checked_energy(atoms, info)
    return Relaxed(atoms, e0, e, int(opt.nsteps), converged)


def relax_warnings(r: Relaxed, initial_volume: float, steps: int) -> list[str]:
    out = []
    if not r.converged:
        out.append(f"not converged: relaxation stopped after {r.steps} of {steps} steps")
    if r.atoms.pbc.all() and initial_volume > 0:
        change = abs(r.atoms.cell.volume) / initial_volume - 1
        if abs(change) > MAX_VOLUME_CHANGE:
            out.append(f"unphysical result? the cell volume changed by {change:+.0%} during relaxation")
    return out


class RelaxInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC)
    calculator: str = CALCULATOR_FIELD
    fmax: float = Field(0.05, gt=0, le=10, description="Force convergence threshold in eV/angstrom.")
    steps: int = Field(200, ge=1, le=10000, description="Maximum optimizer steps.")
    relax_cell: bool = Field(True, description="Also relax the cell shape and volume (crystals only).")
    optimizer: Optimizer = Field("FIRE", description="ASE optimizer: FIRE, BFGS or LBFGS.")
    use_cache: bool = USE_CACHE_FIELD


class RelaxResult(SimResult):
    structure_id: str = Field(description="Id of the relaxed structure in the workspace.")
    initial_structure_id: str
    energy_ev: float
    energy_per_atom_ev: float
    initial_energy_ev: float
    lattice_parameters: dict[str, float] | None
    volume_per_atom_a3: float | None
    steps: int
    converged: bool


def relax_structure(params: RelaxInput, settings: ToolSettings) -> RelaxResult:
    """Relax a structure to a local energy minimum: atomic positions, and for crystals the cell
    (relax_cell). Returns the relaxed structure_id, final and initial energies, lattice parameters,
    the number of steps and whether the force threshold fmax was reached (non-convergence is
    reported in `converged` and `warnings`)."""
    ctx = new_context(settings)
    atoms = ctx.atoms(params.structure)
    info = ctx.calculator(params.calculator, atoms)
    initial_id = ctx.save(atoms)
    parameters = {
        "fmax": params.fmax,
        "steps": params.steps,
        "relax_cell": params.relax_cell,
        "optimizer": params.optimizer,
    }

    def compute() -> dict[str, Any]:
        v0 = abs(atoms.cell.volume)
        r = relax_atoms(
            atoms.copy(), info, ctx, params.fmax, params.steps, params.relax_cell, params.optimizer
        )
        periodic = bool(r.atoms.pbc.all())
        return {
            "structure_id": ctx.save(r.atoms),
            "initial_structure_id": initial_id,
            "energy_ev": round(r.energy, 6),
            "energy_per_atom_ev": round(r.energy / len(r.atoms), 6),
            "initial_energy_ev": round(r.initial_energy, 6),
            "lattice_parameters": analysis.lattice_parameters(r.atoms) if periodic else None,
            "volume_per_atom_a3": analysis.volume_per_atom(r.atoms),
            "steps": r.steps,
            "converged": r.converged,
            "warnings": relax_warnings(r, v0, params.steps),
        }

    return RelaxResult(
        **run_cached("relax_structure", ctx, atoms, info, parameters, compute, params.use_cache)
    )


def tighter_forces(args: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Stress-test variant: a tenfold tighter force threshold (not below 0.001 eV/Å)."""
    fmax = max(0.001, float(args.get("fmax") or 0.05) / 10)
    return {**args, "fmax": fmax}, f"re-relax with a tenfold tighter force threshold (fmax {fmax:g} eV/Å)"


relax_structure_tool = make_tool(
    "relax_structure",
    relax_structure,
    RelaxInput,
    ["emt", "chgnet", "sevennet", "xtb", "pyscf"],
    sensitivity=tighter_forces,
)
