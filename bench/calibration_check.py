"""Leave-one-material-out coverage of the calibrated error models (issue 24, item 6).

For each calculator and property: every benchmarked material in turn is left out, the models are
refitted on the others (bench/fit_calibration.py's fit), the left-out material's interval for the
true value is computed from its own computed value with the model the product would use for its
class (agent/judges/calibration.py's lookup, fallback included), and the check counts whether its
reference value lies inside. Coverage is that fraction, against the interval's nominal level. No
physics is re-run: the computed values and their provenance are in bench/calibration/computed.json.

    PYTHONPATH=. .venv/bin/python bench/calibration_check.py [--computed ...] [--references ...]
"""

from __future__ import annotations

import argparse
import itertools
import math
import statistics
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import calibration_set as cs  # noqa: E402
import fit_calibration as fc  # noqa: E402

from agent.judges.calibration import pair  # noqa: E402
from agent.judges.material_class import material_class  # noqa: E402

COMMAND = "PYTHONPATH=. python bench/calibration_check.py"


@dataclass
class Row:
    """Leave-one-out outcome for one calculator and property."""

    n: int = 0
    inside: int = 0
    widths: list[float] = field(default_factory=list)  # ln half-widths used
    misses: list[str] = field(default_factory=list)  # "Al (class, ref 76 outside 25.1-68.2)"
    fallbacks: int = 0

    @property
    def coverage(self) -> float:
        return self.inside / self.n if self.n else math.nan


def lomo(points: list[cs.Point], level: float = fc.LEVEL, min_points: int = fc.MIN_POINTS,
         fallback_widen: float = fc.FALLBACK_WIDEN) -> dict[tuple[str, str], Row]:  # fmt: skip
    """(calculator, property) -> leave-one-material-out coverage of ``points``."""
    groups: dict[tuple[str, str], list[cs.Point]] = defaultdict(list)
    for p in points:
        groups[(p.calculator, p.quantity)].append(p)
    rows: dict[tuple[str, str], Row] = {}
    for key, pts in sorted(groups.items()):
        row = rows.setdefault(key, Row())
        for p in pts:
            rest = [q for q in pts if q.material != p.material]
            models = fc.fit(rest, level, min_points, fallback_widen)
            model = models.lookup(p.calculator, p.quantity, material_class(p.material, p.prototype))
            _, lo, hi = model.truth(p.computed)
            row.n += 1
            row.widths.append(model.half_width)
            row.fallbacks += model.basis != "class"
            if lo <= p.reference <= hi:
                row.inside += 1
            else:
                row.misses.append(f"{p.material} ({model.basis}: {p.reference:g} outside {lo:.3g}-{hi:.3g})")
    return rows


def lomo_pairs(points: list[cs.Point], level: float = fc.LEVEL, min_points: int = fc.MIN_POINTS,
               fallback_widen: float = fc.FALLBACK_WIDEN) -> dict[tuple[str, str], Row]:  # fmt: skip
    """(calculator, property) -> leave-two-out coverage of comparisons: for every pair of materials,
    the models refitted without both, is the reference ln ratio inside the computed ln ratio
    corrected by the shift, ± the comparison half-width (agent/judges/calibration.pair)?"""
    groups: dict[tuple[str, str], list[cs.Point]] = defaultdict(list)
    for p in points:
        groups[(p.calculator, p.quantity)].append(p)
    rows: dict[tuple[str, str], Row] = {}
    for key, pts in sorted(groups.items()):
        row = rows.setdefault(key, Row())
        for a, b in itertools.combinations(pts, 2):
            models = fc.fit([q for q in pts if q.material not in (a.material, b.material)], level, min_points,
                            fallback_widen)  # fmt: skip
            ma, mb = (
                models.lookup(p.calculator, p.quantity, material_class(p.material, p.prototype))
                for p in (a, b)
            )
            shift, width = pair(ma, mb)
            estimate = math.log(a.computed / b.computed) - shift
            row.n += 1
            row.widths.append(width)
            row.fallbacks += ma.basis != "class" or mb.basis != "class"
            if abs(math.log(a.reference / b.reference) - estimate) <= width:
                row.inside += 1
            else:
                row.misses.append(f"{a.material}/{b.material}")
    return rows


def _table(rows: dict[tuple[str, str], Row], what: str) -> None:
    print(f"{'calculator':10} {'property':25} {'n':>3} {'inside':>6} {'LOMO cov.':>9} {'nominal':>7} "
          f"{'fallback':>8} {'median ×/÷':>10}  {what}")  # fmt: skip
    total, inside = 0, 0
    for (calc, q), r in rows.items():
        total, inside = total + r.n, inside + r.inside
        factor = math.exp(statistics.median(r.widths))
        print(f"{calc:10} {q:25} {r.n:3d} {r.inside:6d} {r.coverage:9.0%} {fc.LEVEL:7.0%} {r.fallbacks:8d} "
              f"{factor:10.3g}  {'; '.join(r.misses) or '-'}")  # fmt: skip
    print(f"all: {inside}/{total} = {inside / total:.0%} inside (nominal {fc.LEVEL:.0%})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--computed", type=Path, default=cs.COMPUTED)
    ap.add_argument("--references", type=Path, default=cs.REFERENCE_CSV)
    a = ap.parse_args()
    points = cs.load(a.computed, a.references)
    rows = lomo(points)
    print(f"$ {COMMAND}")
    print(f"data: {a.computed} (computed, with each run's command and date) + references {a.references}, "
          "bench/crystal_references.py, bench/tools_accuracy_thermal.py")  # fmt: skip
    print(
        f"models: per class, min {fc.MIN_POINTS} materials, else all classes pooled x{fc.FALLBACK_WIDEN}; "
        f"nominal level {fc.LEVEL:.0%}\n"
    )
    print("values: each material left out in turn; its reference inside the interval for the truth?")
    _table(rows, "left-out materials outside their band")
    print(
        "\ncomparisons (one calculator, two materials): both left out; the reference ratio inside the band?"
    )
    _table(lomo_pairs(points), "pairs outside their band")


if __name__ == "__main__":
    main()
