"""Find what to screen in free text: list names, family-name stems, SMILES tokens, molecular
formulas of listed agents and explosives, and class terms ("nerve agents").

Returns ``(kind, value)`` mentions for :func:`tools.hazards.screen_text`; nothing here decides
whether something is hazardous. Short upper-case names (VX, TNT, HN1, AsCl3) match case-sensitively
so ordinary words do not trip them; a few acronyms that are everyday words in computational
chemistry (DF for density fitting, VR, QL) are not matched in text at all: their structures and
full names still are.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tools.hazard_data import HazardData

AMBIGUOUS_IN_TEXT = frozenset({"DF", "QL", "VR"})
_SMILES_CHARS = re.compile(r"^[A-Za-z0-9@+\-\[\]()=#$/\\%.:*]+$")
# A token counts as SMILES-like with a bond, branch, bracket or ring digit in it, or, made of atom
# letters only, from five atoms on: shorter letter runs are acronyms (PC, CP, NPC parse as
# phosphines and would hit the Schedule 2.B.4 pattern), while listed letter-only SMILES are long
# (ClCCSCCCl, OCCSCCO).
_SMILES_HINT = re.compile(r"[()=#\[\]@/\\]|\d|^(?:Cl|Br|[BCNOPSFI])(?:Cl|Br|[BCNOPSFIcnops]){4,}$")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
_STRIP = "\"'`,;:!?{}<>“”‘’"


def mentions(text: str, data: HazardData) -> list[tuple[str, str]]:
    """All mentions in ``text`` in the order: names, stems, SMILES, class requests."""
    text = normalise_text(text)
    found: list[tuple[str, str]] = []
    insensitive, sensitive = _name_patterns(data)
    for pattern in (insensitive, sensitive):
        if pattern is not None:
            found += [("name", m.group("name")) for m in pattern.finditer(text)]
    lowered = text.lower()
    for entry in data.entries:
        found += [("stem", f"{entry.id}|{stem}") for stem in entry.stems if _has_stem(lowered, stem)]
    found += [("smiles", token) for token in smiles_tokens(text)]
    found += [("formula", token) for token in formula_tokens(text) if formula_key(token) in data.formulas]
    found += class_mentions(text, data)
    return found


def _has_stem(lowered: str, stem: str) -> bool:
    return all(part in lowered for part in stem.split("&"))


def normalise_text(text: str) -> str:
    """Full-width and compatibility forms folded (NFKC), invisible characters that split a word
    without showing (zero-width spaces and joiners, soft hyphens) removed."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def smiles_tokens(text: str) -> list[str]:
    """Whitespace-separated tokens that look like SMILES (RDKit decides whether they are)."""
    out = []
    for raw in re.split(r"[\s,;]+", text):  # no SMILES holds a comma or a semicolon
        token = raw.strip(_STRIP).rstrip(".")
        if token.startswith("(") and token.count("(") > token.count(")"):
            token = token[1:]
        if token.endswith(")") and token.count(")") > token.count("("):
            token = token[:-1]
        if len(token) >= 2 and _SMILES_CHARS.match(token) and _SMILES_HINT.search(token):
            out.append(token)
    return list(dict.fromkeys(out))  # a batch file repeats itself: parse each token once


_FORMULA = re.compile(r"^(?:[A-Z][a-z]?\d*){2,}$")
_FORMULA_PART = re.compile(r"([A-Z][a-z]?)(\d*)")


def formula_tokens(text: str) -> list[str]:
    """Tokens written as a molecular formula with at least one count (C4H10FO2P, not CO or NaCl)."""
    tokens = (raw.strip(_STRIP).rstrip(".") for raw in re.split(r"[\s,;]+", text))
    return list(dict.fromkeys(t for t in tokens if _FORMULA.match(t) and any(c.isdigit() for c in t)))


def formula_key(formula: str) -> tuple[tuple[str, int], ...] | None:
    """Element counts of a formula in a canonical order, so C4H10FO2P and PFC4H10O2 agree."""
    counts: dict[str, int] = {}
    for symbol, count in _FORMULA_PART.findall(formula):
        counts[symbol] = counts.get(symbol, 0) + int(count or 1)
    return tuple(sorted(counts.items())) if counts else None


def class_mentions(text: str, data: HazardData) -> list[tuple[str, str]]:
    """Class terms in the text; whether they count depends on the request's intent (the policy)."""
    out = []
    for kind, terms in data.class_terms.items():
        for term in terms:
            if re.search(rf"(?<![A-Za-z0-9]){re.escape(term)}(?![A-Za-z0-9])", text, re.IGNORECASE):
                out.append((f"class:{kind}", term))
    return out


def _case_sensitive(name: str) -> bool:
    return any(c.isupper() for c in name) and not re.search(r"[a-z]{3}", name)


@lru_cache(maxsize=4)
def _name_patterns(data: HazardData) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """(case-insensitive pattern of the long names, case-sensitive pattern of the acronyms)."""
    compounds = (*data.compounds.values(), *data.explosives.values())
    every = {name for c in compounds for name in (c.name, *c.synonyms)}
    exact = {n for n in every if _case_sensitive(n)} - AMBIGUOUS_IN_TEXT
    folded = {" ".join(n.lower().split()) for n in every if not _case_sensitive(n)}
    return _alternation(folded, re.IGNORECASE), _alternation(exact, 0)


def _alternation(names: set[str], flags: int) -> re.Pattern[str] | None:
    if not names:
        return None
    # longest first so "lewisite 2" wins over "lewisite"; any run of whitespace between words
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    # a name, maybe plural, not glued to other letters or digits ("sarin-like" still counts)
    return re.compile(rf"(?<![A-Za-z0-9])(?P<name>{body})(?:e?s)?(?![A-Za-z0-9])", flags)
