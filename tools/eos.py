"""equation_of_state: volume scan and third-order Birch-Murnaghan fit.

Crystals whose atoms all sit on fixed Wyckoff positions of a cubic lattice (fcc, rocksalt,
diamond, ...) are scanned by scaling the cell alone, batched in one calculator call; others are
relaxed first and get their positions relaxed at every volume (cell shape held fixed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from tools import analysis
from tools.batch_energies import energies
from tools.call_context import SimResult, checked_forces, new_context, run_cached
from tools.definition import make_tool
from tools.errors import SimulationFailed, ToolInputError
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context

GPA_PER_EV_A3 = 160.21766208
# Forces below this (eV/angstrom) on a cubic cell mean the positions are fixed by symmetry.
SYMMETRIC_FORCE = 1e-3
COARSE = (0.76, 0.84, 0.92, 1.0, 1.08, 1.16, 1.24)  # volume factors to bracket the minimum
MAX_RECENTER = 3
# A scan whose energy stays within FLAT_EV of its minimum over half its volumes or more has no
# minimum to fit but a plateau: SevenNet's bcc Rb, whose nearest neighbours at 5.07 angstrom lie
# past the model's 5 angstrom cutoff, gave B = 0.024 GPa (3.1 measured) that way. A real solid's
# energy one grid step (>= 0.04 % in volume at the finest allowed scan) from its minimum rises by
# more, down to B ~ 3 GPa (Rb, K); the scan need not be centred on the minimum.
FLAT_EV = 1e-6  # eV/atom


@dataclass
class EosFit:
    v0: float  # per atom, angstrom^3
    e0: float  # per atom, eV
    b_gpa: float
    residual: float  # rms of the fit, eV/atom
    volumes: list[float]
    energies: list[float]


def birch_murnaghan(volumes: list[float], energies_: list[float]) -> EosFit:
    """Fit E(V) per atom; third-order BM is a cubic polynomial in x = V^(-2/3)."""
    import numpy as np

    v, e = np.asarray(volumes, float), np.asarray(energies_, float)
    x = v ** (-2.0 / 3.0)
    coeffs = np.polyfit(x, e, 3)
    d1, d2 = np.polyder(coeffs, 1), np.polyder(coeffs, 2)
    roots = [
        r.real for r in np.roots(d1) if abs(r.imag) < 1e-12 and r.real > 0 and np.polyval(d2, r.real) > 0
    ]
    if not roots:
        raise SimulationFailed("equation of state has no minimum in the scanned range")
    x0 = min(roots, key=lambda r: abs(r - x.mean()))
    v0 = x0 ** (-1.5)
    # d2E/dV2 at the minimum = E''(x) (dx/dV)^2 ; B = V d2E/dV2
    b = v0 * np.polyval(d2, x0) * (2.0 / 3.0 * v0 ** (-5.0 / 3.0)) ** 2
    residual = float(np.sqrt(np.mean((np.polyval(coeffs, x) - e) ** 2)))
    return EosFit(
        float(v0), float(np.polyval(coeffs, x0)), float(b * GPA_PER_EV_A3), residual, list(v), list(e)
    )


def scaled(atoms: Atoms, volume_per_atom: float) -> Atoms:
    out = atoms.copy()
    factor = (volume_per_atom * len(atoms) / abs(atoms.cell.volume)) ** (1.0 / 3.0)
    out.set_cell(atoms.cell.array * factor, scale_atoms=True)
    return out


def _per_atom_energies(
    cands: list[Atoms], vols: list[list[float]], info: CalculatorInfo, ctx: Context, relax_positions: bool
) -> list[list[float]]:
    flat = [scaled(a, v) for a, vs in zip(cands, vols, strict=True) for v in vs]
    if relax_positions:
        from tools.relax import relax_atoms

        flat = [relax_atoms(s, info, ctx, 0.02, 200, False, "LBFGS").atoms for s in flat]
    e = energies(flat, info, ctx)
    out, k = [], 0
    for a, vs in zip(cands, vols, strict=True):
        out.append([e[k + i] / len(a) for i in range(len(vs))])
        k += len(vs)
    return out


def scan_many(
    cands: list[Atoms],
    info: CalculatorInfo,
    ctx: Context,
    n_points: int,
    strain: float,
    relax_positions: bool,
) -> list[EosFit]:
    """Bracket the minimum of every candidate with a coarse scan, then fit a fine scan of
    ``n_points`` volumes within +-``strain`` (volume fraction) of it. Candidates are evaluated
    together so CHGNet sees one batch per round."""
    import numpy as np

    centers = [abs(a.cell.volume) / len(a) for a in cands]
    for _ in range(MAX_RECENTER):
        vols = [[c * f for f in COARSE] for c in centers]
        es = _per_atom_energies(cands, vols, info, ctx, relax_positions)
        idx = [int(np.argmin(e)) for e in es]
        centers = [vs[i] for vs, i in zip(vols, idx, strict=True)]
        if all(0 < i < len(COARSE) - 1 for i in idx):
            break
    fits: list[EosFit] = []
    for _ in range(MAX_RECENTER):
        grid = np.linspace(1 - strain, 1 + strain, n_points)
        vols = [[c * f for f in grid] for c in centers]
        es = _per_atom_energies(cands, vols, info, ctx, relax_positions)
        fits = [birch_murnaghan(v, e) for v, e in zip(vols, es, strict=True)]
        inside = [min(v) <= f.v0 <= max(v) for f, v in zip(fits, vols, strict=True)]
        if all(inside):
            return fits
        centers = [
            f.v0 if min(v) * 0.7 < f.v0 < max(v) * 1.3 else c
            for f, v, c in zip(fits, vols, centers, strict=True)
        ]
    raise SimulationFailed("equation-of-state minimum not bracketed after recentring; check the structure")


def check_not_flat(fit: EosFit) -> None:
    """Refuse a scan that is a plateau, not a minimum (see FLAT_EV)."""
    e0 = min(fit.energies)
    flat = sum(e - e0 < FLAT_EV for e in fit.energies)
    if 2 * flat >= len(fit.energies):
        raise SimulationFailed(
            f"the energy is flat over {flat} of the {len(fit.energies)} scanned volumes (within "
            f"{FLAT_EV:g} eV/atom): no minimum to fit, e.g. neighbours beyond the calculator's cutoff "
            "radius; no bulk modulus or lattice constant from this calculator"
        )


def best_volume(atoms: Atoms, info: CalculatorInfo, ctx: Context) -> Atoms:
    """``atoms`` isotropically scaled to the lowest energy of a coarse volume scan (recentred until
    the minimum is inside). Estimated lattices can be far off (rutile TiO2 from covalent radii:
    +56 % volume), and a cell relaxation started there with CHGNet wandered into an expanded P1
    structure; from the scanned volume it found rutile."""
    best = atoms.copy()
    for _ in range(MAX_RECENTER):
        v0 = abs(best.cell.volume) / len(best)
        cands = [scaled(best, v0 * f) for f in COARSE]
        es = energies(cands, info, ctx)
        i = min(range(len(es)), key=es.__getitem__)
        best = cands[i]
        if 0 < i < len(COARSE) - 1:
            break
    return best


def fixed_by_symmetry(atoms: Atoms, info: CalculatorInfo, ctx: Context) -> bool:
    """True when only the volume is free: a cubic cell with vanishing forces."""
    import numpy as np

    if analysis.conventional_cubic_a(atoms) is None:
        return False
    work = atoms.copy()
    ctx.attach(work, info)
    return float(np.abs(checked_forces(work, info)).max()) < SYMMETRIC_FORCE


def prepare(atoms: Atoms, info: CalculatorInfo, ctx: Context) -> tuple[Atoms, bool]:
    """(structure to scan, relax positions at each volume?): low-symmetry cells are relaxed first."""
    if fixed_by_symmetry(atoms, info, ctx):
        return atoms, False
    from tools.relax import relax_atoms

    r = relax_atoms(best_volume(atoms, info, ctx), info, ctx, 0.02, 300, relax_cell=True, optimizer="LBFGS")
    if not r.converged:
        ctx.warnings.append("pre-relaxation before the volume scan did not converge")
    r.atoms.calc = None
    return r.atoms, len(atoms) > 1 and not fixed_by_symmetry(r.atoms, info, ctx)


class EosInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC + " Must be a crystal.")
    calculator: str = CALCULATOR_FIELD
    n_points: int = Field(7, ge=5, le=25, description="Number of volumes in the fitted scan.")
    strain: float = Field(0.06, gt=0.005, le=0.3, description="Half-width of the scan as a volume fraction.")
    use_cache: bool = USE_CACHE_FIELD


class EosResult(SimResult):
    structure_id: str = Field(description="Id of the structure at the equilibrium volume.")
    volume_per_atom_a3: float
    energy_per_atom_ev: float
    bulk_modulus_gpa: float
    lattice_a_angstrom: float | None = Field(
        description="Conventional cubic lattice constant; null if not cubic."
    )
    lattice_parameters: dict[str, float]
    density_g_cm3: float | None
    fit_residual: float = Field(description="RMS deviation of the fit in eV/atom.")
    volumes_a3: list[float]
    energies_ev: list[float]


def result_fields(atoms: Atoms, fit: EosFit, ctx: Context) -> dict[str, Any]:
    eq = scaled(atoms, fit.v0)
    return {
        "structure_id": ctx.save(eq),
        "volume_per_atom_a3": round(fit.v0, 5),
        "energy_per_atom_ev": round(fit.e0, 6),
        "bulk_modulus_gpa": round(fit.b_gpa, 3),
        "lattice_a_angstrom": analysis.conventional_cubic_a(eq),
        "lattice_parameters": analysis.lattice_parameters(eq),
        "density_g_cm3": analysis.density_g_cm3(eq),
        "fit_residual": round(fit.residual, 8),
        "volumes_a3": [round(v, 5) for v in fit.volumes],
        "energies_ev": [round(e, 6) for e in fit.energies],
    }


def equation_of_state(params: EosInput, settings: ToolSettings) -> EosResult:
    """Equation of state of a crystal: scan the volume around the (relaxed or estimated) minimum and fit
    a Birch-Murnaghan curve. Returns the equilibrium volume per atom, energy per atom, bulk modulus (GPa),
    the conventional cubic lattice constant (cubic cells), density at equilibrium, the fit residual and
    the structure_id of the equilibrium structure."""
    ctx = new_context(settings)
    atoms = ctx.atoms(params.structure)
    if not atoms.pbc.all():
        raise ToolInputError("equation_of_state needs a periodic crystal, not a molecule")
    info = ctx.calculator(params.calculator, atoms)
    parameters = {"n_points": params.n_points, "strain": params.strain, "eos": "birch-murnaghan-3"}

    def compute() -> dict[str, Any]:
        start, relax_positions = prepare(atoms.copy(), info, ctx)
        fit = scan_many([start], info, ctx, params.n_points, params.strain, relax_positions)[0]
        check_not_flat(fit)
        out = result_fields(start, fit, ctx)
        if fit.b_gpa <= 0:
            ctx.warnings.append("unphysical result: non-positive bulk modulus")
        out["warnings"] = ["cell shape held fixed during the volume scan"] if relax_positions else []
        return out

    return EosResult(
        **run_cached("equation_of_state", ctx, atoms, info, parameters, compute, params.use_cache)
    )


# Stress-test variant: a denser scan over a wider volume range. A sound fit barely moves; one
# that rests on too few points or too narrow a range does.
FINER_POINTS, FINER_STRAIN = 11, 0.1


def finer_scan(args: dict[str, Any]) -> tuple[dict[str, Any], str]:
    n = max(FINER_POINTS, int(args.get("n_points") or 7) + 4)
    strain = max(FINER_STRAIN, float(args.get("strain") or 0.06))
    return {**args, "n_points": n, "strain": strain}, (
        f"wider and denser volume scan ({n} points, ±{strain:.0%} volume)"
    )


equation_of_state_tool = make_tool(
    "equation_of_state", equation_of_state, EosInput, ["emt", "chgnet", "sevennet"], sensitivity=finer_scan
)
