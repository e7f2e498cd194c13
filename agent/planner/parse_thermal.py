"""Parse thermal-expansion claims (agent/planner/thermal_claims.py) from text.

Recognised: a material expanding / contracting on heating (or with temperature), a value of its
(linear) thermal expansion coefficient with a unit (ppm/K, 1e-6/K, x 10^-6 K^-1, /K), and 'A
expands more / less than B'. A claim must speak of heating, temperature or thermal expansion: an
'expands' alone (under pressure, on alloying) is not this kind. Temperatures other than room
temperature are left to coverage, which refuses them (the bench calibrates 300 K only).
"""

from __future__ import annotations

import re

from agent.planner import mentions as mn
from agent.planner.claims import Material, RefusedClaim
from agent.planner.comparatives import comparative
from agent.planner.thermal_claims import ThermalExpansionClaim

_THERMAL = re.compile(
    r"\bheat(?:ed|ing)?\b|\bwarm(?:ed|ing)?\b|\btemperature\b|\bthermal(?:ly)? expan\w*|\bexpansion coefficient|"
    r"\bexpansivity\b|\bCTE\b",
    re.I,
)
_EXPAND = re.compile(r"\bexpand(?:s|ed|ing)?\b|\bexpansion\b|\bexpansivity\b|\bswells?\b|\bgrows?\b", re.I)
_EXPAND_VERB = re.compile(r"\bexpand(?:s|ed|ing)?\b|\bswells?\b", re.I)
_CONTRACT = re.compile(
    r"\bcontract(?:s|ed|ing)?\b|\bshrinks?\b|\bshrinking\b|\bnegative (?:thermal )?expansion", re.I
)
_COEFFICIENT = re.compile(r"coefficient|\bCTE\b|\bexpansivity\b|\balpha\b|\bα\b", re.I)
_EXP = r"(?:[eE]\s*(?P<e1>[-−+]?\d+)|\s*(?:x|×|\*|·)\s*10\s*\^?\s*(?P<e2>[-−⁻+]?[0-9⁰¹²³⁴⁵⁶⁷⁸⁹]+))"
_PER_K = (
    r"(?:/\s*K\b|/\s*°C|per\s+(?:K|kelvin|degree(?:\s+(?:C|celsius))?)\b|K\s*\^?\s*[-−⁻]\s*1|K⁻¹|1\s*/\s*K\b)"
)
# '23e-6 per K', '2.3 x 10^-5 /K' -> rewritten as ppm/K before the quantity is read.
SCIENTIFIC = re.compile(rf"(?P<m>\d+(?:\.\d+)?){_EXP}\s*{_PER_K}")
PPM_UNIT = r"(?:ppm|µm\s*/\s*\(?\s*m\s*[·.]?\s*K\s*\)?|microstrain|(?:x|×)?\s*10\^?-6)\s*(?:/\s*K\b|/\s*°C|per\s+(?:K|kelvin|degree)\b|K\s*\^?\s*-\s*1|K⁻¹)?"
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻−", "0123456789--")


def _to_ppm(m: re.Match[str]) -> str:
    exponent = int((m.group("e1") or m.group("e2")).translate(_SUPERSCRIPT))
    value = float(m.group("m")) * 10.0 ** (exponent + 6)
    return f"{value:.6g} ppm/K"


def _material(mention: mn.Mention, protos: list[mn.Mention]) -> Material:
    from agent.planner.lexicon import DEFAULT_PROTOTYPE

    elemental = [p for p in protos if p.value in {"fcc", "bcc", "hcp", "diamond"}]
    if elemental:
        nearest = min(elemental, key=lambda p: abs(p.start - mention.start))
        return Material(formula=mention.value, prototype=nearest.value)
    return Material(
        formula=mention.value, prototype=DEFAULT_PROTOTYPE.get(mention.value), prototype_assumed=True
    )


def _value_claim(
    text: str, mention: mn.Mention, protos: list[mn.Mention], negated: bool
) -> ThermalExpansionClaim | None:
    rewritten = SCIENTIFIC.sub(_to_ppm, text)
    qs = mn.quantities(rewritten, PPM_UNIT)
    if not qs:
        return None
    q = qs[0]
    return ThermalExpansionClaim(
        text=text, negated=negated, form="value", material=_material(mention, protos),
        relation=q.relation, value=q.value, upper=q.upper, precision_pct=q.precision_pct,  # type: ignore[arg-type]
    )  # fmt: skip


_THAN = re.compile(
    r"(?:\bthan|compared (?:with|to)|relative to|versus|\bvs\.?)\s+(?:that of\s+|the\s+)?(?:\w+\s+)?$", re.I
)


def _order(text: str, mats: list[mn.Mention]) -> tuple[mn.Mention, mn.Mention]:
    """(subject, the one after 'than')."""
    a = mats[0]
    b = next(m for m in mats if m.value != a.value)
    return (b, a) if _THAN.search(text[: a.start]) and not _THAN.search(text[: b.start]) else (a, b)


def _comparison_claim(
    text: str, mats: list[mn.Mention], protos: list[mn.Mention], negated: bool
) -> ThermalExpansionClaim | None:
    comp = comparative(text)
    if comp is None:
        return None
    first, second = _order(text, mats)
    relation = comp[0]
    if _CONTRACT.search(text) and not _EXPAND.search(text):
        return None  # 'A contracts more than B on heating': an unusual statement, not represented
    return ThermalExpansionClaim(
        text=text, negated=negated, form="comparison", material=_material(first, protos),
        second=_material(second, protos), relation=relation,
    )  # fmt: skip


def parse_thermal(text: str) -> ThermalExpansionClaim | RefusedClaim | None:
    """A thermal-expansion claim, or None when the text is not one."""
    t = mn.normalize(text)
    if not _THERMAL.search(t) or not (_EXPAND.search(t) or _CONTRACT.search(t) or _COEFFICIENT.search(t)):
        return None
    mats, protos = mn.materials(t)
    formulas = mn.unique(mats)
    if not formulas:
        return None
    negated = mn.negations(t) % 2 == 1
    if len(formulas) >= 2:
        comparison = _comparison_claim(t, mats, protos, negated) if len(formulas) == 2 else None
        if comparison is None and (_EXPAND.search(t) or _CONTRACT.search(t)):
            return RefusedClaim(
                text=t, negated=negated,
                reasons=[f"the claim speaks of the thermal expansion of {', '.join(formulas)} together; the test "
                         "checks one material's sign or value, or which of two expands more"],
            )  # fmt: skip
        return comparison
    value = _value_claim(t, mats[0], protos, negated)
    if value is not None:
        return value
    sign = _sign(t)
    if sign is None:
        return None
    return ThermalExpansionClaim(
        text=t, negated=negated, form="sign", material=_material(mats[0], protos), sign=sign
    )


def _sign(t: str) -> str | None:
    """'expands' / 'contracts' from the verb, or from 'positive' / 'negative' said of the coefficient."""
    if re.search(r"negative (?:thermal )?expansion", t, re.I):
        return "contracts"
    if _COEFFICIENT.search(t):
        positive, negative = re.search(r"\bpositive\b", t, re.I), re.search(r"\bnegative\b", t, re.I)
        if bool(positive) == bool(negative):
            return None
        return "expands" if positive else "contracts"
    # A verb, not the noun: "Cu's thermal expansion is anomalous" states no sign.
    expands, contracts = _EXPAND_VERB.search(t), _CONTRACT.search(t)
    if bool(expands) == bool(contracts):
        return None
    return "expands" if expands else "contracts"
