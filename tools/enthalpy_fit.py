"""Enthalpy from a fitted equation of state: P(V) = -dE/dV and H(P) = E(V(P)) + P V(P).

The third-order Birch-Murnaghan E(V) is a cubic polynomial in x = V^(-2/3) (as in tools/eos.py);
its derivative gives the pressure in closed form. A curve answers only inside the volume window it
was fitted on: a BM fit extrapolated far outside it can put a transition anywhere, so a pressure
the window does not reach gets None, never a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from tools.errors import SimulationFailed

GPA_PER_EV_A3 = 160.21766208
# Grid on which H_a(P) - H_b(P) is scanned for sign changes before each root is refined.
CROSSING_GRID = 400


@dataclass(frozen=True)
class EnthalpyCurve:
    """A fitted E(V) per atom (eV, angstrom^3) valid on [v_min, v_max]."""

    coeffs: tuple[float, float, float, float]  # E(x), x = V^(-2/3), highest power first
    v_min: float
    v_max: float
    residual_ev: float

    def energy(self, v: float) -> float:
        import numpy as np

        return float(np.polyval(self.coeffs, v ** (-2.0 / 3.0)))

    def pressure_gpa(self, v: float) -> float:
        import numpy as np

        d1 = np.polyder(np.asarray(self.coeffs), 1)
        return float(2.0 / 3.0 * v ** (-5.0 / 3.0) * np.polyval(d1, v ** (-2.0 / 3.0)) * GPA_PER_EV_A3)

    @property
    def p_range(self) -> tuple[float, float]:
        """The pressures the window reaches: (at its largest volume, at its smallest)."""
        return self.pressure_gpa(self.v_max), self.pressure_gpa(self.v_min)

    def volume_at(self, p_gpa: float) -> float | None:
        lo, hi = self.p_range
        if not lo <= p_gpa <= hi:
            return None
        from scipy.optimize import brentq

        return float(brentq(lambda v: self.pressure_gpa(v) - p_gpa, self.v_min, self.v_max, xtol=1e-10))

    def enthalpy(self, p_gpa: float) -> float | None:
        """H per atom (eV) at ``p_gpa``; None outside the fitted window."""
        v = self.volume_at(p_gpa)
        return None if v is None else self.energy(v) + p_gpa * v / GPA_PER_EV_A3


def fit_curve(volumes: list[float], energies: list[float]) -> EnthalpyCurve:
    """Fit BM-3 to a scan; SimulationFailed when P(V) is not monotonic over the window (a fit
    with a spurious inflection would give two volumes for one pressure)."""
    import numpy as np

    v, e = np.asarray(volumes, float), np.asarray(energies, float)
    if len(v) < 5:
        raise SimulationFailed("too few volumes to fit an equation of state (need 5)")
    coeffs = np.polyfit(v ** (-2.0 / 3.0), e, 3)
    residual = float(np.sqrt(np.mean((np.polyval(coeffs, v ** (-2.0 / 3.0)) - e) ** 2)))
    curve = EnthalpyCurve(tuple(float(c) for c in coeffs), float(v.min()), float(v.max()), residual)  # type: ignore[arg-type]
    grid = np.linspace(curve.v_min, curve.v_max, 200)
    p = np.array([curve.pressure_gpa(x) for x in grid])
    if np.any(np.diff(p) >= 0):
        raise SimulationFailed("the fitted equation of state has no monotonic P(V) over the scanned volumes")
    return curve


@dataclass(frozen=True)
class Crossing:
    """``below`` has the lower enthalpy just below ``pressure_gpa``, ``above`` just above it."""

    below: str
    above: str
    pressure_gpa: float


def crossings(
    a: str, b: str, ca: EnthalpyCurve, cb: EnthalpyCurve, p_lo: float, p_hi: float
) -> list[Crossing]:
    """Every pressure in [p_lo, p_hi] where H_a = H_b, in increasing order."""
    import numpy as np
    from scipy.optimize import brentq

    if p_hi <= p_lo:
        return []

    def diff(p: float) -> float:
        ha, hb = ca.enthalpy(p), cb.enthalpy(p)
        assert ha is not None and hb is not None  # p_lo..p_hi lies inside both windows
        return ha - hb

    grid = np.linspace(p_lo, p_hi, CROSSING_GRID)
    d = [diff(float(p)) for p in grid]
    out = []
    for i in range(len(grid) - 1):
        if d[i] == 0.0 or d[i] * d[i + 1] < 0:
            p = float(brentq(diff, grid[i], grid[i + 1], xtol=1e-8)) if d[i] != 0.0 else float(grid[i])
            below, above = (a, b) if d[i] < 0 or (d[i] == 0 and d[i + 1] > 0) else (b, a)
            out.append(Crossing(below, above, p))
    return out


def all_crossings(
    curves: dict[str, EnthalpyCurve], p_lo: float
) -> tuple[list[Crossing], dict[tuple[str, str], float]]:
    """Crossings of every pair within the pressures both windows reach, and each pair's upper
    search limit (for reporting 'none below X GPa')."""
    found: list[Crossing] = []
    limits: dict[tuple[str, str], float] = {}
    for a, b in combinations(curves, 2):
        lo = max(p_lo, curves[a].p_range[0], curves[b].p_range[0])
        hi = min(curves[a].p_range[1], curves[b].p_range[1])
        limits[(a, b)] = hi
        found += crossings(a, b, curves[a], curves[b], lo, hi)
    return sorted(found, key=lambda c: c.pressure_gpa), limits
