"""A crystal by formula and space group ("TiO2" + "P4_2/mnm" or 136): looked up in the user's data
collection first (structures ingested with ``hypoloop data add``), then among the built-in
prototypes whose cell of that formula has that space group. Several built-in candidates, or
none, is a one-line ToolInputError: the structure is never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from tools.errors import ToolInputError

if TYPE_CHECKING:
    from ase import Atoms

# Builds a prototype cell, (formula, prototype) -> Atoms: tools.structures.build_bulk, passed in by
# its caller so that this module does not import tools.structures (which imports this one).
Builder = Callable[[str, str], "Atoms"]
# Tolerance (angstrom) for the space group of a built prototype: the cells are ideal, so any
# small value finds the same group; matches tools/analysis.py.
SYMPREC = 1e-3


def _key(symbol: str) -> str:
    """'P 4_2/m n m', 'P42/mnm' and 'p4_2/mnm' all compare equal; a bar may be '-' or absent."""
    return re.sub(r"[\s_]", "", symbol).lower()


@cache
def _symbols() -> dict[str, int]:
    import spglib

    table: dict[str, int] = {}
    for hall in range(1, 531):
        t = spglib.get_spacegroup_type(hall)
        if t is None:
            continue
        for name in (t.international_short, t.international_full, t.international):
            table.setdefault(_key(name), t.number)
    return table


def spacegroup_number(text: str) -> int:
    """The number of a space group given as its number ('136') or Hermann-Mauguin symbol ('P4_2/mnm')."""
    value = text.strip()
    if value.isdigit():
        number = int(value)
        if not 1 <= number <= 230:
            raise ToolInputError(f"space group number {number} is not between 1 and 230")
        return number
    number_or_none = _symbols().get(_key(value))
    if number_or_none is None:
        raise ToolInputError(
            f"unknown space group symbol {text!r} (e.g. 'Fm-3m', 'P4_2/mnm', or a number 1-230)"
        )
    return number_or_none


def number_of(atoms: Atoms) -> int | None:
    import spglib

    cell = (atoms.cell[:], atoms.get_scaled_positions(), atoms.numbers)
    ds = spglib.get_symmetry_dataset(cell, symprec=SYMPREC)
    return None if ds is None else int(ds.number)


def find_structure(formula: str, spacegroup: str, data_url: str | None, build: Builder) -> Atoms:
    """The crystal of ``formula`` with ``spacegroup``: from the data collection at ``data_url`` if
    it holds one, else the single built-in prototype that matches."""
    number = spacegroup_number(spacegroup)
    stored = _from_collection(formula, number, data_url)
    if stored is not None:
        return stored
    matches = prototypes_with(formula, number, build)
    if len(matches) == 1:
        return matches[0][1]
    where = "your data collection" if data_url and _exists(data_url) else "your data collection (none yet)"
    if matches:
        names = ", ".join(name for name, _ in matches)
        raise ToolInputError(
            f"several built-in prototypes of {formula} have space group {number} ({names}); give the prototype instead"
        )
    raise ToolInputError(
        f"no structure of {formula} with space group {spacegroup} (No. {number}) in {where} or among the "
        "built-in prototypes; add a CIF with `hypoloop data add` or give the structure as cif"
    )


def prototypes_with(formula: str, number: int, build: Builder) -> list[tuple[str, Atoms]]:
    """Built-in prototypes (name, cell) whose cell of ``formula`` has space group ``number``."""
    from tools.prototype_cells import CELLS
    from tools.prototypes import PROTOTYPES

    found = []
    for name in [*PROTOTYPES, *CELLS]:
        try:
            atoms = build(formula, name)
        except ToolInputError:
            continue  # this prototype cannot hold the formula's stoichiometry
        if number_of(atoms) == number:
            found.append((name, atoms))
    return found


def _exists(url: str) -> bool:
    return "://" in url or Path(url).exists()


def _from_collection(formula: str, number: int, data_url: str | None) -> Atoms | None:
    """The first (by id, so the choice is reproducible) stored structure of the formula with that
    space group; None without a collection or a match."""
    if not data_url or not _exists(data_url):
        return None
    from tools.datasets.collection import DataCollection
    from tools.datasets.errors import CollectionNotFound
    from tools.datasets.search import Filters

    collection = DataCollection(data_url)
    try:
        rows, _ = collection.search(Filters(formula=formula, spacegroup=str(number), kind="structure", limit=50))
    except CollectionNotFound:  # a database URL with nothing added yet
        return None
    if not rows:
        return None
    first = min(rows, key=lambda r: r.id)
    atoms = collection.atoms(first.id)
    atoms.info["source"] = f"data collection row {first.id}"
    return atoms
