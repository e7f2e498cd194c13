"""The claim lexer: text -> typed tokens with their character spans.

Things the grammar treats as single symbols (a substance, a prototype, a quantity with its unit, a
bond such as O-H, Miller indices, a reaction equation) become one token carrying their value;
every other word becomes a lower-case word token that the grammar must account for. Nothing is
dropped: the grammar either derives every token or the reader refuses the claim naming the span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agent.language import substances as sb
from agent.language import units as un


@dataclass
class Token:
    """One token: ``kind`` is a grammar terminal name ('SUB', 'Q_LENGTH', ...) or 'WORD'."""

    kind: str
    text: str
    start: int
    end: int
    value: Any = None
    notes: list[str] = field(default_factory=list)

    @property
    def word(self) -> str:
        """What the grammar sees: the word itself, or the entity's terminal name."""
        return self.text.lower() if self.kind == "WORD" else self.kind


@dataclass(frozen=True)
class Quantity:
    """A number (or range) with a unit, converted to the dimension's canonical unit."""

    value: float
    dimension: str
    written: str
    precision_pct: float
    unit: str


_DIGITS = "0123456789"
_SUPER_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_NUMBER = re.compile(
    r"(?P<mant>\d+(?:[.,]\d+)?)"
    r"(?:\s*(?:[eE](?P<e>[-+]?\d+)|[×x]\s*10\^?(?P<p>[-+]?\d+)|[×x]\s*10(?P<s>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)))?"
)
_EQUATION = re.compile(
    r"(?:\d+(?:\.\d+)?\s*)?[A-Z][A-Za-z0-9]*(?:\s*\+\s*(?:\d+(?:\.\d+)?\s*)?[A-Z][A-Za-z0-9]*)*"
    r"\s*(?:->|→|=>|⟶|⇌|<=>)\s*"
    r"(?:\d+(?:\.\d+)?\s*)?[A-Z][A-Za-z0-9]*(?:\s*\+\s*(?:\d+(?:\.\d+)?\s*)?[A-Z][A-Za-z0-9]*)*"
)
_CIJ = re.compile(r"C\s?_?\{?(11|12|44)\}?(?![\w])|C(₁₁|₁₂|₄₄)")
_BOND = re.compile(r"([A-Z][a-z]?)\s?([-=≡])\s?([A-Z][a-z]?)(?:\s?([-=≡])\s?([A-Z][a-z]?))?(?![\w-])")
_MILLER = re.compile(r"[({]\s*(-?\d)\s*,?\s*(-?\d)\s*,?\s*(-?\d)\s*[)}]")
_BARE_MILLER = re.compile(r"(\d)(\d)(\d)(?=\s+(?:surface|facet|plane|face))")
_FORMULA = re.compile(r"(?:[A-Z][a-z]?\d*){1,6}(?![\w])")
_WORD = re.compile(r"[A-Za-z]+")
_CONTRACTIONS = {
    "isn't": "is not", "aren't": "are not", "doesn't": "does not", "don't": "do not",
    "wasn't": "was not", "cannot": "can not", "can't": "can not", "won't": "will not",
}  # fmt: skip
_SYMBOLS = {
    ",": ",", ".": ".", ";": ";", ":": ":", "?": "?", "!": ".", "(": "(", ")": ")", "<": "<", ">": ">",
    "≤": "<=", "≥": ">=", "=": "=", "±": "+-", "-": "-", "/": "/", "≈": "about", "~": "about", "∼": "about",
    "'": "'", "%": "%",
}  # fmt: skip


def normalise(text: str) -> str:
    """Spellings that never change meaning: unicode dashes and quotes, repeated spaces."""
    t = text.replace("\u212b", "Å").replace("\u2212", "-").replace("\u2013", "-").replace("\u2014", " - ")
    t = t.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("\u00a0", " ")
    t = t.replace("+/-", "±")
    return re.sub(r"\s+", " ", t).strip()


def number_value(m: re.Match[str]) -> tuple[float, float]:
    """(value, precision in %) of a matched number; a decimal comma reads as a point unless it
    groups thousands ('1,200')."""
    mant = m.group("mant")
    if "," in mant:
        head, tail = mant.split(",")
        mant = head + tail if len(tail) == 3 else f"{head}.{tail}"
    exp = m.group("e") or m.group("p") or (m.group("s") or "").translate(_SUPER_DIGITS) or "0"
    value = float(mant) * 10.0 ** int(exp)
    decimals = len(mant.split(".")[1]) if "." in mant else 0
    step = 0.5 * 10.0 ** (-decimals) * 10.0 ** int(exp)
    return value, (100.0 * step / abs(value) if value else 0.0)


def tokenize(text: str) -> list[Token]:
    """All tokens of ``text`` (already normalised), in order."""
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace() or _joining_hyphen(text, i):
            i += 1
            continue
        tok = _delta_at(text, i) or _entity_at(text, i, out)
        if tok is None:
            tok = _word_or_symbol_at(text, i)
        out.append(tok)
        i = tok.end
    return out


_DELTA = re.compile(r"(?:Δ|[Dd]elta\s?)([GH])(?![A-Za-z])")


def _delta_at(text: str, i: int) -> Token | None:
    """'ΔH', 'delta G': the reaction enthalpy or free energy, one word of the language."""
    m = _DELTA.match(text, i)
    return Token("WORD", f"delta_{m.group(1).lower()}", i, m.end()) if m else None


def _joining_hyphen(text: str, i: int) -> bool:
    """'non-polar', 'lowest-energy': a hyphen between two words joins them; it is not a word."""
    return text[i] == "-" and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()


def _entity_at(text: str, i: int, before: list[Token]) -> Token | None:
    rest = text[i:]
    for finder in (_equation, _cij, _bond, _miller, _quantity, _prototype, _named, _formula):
        tok = finder(rest, i, before)
        if tok is not None:
            return tok
    return None


def _equation(rest: str, i: int, before: list[Token]) -> Token | None:
    m = _EQUATION.match(rest)
    if not m or not re.search(r"[A-Z]", m.group(0)):
        return None
    return Token("EQN", m.group(0), i, i + m.end(), value=m.group(0))


def _cij(rest: str, i: int, before: list[Token]) -> Token | None:
    m = _CIJ.match(rest)
    if not m:
        return None
    digits = (m.group(1) or m.group(2).translate(str.maketrans("₁₂₄", "124"))).strip()
    return Token("CIJ", m.group(0), i, i + m.end(), value=f"c{digits}")


def _bond(rest: str, i: int, before: list[Token]) -> Token | None:
    m = _BOND.match(rest)
    if not m:
        return None
    atoms = [g for g in (m.group(1), m.group(3), m.group(5)) if g]
    if not all(a in sb.symbols() for a in atoms):
        return None
    kind = "TRIAD" if len(atoms) == 3 else "BOND"
    return Token(kind, m.group(0), i, i + m.end(), value="-".join(atoms))


def _miller(rest: str, i: int, before: list[Token]) -> Token | None:
    m = _MILLER.match(rest) or _BARE_MILLER.match(rest)
    if not m:
        return None
    return Token("MILLER", m.group(0), i, i + m.end(), value=[int(g) for g in m.groups()])


def _quantity(rest: str, i: int, before: list[Token]) -> Token | None:
    m = _NUMBER.match(rest)
    if not m:
        return None
    value, precision = number_value(m)
    after = rest[m.end() :]
    pct = re.match(r"\s*(?:%|per ?cent\b)", after)
    if pct:
        end = m.end() + pct.end()
        return Token("PCT", rest[:end], i, i + end, value=value)
    unit = un.match_unit(un.normalise_unit_text(after[:24]))
    if unit is not None and _unit_fits(after, unit):
        # Find the unit's span in the original text (superscripts may differ in length).
        lead = len(after) - len(after.lstrip())
        end = m.end() + lead + _written_length(after[lead:], unit.written)
        canonical = un.to_canonical(value, unit)
        q = Quantity(canonical, unit.dimension, rest[:end], precision, unit.pint)
        return Token(f"Q_{unit.dimension.upper()}", rest[:end], i, i + end, value=q)
    return Token("NUM", m.group(0), i, i + m.end(), value=Quantity(value, "number", m.group(0), precision, ""))


def _unit_fits(after: str, unit: un.UnitMatch) -> bool:
    """'3 D' is debye, but '2 Ag' is not an ångström; a one-letter unit must stand alone."""
    stripped = after.lstrip()
    return not (len(unit.written) == 1 and len(stripped) > 1 and stripped[1].isalnum())


def _written_length(after: str, normalised_written: str) -> int:
    """Characters of ``after`` that spell the unit (its normalised form may be shorter)."""
    k = 0
    for j in range(len(after) + 1):
        if un.normalise_unit_text(after[:j]) == normalised_written:
            k = j
    return k or len(normalised_written)


def _prototype(rest: str, i: int, before: list[Token]) -> Token | None:
    best: tuple[int, str] | None = None
    for pattern, proto in sb.prototype_patterns():
        m = pattern.match(rest)
        if m and (best is None or m.end() > best[0]):
            best = (m.end(), proto)
    if best is None:
        return None
    return Token("PROTO", rest[: best[0]], i, i + best[0], value=best[1])


def _named(rest: str, i: int, before: list[Token]) -> Token | None:
    """Multi-word names first (carbon dioxide, magnesium oxide), then single names."""
    low = rest.lower()
    for name in sb.multiword_names():
        if low.startswith(name) and not low[len(name) : len(name) + 1].isalpha():
            return _substance_token(rest[: len(name)], i, name)
    m = sb.compound_name_re().match(rest)
    if m:
        sub = sb.name_substance(m.group(0))
        if sub is not None:
            return Token("SUB", m.group(0), i, i + m.end(), value=sub)
    w = _WORD.match(rest)
    if not w:
        return None
    word = w.group(0)
    sub = sb.name_substance(word)
    if sub is None and word.lower().endswith("s"):
        sub = None  # plurals are words ("metals"), never substances
    if sub is not None:
        return Token("SUB", word, i, i + w.end(), value=sub)
    return None


def _substance_token(text: str, i: int, name: str) -> Token | None:
    sub = sb.name_substance(name)
    return Token("SUB", text, i, i + len(text), value=sub) if sub is not None else None


def _formula(rest: str, i: int, before: list[Token]) -> Token | None:
    m = _FORMULA.match(rest)
    if not m or (before and before[-1].kind == "NUM"):  # '39 K' is a unit, not potassium
        return None
    sub = sb.formula_substance(m.group(0))
    if sub is None:
        return None
    return Token("SUB", m.group(0), i, i + m.end(), value=sub)


def _word_or_symbol_at(text: str, i: int) -> Token:
    rest = text[i:]
    for written, expanded in _CONTRACTIONS.items():
        if rest.lower().startswith(written) and not rest[len(written) : len(written) + 1].isalpha():
            return Token("WORD", expanded, i, i + len(written))
    if rest.startswith("'s") and not rest[2:3].isalpha():
        return Token("WORD", "'s", i, i + 2)
    for arrow in ("->", "→"):
        if rest.startswith(arrow):
            return Token("WORD", "->", i, i + len(arrow))
    w = _WORD.match(rest)
    if w:
        return _word_token(w.group(0), i)
    ch = rest[0]
    return Token("WORD", _SYMBOLS.get(ch, ch), i, i + 1)


def _word_token(word: str, i: int) -> Token:
    corrected = sb.corrected_name(word) if word.lower() not in _known_words() else None
    if corrected is not None:
        sub = sb.name_substance(corrected)
        if sub is not None:
            return Token("SUB", word, i, i + len(word), value=sub, notes=[f"read '{word}' as {corrected}"])
    return Token("WORD", word, i, i + len(word))


_VOCABULARY: set[str] = set()


def set_vocabulary(words: set[str]) -> None:
    """The grammar's words (filled by the reader): a known word is never 'corrected' to a name."""
    _VOCABULARY.clear()
    _VOCABULARY.update(words)


def _known_words() -> set[str]:
    return _VOCABULARY
