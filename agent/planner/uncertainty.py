"""Known calculator errors, tolerances and the decision rule shared by every numeric check.

The rule is "never confidently wrong": a computed number that sits within the calculator's
uncertainty band of the claim's boundary gives an inconclusive answer, and the confidence of a
decided answer grows with how far outside that band the number lies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Typical deviations from experiment, in percent, used to widen "about" tolerances and as the band in
# which a verdict is too close to call.
# - PBE-level DFT: lattice constants ~1-2 % too large, bulk moduli ~10-20 % too small (Haas, Tran &
#   Blaha, Phys. Rev. B 79, 085104 (2009)). CHGNet is trained on PBE/PBE+U Materials Project data
#   (Deng et al., Nat. Mach. Intell. 5, 1031 (2023)), so it inherits these plus its own fitting error,
#   and universal potentials are known to soften bulk moduli further.
# - EMT is fitted to the experimental lattice constants and bulk moduli of Al Cu Ag Au Ni Pd Pt
#   (Jacobsen, Stoltze & Norskov, Surf. Sci. 366, 394 (1996)): ~1 % and ~10 %.
# - GFN2-xTB molecular geometries: bond lengths within ~1-2 %, bond angles within ~1-2 degrees of
#   experiment for small main-group molecules (Bannwarth, Ehlert & Grimme, JCTC 15, 1652 (2019)).
LATTICE_ERROR_PCT: dict[str, float] = {"chgnet": 2.0, "emt": 1.0}
BULK_MODULUS_ERROR_PCT: dict[str, float] = {"chgnet": 20.0, "emt": 12.0}
BOND_LENGTH_ERROR_PCT: dict[str, float] = {"xtb": 2.0}
BOND_ANGLE_ERROR_PCT: dict[str, float] = {"xtb": 2.0}
DEFAULT_ERROR_PCT = {
    "lattice_constant": 3.0,
    "bulk_modulus": 25.0,
    "density": 9.0,
    "bond_length": 5.0,
    "bond_angle": 5.0,
}
# Energy differences: CHGNet's energy MAE on Materials Project structures is ~30 meV/atom (Deng et
# al. 2023); differences between polymorphs of one composition cancel part of it.
POLYMORPH_BAND_EV: dict[str, float] = {"chgnet": 0.02, "emt": 0.02}
FORMATION_BAND_EV: dict[str, float] = {"chgnet": 0.05, "emt": 0.1}
DEFAULT_ENERGY_BAND_EV = 0.05
# Errors shared by both materials of a comparison (same calculator, same functional) largely cancel:
# a comparison is judged against this fraction of the absolute error.
COMPARISON_FRACTION = 0.5


def error_pct(quantity: str, calculator: str) -> float:
    """Typical relative error of `calculator` for `quantity` ('lattice_constant', 'bulk_modulus', ...)."""
    if quantity == "density":  # density goes as 1/a^3
        return 3.0 * error_pct("lattice_constant", calculator)
    table = {
        "lattice_constant": LATTICE_ERROR_PCT,
        "bulk_modulus": BULK_MODULUS_ERROR_PCT,
        "bond_length": BOND_LENGTH_ERROR_PCT,
        "bond_angle": BOND_ANGLE_ERROR_PCT,
    }.get(quantity, {})
    return table.get(calculator, DEFAULT_ERROR_PCT.get(quantity, 10.0))


def confidence(distance: float, band: float, *, penalty: float = 1.0) -> float:
    """0.6 just outside the band, rising to 0.95 far outside it; `penalty` < 1 for warnings."""
    strength = max(0.0, distance) / max(band, 1e-9)
    return round(max(0.5, min(0.95, (0.6 + 0.35 * (1.0 - math.exp(-strength))) * penalty)), 3)


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
    """Judge 'about/equal/below/above/between X' against a computed value."""
    scale = abs(value) or max(abs(computed), 1e-9)  # a bound of 0 has no relative scale of its own
    if relation in ("about", "equal"):
        tol = claim_tol_pct + calc_error_pct
        band = max(calc_error_pct / 2.0, 0.25)
        dev = abs(computed - value) / scale * 100.0
        text = (
            f"±{tol:.1f} % ({claim_tol_pct:.1f} % for the claim's "
            f"{'hedge' if relation == 'about' else 'stated digits'} + {calc_error_pct:.1f} % known calculator "
            f"error), i.e. {value * (1 - tol / 100):.3g}-{value * (1 + tol / 100):.3g} {unit}; "
            f"too close to call within ±{band:.1f} % of that edge"
        )
        distance = abs(dev - tol) - band
        return Decision(None if distance <= 0 else dev < tol, confidence(distance, band), text)
    if relation == "between" and upper is not None:
        lo, hi = value * (1 - calc_error_pct / 100), upper * (1 + calc_error_pct / 100)
        band = max(calc_error_pct / 2.0, 0.25)
        inside = lo <= computed <= hi
        dist_pct = min(abs(computed - lo), abs(computed - hi)) / max(abs(hi), 1e-9) * 100.0 - band
        text = f"{lo:.3g}-{hi:.3g} {unit} (stated range widened by the {calc_error_pct:.1f} % known calculator error)"
        return Decision(None if dist_pct <= 0 else inside, confidence(dist_pct, band), text)
    margin = (computed - value) / scale * 100.0
    band = calc_error_pct
    text = f"{relation} {value:g} {unit}, too close to call within ±{band:.1f} % (known calculator error)"
    distance = abs(margin) - band
    holds = margin < 0 if relation == "below" else margin > 0
    return Decision(None if distance <= 0 else holds, confidence(distance, band), text)


def comparison_decision(first: float, second: float, relation: str, *, calc_error_pct: float) -> Decision:
    """Judge 'first greater/less than second' with the shared-error band of a comparison."""
    mean = (abs(first) + abs(second)) / 2.0 or 1.0
    diff = (first - second) / mean * 100.0
    band = max(calc_error_pct * COMPARISON_FRACTION, 0.5)
    text = f"difference must exceed ±{band:.1f} % (half the known calculator error) to decide"
    holds = diff > 0 if relation == "greater" else diff < 0
    distance = abs(diff) - band
    return Decision(None if distance <= 0 else holds, confidence(distance, band), text)


def energy_decision(gap_ev: float, band_ev: float, what: str) -> Decision:
    """Judge a sign of an energy difference (positive gap = the claim's ordering holds)."""
    text = f"{what}: too close to call within ±{band_ev * 1000:.0f} meV/atom"
    distance = abs(gap_ev) - band_ev
    return Decision(None if distance <= 0 else gap_ev > 0, confidence(distance, band_ev), text)
