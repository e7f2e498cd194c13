"""The material class a calculator's error model is fitted and applied per (agent/judges/calibration.py).

A class is decided by the formula and the prototype alone (element categories from the periodic
table, the structure type), never by looking up a measured property: a material the calibration set
has never seen gets the class of its kind, and every member of a class gets the same error model.

- ``fcc_metal``, ``bcc_metal``, ``hcp_metal``: one metallic element in that lattice;
- ``tetrahedral_semiconductor``: diamond, zinc-blende or wurtzite structures (Si, Ge, GaAs, SiC, ZnO);
- ``ionic_solid``: a metal with non-metals in rock-salt, CsCl-type or fluorite structures (NaCl, MgO, CaF2);
- ``molecule``: no prototype, a finite molecule;
- ``other``: anything else (alloys, non-metallic elements in a close-packed lattice, other structures).
"""

from __future__ import annotations

import functools
import re
from typing import Literal

MaterialClass = Literal[
    "fcc_metal", "bcc_metal", "hcp_metal", "tetrahedral_semiconductor", "ionic_solid", "molecule", "other"
]
CLASSES: tuple[MaterialClass, ...] = (
    "fcc_metal", "bcc_metal", "hcp_metal", "tetrahedral_semiconductor", "ionic_solid", "molecule", "other",
)  # fmt: skip
CLASS_WORDS: dict[str, str] = {
    "fcc_metal": "fcc metals", "bcc_metal": "bcc metals", "hcp_metal": "hcp metals",
    "tetrahedral_semiconductor": "tetrahedral (covalent) semiconductors", "ionic_solid": "ionic solids",
    "molecule": "small molecules", "other": "other materials",
}  # fmt: skip
_METAL_LATTICES = {"fcc": "fcc_metal", "bcc": "bcc_metal", "hcp": "hcp_metal"}
_TETRAHEDRAL = {"diamond", "zincblende", "wurtzite"}
_IONIC = {"rocksalt", "cesiumchloride", "fluorite"}
_SYMBOL = re.compile(r"([A-Z][a-z]?)")


@functools.lru_cache(maxsize=512)
def _is_metal(symbol: str) -> bool:
    from pymatgen.core.periodic_table import Element

    try:
        el = Element(symbol)
    except ValueError:
        return False
    return bool(el.is_metal)


def _elements(formula: str) -> list[str]:
    return list(dict.fromkeys(_SYMBOL.findall(formula)))


def material_class(formula: str, prototype: str | None) -> MaterialClass:
    """The class of ``formula`` in ``prototype`` (see the module list)."""
    if prototype is None:
        return "molecule"
    elements = _elements(formula)
    if not elements:
        return "other"
    if len(elements) == 1 and prototype in _METAL_LATTICES and _is_metal(elements[0]):
        return _METAL_LATTICES[prototype]  # type: ignore[return-value]
    if prototype in _TETRAHEDRAL:
        return "tetrahedral_semiconductor"
    metals = [e for e in elements if _is_metal(e)]
    if prototype in _IONIC and metals and len(metals) < len(elements):
        return "ionic_solid"
    return "other"
