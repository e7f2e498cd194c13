"""thermal_expansion: lattice constant a(T) and the linear expansion coefficient by the
quasi-harmonic approximation (QHA).

The relaxed primitive cell is scaled isotropically to several volumes around its static minimum;
at each, the static energy E(V) and the harmonic phonon free energy F_vib(V, T) (phonopy, fixed
supercell) are computed. For every temperature on a grid, F(V, T) = E(V) + F_vib(V, T) is fitted
with a cubic polynomial in V and minimised: V(T), hence a(T) and alpha(T) = (1/3) d ln V / dT
(central difference). The fit error is a jackknife over the volumes (each left out in turn).

QHA rather than NPT molecular dynamics: it is deterministic, needs a handful of force calls per
volume (one displaced supercell for an fcc metal), and includes zero-point motion, so the
coefficient at room temperature of a metal comes out in seconds with EMT; MD would need long
runs to beat the noise on a 0.5 % change in volume. QHA misses explicit anharmonicity beyond the
volume dependence of the frequencies, which matters near melting (not at 300 K for these metals).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tools.adapter import make_tool
from tools.call_context import SimResult, run_on_crystal
from tools.errors import SimulationFailed, ToolInputError
from tools.phonons import IMAGINARY_THZ, force_constants, mesh_frequencies, relaxed_primitive, thermal_points
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context

T_STEP = 10.0  # K: grid of the free-energy minimisation; alpha by central difference over 2 steps


class ThermalExpansionInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC + " Must be a crystal.")
    calculator: str = CALCULATOR_FIELD
    temperatures: list[float] = Field(
        default_factory=lambda: [300.0],
        min_length=1,
        max_length=10,
        description="Temperatures (K, 10-1500) at which a(T) and alpha(T) are reported.",
    )
    n_volumes: int = Field(7, ge=5, le=11, description="Volumes in the scan (5-7 is usual).")
    strain_min: float = Field(-0.01, ge=-0.05, le=0.0, description="Smallest linear strain of the scan.")
    strain_max: float = Field(0.025, ge=0.005, le=0.08, description="Largest linear strain of the scan.")
    supercell: int = Field(3, ge=2, le=5, description="Phonon supercell n x n x n of the primitive cell.")
    mesh: int = Field(12, ge=4, le=30, description="q-point mesh n x n x n for the free energy.")
    use_cache: bool = USE_CACHE_FIELD

    @field_validator("temperatures")
    @classmethod
    def _in_range(cls, v: list[float]) -> list[float]:
        if any(not 10.0 <= t <= 1500.0 for t in v):
            raise ValueError("temperatures must lie between 10 and 1500 K")
        return sorted(set(v))


class TemperaturePoint(BaseModel):
    temperature_k: float
    lattice_constant: float = Field(description="a(T) in angstrom (conventional cell for cubic crystals).")
    volume_per_atom: float
    alpha_linear_per_k: float = Field(description="Linear thermal expansion coefficient (1/K).")
    alpha_linear_ppm_per_k: float = Field(description="The same in 1e-6/K (ppm/K).")
    alpha_error_ppm_per_k: float = Field(description="Jackknife error of alpha over the volumes (ppm/K).")


class ThermalExpansionResult(SimResult):
    structure_id: str = Field(description="Id of the relaxed primitive cell (static minimum).")
    method: str
    static_lattice_constant: float = Field(description="Lattice constant at the static (0 K, no ZPE) minimum.")
    zero_kelvin_lattice_constant: float = Field(description="With zero-point motion (QHA at 0 K).")
    volumes_per_atom: list[float]
    static_energies_ev_per_atom: list[float]
    min_frequency_thz: list[float] = Field(description="Lowest phonon frequency at each volume.")
    supercell: int
    supercell_atoms: int
    points: list[TemperaturePoint]


def _conventional_factor(prim: Atoms) -> tuple[float, bool]:
    """(a of the reported cell per (volume per atom)^(1/3), cubic?). Cubic: the conventional a."""
    from tools.elastic import crystal_system
    from tools.ground_state import standardized

    conv = standardized(prim, primitive=False)
    cubic = crystal_system(prim) == "cubic"
    a = float(conv.cell.lengths()[0])
    return a / (conv.get_volume() / len(conv)) ** (1.0 / 3.0), cubic


def volume_scan(prim: Atoms, params: ThermalExpansionInput, temps: list[float], info: CalculatorInfo, ctx: Context) -> dict[str, Any]:
    """Static energy, lowest frequency and F_vib(T) at each scaled volume (per atom)."""
    import numpy as np

    strains = np.linspace(params.strain_min, params.strain_max, params.n_volumes)
    n = len(prim)
    if n * params.supercell**3 > ctx.settings.simulation.max_atoms:
        raise ToolInputError(
            f"the {params.supercell}^3 supercell has {n * params.supercell**3} atoms, above simulation.max_atoms"
        )
    out: dict[str, Any] = {"volumes": [], "energies": [], "min_freq": [], "fvib": []}
    for s in strains:
        cell = prim.copy()
        cell.set_cell(prim.cell.array * (1.0 + s), scale_atoms=True)
        ph, e = force_constants(cell, params.supercell, 0.01, info, ctx)
        freqs = mesh_frequencies(ph, params.mesh)
        out["volumes"].append(cell.get_volume() / n)
        out["energies"].append(e)
        out["min_freq"].append(float(freqs.min()))
        out["fvib"].append([p["free_energy_ev_per_atom"] for p in thermal_points(ph, temps, n)])
    return out


def minimum_volume(volumes: Any, free: Any) -> float | None:
    """Volume minimising a cubic fit of F(V); None when the minimum is outside the scanned range."""
    import numpy as np

    coef = np.polyfit(volumes, free, 3)
    roots = np.roots(np.polyder(coef))
    curv = np.polyder(coef, 2)
    lo, hi = float(min(volumes)), float(max(volumes))
    good = [float(r.real) for r in roots if abs(r.imag) < 1e-12 and np.polyval(curv, r.real) > 0]
    good = [r for r in good if lo <= r <= hi]
    return good[0] if good else None


def volumes_of_t(volumes: Any, energies: Any, fvib: Any) -> Any:
    """V(T) on the temperature grid (NaN where the minimum leaves the scan)."""
    import numpy as np

    f = np.asarray(energies)[:, None] + np.asarray(fvib)
    out = [minimum_volume(volumes, f[:, k]) for k in range(f.shape[1])]
    return np.array([np.nan if v is None else v for v in out])


def alpha_at(grid: Any, v_of_t: Any, t: float) -> float:
    import numpy as np

    i = int(np.argmin(np.abs(grid - t)))
    v_lo, v_hi = v_of_t[i - 1], v_of_t[i + 1]
    return float((np.log(v_hi) - np.log(v_lo)) / (grid[i + 1] - grid[i - 1]) / 3.0)


def _jackknife(volumes: Any, energies: Any, fvib: Any, grid: Any, t: float) -> float:
    import numpy as np

    n = len(volumes)
    alphas = []
    for k in range(n):
        keep = [i for i in range(n) if i != k]
        v = volumes_of_t(volumes[keep], energies[keep], fvib[keep])
        alphas.append(alpha_at(grid, v, t))
    a = np.asarray(alphas)
    if not np.isfinite(a).all():
        return float("nan")
    return float(np.sqrt((n - 1) / n * ((a - a.mean()) ** 2).sum()))


def compute_expansion(atoms: Atoms, info: CalculatorInfo, ctx: Context, params: ThermalExpansionInput) -> dict[str, Any]:
    import numpy as np

    prim = relaxed_primitive(atoms, info, ctx)
    factor, cubic = _conventional_factor(prim)
    grid = np.arange(0.0, max(params.temperatures) + 2 * T_STEP + 1e-9, T_STEP)
    grid = np.union1d(grid, [t + d for t in params.temperatures for d in (-T_STEP, 0.0, T_STEP)])
    scan = volume_scan(prim, params, [float(t) for t in grid], info, ctx)
    vols, ens, fvib = (np.asarray(scan[k]) for k in ("volumes", "energies", "fvib"))
    warnings = [] if cubic else ["not cubic: the cell is scaled isotropically (c/a held fixed); a is the first axis"]
    if min(scan["min_freq"]) < -IMAGINARY_THZ:
        raise SimulationFailed(
            f"imaginary phonon modes (down to {min(scan['min_freq']):.2f} THz) at a scanned volume: the crystal "
            "is dynamically unstable with this calculator, and the quasi-harmonic free energy is not defined"
        )
    v_t = volumes_of_t(vols, ens, fvib)
    v_static = minimum_volume(vols, ens)
    if v_static is None or not np.isfinite(v_t).all():
        raise SimulationFailed(
            "the free-energy minimum leaves the scanned volumes; widen strain_min/strain_max or lower the temperature"
        )
    points = []
    for t in params.temperatures:
        i = int(np.argmin(np.abs(grid - t)))
        alpha = alpha_at(grid, v_t, t)
        err = _jackknife(vols, ens, fvib, grid, t)
        points.append({
            "temperature_k": t, "lattice_constant": round(factor * v_t[i] ** (1 / 3), 5),
            "volume_per_atom": round(float(v_t[i]), 5), "alpha_linear_per_k": alpha,
            "alpha_linear_ppm_per_k": round(alpha * 1e6, 3),
            "alpha_error_ppm_per_k": round(err * 1e6, 3) if np.isfinite(err) else 999.0,
        })  # fmt: skip
    return {
        "structure_id": ctx.save(prim),
        "method": f"quasi-harmonic: {params.n_volumes} volumes, phonopy {params.supercell}^3 supercell, cubic fit of F(V)",
        "static_lattice_constant": round(factor * v_static ** (1 / 3), 5),
        "zero_kelvin_lattice_constant": round(factor * float(v_t[0]) ** (1 / 3), 5),
        "volumes_per_atom": [round(float(v), 5) for v in vols],
        "static_energies_ev_per_atom": [round(float(e), 6) for e in ens],
        "min_frequency_thz": [round(f, 4) for f in scan["min_freq"]],
        "supercell": params.supercell,
        "supercell_atoms": len(prim) * params.supercell**3,
        "points": points,
        "warnings": warnings,
    }


def thermal_expansion(params: ThermalExpansionInput, settings: ToolSettings) -> ThermalExpansionResult:
    """Thermal expansion of a crystal by the quasi-harmonic approximation: static energies and
    phonon free energies (phonopy) at 5-11 volumes, F(V, T) minimised at each temperature. Returns
    a(T) (angstrom), the linear thermal expansion coefficient alpha(T) in 1/K and ppm/K with its
    jackknife fit error, the static and zero-point lattice constants, and the phonon supercell used.
    Dynamically unstable crystals (imaginary modes) are refused."""
    return ThermalExpansionResult(
        **run_on_crystal(
            "thermal_expansion", params, settings, lambda atoms, info, ctx: compute_expansion(atoms, info, ctx, params)
        )
    )


def larger_supercell(args: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    n = int(args.get("supercell", 3))
    if n >= 5:
        return None
    return {**args, "supercell": n + 1}, f"phonon supercell {n + 1}^3 instead of {n}^3"


thermal_expansion_tool = make_tool(
    "thermal_expansion", thermal_expansion, ThermalExpansionInput, ["emt", "chgnet"], sensitivity=larger_supercell
)
