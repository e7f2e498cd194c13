"""Measured energy bands of polymorph orderings, per calculator and formula family.

Written by ``bench/polymorph_calibration.py --write`` into ``polymorph_calibration.json`` beside
this module, which is all the product reads. The set (bench/data/ground_states.csv) holds only which
structure each material takes, so a band is fitted from signs: each material's score is how far the
calculator puts another structure below its known ground state, and the band is the largest score
of the family, the worst ordering error seen (the rule and why in the bench). A formula's family is decided
by its stoichiometry alone, as the claim reader's prototype pools are: one element, or A1B1. A claim
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
Family = Literal["element", "ab"]
_PARTS = re.compile(r"([A-Z][a-z]?)(\d*)")


@functools.lru_cache(maxsize=1)
def _doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(FILE.read_text()) if FILE.exists() else {"bands": {}}
    return doc


def family(formula: str) -> Family | None:
    """'element' for one element, 'ab' for a 1:1 binary (NaCl, ZnO), else None."""
    parts = _PARTS.findall(formula)
    if "".join(s + n for s, n in parts) != formula:
        return None
    if len({s for s, _ in parts}) == 1:
        return "element"
    if len(parts) == 2 and all(n in ("", "1") for _, n in parts) and parts[0][0] != parts[1][0]:
        return "ab"
    return None


def _fit(calculator: str, formula: str) -> dict[str, Any] | None:
    """The stored fit for ``calculator`` and the family of ``formula`` (None: not measured)."""
    fam = family(formula)
    fit: dict[str, Any] | None = _doc()["bands"].get(calculator, {}).get(fam) if fam else None
    return fit or None


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
    return (f"{calculator}'s ordering band for {'elements' if family(formula) == 'element' else 'AB compounds'}"
            f"{own}: {1000 * width:.0f} meV/atom, its worst ordering error on "
            f"{fit['n']} known ground states ({fit['wrong_order']} ranked wrong) "
            f"(`python bench/polymorph_calibration.py --calculator {calculator}`)")  # fmt: skip
