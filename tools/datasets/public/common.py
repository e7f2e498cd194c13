"""What the public-database clients share: the entry model, the on/off rule and the cache.

Both clients are optional (their packages are extras), off when the settings say offline, and
cached: the same query against the same database is answered from disk for ``MAX_AGE_S``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tools.cache import ResultCache, cache_key
from tools.datasets.errors import PublicDataUnavailable

# Public databases change with their releases (Materials Project: a few times a year); a week
# keeps repeated runs cheap without serving a stale release for long.
MAX_AGE_S = 7 * 24 * 3600


class PublicEntry(BaseModel):
    """One structure entry of a public database, with what it reports about it."""

    model_config = ConfigDict(extra="forbid")

    database: Literal["optimade", "materials_project"] = Field(description="Which client found it.")
    provider: str = Field(description="Base URL of the database answering.")
    id: str = Field(description="The database's own id (e.g. mp-149).")
    url: str = Field(description="Address of the entry: cite it as the source.")
    formula: str = Field(description="Reduced formula (pymatgen convention, e.g. SiO2).")
    elements: list[str] = Field(default_factory=list, description="Element symbols.")
    nsites: int | None = Field(None, description="Sites in the cell.")
    spacegroup_symbol: str | None = Field(None, description="Space-group symbol the database reports.")
    spacegroup_number: int | None = Field(None, description="Space-group number the database reports.")
    properties: dict[str, float] = Field(
        default_factory=dict, description="Computed values the database reports (band_gap in eV, ...)."
    )
    structure: dict[str, Any] | None = Field(
        None, description="numbers, positions, cell, pbc of the structure, when the database gave one."
    )
    structure_id: str | None = Field(
        None, description="Workspace id of the structure (set by data_query); pass it to simulation tools."
    )


def require_online(online: bool, what: str) -> None:
    if not online:
        raise PublicDataUnavailable(f"{what} is off: offline (settings data.online = false or --offline)")


# Atoms closer than this (angstrom, periodic images included) mean a broken record; such a
# structure is withheld rather than handed to a simulation.
MIN_DISTANCE = 0.5


def atoms_dict(atoms: Any) -> dict[str, Any] | None:
    """The structure as plain data, or None when it has no atoms or overlapping atoms."""
    from ase.neighborlist import neighbor_list

    if atoms is None or len(atoms) == 0:
        return None
    if atoms.pbc.any() and atoms.cell.rank < 3:
        return None
    if len(neighbor_list("i", atoms, MIN_DISTANCE)):
        return None
    return {
        "numbers": [int(z) for z in atoms.numbers],
        "positions": atoms.positions.tolist(),
        "cell": atoms.cell.array.tolist(),
        "pbc": [bool(p) for p in atoms.pbc],
    }


class QueryCache:
    """Query -> list of entries, in the simulation cache's SQLite store under ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.store = ResultCache(folder)

    def key(self, database: str, provider: str, query: dict[str, Any]) -> str:
        return cache_key(f"public:{database}", provider, "-", query)

    def get(self, key: str) -> list[PublicEntry] | None:
        hit = self.store.get(key)
        if hit is None or time.time() - float(hit.get("time", 0)) > MAX_AGE_S:
            return None
        return [PublicEntry.model_validate(e) for e in hit["entries"]]

    def put(self, key: str, entries: list[PublicEntry]) -> None:
        self.store.put(key, "public", {"time": time.time(), "entries": [e.model_dump() for e in entries]})
