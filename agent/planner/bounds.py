"""Bounds on the true value from calculators with large, one-sided errors (vacancy and surface
energies), and the decision rule that combines two calculators.

Why not the symmetric error bar of agent/planner/uncertainty.py: CHGNet underestimates every
vacancy formation energy of the benchmark by 31-80 % and EMT every surface energy by 28-70 %;
a bar of ± the mean error around the computed value would exclude the experimental value. So each
calculator's benchmark gives a *range* of signed errors e = computed / experiment - 1
(tools.accuracy.ERROR_PCT_BY_MATERIAL, printed by ``python bench/tools_accuracy_crystals.py``),
and a computed value c bounds the truth to [c / (1 + e_max), c / (1 + e_min)], with the range of
log(1 + e) widened by ``RANGE_PAD`` of its width on each side (seven or eight metals are a small
sample, and a metal outside the benchmark may sit beyond its extremes).

Two calculators (documented rule, tested):
- their bounds do not overlap: they disagree beyond their measured errors -> inconclusive;
- otherwise the truth lies in the overlap; a claim is decided when the whole overlap satisfies it
  (or violates it). Confidence follows :func:`agent.planner.uncertainty.confidence` with
  r = 1 + margin / (half-width of the narrowest single-calculator bound), and stays below 0.7
  (``COMBINED_CAP``) when no calculator decides the claim on its own: the verdict then rests on
  both benchmarks' worst cases at once.
A comparison of two metals (:func:`decide_ratio`) is decided by a calculator only when the log of
the computed ratio exceeds the widest difference of its log errors between two benchmark metals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from agent.planner.uncertainty import confidence
from tools.accuracy import ERROR_PCT_BY_MATERIAL

RANGE_PAD = 0.1
COMBINED_CAP = 0.65
AGREE_BONUS = 0.03


@dataclass(frozen=True)
class Bound:
    calculator: str
    computed: float
    low: float
    high: float

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2


def log_error_range(calculator: str, quantity: str) -> tuple[float, float] | None:
    """(min, max) of log(1 + e) over the benchmark, padded; None when never measured."""
    errors = ERROR_PCT_BY_MATERIAL.get(calculator, {}).get(quantity)
    if not errors:
        return None
    logs = [math.log1p(e / 100) for e in errors.values()]
    lo, hi = min(logs), max(logs)
    pad = RANGE_PAD * (hi - lo)
    return lo - pad, hi + pad


def bound(calculator: str, quantity: str, computed: float) -> Bound | None:
    rng = log_error_range(calculator, quantity)
    if rng is None or computed <= 0:
        return None
    lo, hi = rng
    return Bound(calculator, computed, computed * math.exp(-hi), computed * math.exp(-lo))


def comparison_width(calculator: str, quantity: str) -> float | None:
    """Natural-log width within which one calculator cannot order two metals: the largest
    difference of its log errors between two benchmark metals, padded like the bounds. Shared
    errors cancel in a ratio, but these errors vary so much between metals (CHGNet: -80 % for Al,
    -31 % for Ni) that a Gaussian spread would overstate the confidence; the worst pair is honest."""
    rng = log_error_range(calculator, quantity)
    errors = ERROR_PCT_BY_MATERIAL.get(calculator, {}).get(quantity)
    if rng is None or not errors or len(errors) < 3:
        return None
    return rng[1] - rng[0]


@dataclass(frozen=True)
class Outcome:
    holds: bool | None
    confidence: float
    reason: str
    # The calculators the decision rests on (their evidence supports or contradicts; others are neutral).
    by: tuple[str, ...] = ()


def _side(low: float, high: float, lo: float, hi: float) -> tuple[bool | None, float]:
    """Whether [low, high] lies inside [lo, hi] (True), outside it (False) or straddles (None),
    and by what margin."""
    if lo <= low and high <= hi:
        return True, min(low - lo, hi - high)
    if high < lo or low > hi:
        return False, max(lo - high, low - hi)
    return None, 0.0


def claim_range(relation: str, value: float, upper: float | None, tol: float) -> tuple[float, float]:
    if relation == "below":
        return -math.inf, value
    if relation == "above":
        return value, math.inf
    if relation == "between" and upper is not None:
        return min(value, upper), max(value, upper)
    return value - tol, value + tol


def decide_value(bounds: list[Bound], lo: float, hi: float) -> Outcome:
    """Decide 'the truth lies in [lo, hi]' from the calculators' bounds (see the module rule)."""
    if not bounds:
        return Outcome(None, 0.2, "no calculator with a measured error for this quantity")
    low, high = max(b.low for b in bounds), min(b.high for b in bounds)
    if low > high:
        return Outcome(
            None, 0.2, "the calculators disagree beyond their measured errors (their bounds do not overlap)"
        )
    holds, margin = _side(low, high, lo, hi)
    if holds is None:
        return Outcome(None, 0.2, f"the bound {low:.3g}-{high:.3g} straddles the claim's limit")
    scale = max(min(b.half_width for b in bounds), 1e-9)
    c = confidence(1.0 + margin / scale)
    alone = [b for b in bounds if _side(b.low, b.high, lo, hi)[0] == holds]
    if not alone:
        c = min(c, COMBINED_CAP)
    elif len(alone) > 1:
        c = min(0.95, c + AGREE_BONUS)
    why = (
        "both calculators' bounds, combined"
        if not alone
        else f"decided by {', '.join(b.calculator for b in alone)} alone"
    )
    by = tuple(b.calculator for b in (alone or bounds))
    return Outcome(holds, c, f"true value bounded to {low:.3g}-{high:.3g} ({why})", by)


def decide_ratio(pairs: list[tuple[str, float, float]], relation: str, quantity: str) -> Outcome:
    """Decide 'first greater/less than second' from (calculator, first, second) per calculator:
    each decides only beyond its :func:`comparison_width`; two that decide opposite ways give
    inconclusive; agreement adds a little."""
    decided: list[tuple[str, bool, float]] = []
    for calc, first, second in pairs:
        width = comparison_width(calc, quantity)
        if width is None or first <= 0 or second <= 0:
            continue
        d = math.log(first / second)
        if abs(d) > width:
            holds = d > 0 if relation == "greater" else d < 0
            decided.append((calc, holds, confidence(abs(d) / width)))
    if not decided:
        return Outcome(None, 0.2, "no calculator separates the two beyond its measured spread of errors")
    if len({h for _, h, _ in decided}) > 1:
        return Outcome(None, 0.2, "the calculators order the two oppositely, each beyond its errors")
    c = max(x[2] for x in decided) + (AGREE_BONUS if len(decided) > 1 else 0.0)
    names = " and ".join(x[0] for x in decided)
    return Outcome(
        decided[0][1],
        round(min(0.95, c), 3),
        f"ordered beyond the measured spread by {names}",
        tuple(x[0] for x in decided),
    )
