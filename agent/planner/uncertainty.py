"""The decision rule shared by every numeric check, and how confidence follows from the margin.

The rule is "never confidently wrong":
- a value claim is decided only when the gap between the claim's range (its hedge or its stated
  digits) and the computed value exceeds the calculator's measured error (agent/planner/calibration.py):
  supported when the computed value *with its error bar* lies inside the claim's range, refuted
  when it lies outside it by more than the error bar, inconclusive in between;
- a comparison only when the computed ratio exceeds the calculator's measured spread across materials;
- an energy ordering only when the gap exceeds the calculator's energy band.
Confidence is one documented function of r = margin / error (:func:`confidence`): 0.5 at r = 1,
0.7 at r ~ 2.6, 0.9 at r ~ 8, at most 0.95. So a single method with a margin of less than
~2.6 times its own measured error never reaches 0.7; agreeing independent checks (a second
calculator, a finer setting) add to it in the stress test.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from agent.planner import calibration

# Energy differences: CHGNet's energy MAE on Materials Project structures is ~30 meV/atom (Deng et
# al., Nat. Mach. Intell. 5, 1031 (2023)); differences between polymorphs of one composition cancel
# part of it. Not yet measured against experiment by our bench (polymorph orderings only).
POLYMORPH_BAND_EV: dict[str, float] = {"chgnet": 0.02, "emt": 0.02}
# Pairs of structures for which a calculator's ordering was measured wrong by more than its
# band. CHGNet puts rock salt below the CsCl (B2) structure by 58 meV/atom for CsCl and 56 for
# CsBr, whose ground state is B2 (Kittel, Introduction to Solid State Physics, ch. 1), and favours
# rock salt over B2 for NaCl by 112 and KCl by 63 (both right). Measured 2026-11-23 with
# compare_polymorphs (chgnet 0.4.2, weights 0.3.0): the B1/B2 pair's band is set above the worst
# error seen (58 meV/atom x 1.2), so that such a gap is never decided with confidence.
PAIR_BAND_EV: dict[tuple[str, frozenset[str]], float] = {
    ("chgnet", frozenset({"rocksalt", "cesiumchloride"})): 0.07,
}
# NaCl's formation energy from bench/tools_accuracy.py: -2.099 eV/atom (CHGNet) vs -2.14 (experiment).
FORMATION_BAND_EV: dict[str, float] = {"chgnet": 0.05, "emt": 0.1}
DEFAULT_ENERGY_BAND_EV = 0.05
# "About" read for an angle: chemists quote angles to a degree or two, so "about 110 degrees" does
# not cover 104.5 (a flat 5 % band would: 5.5 degrees).
ANGLE_ABOUT_DEG = 2.0
CONFIDENCE_CAP = 0.95
_CONFIDENCE_SCALE = 2.5


def polymorph_band_ev(calculator: str, first: str, second: str) -> float:
    """The energy band an ordering of ``first`` and ``second`` must beat with ``calculator``."""
    band = POLYMORPH_BAND_EV.get(calculator, DEFAULT_ENERGY_BAND_EV)
    return max(band, PAIR_BAND_EV.get((calculator, frozenset({first, second})), 0.0))


def error_pct(quantity: str, calculator: str, formula: str | None = None) -> float:
    """Relative error (%) allowed on a computed ``quantity`` (measured; see calibration)."""
    return calibration.value_error_pct(quantity, calculator, formula)


def confidence(ratio: float, *, penalty: float = 1.0) -> float:
    """Confidence of a decision whose margin is ``ratio`` times the error it had to beat."""
    r = max(1.0, ratio)
    c = 0.5 + 0.45 * (1.0 - math.exp(-(r - 1.0) / _CONFIDENCE_SCALE))
    return round(max(0.5, min(CONFIDENCE_CAP, c * penalty)), 3)


@dataclass(frozen=True)
class Decision:
    """Whether the computed number satisfies the relation (None: too close to call)."""

    holds: bool | None
    confidence: float
    tolerance: str


def value_decision(
    computed: float,
    relation: str,
    value: float,
    upper: float | None,
    *,
    claim_tol_pct: float,
    calc_error_pct: float,
    unit: str,
) -> Decision:
    """Judge 'about/equal/below/above/between X' against a computed value with its error bar."""
    err = max(abs(computed) * calc_error_pct / 100.0, 1e-9)
    bar = f"computed {computed:.4g} ± {err:.2g} {unit} ({calc_error_pct:.2g} % measured calculator error)"
    if relation in ("about", "equal"):
        tol = abs(value) * claim_tol_pct / 100.0
        gap = abs(computed - value)
        why = "the claim's hedge" if relation == "about" else "the claim's stated digits"
        text = f"claim {value:g} ± {tol:.2g} {unit} ({why}); {bar}"
        if gap + err <= tol:
            return Decision(True, confidence((tol - gap) / err), text)
        if gap - tol > err:
            return Decision(False, confidence((gap - tol) / err), text)
        return Decision(None, 0.2, text)
    if relation == "between" and upper is not None:
        lo, hi = sorted((value, upper))
        text = f"claim {lo:g}-{hi:g} {unit}; {bar}"
        inside = min(computed - lo, hi - computed)
        if inside >= err:
            return Decision(True, confidence(inside / err), text)
        if -inside > err:
            return Decision(False, confidence(-inside / err), text)
        return Decision(None, 0.2, text)
    text = f"claim {relation} {value:g} {unit}; {bar}"
    margin = (computed - value) if relation == "above" else (value - computed)
    if abs(margin) <= err:
        return Decision(None, 0.2, text)
    return Decision(margin > 0, confidence(abs(margin) / err), text)


def comparison_decision(first: float, second: float, relation: str, *, log_error: float) -> Decision:
    """Judge 'first greater/less than second' against the calculator's spread across materials
    (``log_error``, in natural-log units of the ratio)."""
    width = max(log_error, 1e-6)
    text = (
        f"the ratio must differ from 1 by more than a factor {math.exp(width):.3g} (the calculator's measured "
        "spread of errors across materials) to decide"
    )
    if first <= 0 or second <= 0:
        return Decision(None, 0.2, text + "; a computed value is not positive")
    d = math.log(first / second)
    if abs(d) <= width:
        return Decision(None, 0.2, text)
    holds = d > 0 if relation == "greater" else d < 0
    return Decision(holds, confidence(abs(d) / width), text)


def energy_decision(gap_ev: float, band_ev: float, what: str) -> Decision:
    """Judge a sign of an energy difference (positive gap = the claim's ordering holds)."""
    text = f"{what}: too close to call within ±{band_ev * 1000:.0f} meV/atom"
    if abs(gap_ev) <= band_ev:
        return Decision(None, 0.2, text)
    return Decision(gap_ev > 0, confidence(abs(gap_ev) / band_ev), text)
