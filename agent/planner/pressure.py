"""Pressure as part of a claim: the condition of a polymorph claim ("At 40 GPa Si is more stable in
beta-tin than in diamond") and the transition-pressure claim ("Si transforms from diamond to beta-tin
at about 11 GPa").

A pressure the parser reads becomes a field of the spec, so the check computes enthalpies at that
pressure instead of energies at zero pressure, and coverage.py no longer refuses the words it
consumed. Anything else about the conditions (temperature, a second pressure, "high pressure"
without a number) still makes the claim refused.
"""

from __future__ import annotations

import re
from typing import Any

from agent.planner import mentions as mn
from agent.planner.claims import PolymorphClaim, RefusedClaim, TransitionPressureClaim

# Pressure units -> GPa.
UNITS_GPA: dict[str, float] = {
    "gpa": 1.0, "mpa": 1e-3, "kpa": 1e-6, "pa": 1e-9, "kbar": 0.1, "mbar": 100.0, "tpa": 1000.0,
    "bar": 1e-4, "atm": 1.01325e-4,
}  # fmt: skip
_NUM = r"\d+(?:\.\d+)?"
_UNIT = r"(?:GPa|MPa|kPa|kbar|Mbar|TPa|bar|atm|Pa)\b"
_HEDGE = r"(?:(?:about|around|roughly|approximately|some|nearly|close to)\s+)?"
_PRESSURE_NOUN = r"(?:(?:a|an|the)\s+)?(?:(?:hydrostatic|applied|external)\s+)?pressures?\s+(?:of\s+)?"
_TAIL = r"(?:\s+(?:of\s+)?(?:(?:hydrostatic|applied|external)\s+)?pressure)?"
_LEAD = r"(?:(?:when|once|if)\s+)?"
# (mode, pattern): the condition phrases, tried in this order; "under 20 GPa" is the pressure one is
# subjected to (a point), "below 20 GPa" a range.
_CONDITIONS: list[tuple[str, re.Pattern[str]]] = [
    ("between", re.compile(
        rf"\b(?:(?:at|for|under)\s+)?(?:pressures?\s+)?between\s+(?P<lo>{_NUM})\s*(?:{_UNIT})?\s*(?:and|-|to)\s*"
        rf"(?P<num>{_NUM})\s*(?P<unit>{_UNIT}){_TAIL}", re.I)),
    ("above", re.compile(
        rf"\b(?:(?:at|for|under)\s+)?(?:(?:all\s+)?pressures?\s+)?(?:above|beyond|over|exceeding|in excess of|"
        rf"(?:higher|greater|more) than)\s+(?P<num>{_NUM})\s*(?P<unit>{_UNIT}){_TAIL}", re.I)),
    ("below", re.compile(
        rf"\b(?:(?:at|for|under)\s+)?(?:(?:all\s+)?pressures?\s+)?(?:below|(?:lower|less) than|up to)\s+"
        rf"(?P<num>{_NUM})\s*(?P<unit>{_UNIT}){_TAIL}", re.I)),
    ("at", re.compile(
        rf"{_LEAD}\b(?:at|under|compressed to|squeezed to|subjected to|with)\s+(?:{_PRESSURE_NOUN})?{_HEDGE}"
        rf"(?P<num>{_NUM})\s*(?P<unit>{_UNIT}){_TAIL}", re.I)),
]  # fmt: skip
# A pressure "range" claim is checked at RANGE_POINTS pressures spread over it; "above X" reaches
# up to X + max(RANGE_SPAN_FRACTION * X, RANGE_SPAN_MIN_GPA).
RANGE_POINTS = 4
RANGE_SPAN_FRACTION = 0.5
RANGE_SPAN_MIN_GPA = 10.0

_TRANSITION = re.compile(
    r"\btransforms?\b|\btransformation\b|\btransitions?\b|\btransits\b|\bconverts?\b|\bconversion\b|"
    r"\bgoes from\b|\bchanges? from\b|\bturns? from\b|\bundergoes\b",
    re.I,
)
_FROM_TO = re.compile(r"\bfrom\b|\bto\b|-to-|\binto\b", re.I)


def to_gpa(value: float, unit: str) -> float:
    return value * UNITS_GPA[unit.lower()]


def condition(text: str) -> tuple[str, float, float | None, tuple[int, int]] | None:
    """(mode, pressure in GPa, upper in GPa for 'between', span) of the claim's pressure condition."""
    for mode, pattern in _CONDITIONS:
        m = pattern.search(text)
        if m is None:
            continue
        p = to_gpa(float(m.group("num")), m.group("unit"))
        if mode == "between":
            lo = to_gpa(float(m.group("lo")), m.group("unit"))
            return mode, min(lo, p), max(lo, p), m.span()
        return mode, p, None, m.span()
    return None


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


def with_pressure(spec: Any, text: str) -> Any:
    """A polymorph spec with the claim's pressure condition, a refusal when the condition cannot be
    tested that way, or ``spec`` unchanged (no pressure stated, or another kind)."""
    if not isinstance(spec, PolymorphClaim):
        return spec
    found = condition(text)
    if found is None:
        return spec
    mode, p, upper, _ = found
    if spec.others_assumed:
        return RefusedClaim(
            text=text, negated=spec.negated,
            reasons=[f"the claim is about the most stable structure of {spec.formula} under pressure, and hypoloop's "
                     "set of common prototypes holds ambient structures only (high-pressure phases such as "
                     "simple hexagonal are not in it); name the structures to compare"],
        )  # fmt: skip
    update = {"text": text, "pressure_gpa": p, "pressure_upper_gpa": upper, "pressure_mode": mode}
    return spec.model_copy(update=update)


def blank_condition(text: str) -> str:
    """``text`` with its pressure phrase replaced by spaces (same length, so mention offsets hold):
    the roles of the structures are read without it ('Above 15 GPa' is not 'lies above')."""
    found = condition(text)
    if found is None:
        return text
    s, e = found[3]
    return text[:s] + " " * (e - s) + text[e:]


def mask_condition(text: str, spec: Any) -> str:
    """``text`` with the pressure phrase the spec represents blanked (for coverage.py); unchanged when
    no part of the spec carries a pressure."""
    parts = list(getattr(spec, "parts", None) or [spec])
    if any(isinstance(p, TransitionPressureClaim) for p in parts):
        text = re.sub(r"(?<=\w)-to-(?=\w)", " to ", text)  # as parse_transition reads it
        return re.sub(rf"{_NUM}\s*{_UNIT}", lambda m: " " * len(m.group(0)), text)
    if not any(getattr(p, "pressure_gpa", None) is not None for p in parts):
        return text
    return blank_condition(text)


def parse_transition(
    text: str, mats: list[mn.Mention], protos: list[mn.Mention]
) -> TransitionPressureClaim | None:
    """'Si transforms from diamond to beta-tin at about 11 GPa': two structures in order (from, to), one
    formula and one pressure value with its hedge or bound."""
    if not _TRANSITION.search(text) or not mats or not _FROM_TO.search(text):
        return None
    if re.search(r"\w-to-\w", text):  # 'the diamond-to-beta-tin transition': hyphens hide the names
        text = re.sub(r"(?<=\w)-to-(?=\w)", " to ", text)
        mats, protos = mn.materials(text)
    names = list(dict.fromkeys(p.value for p in protos))
    if len(names) != 2 or len(mn.unique(mats)) != 1:
        return None
    qs = [q for q in mn.quantities(text, _UNIT) if q.unit.lower() in UNITS_GPA]
    if len(qs) != 1:
        return None
    q = qs[0]
    low, high = names
    to_first = re.search(
        r"\b(?:to|into)\s+(?:the\s+)?$", text[: next(p for p in protos if p.value == low).start]
    )
    if to_first:
        low, high = high, low
    f = UNITS_GPA[q.unit.lower()]
    return TransitionPressureClaim(
        text=text, negated=mn.negations(text) % 2 == 1, formula=mats[0].value, low=low, high=high,
        relation=q.relation, value=q.value * f, upper=q.upper * f if q.upper is not None else None,  # type: ignore[arg-type]
        precision_pct=q.precision_pct,
    )  # fmt: skip
