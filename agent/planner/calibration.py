"""Each calculator's measured error, per property and per material, from the project's own benchmark.

The planner decides a numeric claim only when the gap between claim and computation exceeds these
errors (agent/planner/uncertainty.py). The figures are not guesses: the per-material signed errors
live with the tools that have them (``tools.accuracy.ERROR_PCT_BY_MATERIAL``, printed by
``python bench/tools_accuracy.py``); this module turns them into the widths a decision must beat.

How the tables are used (documented rule, tested):
- a material the bench measured: its own |error|, but never less than the calculator's mean
  absolute error (one sample of a deterministic error is still one sample);
- any other material: the largest |error| the bench saw for that calculator and property (the
  benchmark is small, so the worst case is the honest width);
- a comparison of two materials with one calculator: errors shared by both largely cancel, so
  the width is the spread of the errors across materials: the root-mean-square difference of the
  log errors of two materials (sqrt(2) x their standard deviation).
"""

from __future__ import annotations

import math
import statistics

from tools.accuracy import ERROR_PCT_BY_MATERIAL

BENCH_COMMAND = "python bench/tools_accuracy.py"

# GFN2-xTB geometries from the same bench: H-O-H 107.2 vs 104.5 deg (water), H-N-H 107.7 vs
# 106.7 deg (ammonia); N2 1.098 vs 1.098 A, O2 1.210 vs 1.208 A, O-H 0.959 vs 0.958 A. Three
# bond lengths are too few to bound an error, so lengths use the published GFN2-xTB figure as a
# floor (~1 %: Bannwarth, Ehlert & Grimme, JCTC 15, 1652 (2019)).
ANGLE_ERROR_DEG: dict[str, float] = {"xtb": 2.7}
BOND_LENGTH_ERROR_PCT: dict[str, float] = {"xtb": 1.0}
# A calculator the bench has not measured for a property gets this wide error, so that only a gross
# mismatch is decided.
UNMEASURED_ERROR_PCT = 30.0


def _errors(calculator: str, quantity: str) -> dict[str, float]:
    base = "lattice_constant" if quantity == "density" else quantity
    return ERROR_PCT_BY_MATERIAL.get(calculator, {}).get(base, {})


def value_error_pct(quantity: str, calculator: str, formula: str | None = None) -> float:
    """The relative error (%) to allow on a computed value of ``quantity`` (see the module rule)."""
    if quantity == "bond_length":
        return BOND_LENGTH_ERROR_PCT.get(calculator, UNMEASURED_ERROR_PCT)
    errors = _errors(calculator, quantity)
    if not errors:
        return UNMEASURED_ERROR_PCT
    magnitudes = [abs(e) for e in errors.values()]
    mean_abs = statistics.fmean(magnitudes)
    own = errors.get(formula or "")
    pct = max(abs(own), mean_abs) if own is not None else max(magnitudes)
    # Density goes as 1/a^3: three times the lattice-constant error.
    return 3.0 * pct if quantity == "density" else pct


def comparison_error(quantity: str, calculator: str) -> float:
    """The width, in natural-log units of the ratio first/second, within which one calculator
    cannot tell two materials apart (the spread of its errors across materials)."""
    if quantity == "bond_length":
        return math.sqrt(2.0) * math.log1p(BOND_LENGTH_ERROR_PCT.get(calculator, UNMEASURED_ERROR_PCT) / 100)
    errors = _errors(calculator, quantity)
    if len(errors) < 3:
        return math.sqrt(2.0) * math.log1p(UNMEASURED_ERROR_PCT / 100)
    logs = [math.log1p(e / 100) for e in errors.values()]
    spread = math.sqrt(2.0) * statistics.pstdev(logs)
    return 3.0 * spread if quantity == "density" else spread


def angle_error_deg(calculator: str) -> float:
    return ANGLE_ERROR_DEG.get(calculator, 10.0)
