"""The quasi-harmonic fits behind thermal_expansion (plain numpy on per-atom arrays, no
calculators): which volumes to fit, V(T) by minimising F(V, T), alpha(T) and its jackknife error
(tools/thermal_md.py takes over where the minimum leaves the scanned range).

Arrays: ``volumes`` (n,), ``energies`` (n,) static eV/atom, ``fvib`` (n, m) F_vib in eV/atom on the
temperature ``grid`` (m,).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tools.errors import SimulationFailed
from tools.phonons import IMAGINARY_THZ

MIN_VOLUMES = 5  # a cubic fit with a jackknife needs at least this many


def stable_volumes(min_freq: list[float]) -> list[int]:
    """Indices of the volumes to fit: a lattice that softens into imaginary modes when stretched
    (soft ML potentials for Pb) loses only its largest volumes, and only if five remain; imaginary
    modes anywhere else mean the crystal itself is unstable and QHA is undefined."""
    ok = [f >= -IMAGINARY_THZ for f in min_freq]
    n_stable = ok.index(False) if False in ok else len(ok)
    if any(ok[n_stable:]) or n_stable < MIN_VOLUMES:
        raise SimulationFailed(
            f"imaginary phonon modes (down to {min(min_freq):.2f} THz) at the scanned volumes: the crystal is "
            "dynamically unstable with this calculator, and the quasi-harmonic free energy is not defined"
        )
    return list(range(n_stable))


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


def _index(grid: Any, t: float) -> int:
    import numpy as np

    return int(np.argmin(np.abs(np.asarray(grid) - t)))


def minimised_alpha(volumes: Any, energies: Any, fvib: Any, grid: Any, t: float) -> float:
    """alpha = (1/3) d ln V(T) / dT by central difference; NaN where V(T) leaves the scan."""
    import numpy as np

    v = volumes_of_t(volumes, energies, fvib)
    i = _index(grid, t)
    return float((np.log(v[i + 1]) - np.log(v[i - 1])) / (grid[i + 1] - grid[i - 1]) / 3.0)


def jackknife(
    alpha: Callable[[Any, Any, Any, Any, float], float],
    volumes: Any,
    energies: Any,
    fvib: Any,
    grid: Any,
    t: float,
) -> float:
    """Jackknife standard error of ``alpha`` over the volumes (each left out in turn); NaN when a
    subset cannot be fitted."""
    import numpy as np

    n = len(volumes)
    values = []
    for k in range(n):
        keep = [i for i in range(n) if i != k]
        values.append(alpha(volumes[keep], energies[keep], fvib[keep], grid, t))
    a = np.asarray(values)
    if not np.isfinite(a).all():
        return float("nan")
    return float(np.sqrt((n - 1) / n * ((a - a.mean()) ** 2).sum()))
