"""Batched equation-of-state scans with per-structure recentring.

``tools.eos.scan_many`` re-evaluates every structure until all are bracketed, so one
slow-to-bracket cell makes the whole batch pay for more rounds; measured on the 80 alkali-halide
cells with CHGNet it was slower than scanning them one by one (43 s vs 36 s). Here each round
evaluates, in one calculator call, only the structures still unsettled: the same points per
structure as scanning it alone, so batching is the only difference between the two modes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.eos import EosFit

FINE_POINTS, STRAIN = 7, 0.06  # the fit compare_polymorphs uses (tools/polymorphs.py)


@dataclass
class _Cell:
    atoms: Any
    center: float  # volume per atom the next scan is centred on
    best: tuple[float, float] | None = None  # (energy per atom, volume) lowest seen
    fit: EosFit | None = None
    error: str | None = None
    tried: int = 0
    points: list[tuple[float, float]] = field(default_factory=list)


def scan_cells(cells: list[Any], info: Any, ctx: Any) -> list[_Cell]:
    """Coarse bracketing then a fine Birch-Murnaghan fit for every cell, batched per round."""
    from tools.eos import COARSE, MAX_RECENTER

    state = [_Cell(a, abs(a.cell.volume) / len(a)) for a in cells]
    pending = list(state)
    for _ in range(MAX_RECENTER):  # coarse: bracket the minimum
        if not pending:
            break
        _evaluate(pending, [[c.center * f for f in COARSE] for c in pending], info, ctx)
        still = []
        for c in pending:
            vols = [c.center * f for f in COARSE]
            es = [e for _, e in c.points[-len(COARSE) :]]
            i = min(range(len(es)), key=es.__getitem__)
            c.center = vols[i]
            if not 0 < i < len(COARSE) - 1:
                still.append(c)
        pending = still
    _fine(state, info, ctx)
    return state


def _fine(state: list[_Cell], info: Any, ctx: Any) -> None:
    import numpy as np

    from tools.eos import MAX_RECENTER, birch_murnaghan, check_not_flat

    grid = np.linspace(1 - STRAIN, 1 + STRAIN, FINE_POINTS)
    pending = list(state)
    for _ in range(MAX_RECENTER):
        if not pending:
            return
        vols = [[c.center * float(f) for f in grid] for c in pending]
        _evaluate(pending, vols, info, ctx)
        still = []
        for c, vs in zip(pending, vols, strict=True):
            es = [e for _, e in c.points[-FINE_POINTS:]]
            try:
                fit = birch_murnaghan(vs, es)
                check_not_flat(fit)  # a plateau has no modulus to report (tools/eos.py)
            except Exception as e:  # noqa: BLE001 - no minimum: the caller falls back to the best point
                c.error = f"{type(e).__name__}: {e}"
                continue
            if min(vs) <= fit.v0 <= max(vs):
                c.fit, c.error = fit, None
            else:
                c.center = fit.v0 if min(vs) * 0.7 < fit.v0 < max(vs) * 1.3 else c.center
                c.error = "equation-of-state minimum not bracketed after recentring"
                still.append(c)
        pending = still


def _evaluate(cells: list[_Cell], vols: list[list[float]], info: Any, ctx: Any) -> None:
    """One calculator call for every (cell, volume); energies per atom appended to each cell."""
    from tools.batch_energies import energies
    from tools.eos import scaled

    flat = [scaled(c.atoms, v) for c, vs in zip(cells, vols, strict=True) for v in vs]
    es = energies(flat, info, ctx)
    k = 0
    for c, vs in zip(cells, vols, strict=True):
        for v in vs:
            e = es[k] / len(c.atoms)
            c.points.append((v, e))
            if c.best is None or e < c.best[0]:
                c.best = (e, v)
            k += 1
