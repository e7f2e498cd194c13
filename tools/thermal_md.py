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
TIMESTEP_FS = 2.0
FRICTION = 0.02  # 1/fs: a strong thermostat, since only averages matter here


def md_supercell(prim: Atoms) -> Atoms:
    from tools.ground_state import standardized

    conv = standardized(prim, primitive=False)
    n = 1
    while len(conv) * n**3 < MIN_ATOMS:
        n += 1
    return conv.repeat(n)


def mean_pressure(
    cell: Atoms, t: float, steps: int, seed: int, info: CalculatorInfo, ctx: Context
) -> tuple[float, float]:
    """(mean pressure, its block-average standard error) in GPa of an NVT run at ``t`` K; the
    first fifth of ``steps`` is equilibration and not averaged."""
    import numpy as np
    from ase import units
    from ase.md.langevin import Langevin
    from ase.md.velocitydistribution import MaxwellBoltzmannDistribution

    work = cell.copy()
    work.calc = info.factory(ctx.settings.simulation)
    MaxwellBoltzmannDistribution(work, temperature_K=t, rng=np.random.default_rng(seed))
    dyn = Langevin(
        work, TIMESTEP_FS * units.fs, temperature_K=t, friction=FRICTION / units.fs,
        rng=np.random.default_rng(seed + 1),
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


def md_alpha(
    prim: Atoms, bulk_modulus_gpa: float, t: float, steps: int, info: CalculatorInfo, ctx: Context
) -> dict[str, Any]:
    """alpha at ``t`` from the thermal pressure between t -/+ dT (dT = min(100 K, t / 2))."""
    cell = md_supercell(prim)
    dt = min(100.0, t / 2.0)
    lo, lo_err = mean_pressure(cell, t - dt, steps, 11, info, ctx)
    hi, hi_err = mean_pressure(cell, t + dt, steps, 23, info, ctx)
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
