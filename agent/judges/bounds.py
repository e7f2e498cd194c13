"""Bounds on the true value from calculators with large, one-sided errors (vacancy, surface and
elastic constants), and the decision rule that combines two calculators.

Each calculator's bound is its signed error model for the material's class
(agent/judges/calibration.py, fitted by ``python bench/fit_calibration.py``): CHGNet underestimates
vacancy energies of fcc metals by 56 % on average, so the truth is sought above the computed value,
c x exp(-bias) within the class's ~90 % interval, never at the computed value ± a symmetric bar.
The same bound applies to every metal of the class, benchmarked or not: never the judged metal's
own error.

Two calculators (documented rule, tested):
- their bounds do not overlap: they disagree beyond their measured errors -> inconclusive;
- otherwise the truth lies in the overlap; a claim is decided when the whole overlap satisfies it
  (or violates it). Confidence follows :func:`agent.judges.uncertainty.confidence` with
  r = 1 + margin / (half-width of the narrowest single-calculator bound), and stays below 0.7
  (``COMBINED_CAP``) when no calculator decides the claim on its own: the verdict then rests on
  both calibrations' tails at once.
A comparison of two metals (:func:`decide_ratio`) is decided by a calculator only when the log of
the computed ratio, corrected for the two classes' biases where they differ, exceeds the spread
of its errors between two materials (calibration.comparison).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from agent.judges import calibration
from agent.judges.uncertainty import claim_range, confidence

COMBINED_CAP = 0.65
AGREE_BONUS = 0.03
__all__ = ["Bound", "Outcome", "bound", "claim_range", "decide_ratio", "decide_value"]


@dataclass(frozen=True)
class Bound:
    calculator: str
    computed: float
    low: float
    high: float

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2


def bound(calculator: str, quantity: str, computed: float, formula: str, prototype: str | None) -> Bound | None:
    """The calculator's bound on the true value of ``formula`` in ``prototype``; None when the
    calculator was never calibrated for ``quantity`` or the computed value is not positive."""
    model = calibration.error_model(quantity, calculator, formula, prototype)
    if model.basis == "unmeasured" or computed <= 0:
        return None
    _, lo, hi = model.truth(computed)
    return Bound(calculator, computed, lo, hi)


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


def decide_ratio(
    pairs: list[tuple[str, float, float]],
    relation: str,
    quantity: str,
    materials: tuple[tuple[str, str | None], tuple[str, str | None]],
) -> Outcome:
    """Decide 'first greater/less than second' from (calculator, first, second) per calculator for
    ``materials`` (formula, prototype) x 2: each decides only beyond its calibrated comparison width
    (after the class-bias correction); two that decide opposite ways give inconclusive; agreement
    adds a little."""
    decided: list[tuple[str, bool, float]] = []
    for calc, first, second in pairs:
        if calibration.error_model(quantity, calc, *materials[0]).basis == "unmeasured" or first <= 0 or second <= 0:
            continue
        shift, width = calibration.comparison(quantity, calc, *materials)
        d = math.log(first / second) - shift
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
