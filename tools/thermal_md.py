"""Thermal expansion from molecular dynamics, for crystals the quasi-harmonic approximation cannot
treat: the thermal-pressure route. At the static equilibrium volume, NVT Langevin runs at T - dT and
T + dT give the mean pressure (virial plus kinetic term); alpha = (dP/dT)_V / (3 B), with B the
static bulk modulus at that volume (B_T is smaller than B_0, so alpha comes out somewhat low).

Fixed volume rather than an NPT barostat: the pressure decorrelates within a few phonon periods,
while a barostatted volume relaxes slowly, so the same statistical error costs fewer steps. The
error of each mean pressure comes from block averages (blocks longer than the correlation time).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from tools.call_context import checked_forces

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context

GPA_PER_EV_A3 = 160.21766208
MIN_ATOMS = 30  # supercell size: fewer atoms make the pressure too noisy to average
BLOCKS = 5
TIMESTEP_FS = 2.0  # for the lightest atoms treated here (Al); heavier crystals take longer steps
MAX_TIMESTEP_FS = 5.0
FRICTION = 0.02  # 1/fs: a strong thermostat, since only averages matter here


def md_supercell(prim: Atoms) -> Atoms:
    from tools.ground_state import standardized

    conv = standardized(prim, primitive=False)
    n = 1
    while len(conv) * n**3 < MIN_ATOMS:
        n += 1
    return conv.repeat(n)


def timestep_fs(cell: Atoms) -> float:
    """2 fs for aluminium, scaled with sqrt(mass) of the lightest atom (vibrations slow down as
    1/sqrt(m)), at most 5 fs: the same sampling error for fewer steps in a heavy crystal like Pb."""
    light = float(min(cell.get_masses()))
    return round(min(MAX_TIMESTEP_FS, TIMESTEP_FS * math.sqrt(light / 26.98)), 2)


def mean_pressure(
    cell: Atoms, t: float, steps: int, seed: int, info: CalculatorInfo, ctx: Context
) -> tuple[float, float]:
    """(mean pressure, its block-average standard error) in GPa of an NVT run at ``t`` K; the
    first fifth of ``steps`` is equilibration and not averaged."""
    import numpy as np
    from ase import units
    from ase.constraints import FixCom
    from ase.md.langevin import Langevin
    from ase.md.velocitydistribution import MaxwellBoltzmannDistribution

    work = cell.copy()
    work.calc = info.factory(ctx.settings.simulation)
    # FixCom + fixcm=False, as in run_md: ASE's own centre-of-mass fix is deprecated (a
    # FutureWarning that reached the user's terminal from every batch worker).
    work.set_constraint(FixCom())
    MaxwellBoltzmannDistribution(work, temperature_K=t, rng=np.random.default_rng(seed))
    dyn = Langevin(
        work, timestep_fs(cell) * units.fs, temperature_K=t, friction=FRICTION / units.fs,
        rng=np.random.default_rng(seed + 1), fixcm=False,
    )  # fmt: skip
    equilibrate = steps // 5
    samples: list[float] = []
    for k in range(steps):
        if k % 20 == 0:
            ctx.deadline.check()
        dyn.run(1)
        if k >= equilibrate:
            stress = work.get_stress(voigt=False, include_ideal_gas=True)
            samples.append(-float(np.trace(stress)) / 3.0 * GPA_PER_EV_A3)
    checked_forces(work, info)
    blocks = np.array_split(np.asarray(samples), BLOCKS)
    means = np.array([b.mean() for b in blocks])
    return float(means.mean()), float(means.std(ddof=1) / math.sqrt(BLOCKS))


def cached_pressure(
    cell: Atoms, t: float, steps: int, seed: int, info: CalculatorInfo, ctx: Context, use_cache: bool
) -> tuple[float, float]:
    """:func:`mean_pressure` through the result cache, keyed by cell, calculator and run settings:
    a QHA sensitivity variant (another phonon supercell) reuses the identical MD runs."""
    from tools import workspace as store
    from tools.cache import ResultCache, cache_key

    def run() -> dict[str, Any]:
        mean, sem = mean_pressure(cell, t, steps, seed, info, ctx)
        return {"mean_gpa": mean, "sem_gpa": sem}

    if not (use_cache and ctx.settings.simulation.cache):
        out = run()
    else:
        version = info.version(ctx.settings.simulation) or "-"
        params = {"temperature_k": t, "steps": steps, "seed": seed, "timestep_fs": timestep_fs(cell)}
        key = cache_key("thermal_md.pressure", store.structure_hash(cell), version, params)
        cache = ResultCache(ctx.settings.cache_dir / "simulations")
        out, _ = cache.get_or_compute(key, "thermal_md", run, wait_s=max(ctx.deadline.remaining(), 0.0))
    return float(out["mean_gpa"]), float(out["sem_gpa"])


def md_alpha(
    prim: Atoms,
    bulk_modulus_gpa: float,
    t: float,
    steps: int,
    info: CalculatorInfo,
    ctx: Context,
    use_cache: bool = True,
) -> dict[str, Any]:
    """alpha at ``t`` from the thermal pressure between t -/+ dT (dT = min(100 K, t / 2))."""
    cell = md_supercell(prim)
    dt = min(100.0, t / 2.0)
    lo, lo_err = cached_pressure(cell, t - dt, steps, 11, info, ctx, use_cache)
    hi, hi_err = cached_pressure(cell, t + dt, steps, 23, info, ctx, use_cache)
    dp_dt = (hi - lo) / (2.0 * dt)
    err = math.hypot(lo_err, hi_err) / (2.0 * dt)
    scale = 1.0 / (3.0 * bulk_modulus_gpa)
    return {
        "alpha": dp_dt * scale,
        "error": err * scale,
        "md_atoms": len(cell),
        "pressures_gpa": [round(lo, 4), round(hi, 4)],
        "temperatures_k": [t - dt, t + dt],
    }
