"""Filters over the collection: formula, elements, space group, property and value range, ids.

Exact-match filters go to the database as key queries; element sets and value ranges are
applied to the rows that come back (collections of user data are thousands of rows, not
millions, and ASE's key-value store has no set or range index worth the complexity).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from tools.datasets import units
from tools.datasets.errors import RowError, RowNotFound
from tools.datasets.formulas import elements_of, reduced_formula
from tools.datasets.rows import to_data_row
from tools.errors import ToolInputError

if TYPE_CHECKING:
    from ase.db.core import Database
    from ase.db.row import AtomsRow

    from tools.datasets.models import DataRow

# Properties a structure row itself answers (stored keys), in the canonical units of units.py.
STRUCTURE_PROPERTIES = {"energy_per_atom": "epa", "volume_per_atom": "vpa"}


@dataclass
class Filters:
    """What to look for; every filter given must hold (AND)."""

    ids: list[str] = field(default_factory=list)
    formula: str | None = None
    elements: list[str] = field(default_factory=list)
    spacegroup: str | None = None
    property: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    kind: Literal["any", "structure", "measurement"] = "any"
    limit: int = 20


def search(db: Database, f: Filters) -> tuple[list[DataRow], int]:
    """(the first ``f.limit`` matching rows, how many matched in all)."""
    if (f.min_value is not None or f.max_value is not None) and not f.property:
        raise ToolInputError("min_value/max_value need a property to compare against")
    prop = _property(f.property)
    wanted = {_symbol(e) for e in f.elements}
    if f.ids:
        rows = [_by_id(db, i) for i in f.ids]
        matched = [r for r in rows if _keep(r, f, prop, wanted)]
        return [to_data_row(r) for r in matched[: f.limit]], len(matched)
    query, keys = _query(f, prop)
    keys.update({f"el_{e}": True for e in wanted})  # the keys rows.element_keys writes
    # Everything is decided in SQL: count, then decode only the rows returned.
    found = db.select(query, limit=f.limit, sort="id", **keys)  # the same order on every backend
    return [to_data_row(r) for r in found], db.count(query, **keys)


def _by_id(db: Database, uid: str) -> AtomsRow:
    row = next(iter(db.select(uid=uid.strip(), limit=1)), None)
    if row is None:
        raise RowNotFound(f"no row {uid!r} in the data collection")
    return row


def _query(f: Filters, prop: str | None) -> tuple[str, dict[str, Any]]:
    """An ASE selection string (ranges, key presence) and exact key-value filters."""
    keys: dict[str, Any] = {}
    if f.kind != "any":
        keys["kind"] = f.kind
    if f.formula:
        keys["reduced"] = _formula(f.formula)
    if f.spacegroup:
        text = f.spacegroup.replace(" ", "")
        if text.isdigit():
            keys["sg"] = int(text)
        else:
            keys["sg_symbol"] = text
    parts: list[str] = []
    if prop is not None:
        key = STRUCTURE_PROPERTIES.get(prop, "value")
        if key == "value":
            keys["property"] = prop
        parts.append(key)  # the row must have the key (structure rows lack 'value', and vice versa)
        if f.min_value is not None:
            parts.append(f"{key}>={f.min_value!r}")
        if f.max_value is not None:
            parts.append(f"{key}<={f.max_value!r}")
    return ",".join(parts), keys


def _keep(row: AtomsRow, f: Filters, prop: str | None, wanted: set[str]) -> bool:
    if f.kind != "any" and row.get("kind") != f.kind:
        return False
    if wanted and not wanted <= elements_of(row.get("reduced")):
        return False
    if prop is None:
        return True
    value = _value(row, prop)
    if value is None:
        return False
    return (f.min_value is None or value >= f.min_value) and (f.max_value is None or value <= f.max_value)


def _value(row: AtomsRow, prop: str) -> float | None:
    if row.get("kind") == "measurement":
        return float(row.get("value")) if row.get("property") == prop else None
    key = STRUCTURE_PROPERTIES.get(prop)
    value = row.get(key) if key else None
    return None if value is None else float(value)


def _property(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return units.canonical_property(name)
    except RowError as e:
        raise _input_error(str(e)) from e


def _formula(text: str) -> str:
    try:
        return reduced_formula(text)
    except RowError as e:
        raise _input_error(str(e)) from e


def _symbol(text: str) -> str:
    from ase.data import chemical_symbols

    symbol = text.strip().capitalize()
    if symbol not in chemical_symbols[1:]:
        raise _input_error(f"unknown element {text!r}")
    return symbol


def _input_error(message: str) -> Exception:
    return ToolInputError(message)
