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
Where it fails outright (a soft lattice, e.g. CHGNet's Pb, goes dynamically unstable when stretched
by ~1.5 %, so the F(V, T) minimum leaves the stable volumes already at 100 K), ``method='auto'``
falls back to NVT molecular dynamics at those temperatures (tools/thermal_md.py), and so it does
where CHGNet's float32 energies make the QHA fit ill-conditioned (jackknife error > 25 %).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tools import qha, thermal_md
from tools.call_context import SimResult, checked_energy, run_on_crystal
from tools.definition import make_tool
from tools.errors import SimulationFailed, ToolInputError
from tools.phonons import (
    displacement_for,
    force_constants,
    mesh_frequencies,
    relaxed_primitive,
    thermal_points,
)
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context

GPA_PER_EV_A3 = 160.21766208
NOT_CUBIC = "not cubic: the cell is scaled isotropically (c/a held fixed); a is the first axis"
QHA_FAILS = (
    "the lattice softens into imaginary modes when stretched, so the quasi-harmonic free energy is not "
    "defined where the crystal would expand to"
)
# A QHA alpha whose jackknife error exceeds this fraction of it is not trusted ('auto' runs MD):
# CHGNet's float32 energies and forces make F(V, T) differences of a few meV noisy.
QHA_MAX_REL_ERROR = 0.25
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
    strain_max: float = Field(0.02, ge=0.005, le=0.08, description="Largest linear strain of the scan.")
    supercell: int = Field(3, ge=2, le=5, description="Phonon supercell n x n x n of the primitive cell.")
    displacement: float | None = Field(
        None,
        ge=0.002,
        le=0.05,
        description="Phonon displacement in angstrom; null: 0.01 for EMT, 0.03 for machine-learned potentials.",
    )
    mesh: int = Field(12, ge=4, le=30, description="q-point mesh n x n x n for the free energy.")
    method: Literal["auto", "qha", "md"] = Field(
        "auto",
        description="'qha' (quasi-harmonic), 'md' (NVT thermal pressure at the static volume), or 'auto': QHA, "
        "and MD at temperatures where the QHA minimum leaves the dynamically stable volumes.",
    )
    md_steps: int = Field(
        400,
        ge=100,
        le=20000,
        description="MD steps per temperature (2-5 fs each by atomic mass; the first fifth equilibrates).",
    )
    use_cache: bool = USE_CACHE_FIELD

    @field_validator("temperatures")
    @classmethod
    def _in_range(cls, v: list[float]) -> list[float]:
        if any(not 10.0 <= t <= 1500.0 for t in v):
            raise ValueError("temperatures must lie between 10 and 1500 K")
        return sorted(set(v))


class TemperaturePoint(BaseModel):
    temperature_k: float
    lattice_constant: float | None = Field(
        description="a(T) in angstrom (conventional cell for cubic crystals); null for an MD estimate."
    )
    volume_per_atom: float | None
    alpha_linear_per_k: float = Field(description="Linear thermal expansion coefficient (1/K).")
    alpha_linear_ppm_per_k: float = Field(description="The same in 1e-6/K (ppm/K).")
    alpha_error_ppm_per_k: float = Field(description="Jackknife error of alpha over the volumes (ppm/K).")
    method: str = Field(
        description="'qha' (F(V,T) minimised, V(T) differentiated; error: jackknife over volumes) or 'md' "
        "(thermal pressure from NVT runs at T -/+ dT over 3 B; error: block averages of the pressure)."
    )
    md: dict[str, Any] | None = Field(
        None, description="MD details: atoms, mean pressures (GPa), temperatures."
    )


class ThermalExpansionResult(SimResult):
    structure_id: str = Field(description="Id of the relaxed primitive cell (static minimum).")
    method: str
    static_lattice_constant: float = Field(
        description="Lattice constant at the static (0 K, no ZPE) minimum."
    )
    zero_kelvin_lattice_constant: float | None = Field(description="With zero-point motion (QHA at 0 K).")
    static_bulk_modulus_gpa: float = Field(
        description="V E''(V) at the static minimum (used by the MD route)."
    )
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


def volume_scan(
    prim: Atoms,
    params: ThermalExpansionInput,
    temps: list[float],
    info: CalculatorInfo,
    ctx: Context,
    phonons: bool = True,
) -> dict[str, Any]:
    """Static energy, and with ``phonons`` the lowest frequency and F_vib(T), at each scaled
    volume (per atom)."""
    import numpy as np

    strains = np.linspace(params.strain_min, params.strain_max, params.n_volumes)
    n = len(prim)
    if n * params.supercell**3 > ctx.settings.simulation.max_atoms:
        raise ToolInputError(
            f"the {params.supercell}^3 supercell has {n * params.supercell**3} atoms, above simulation.max_atoms"
        )
    out: dict[str, Any] = {
        "strains": list(strains),
        "volumes": [],
        "energies": [],
        "min_freq": [],
        "fvib": [],
    }
    for s in strains:
        cell = prim.copy()
        cell.set_cell(prim.cell.array * (1.0 + s), scale_atoms=True)
        out["volumes"].append(cell.get_volume() / n)
        if not phonons:
            cell.calc = info.factory(ctx.settings.simulation)
            out["energies"].append(checked_energy(cell, info) / n)
            continue
        ph, e = force_constants(
            cell, params.supercell, displacement_for(info.name, params.displacement), info, ctx
        )
        freqs = mesh_frequencies(ph, params.mesh)
        out["energies"].append(e)
        out["min_freq"].append(float(freqs.min()))
        out["fvib"].append([p["free_energy_ev_per_atom"] for p in thermal_points(ph, temps, n)])
    return out


def _qha_point(
    t: float, grid: Any, fit: tuple[Any, Any, Any], v_t: Any, factor: float
) -> dict[str, Any] | None:
    """a(T) and alpha(T) by minimisation with its jackknife error; None where V(T) leaves the scan."""
    import numpy as np

    i = int(np.argmin(np.abs(grid - t)))
    if not np.isfinite(v_t[i - 1 : i + 2]).all():
        return None
    alpha = qha.minimised_alpha(*fit, grid, t)
    err = qha.jackknife(qha.minimised_alpha, *fit, grid, t)
    return {
        "temperature_k": t,
        "lattice_constant": round(factor * float(v_t[i]) ** (1 / 3), 5),
        "volume_per_atom": round(float(v_t[i]), 5),
        "alpha_linear_per_k": alpha,
        "alpha_linear_ppm_per_k": round(alpha * 1e6, 3),
        "alpha_error_ppm_per_k": round(err * 1e6, 3) if np.isfinite(err) else 999.0,
        "method": "qha",
    }


def _md_point(
    t: float, prim: Atoms, b_gpa: float, steps: int, info: CalculatorInfo, ctx: Context, use_cache: bool
) -> dict[str, Any]:
    r = thermal_md.md_alpha(prim, b_gpa, t, steps, info, ctx, use_cache)
    return {
        "temperature_k": t, "lattice_constant": None, "volume_per_atom": None,
        "alpha_linear_per_k": r["alpha"], "alpha_linear_ppm_per_k": round(r["alpha"] * 1e6, 3),
        "alpha_error_ppm_per_k": round(r["error"] * 1e6, 3), "method": "md",
        "md": {k: r[k] for k in ("md_atoms", "pressures_gpa", "temperatures_k")},
    }  # fmt: skip


def _qha_fit(scan: dict[str, Any], strict: bool) -> dict[str, Any]:
    """The QHA arrays cut to the dynamically stable volumes, or {"unusable": why}. Imaginary modes
    at the unstrained volume refuse the crystal whatever the method."""
    import numpy as np

    from tools.phonons import IMAGINARY_THZ

    if scan["min_freq"][int(np.argmin(np.abs(scan["strains"])))] < -IMAGINARY_THZ:
        raise SimulationFailed(
            f"imaginary phonon modes ({min(scan['min_freq']):.2f} THz) at the crystal's own volume: it is "
            "dynamically unstable with this calculator, so it has no thermal expansion to compute"
        )
    try:
        keep = qha.stable_volumes(scan["min_freq"])
    except SimulationFailed as e:
        if strict:
            raise
        return {"unusable": str(e), "warnings": []}
    vols, ens, fvib = (np.asarray(scan[k])[keep] for k in ("volumes", "energies", "fvib"))
    dropped = len(scan["volumes"]) - len(keep)
    warnings = (
        [f"imaginary phonon modes at the {dropped} largest volume(s); left out of the fit"] if dropped else []
    )
    return {"qha": (vols, ens, fvib), "v_t": qha.volumes_of_t(vols, ens, fvib), "warnings": warnings}


def _static_fit(scan: dict[str, Any]) -> tuple[float, float]:
    """(static minimum volume per atom, bulk modulus in GPa there) from the scan's static energies."""
    import numpy as np

    vols, ens = np.asarray(scan["volumes"]), np.asarray(scan["energies"])
    v_static = qha.minimum_volume(vols, ens)
    if v_static is None:
        raise SimulationFailed(
            "the static energy minimum lies outside the scanned volumes; widen strain_min/strain_max"
        )
    curvature = np.polyval(np.polyder(np.polyfit(vols, ens, 3), 2), v_static)
    return v_static, float(v_static * curvature) * GPA_PER_EV_A3


def _qha_or_why(t: float, grid: Any, fit: dict[str, Any], factor: float) -> dict[str, Any] | str:
    """The QHA point at ``t``, or why it is not trusted (then 'auto' runs MD)."""
    if "unusable" in fit:
        return fit["unusable"]
    point = _qha_point(t, grid, fit["qha"], fit["v_t"], factor)
    if point is None:
        return f"at {t:g} K the free-energy minimum leaves the dynamically stable volumes ({QHA_FAILS})"
    if point["alpha_error_ppm_per_k"] > QHA_MAX_REL_ERROR * abs(point["alpha_linear_ppm_per_k"]):
        return f"the QHA fit at {t:g} K is ill-conditioned (jackknife error {point['alpha_error_ppm_per_k']:.3g} ppm/K)"
    return point


def compute_expansion(
    atoms: Atoms, info: CalculatorInfo, ctx: Context, params: ThermalExpansionInput
) -> dict[str, Any]:
    import numpy as np

    prim = relaxed_primitive(atoms, info, ctx)
    factor, cubic = _conventional_factor(prim)
    grid = np.arange(0.0, max(params.temperatures) + 2 * T_STEP + 1e-9, T_STEP)
    grid = np.union1d(grid, [t + d for t in params.temperatures for d in (-T_STEP, 0.0, T_STEP)])
    scan = volume_scan(prim, params, [float(t) for t in grid], info, ctx, phonons=params.method != "md")
    no_qha: dict[str, Any] = {"unusable": "", "warnings": []}
    fit = _qha_fit(scan, strict=params.method == "qha") if params.method != "md" else no_qha
    v_static, b_gpa = _static_fit(scan)
    warnings = fit["warnings"] + ([] if cubic else [NOT_CUBIC])
    points = []
    for t in params.temperatures:
        got = _qha_or_why(t, grid, fit, factor)
        if isinstance(got, str) and params.method == "qha":
            raise SimulationFailed(got)
        if isinstance(got, str):
            if params.method == "auto":
                warnings.append(f"{got}; alpha from MD instead")
            got = _md_point(t, prim, b_gpa, params.md_steps, info, ctx, params.use_cache)
        points.append(got)
    fit["v_static"], fit["b_gpa"] = v_static, b_gpa
    v_t = fit.get("v_t")
    return {
        "structure_id": ctx.save(prim),
        "method": ", ".join(sorted({p["method"] for p in points})),
        "static_lattice_constant": round(factor * fit["v_static"] ** (1 / 3), 5),
        "zero_kelvin_lattice_constant": round(factor * float(v_t[0]) ** (1 / 3), 5)
        if v_t is not None and np.isfinite(v_t[0])
        else None,
        "static_bulk_modulus_gpa": round(fit["b_gpa"], 2),
        "volumes_per_atom": [round(float(v), 5) for v in scan["volumes"]],
        "static_energies_ev_per_atom": [round(float(e), 6) for e in scan["energies"]],
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
    Where the quasi-harmonic minimum leaves the dynamically stable volumes (very soft lattices),
    method 'auto' takes alpha from the thermal pressure of NVT MD runs at T -/+ dT (error from block
    averages). Crystals unstable at their own volume (imaginary modes) are refused."""
    return ThermalExpansionResult(
        **run_on_crystal(
            "thermal_expansion",
            params,
            settings,
            lambda atoms, info, ctx: compute_expansion(atoms, info, ctx, params),
        )
    )


def larger_supercell(args: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    n = int(args.get("supercell", 3))
    if n >= 5:
        return None
    return {**args, "supercell": n + 1}, f"phonon supercell {n + 1}^3 instead of {n}^3"


thermal_expansion_tool = make_tool(
    "thermal_expansion",
    thermal_expansion,
    ThermalExpansionInput,
    ["emt", "chgnet", "sevennet"],
    sensitivity=larger_supercell,
)
