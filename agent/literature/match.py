"""Where a claim's concepts occur in a passage: character spans of every spelling, sentences.

A concept (see literature_terms) matches a stemmed word sequence, an abbreviation, or a chemical
formula / name run holding the right elements. Spans (start, end) let the relation reader look at
the words *between* two mentions, which is what tells a statement from co-occurrence.
"""

from __future__ import annotations

import re

from agent.language.lexicon import SYMBOLS
from agent.literature.terms import Concept, element_of_word, stem

MAX_SENTENCE_CHARS = 600
# Sentence ends; extracted PDF text also loses periods at paragraph ends ("... reaction It is"), so a
# lowercase word followed by a typical sentence opener splits too.
# Citation numbers glued to a period ("... electrode.23 Because") end a sentence too.
_SENTENCE_SPLIT = re.compile(
    r"(?<=[a-z0-9\)\]%])[.!?]\s+(?=[A-Z(\[])|\n+"
    r"|(?<=[a-z\)])\.\d{1,3}(?:[,\u2013-]\d{1,3})*\s+(?=[A-Z])"
    r"|(?<=[a-z])\s+(?=(?:It|This|These|However|Moreover|Furthermore|Therefore|Thus|Here|We)\s)"
)
_DOPED = re.compile(r"\b([A-Z][a-z]?)[- ](?:[Dd]oped|[Ss]ubstituted|containing)\s+")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w])")


def stems_at(text: str) -> list[tuple[str, int, int]]:
    """Stems of the words of `text` (hyphenated parts separately) with their character spans."""
    out: list[tuple[str, int, int]] = []
    for m in re.finditer(r"[A-Za-z][A-Za-z0-9\-]*[A-Za-z0-9]|[A-Za-z]", text):
        offset = m.start()
        for part in m.group().split("-"):
            if part:
                out.append((stem(part), offset, offset + len(part)))
            offset += len(part) + 1
    return out


def _undope(text: str) -> str:
    """'Sr-doped LaMnO3' -> '      Sr+LaMnO3': one formula token, character offsets kept."""
    return _DOPED.sub(lambda m: " " * (len(m.group(0)) - len(m.group(1)) - 1) + m.group(1) + "+", text)


def _named_element_runs(text: str) -> list[tuple[set[str], int, int]]:
    """Element sets of chemical-name runs ('strontium-doped lanthanum manganite' -> {Sr, La, Mn})."""
    out: list[tuple[set[str], int, int]] = []
    current: set[str] = set()
    start = end = 0
    for m in re.finditer(r"[A-Za-z]+", text):
        el = element_of_word(m.group())
        if el:
            if not current:
                start = m.start()
            current.add(el)
            end = m.end()
        elif m.group().lower() in ("doped", "substituted", "and") and current:
            continue
        else:
            if len(current) >= 2:
                out.append((current, start, end))
            current = set()
    if len(current) >= 2:
        out.append((current, start, end))
    return out


def _formula_spans(text: str, elements: frozenset[str]) -> list[tuple[int, int]]:
    # The same elements, oxygen aside: "yttrium-doped barium zirconate" is not yttria-stabilized
    # zirconia although it holds Y and Zr; La0.8Sr0.2MnO3 is lanthanum strontium manganite.
    want = elements - {"O"}
    text = _undope(text)
    found = [(s, e) for els, s, e in _named_element_runs(text) if els - {"O"} == want]
    for m in re.finditer(r"[A-Za-z0-9.,()\-−δ+]+", text):
        token = m.group().rstrip(".,")
        syms = set(re.findall(r"[A-Z][a-z]?", token))
        if syms - {"O"} == want and syms <= SYMBOLS:
            found.append((m.start(), m.start() + len(token)))
    return found


def spans(concept: Concept, text: str, at: list[tuple[str, int, int]] | None = None) -> list[tuple[int, int]]:
    """Character spans where `concept` is stated in `text` (any spelling)."""
    at = stems_at(text) if at is None else at
    stems = [st for st, _, _ in at]
    found: list[tuple[int, int]] = []
    for seq in concept.stems:
        n = len(seq)
        found += [
            (at[i][1], at[i + n - 1][2]) for i in range(len(stems) - n + 1) if tuple(stems[i : i + n]) == seq
        ]
    for a in concept.abbreviations:
        found += [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(a)}s?\b", text)]
    if concept.elements:
        found += _formula_spans(text, concept.elements)
    return sorted(set(found))


def positions(concept: Concept, text: str, at: list[tuple[str, int, int]] | None = None) -> list[int]:
    """Character offsets where `concept` is stated in `text`."""
    return sorted({s for s, _ in spans(concept, text, at)})


def matches(concept: Concept, text: str) -> bool:
    return bool(spans(concept, text))


def span_words(text: str, hits: list[list[int]]) -> int | None:
    """Fewest words covering one hit of every concept (None if a concept has no hit)."""
    if any(not h for h in hits):
        return None
    best: int | None = None
    for anchor in sorted({p for h in hits for p in h}):
        chosen = [next((p for p in h if p >= anchor), None) for h in hits]
        if any(c is None for c in chosen):
            break
        end = max(c for c in chosen if c is not None)
        span = len(text[anchor:end].split())
        best = span if best is None else min(best, span)
    return best


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]


def prose(sentence: str) -> bool:
    """Reference lists, tables and run-on extraction debris are not statements."""
    if len(sentence) > MAX_SENTENCE_CHARS or re.search(r"\b10\.\d{4,}/", sentence):
        return False
    digits = sum(ch.isdigit() for ch in sentence)
    return digits <= 0.2 * max(1, len(sentence))


def numbers(text: str) -> list[float]:
    """Free-standing numbers (not the digits of a formula such as MgB2 or La0.8Sr0.2MnO3)."""
    return [float(n) for n in _NUMBER.findall(text)]
