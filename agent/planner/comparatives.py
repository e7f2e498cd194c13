"""Comparative phrases ("denser", "harder to compress", "Ni > Al"): which relation a claim states
and where. Shared by the crystal and the molecular parsers."""

from __future__ import annotations

import re

from agent.planner.claims import Comparison

# (phrase, relation) checked longest first; "less dense" must win over "less".
_COMPARATIVES: list[tuple[str, Comparison]] = [
    ("harder to compress", "greater"), ("more difficult to compress", "greater"),
    ("less compressible", "greater"), ("more incompressible", "greater"), ("easier to compress", "less"),
    ("more compressible", "less"), ("less dense", "less"), ("more dense", "greater"), ("denser", "greater"),
    ("stiffer", "greater"), ("softer", "less"), ("lighter", "less"), ("heavier", "greater"),
    ("larger", "greater"), ("greater", "greater"), ("higher", "greater"), ("bigger", "greater"),
    ("exceeds", "greater"), ("exceed", "greater"), ("more than", "greater"), ("longer", "greater"),
    ("smaller", "less"), ("lower", "less"), ("less than", "less"), ("shorter", "less"), ("below", "less"),
    ("above", "greater"), ("less", "less"), ("more", "greater"),
]  # fmt: skip


def comparative(text: str) -> tuple[Comparison, int] | None:
    """The first comparative phrase and where it starts."""
    best: tuple[Comparison, int] | None = None
    symbol = re.search(r"(?<![<>=-])([<>])(?![<>=-])", text)  # "Ni > Al"
    if symbol:
        best = ("greater" if symbol.group(1) == ">" else "less", symbol.start())
    for phrase, rel in sorted(_COMPARATIVES, key=lambda p: -len(p[0])):
        m = re.search(r"\b" + re.escape(phrase) + r"\b", text, re.I)
        if m and (best is None or m.start() < best[1]):
            best = (rel, m.start())
    return best
