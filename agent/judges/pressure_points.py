"""Pressure as part of a polymorph claim ("At 40 GPa Si is more stable in beta-tin than in diamond"):
the pressures a claim's condition is checked at. The reader (agent/language) puts the condition in
the spec (``pressure_gpa``, ``pressure_mode``), so the check computes enthalpies H = E + PV at those
pressures instead of energies at zero pressure.
"""

from __future__ import annotations

from agent.language.specs import PolymorphClaim

# A pressure "range" claim is checked at RANGE_POINTS pressures spread over it; "above X" reaches
# up to X + max(RANGE_SPAN_FRACTION * X, RANGE_SPAN_MIN_GPA).
RANGE_POINTS = 4
RANGE_SPAN_FRACTION = 0.5
RANGE_SPAN_MIN_GPA = 10.0

def checked_pressures(spec: PolymorphClaim) -> list[float]:
    """The pressures (GPa) a pressure polymorph claim is checked at."""
    p = float(spec.pressure_gpa or 0.0)
    if spec.pressure_mode == "at":
        return [round(p, 4)]
    if spec.pressure_mode == "between" and spec.pressure_upper_gpa is not None:
        lo, hi = p, float(spec.pressure_upper_gpa)
        return [round(lo + (hi - lo) * k / (RANGE_POINTS - 1), 4) for k in range(RANGE_POINTS)]
    if spec.pressure_mode == "below":
        # Strictly below p: from 0 up to just under it.
        return [round(p * k / RANGE_POINTS, 4) for k in range(RANGE_POINTS)]
    top = p + max(RANGE_SPAN_FRACTION * p, RANGE_SPAN_MIN_GPA)
    return [round(p + (top - p) * k / RANGE_POINTS, 4) for k in range(1, RANGE_POINTS + 1)]
