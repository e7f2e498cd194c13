"""Measured error bands of the molecular methods for bond lengths and bond angles.

Written by ``bench/tools_accuracy_molecules.py --tables geometry --write-geometry-calibration``
(bench/molecule_geometry.py: the references and the rule) into ``geometry_calibration.json``
beside this module, which is all the product reads: per calculator (``pyscf`` is the default DFT
level, ``pyscf:screening`` the other) and quantity, a symmetric band (ln(computed / true) for
lengths, degrees for angles) fitted on the bench molecules, and per bench molecule the band fitted
without it. A claim about a bench molecule is judged with the band of the others (out of sample:
its own error never enters), any other molecule with the band of the whole set.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Any, Literal

FILE = Path(__file__).with_name("geometry_calibration.json")
Quantity = Literal["bond_length", "bond_angle"]
# No measurement: lengths ±30 % (agent/judges/calibration.py's convention), angles ±10 degrees,
# wide enough that only a gross mismatch is decided.
UNMEASURED: dict[str, float] = {"bond_length": math.log(1.3), "bond_angle": 10.0}


@functools.lru_cache(maxsize=1)
def _doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(FILE.read_text())
    return doc


def key(calculator: str, variant: str | None) -> str:
    """The label of a calculator and its model (pyscf's DFT level) in the measurements."""
    return f"{calculator}:{variant}" if variant and variant != "default" else calculator


def band(quantity: Quantity, calculator: str, variant: str | None, formula: str) -> float | None:
    """The half-width for a claim about the molecule ``formula`` (as molecule_geometry names it):
    the band fitted without it if it is a bench molecule, else the whole set's; None if unmeasured."""
    bands = _doc()["bands"].get(key(calculator, variant), {}).get(quantity)
    if not bands:
        return None
    return float(bands.get(formula, bands["*"]))


def band_or_unmeasured(quantity: Quantity, calculator: str, variant: str | None, formula: str) -> float:
    measured = band(quantity, calculator, variant, formula)
    return UNMEASURED[quantity] if measured is None else measured


def length_pct(calculator: str, variant: str | None, formula: str) -> float:
    """The bond-length band in per cent (the judges' symmetric calculator tolerance)."""
    return 100 * math.expm1(band_or_unmeasured("bond_length", calculator, variant, formula))


def provenance() -> dict[str, Any]:
    return dict(_doc()["provenance"])
