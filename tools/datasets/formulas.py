"""One formula convention for every row: pymatgen's reduced formula ('SiO2', 'Cu', 'NaCl').

Structure rows, measurement rows and queries all pass through :func:`reduced_formula`, so
'Si8' from a conventional CIF, 'Si2' from a primitive POSCAR and 'Si' in a table meet.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tools.datasets.errors import RowError

_SYMBOL = re.compile(r"[A-Z][a-z]?")


@lru_cache(maxsize=4096)
def reduced_formula(text: str) -> str:
    """Reduced formula of ``text``; raises RowError for anything that is not a chemical formula."""
    from pymatgen.core import Composition

    try:
        comp = Composition(text.strip(), strict=True)
        if comp.num_atoms <= 0:
            raise ValueError("no atoms")
        return str(comp.reduced_formula)
    except Exception as e:  # pymatgen raises ValueError, KeyError or its own errors
        raise RowError(f"{text!r} is not a chemical formula") from e


def elements_of(formula: str) -> set[str]:
    """Element symbols of a reduced formula (no pymatgen needed once the formula is canonical)."""
    return set(_SYMBOL.findall(formula))
