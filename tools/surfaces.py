"""surface_energy: gamma = (E_slab - N E_bulk) / (2 A) of an (hkl) slab, converged in slab
thickness and vacuum.

The bulk is relaxed first and the slab cut from its conventional standard cell (ASE
``ase.build.surface``), so Miller indices refer to the conventional axes and the slab's in-plane
lattice is the calculator's own: E_bulk per atom and the slab are then consistent and gamma does
not drift with thickness. Both faces are free and relaxed (a symmetric slab at fixed cell). The
thickness series is computed at the largest vacuum, the vacuum series at the thickest slab.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from tools.call_context import SimResult, checked_energy, run_on_crystal
from tools.definition import make_tool
from tools.errors import SimulationFailed, ToolInputError
from tools.ground_state import relaxed_crystal, standardized
from tools.relax import relax_atoms
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context

J_M2_PER_EV_A2 = 16.0217662
SLAB_FMAX = 0.02
SLAB_STEPS = 300
# Atoms closer than this along the normal (angstrom) belong to one atomic plane.
PLANE_TOLERANCE = 0.3
# Fractional height below which an atom counts as sitting on the bottom of the surface cell.
WRAP_TOLERANCE = 1e-4


class SurfaceInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC + " The bulk crystal.")
    calculator: str = CALCULATOR_FIELD
    miller: list[int] = Field(
        min_length=3,
        max_length=3,
        description="Miller indices (h, k, l) of the conventional cell, e.g. [1, 1, 1].",
    )
    planes: list[int] = Field(
        [4, 6, 8],
        min_length=1,
        max_length=5,
        description="Slab thicknesses to compute, in atomic planes (rounded up to whole surface cells), ascending.",
    )
    vacuum_a: list[float] = Field(
        [10.0, 15.0],
        min_length=1,
        max_length=4,
        description="Vacuum gaps between periodic slab images to compute, angstrom, ascending.",
    )
    tolerance_j_m2: float = Field(
        0.02,
        gt=0,
        le=1,
        description="Converged when the two largest values of a series agree within this (J/m^2).",
    )
    relax: bool = Field(True, description="Relax the slab's ions (fixed cell) before taking its energy.")
    use_cache: bool = USE_CACHE_FIELD


class SlabPoint(BaseModel):
    planes: int = Field(description="Atomic planes in the slab.")
    n_atoms: int
    vacuum_a: float
    gamma_j_m2: float
    unrelaxed_gamma_j_m2: float


class SurfaceResult(SimResult):
    miller: list[int]
    gamma_j_m2: float = Field(description="Surface energy of the thickest slab at the largest vacuum, J/m^2.")
    gamma_ev_a2: float = Field(description="The same in eV/angstrom^2.")
    converged: bool = Field(
        description="Both the thickness and the vacuum series converged within tolerance."
    )
    thickness_series: list[SlabPoint]
    vacuum_series: list[SlabPoint]
    area_a2: float = Field(description="Area of one face of the slab cell, angstrom^2.")
    bulk_energy_per_atom_ev: float
    slab_structure_id: str = Field(description="The thickest (relaxed) slab at the largest vacuum.")


def plane_counts(slab: Atoms) -> list[int]:
    """Atoms per atomic plane, bottom to top."""
    import numpy as np

    normal = np.cross(slab.cell[0], slab.cell[1])
    heights = np.sort(slab.positions @ (normal / np.linalg.norm(normal)))
    breaks = np.flatnonzero(np.diff(heights) > PLANE_TOLERANCE)
    return [int(n) for n in np.diff(np.concatenate(([0], breaks + 1, [len(heights)])))]


def count_planes(slab: Atoms) -> int:
    return len(plane_counts(slab))


def _surface_cells(conv: Atoms, miller: tuple[int, int, int], repeats: int, vacuum: float) -> Atoms:
    """``ase.build.surface`` with a robust wrap along the normal: its own wrap (tolerance 1e-10)
    leaves atoms a rounding error below 1 one plane too high for some lattice constants (found
    here: Cu(111) at a = 3.5898 angstrom came out as planes of 1 + 3 atoms, a rough, wrong slab)."""
    import numpy as np
    from ase.build import surface

    slab = surface(conv, miller, repeats, vacuum=None, periodic=True)
    height = float(slab.cell[2, 2])  # build() makes the third vector normal to the surface
    z = slab.positions[:, 2] / height
    slab.positions[:, 2] = (z - np.floor(z + WRAP_TOLERANCE)) * height
    slab.center(vacuum=vacuum / 2, axis=2)
    slab.pbc = True
    return slab


def make_slab(conv: Atoms, miller: tuple[int, int, int], planes: int, vacuum: float) -> Atoms:
    """A slab of ``conv`` with at least ``planes`` atomic planes and a vacuum gap ``vacuum``."""
    per_cell = count_planes(_surface_cells(conv, miller, 1, vacuum))
    slab = _surface_cells(conv, miller, max(1, math.ceil(planes / per_cell)), vacuum)
    if len(set(plane_counts(slab))) > 1 and len(set(conv.get_chemical_symbols())) == 1:
        raise SimulationFailed(f"slab builder produced incomplete planes for {miller}: {plane_counts(slab)}")
    return slab


def area(slab: Atoms) -> float:
    import numpy as np

    return float(np.linalg.norm(np.cross(slab.cell[0], slab.cell[1])))


def slab_gamma(
    slab: Atoms, e_pa: float, info: CalculatorInfo, ctx: Context, relax: bool
) -> tuple[float, float, Atoms, bool]:
    """(gamma, unrelaxed gamma) in eV/angstrom^2, the final slab, relaxation converged?"""
    work = ctx.attach(slab.copy(), info)
    e0 = checked_energy(work, info)
    e, ok = e0, True
    if relax:
        r = relax_atoms(work, info, ctx, SLAB_FMAX, SLAB_STEPS, relax_cell=False, optimizer="LBFGS")
        e, ok = r.energy, r.converged
    two_a = 2 * area(slab)
    work.calc = None
    return (e - len(slab) * e_pa) / two_a, (e0 - len(slab) * e_pa) / two_a, work, ok


def _point(slab: Atoms, vacuum: float, gamma: float, gamma0: float) -> dict[str, Any]:
    return {
        "planes": count_planes(slab),
        "n_atoms": len(slab),
        "vacuum_a": vacuum,
        "gamma_j_m2": round(gamma * J_M2_PER_EV_A2, 5),
        "unrelaxed_gamma_j_m2": round(gamma0 * J_M2_PER_EV_A2, 5),
    }


def _series_warning(name: str, series: list[dict[str, Any]], tol: float) -> tuple[bool, list[str]]:
    if len(series) < 2:
        return False, [f"one {name} only: convergence in {name} not checked"]
    change = series[-1]["gamma_j_m2"] - series[-2]["gamma_j_m2"]
    if abs(change) > tol:
        return False, [f"not converged in {name}: gamma changed {change:+.3f} J/m^2 between the two largest"]
    return True, []


def _series(
    conv: Atoms,
    miller: tuple[int, int, int],
    cases: list[tuple[int, float]],
    memo: dict[tuple[int, float], Any],
    run: Any,
) -> list[dict[str, Any]]:
    """Slab points for (planes, vacuum) cases, slabs with the same atom count computed once."""
    out: list[dict[str, Any]] = []
    for planes, vac in cases:
        slab = make_slab(conv, miller, planes, vac)
        key = (len(slab), vac)
        if key not in memo:
            memo[key] = (slab, *run(slab))
        if all(p["n_atoms"] != len(slab) or p["vacuum_a"] != vac for p in out):
            out.append(_point(slab, vac, memo[key][1], memo[key][2]))
    return out


def compute_surface(atoms: Atoms, info: CalculatorInfo, ctx: Context, params: SurfaceInput) -> dict[str, Any]:
    miller = (params.miller[0], params.miller[1], params.miller[2])
    bulk, e_pa, _ = relaxed_crystal(standardized(atoms), info, ctx)
    conv = standardized(bulk, primitive=False)
    vac_max, thickest = max(params.vacuum_a), max(params.planes)
    memo: dict[tuple[int, float], Any] = {}

    def run(slab: Atoms) -> tuple[float, float, Atoms, bool]:
        ctx.deadline.check()
        return slab_gamma(slab, e_pa, info, ctx, params.relax)

    thickness = _series(conv, miller, [(p, vac_max) for p in sorted(set(params.planes))], memo, run)
    vacuum = _series(conv, miller, [(thickest, v) for v in sorted(set(params.vacuum_a))], memo, run)
    ok_t, warnings = _series_warning("slab thickness", thickness, params.tolerance_j_m2)
    ok_v, w_v = _series_warning("vacuum", vacuum, params.tolerance_j_m2)
    warnings += w_v
    if not all(m[4] for m in memo.values()):
        warnings.append("not converged: a slab relaxation stopped before fmax")
    if len(set(bulk.get_chemical_symbols())) > 1:
        warnings.append(
            "compound slab: gamma is the average of its two terminations, which may differ or be polar"
        )
    final = memo[(vacuum[-1]["n_atoms"], vac_max)][3]
    return {
        "miller": list(miller),
        "gamma_j_m2": vacuum[-1]["gamma_j_m2"],
        "gamma_ev_a2": round(memo[(vacuum[-1]["n_atoms"], vac_max)][1], 6),
        "converged": ok_t and ok_v,
        "thickness_series": thickness,
        "vacuum_series": vacuum,
        "area_a2": round(area(final), 4),
        "bulk_energy_per_atom_ev": round(e_pa, 6),
        "slab_structure_id": ctx.save(final),
        "warnings": warnings,
    }


def surface_energy(params: SurfaceInput, settings: ToolSettings) -> SurfaceResult:
    """Surface energy of the (hkl) surface of a crystal: gamma = (E_slab - N E_bulk) / (2 A) in J/m^2 and
    eV/angstrom^2, from symmetric slabs cut from the relaxed bulk (Miller indices of the conventional
    cell), ions relaxed. Returns gamma of the thickest slab at the largest vacuum plus the series in
    slab thickness and in vacuum with a warning when either is not converged within tolerance_j_m2."""
    if not any(params.miller):
        raise ToolInputError("miller indices must not all be zero")
    return SurfaceResult(
        **run_on_crystal(
            "surface_energy",
            params,
            settings,
            lambda atoms, info, ctx: compute_surface(atoms, info, ctx, params),
        )
    )


surface_energy_tool = make_tool("surface_energy", surface_energy, SurfaceInput, ["emt", "chgnet", "sevennet"])
