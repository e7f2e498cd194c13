"""molecule_geometry and vibrational_modes (molecules, non-periodic)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from tools import analysis
from tools.call_context import SimResult, new_context, run_cached
from tools.definition import make_tool
from tools.errors import ToolInputError
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec

if TYPE_CHECKING:
    from ase import Atoms

# Largest deviation (angstrom) from the best line / plane still called linear / planar.
SHAPE_TOLERANCE_A = 0.02
CM1_TO_EV = 1.239841984e-4
# Modes below this |frequency| (cm^-1) after removing rigid-body motion are numerical noise.
VIB_DELTA_A = 0.01


class GeometryInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC + " Must be a molecule.")
    calculator: str = CALCULATOR_FIELD
    fmax: float = Field(0.01, gt=0, le=1, description="Force convergence threshold in eV/angstrom.")
    use_cache: bool = USE_CACHE_FIELD


class Bond(BaseModel):
    atoms: list[int]
    elements: str
    length_angstrom: float


class Angle(BaseModel):
    atoms: list[int] = Field(description="[i, j, k]; j is the vertex.")
    elements: str
    angle_deg: float


class GeometryResult(SimResult):
    structure_id: str
    formula: str
    bond_lengths: list[Bond]
    bond_angles: list[Angle]
    is_linear: bool
    is_planar: bool
    energy_ev: float
    converged: bool
    optimisation_steps: int | None = Field(
        None, description="Optimiser steps (None: cached before it was recorded)."
    )


def _molecule(ctx: Any, spec: StructureSpec) -> Atoms:
    atoms = ctx.atoms(spec)
    if atoms.pbc.any():
        raise ToolInputError("this tool needs a molecule (non-periodic structure), e.g. {'molecule': 'H2O'}")
    return atoms


def _deviation(atoms: Atoms, dims: int) -> float:
    """Largest distance of an atom from the best-fit subspace of dimension ``dims``."""
    import numpy as np

    x = atoms.positions - atoms.positions.mean(axis=0)
    if len(atoms) <= dims + 1:
        return 0.0
    _, _, vt = np.linalg.svd(x)
    residual = x - (x @ vt[:dims].T) @ vt[:dims]
    return float(np.linalg.norm(residual, axis=1).max())


def geometry(atoms: Atoms) -> dict[str, Any]:
    """Bonds, angles and shape flags of a molecule."""
    sym = atoms.get_chemical_symbols()
    # Two atoms make a molecule only if bonded, whatever the radii say: ASE's covalent radius of H
    # (0.31 angstrom, cutoff 0.744) left GFN2-xTB's H2 (0.777) with no bond to judge.
    pairs = [(0, 1)] if len(atoms) == 2 else analysis.bonds(atoms)
    bonds = [
        {
            "atoms": [i, j],
            "elements": f"{sym[i]}-{sym[j]}",
            "length_angstrom": round(float(atoms.get_distance(i, j)), 4),
        }
        for i, j in pairs
    ]
    neighbours: dict[int, list[int]] = {}
    for i, j in pairs:
        neighbours.setdefault(i, []).append(j)
        neighbours.setdefault(j, []).append(i)
    angles = []
    for j, ns in sorted(neighbours.items()):
        for a, i in enumerate(ns):
            for k in ns[a + 1 :]:
                i_, k_ = min(i, k), max(i, k)
                angles.append(
                    {
                        "atoms": [i_, j, k_],
                        "elements": f"{sym[i_]}-{sym[j]}-{sym[k_]}",
                        "angle_deg": round(float(atoms.get_angle(i_, j, k_)), 3),
                    }
                )
    return {
        "bond_lengths": bonds,
        "bond_angles": angles,
        "is_linear": _deviation(atoms, 1) < SHAPE_TOLERANCE_A,
        "is_planar": _deviation(atoms, 2) < SHAPE_TOLERANCE_A,
    }


def molecule_geometry(params: GeometryInput, settings: ToolSettings) -> GeometryResult:
    """Optimise a molecule's geometry (default calculator GFN2-xTB; 'pyscf' for DFT) and report its bond lengths (angstrom),
    bond angles (degrees, vertex atom in the middle), whether it is linear or planar, its energy and
    whether the optimisation converged."""
    ctx = new_context(settings)
    atoms = _molecule(ctx, params.structure)
    info = ctx.calculator(params.calculator, atoms)
    parameters = {"fmax": params.fmax, "optimizer": "BFGS", "steps": 1000}

    def compute() -> dict[str, Any]:
        from tools.harmonic import optimise

        r = optimise(atoms.copy(), info, ctx, params.fmax, 1000)
        warnings = [] if r.converged else [f"not converged after {r.steps} steps"]
        return {
            "structure_id": ctx.save(r.atoms),
            "formula": r.atoms.get_chemical_formula(mode="metal"),
            "energy_ev": round(r.energy, 6),
            "converged": r.converged,
            "optimisation_steps": r.steps,
            "warnings": warnings,
            **geometry(r.atoms),
        }

    return GeometryResult(
        **run_cached("molecule_geometry", ctx, atoms, info, parameters, compute, params.use_cache)
    )


class VibrationInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC + " Must be a molecule.")
    calculator: str = CALCULATOR_FIELD
    use_cache: bool = USE_CACHE_FIELD


class VibrationResult(SimResult):
    structure_id: str = Field(description="Id of the optimised geometry the modes belong to.")
    frequencies_cm1: list[float] = Field(description="Vibrational frequencies; imaginary modes as negative.")
    n_imaginary: int
    zero_point_energy_ev: float
    converged: bool
    optimisation_steps: int | None = Field(
        None, description="Optimiser steps (None: cached before it was recorded)."
    )
    frequency_scale: float = Field(
        1.0, description="The level's literature factor from harmonic frequencies to fundamentals (1: none); "
        "frequencies_cm1 are unscaled."
    )


def vibrational_modes(params: VibrationInput, settings: ToolSettings) -> VibrationResult:
    """Harmonic vibrational frequencies of a molecule in cm^-1 at its optimised geometry (default
    calculator GFN2-xTB, finite differences; 'pyscf' DFT uses its analytic Hessian), the number of imaginary modes (reported as negative
    frequencies) and the zero-point energy in eV. Translations and rotations are removed."""
    ctx = new_context(settings)
    atoms = _molecule(ctx, params.structure)
    if len(atoms) < 2:
        raise ToolInputError("a single atom has no vibrations")
    info = ctx.calculator(params.calculator, atoms)
    parameters: dict[str, Any] = {"fmax": 1e-3, "delta_a": VIB_DELTA_A, "nfree": 2}
    if info.hessian_modes is not None:
        parameters = {"fmax": 1e-3, "hessian": "analytic"}

    def compute() -> dict[str, Any]:
        from tools.harmonic import OPT_STEPS, TIGHT_FMAX, modes, optimise

        r = optimise(atoms.copy(), info, ctx, TIGHT_FMAX, OPT_STEPS)
        n_rigid = 5 if geometry(r.atoms)["is_linear"] else 6
        signed = [round(f, 2) for f in modes(r.atoms, info, ctx, n_rigid)[0]]
        real = [f for f in signed if f > 0]
        warnings = [] if r.converged else ["geometry not fully converged: low modes may be inaccurate"]
        return {
            "structure_id": ctx.save(r.atoms),
            "frequencies_cm1": [float(f) for f in signed],
            "n_imaginary": sum(1 for f in signed if f < 0),
            "zero_point_energy_ev": round(0.5 * CM1_TO_EV * sum(real), 6),
            "converged": r.converged,
            "optimisation_steps": r.steps,
            "warnings": warnings,
        }

    scale = info.frequency_scale(ctx.settings.simulation) if info.frequency_scale else 1.0
    out = run_cached("vibrational_modes", ctx, atoms, info, parameters, compute, params.use_cache)
    return VibrationResult(**out, frequency_scale=scale)


def tighter_geometry(args: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Stress-test variant: a tenfold tighter force threshold (not below 0.001 eV/Å)."""
    fmax = max(0.001, float(args.get("fmax") or 0.01) / 10)
    return {**args, "fmax": fmax}, f"re-optimise with a tenfold tighter force threshold (fmax {fmax:g} eV/Å)"


molecule_geometry_tool = make_tool(
    "molecule_geometry",
    molecule_geometry,
    GeometryInput,
    ["xtb", "pyscf", "emt"],
    sensitivity=tighter_geometry,
)
vibrational_modes_tool = make_tool(
    "vibrational_modes", vibrational_modes, VibrationInput, ["xtb", "pyscf", "emt"]
)
