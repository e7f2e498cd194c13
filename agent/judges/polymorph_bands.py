"""Measured energy bands of polymorph orderings, per calculator and formula family.

Written by ``bench/polymorph_calibration.py --write`` into ``polymorph_calibration.json`` beside
this module, which is all the product reads. The set (bench/data/ground_states.csv) holds only which
structure each material takes, so a band is fitted from signs: each material's score is how far the
calculator puts another structure below its known ground state, and the band is the largest score
of the family, the worst ordering error seen (the rule and why in the bench). A formula's family is its
stoichiometry (one element, or A1B1, as the claim reader's prototype pools are) and, for an element,
its block of the periodic table: transition metals (d block) and main-group elements (s and p
block) are fitted apart, since a universal potential's ordering errors differ in kind between
them (CHGNet's worst elemental errors are Sn's diamond/sc and the heavy alkali metals; its worst
transition metal, Hf, is off by a seventh of Sn's). f-block elements have no family. A claim
about a material of the set is judged with the band fitted without it (its own score never enters),
any other with the band of its whole family; None where a calculator or family was not measured.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any, Literal

FILE = Path(__file__).with_name("polymorph_calibration.json")
Family = Literal["transition_metal", "main_group_element", "ab"]
# How the evidence names each family.
FAMILY_WORDS: dict[str, str] = {
    "transition_metal": "transition metals",
    "main_group_element": "main-group elements",
    "ab": "AB compounds",
}
_PARTS = re.compile(r"([A-Z][a-z]?)(\d*)")


@functools.lru_cache(maxsize=1)
def _doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(FILE.read_text()) if FILE.exists() else {"bands": {}}
    return doc


def family(formula: str) -> Family | None:
    """'transition_metal' or 'main_group_element' for one element of the d or of the s and p
    block, 'ab' for a 1:1 binary (NaCl, ZnO), else None (f block, other stoichiometries)."""
    parts = _PARTS.findall(formula)
    if "".join(s + n for s, n in parts) != formula:
        return None
    if len({s for s, _ in parts}) == 1:
        return _element_family(parts[0][0])
    if len(parts) == 2 and all(n in ("", "1") for _, n in parts) and parts[0][0] != parts[1][0]:
        return "ab"
    return None


def _element_family(symbol: str) -> Family | None:
    from pymatgen.core.periodic_table import Element

    try:
        block = Element(symbol).block
    except ValueError:  # not an element symbol
        return None
    blocks: dict[str, Family] = {"d": "transition_metal", "s": "main_group_element", "p": "main_group_element"}
    return blocks.get(block)


def _fit(calculator: str, formula: str) -> dict[str, Any] | None:
    """The stored fit for ``calculator`` and the family of ``formula`` (None: not measured)."""
    fam = family(formula)
    fit: dict[str, Any] | None = _doc()["bands"].get(calculator, {}).get(fam) if fam else None
    return {**fit, "family": fam} if fit else None


def band(calculator: str, formula: str) -> float | None:
    """The energy band (eV/atom) for an ordering of structures of ``formula`` with ``calculator``."""
    fit = _fit(calculator, formula)
    return None if fit is None else float(fit.get("without", {}).get(formula, fit["band_ev"]))


def describe(calculator: str, formula: str) -> str | None:
    """One line for the evidence: what the band was fitted on."""
    fit, width = _fit(calculator, formula), band(calculator, formula)
    if fit is None or width is None:
        return None
    own = " (without it)" if formula in fit.get("without", {}) else ""
    return (f"{calculator}'s ordering band for {FAMILY_WORDS[fit['family']]}"
            f"{own}: {1000 * width:.0f} meV/atom, its worst ordering error on "
            f"{fit['n']} known ground states ({fit['wrong_order']} ranked wrong) "
            f"(`python bench/polymorph_calibration.py --calculator {calculator}`)")  # fmt: skip
