"""Fit each calculator's signed error model per property and material class on the calibration set,
and write it, with its provenance, to agent/judges/calibration_model.json (the file the product reads).

For every (calculator, property, class) and for every (calculator, property) with classes pooled:
the errors e = ln(computed / reference) of the set's materials give n, the bias (mean), the spread
(sample standard deviation), the ~90 % prediction half-width t(0.95, n-1) x spread x sqrt(1 + 1/n)
for one new material, and t(0.95, n-1) x spread x sqrt(2) for the difference of two materials of
the class. The fallback rule for thin classes is applied when the product looks a model up
(agent/judges/calibration.py); bench/calibration_check.py measures how well all this covers.

    PYTHONPATH=. .venv/bin/python bench/fit_calibration.py [--computed bench/calibration/computed.json]
        [--references ../shared/bench/reference-properties.csv] [--out agent/judges/calibration_model.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import calibration_set as cs  # noqa: E402
from scipy import stats  # noqa: E402

from agent.judges.calibration import MODEL_FILE, POOLED, ErrorModel, ModelSet  # noqa: E402
from agent.judges.material_class import material_class  # noqa: E402

LEVEL = 0.90
MIN_POINTS = 4
FALLBACK_WIDEN = 1.5
COMMAND = "PYTHONPATH=. python bench/fit_calibration.py"


def fit_one(
    calculator: str, quantity: str, cls: str, points: list[cs.Point], level: float = LEVEL
) -> ErrorModel:
    """The model of one group of points (errors in ln units; signs that disagree are counted, not fitted)."""
    errors = [math.log(p.computed / p.reference) for p in points if p.computed * p.reference > 0]
    n = len(errors)
    bias = statistics.fmean(errors) if errors else 0.0
    spread = statistics.stdev(errors) if n >= 2 else math.inf
    t = float(stats.t.ppf(0.5 + level / 2, n - 1)) if n >= 2 else math.inf
    hw = t * spread * math.sqrt(1 + 1 / n) if n >= 2 else math.inf
    pair = t * spread * math.sqrt(2) if n >= 2 else math.inf
    return ErrorModel(calculator, quantity, cls, len(points), round(bias, 6), round(spread, 6), round(hw, 6),
                      round(pair, 6), n, "class" if cls != POOLED else "pooled")  # fmt: skip


def _agreeing(points: list[cs.Point]) -> int:
    return sum(p.computed * p.reference > 0 for p in points)


def fit(points: Iterable[cs.Point], level: float = LEVEL, min_points: int = MIN_POINTS,
        fallback_widen: float = FALLBACK_WIDEN, provenance: dict[str, str] | None = None) -> ModelSet:  # fmt: skip
    """Every class model and every pooled model of ``points`` (groups with fewer than two materials of
    the reference's sign are left out: no spread can be estimated from one)."""
    groups: dict[tuple[str, str, str], list[cs.Point]] = defaultdict(list)
    for p in points:
        groups[(p.calculator, p.quantity, material_class(p.material, p.prototype))].append(p)
        groups[(p.calculator, p.quantity, POOLED)].append(p)
    fitted = tuple(fit_one(c, q, k, pts, level) for (c, q, k), pts in sorted(groups.items()) if _agreeing(pts) >= 2)
    return ModelSet(level, min_points, fallback_widen, provenance or {}, fitted)


def provenance(points: list[cs.Point], computed: Path, references: Path) -> dict[str, str]:
    runs = sorted({f"{p.command} ({p.date})" for p in points})
    return {
        "set": f"{computed.name} (computed, bench/calibration/) + bench/calibration_set.py references "
               f"({references.name}, crystal_references.py, tools_accuracy_thermal.py): {len(points)} points",
        "runs": "; ".join(runs),
        "date": dt.date.today().isoformat(),
        "command": COMMAND,
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--computed", type=Path, default=cs.COMPUTED)
    ap.add_argument("--references", type=Path, default=cs.REFERENCE_CSV)
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    a = ap.parse_args()
    points = cs.load(a.computed, a.references)
    models = fit(points, provenance=provenance(points, a.computed, a.references))
    a.out.write_text(models.to_json())
    print(f"$ {COMMAND}\n{len(points)} calibration points -> {len(models.models)} models -> {a.out}")
    print(f"{'calculator':10} {'property':25} {'class':26} {'n':>2} {'bias %':>7} {'spread':>7} {'hw90':>6}")
    for m in models.models:
        print(f"{m.calculator:10} {m.quantity:25} {m.material_class:26} {m.n:2d} {100 * math.expm1(m.bias):+7.1f} "
              f"{m.spread:7.3f} {m.half_width:6.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
