"""run_md: a short NVT Langevin molecular-dynamics run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from tools.call_context import SimResult, check_value, new_context, run_cached
from tools.definition import make_tool
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context

# Below this many atoms the instantaneous temperature fluctuates too much to mean much.
SMALL_SYSTEM = 8


class MdInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC)
    calculator: str = CALCULATOR_FIELD
    temperature_k: float = Field(300.0, gt=0, le=10000, description="Thermostat temperature in kelvin.")
    steps: int = Field(100, ge=1, le=100000, description="Number of MD steps.")
    timestep_fs: float = Field(1.0, gt=0, le=10, description="Time step in femtoseconds.")
    friction: float = Field(0.01, gt=0, le=1, description="Langevin friction in 1/fs.")
    seed: int = Field(0, ge=0, description="Random seed for initial velocities and the thermostat.")
    use_cache: bool = USE_CACHE_FIELD


class MdResult(SimResult):
    initial_structure_id: str
    final_structure_id: str
    mean_temperature_k: float
    std_temperature_k: float
    energy_drift_ev_per_atom: float = Field(
        description="Total energy change, last minus first step, per atom."
    )
    mean_potential_energy_ev_per_atom: float
    steps: int
    simulated_time_fs: float
    trace: dict[str, list[float]] = Field(
        default_factory=dict,
        description="Per-step series for plots (at most ~60 points): time_fs, temperature_k, "
        "total_energy_ev_per_atom, potential_energy_ev_per_atom.",
    )


def _langevin(work: Atoms, params: MdInput, ctx: Context, info: CalculatorInfo) -> dict[str, list[float]]:
    """Run the thermostatted trajectory on ``work`` (calculator attached); per-step series."""
    import numpy as np
    from ase import units
    from ase.constraints import FixCom
    from ase.md.langevin import Langevin
    from ase.md.velocitydistribution import MaxwellBoltzmannDistribution, Stationary

    # FixCom + fixcm=False: ASE's recommended way to keep the centre of mass still in NVT.
    work.set_constraint(FixCom())
    rng = np.random.default_rng(params.seed)
    MaxwellBoltzmannDistribution(work, temperature_K=params.temperature_k, rng=rng)
    Stationary(work)
    dyn = Langevin(
        work,
        params.timestep_fs * units.fs,
        temperature_K=params.temperature_k,
        friction=params.friction / units.fs,
        rng=rng,
        fixcm=False,
        logfile=None,
    )
    series: dict[str, list[float]] = {"temperature": [], "total": [], "potential": []}

    def observe() -> None:
        ctx.deadline.check()
        epot = float(work.get_potential_energy())
        check_value(epot, len(work), info)
        series["potential"].append(epot)
        series["total"].append(epot + float(work.get_kinetic_energy()))
        series["temperature"].append(float(work.get_temperature()))

    dyn.attach(observe, interval=1)
    dyn.run(params.steps)
    work.calc = None
    work.set_constraint()
    return series


# Enough points to draw a trace, few enough to keep results (and a model's context) small.
TRACE_POINTS = 60


def _trace(series: dict[str, list[float]], n_atoms: int, timestep_fs: float) -> dict[str, list[float]]:
    """Every k-th step of the series, per atom for energies; observe() runs once per step from 0."""
    count = len(series["temperature"])
    k = max(1, -(-count // TRACE_POINTS))
    idx = range(0, count, k)
    return {
        "time_fs": [round(i * timestep_fs, 4) for i in idx],
        "temperature_k": [round(series["temperature"][i], 3) for i in idx],
        "total_energy_ev_per_atom": [round(series["total"][i] / n_atoms, 6) for i in idx],
        "potential_energy_ev_per_atom": [round(series["potential"][i] / n_atoms, 6) for i in idx],
    }


def _md_warnings(n: int, mean_t: float, target: float) -> list[str]:
    if n < SMALL_SYSTEM:
        return [f"only {n} atoms: the temperature fluctuates strongly; use a supercell"]
    if abs(mean_t / target - 1) > 0.5:
        return [f"mean temperature {mean_t:.0f} K far from the target: run longer or raise friction"]
    return []


def run_md(params: MdInput, settings: ToolSettings) -> MdResult:
    """Run a short NVT molecular-dynamics simulation (Langevin thermostat, seeded) and report the mean
    and spread of the temperature, the total-energy drift per atom, the mean potential energy and the
    structure_id of the final frame."""
    ctx = new_context(settings)
    atoms = ctx.atoms(params.structure)
    info = ctx.calculator(params.calculator, atoms)
    initial_id = ctx.save(atoms)
    parameters = params.model_dump(exclude={"structure", "calculator", "use_cache"})
    parameters["ensemble"] = "NVT-Langevin"

    def compute() -> dict[str, Any]:
        import numpy as np

        work = ctx.attach(atoms.copy(), info)
        series = _langevin(work, params, ctx, info)
        n, mean_t = len(work), float(np.mean(series["temperature"]))
        return {
            "initial_structure_id": initial_id,
            "final_structure_id": ctx.save(work),
            "mean_temperature_k": round(mean_t, 3),
            "std_temperature_k": round(float(np.std(series["temperature"])), 3),
            "energy_drift_ev_per_atom": round((series["total"][-1] - series["total"][0]) / n, 6),
            "mean_potential_energy_ev_per_atom": round(float(np.mean(series["potential"])) / n, 6),
            "steps": params.steps,
            "simulated_time_fs": params.steps * params.timestep_fs,
            "warnings": _md_warnings(n, mean_t, params.temperature_k),
            "trace": _trace(series, n, params.timestep_fs),
        }

    return MdResult(**run_cached("run_md", ctx, atoms, info, parameters, compute, params.use_cache))


run_md_tool = make_tool("run_md", run_md, MdInput, ["emt", "chgnet", "sevennet", "xtb"])
