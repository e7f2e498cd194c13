"""Find the things a claim talks about: materials, prototypes, molecules, numbers, negations.

Every finder returns mentions with their character span, so the parser can tell which material
stands before "than" and which prototype follows "over".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.language import lexicon as lx


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    value: str  # formula, prototype name or G2 molecule name


def normalize(text: str) -> str:
    """Unify the spellings that do not change meaning (Unicode signs, hedges, whitespace)."""
    t = text.replace("\u212b", "Å").replace("\u2212", "-").replace("\u2013", "-").replace("\u2014", "-")
    t = t.replace("≈", " about ").replace("∼", " about ").replace("~", " about ").replace("’", "'")
    t = re.sub(r"(\d),(\d{3})\b", r"\1\2", t)  # thousands separators
    return re.sub(r"\s+", " ", t).strip()


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for s, e in spans:
        for i in range(s, e):
            chars[i] = " "
    return "".join(chars)


def prototypes(text: str) -> list[Mention]:
    out: list[Mention] = []
    for proto, aliases in lx.PROTOTYPE_ALIASES.items():
        pattern = r"(?<![\w-])(?:" + "|".join(aliases) + r")(?![\w])"
        for m in re.finditer(pattern, text, re.IGNORECASE):
            out.append(Mention(m.start(), m.end(), proto))
    return sorted(out, key=lambda m: m.start)


def parse_formula(token: str) -> list[tuple[str, int]] | None:
    """'MgO' -> [('Mg', 1), ('O', 1)]; None when any part is not an element symbol."""
    parts = re.findall(r"([A-Z][a-z]?)(\d*)", token)
    if not parts or "".join(s + n for s, n in parts) != token:
        return None
    if any(sym not in lx.SYMBOLS for sym, _ in parts):
        return None
    return [(sym, int(n) if n else 1) for sym, n in parts]


def elements_of(formula: str) -> list[str]:
    parsed = parse_formula(formula) or []
    return list(dict.fromkeys(sym for sym, _ in parsed))


_FORMULA_TOKEN = re.compile(r"(?<![\w-])((?:[A-Z][a-z]?\d*){1,6})(?![\w])")
_STRUCTURE_WORD = re.compile(
    r"^\s*(?:\(\s*B\d\s*\)\s*)?(?:-?type|structure|phase|lattice|arrangement|polymorph)\b", re.I
)


def materials(text: str) -> tuple[list[Mention], list[Mention]]:
    """Return (materials, prototypes) in order of appearance.

    A formula that names a structure type ("the CsCl (B2) structure") becomes a prototype when
    followed by a structure word or when another material is named.
    """
    protos = prototypes(text)
    masked = _mask(text, [(p.start, p.end) for p in protos])
    found: list[Mention] = []
    for m in lx.COMPOUND_NAME_RE.finditer(masked):
        formula = lx.compound_from_name(m.group(1), m.group(2))
        if formula:
            found.append(Mention(m.start(), m.end(), formula))
    masked = _mask(masked, [(f.start, f.end) for f in found])
    for m in lx.ELEMENT_NAME_RE.finditer(masked):
        found.append(Mention(m.start(), m.end(), lx.NAME_TO_SYMBOL[m.group(1).lower()]))
    masked = _mask(masked, [(f.start, f.end) for f in found])
    for m in _FORMULA_TOKEN.finditer(masked):
        token = m.group(1)
        parsed = parse_formula(token)
        if parsed is None or (len(parsed) == 1 and parsed[0][1] == 1 and token in lx.AMBIGUOUS_SYMBOLS):
            continue
        if re.search(r"\d\s*$", masked[: m.start()]):  # "39 K": a unit, not potassium
            continue
        found.append(Mention(m.start(), m.end(), token))
    found.sort(key=lambda f: f.start)
    kept: list[Mention] = []
    explicit = bool(protos)
    for i, f in enumerate(found):
        proto = lx.FORMULA_PROTOTYPE.get(f.value)
        in_list = explicit and i > 0 and any(g.value != f.value for g in found)
        if proto and (_STRUCTURE_WORD.match(text[f.end :]) or in_list):
            protos.append(Mention(f.start, f.end, proto))
        else:
            kept.append(f)
    return kept, sorted(protos, key=lambda p: p.start)


def unique(mentions: list[Mention]) -> list[str]:
    return list(dict.fromkeys(m.value for m in mentions))


def molecules(text: str) -> list[Mention]:
    """Molecules by name ('water', 'carbon dioxide') or formula ('CO2', 'N2')."""
    out: list[Mention] = []
    spans: list[tuple[int, int]] = []
    for name in sorted(lx.MOLECULE_NAMES, key=len, reverse=True):
        for m in re.finditer(r"\b" + re.escape(name) + r"s?\b", text, re.IGNORECASE):
            if any(s <= m.start() < e for s, e in spans):
                continue
            spans.append((m.start(), m.end()))
            out.append(Mention(m.start(), m.end(), lx.MOLECULE_NAMES[name]))
    masked = _mask(text, spans)
    for m in _FORMULA_TOKEN.finditer(masked):
        g2 = lx.MOLECULE_FORMULAS.get(m.group(1))
        if g2:
            out.append(Mention(m.start(), m.end(), g2))
    return sorted(out, key=lambda x: x.start)


# ---- numbers -------------------------------------------------------------------------------------
_NUM = r"[-+]?\d+(?:\.\d+)?"
ABOUT_RE = re.compile(
    r"\b(?:about|roughly|approximately|approx\.?|around|close to|near|nearly|circa|ca\.|some|of order|on the order of)\s*$",
    re.I,
)
BELOW_RE = re.compile(
    r"(?:\b(?:below|under|less than|lower than|smaller than|shorter than|at most|no more than|not exceeding|beneath)|<|≤|<=)\s*$",
    re.I,
)
ABOVE_RE = re.compile(
    r"(?:\b(?:above|over|greater than|more than|higher than|larger than|longer than|exceeds?|exceeding|at least|no less than|in excess of)|>|≥|>=)\s*$",
    re.I,
)


@dataclass(frozen=True)
class Quantity:
    start: int
    value: float
    upper: float | None
    unit: str
    relation: str
    precision_pct: float


def _precision_pct(number: str) -> float:
    """Half a unit in the last stated digit, relative: '4.6' -> 1.09 %, '160' -> 0.31 %."""
    value = abs(float(number))
    if value == 0:
        return 0.0
    decimals = len(number.split(".")[1]) if "." in number else 0
    return 100.0 * 0.5 * 10.0 ** (-decimals) / value


def quantities(text: str, unit_re: str) -> list[Quantity]:
    """Numbers followed by a unit matching `unit_re`, with the hedge or bound before them."""
    out: list[Quantity] = []
    pattern = re.compile(
        rf"(?:\bbetween\s+(?P<lo>{_NUM})\s*(?:{unit_re})?\s*(?:and|-|to)\s*)?(?P<num>{_NUM})\s*(?P<unit>{unit_re})"
    )
    for m in pattern.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        before = re.sub(r"\s*(?:=|of|is|be|was|are|equals?|:)\s*$", " ", before.rstrip()).rstrip()
        before = re.sub(r"\s*(?:=|of|is|be|was|are|equals?|:)\s*$", "", before)
        lo = m.group("lo")
        num = m.group("num")
        if lo is not None:
            lo_v, hi_v = sorted((float(lo), float(num)))
            out.append(Quantity(m.start(), lo_v, hi_v, m.group("unit"), "between", 0.0))
            continue
        if ABOUT_RE.search(before + " ") or ABOUT_RE.search(before):
            rel = "about"
        elif BELOW_RE.search(before):
            rel = "below"
        elif ABOVE_RE.search(before):
            rel = "above"
        else:
            rel = "equal"
        out.append(Quantity(m.start(), float(num), None, m.group("unit"), rel, _precision_pct(num)))
    return out


def length_factor(unit: str) -> float:
    u = unit.lower()
    if u.startswith("nm"):
        return 10.0
    if u.startswith("pm"):
        return 0.01
    return 1.0


def pressure_factor(unit: str) -> float:
    return lx.PRESSURE_UNITS.get(unit.lower(), 1.0)


# ---- negation ------------------------------------------------------------------------------------
_NEGATION = re.compile(
    r"\b(?:not|never|isn't|aren't|doesn't|don't|didn't|wasn't|cannot|can't|no longer|neither)\b", re.I
)


def negations(text: str, *, skip_before: list[Mention] | None = None) -> int:
    """How many negations the claim carries; a 'not' directly before a listed mention
    (', not bcc') marks that mention, it does not negate the claim."""
    count = 0
    for m in _NEGATION.finditer(text):
        if skip_before:
            tail = text[m.end() :]
            if any(
                re.match(r"^\s*(?:in\s+)?(?:the\s+|a\s+|an\s+)?$", text[m.end() : s.start])
                for s in skip_before
            ) and not re.match(r"^\s*(?:more|less|the ground|lower|higher|stable|favou?r)", tail, re.I):
                continue
        count += 1
    return count
