"""Structures in the workspace: content-hashed ids, atomic writes, safe loading.

Large things travel by id (DESIGN.md): a tool stores the structure it built or relaxed as
``<workspace>/structures/<id>.json`` and hands the id to the model instead of coordinates.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tools.errors import StructureNotFound, ToolInputError

if TYPE_CHECKING:
    from ase import Atoms

ID_PATTERN = re.compile(r"^s-[0-9a-f]{12}$")
# Coordinates are rounded before hashing so that the same structure built twice hashes the same
# despite last-bit floating-point noise.
_DECIMALS = 6


def canonical(atoms: Atoms) -> dict[str, Any]:
    """JSON-able, rounded description of a structure: the content the id is a hash of."""
    magmoms = atoms.get_initial_magnetic_moments()
    return {
        "numbers": [int(z) for z in atoms.numbers],
        "positions": [[round(float(x), _DECIMALS) + 0.0 for x in row] for row in atoms.positions],
        "cell": [[round(float(x), _DECIMALS) + 0.0 for x in row] for row in atoms.cell.array],
        "pbc": [bool(p) for p in atoms.pbc],
        # Spin matters to some engines (triplet O2 in xTB); kept only when set so ids stay stable.
        **({"magmoms": [round(float(m), 3) for m in magmoms]} if magmoms.any() else {}),
    }


def structure_hash(atoms: Atoms) -> str:
    payload = json.dumps(canonical(atoms), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def structure_id(atoms: Atoms) -> str:
    return "s-" + structure_hash(atoms)[:12]


def structures_dir(workspace: Path) -> Path:
    return workspace / "structures"


def save(atoms: Atoms, workspace: Path) -> str:
    """Store ``atoms`` (idempotent) and return its id. Written atomically: readers in other
    processes never see a half-written file."""
    sid = structure_id(atoms)
    folder = structures_dir(workspace)
    path = folder / f"{sid}.json"
    if path.is_file():
        return sid
    folder.mkdir(parents=True, exist_ok=True)
    data = canonical(atoms)
    data["id"] = sid
    data["formula"] = atoms.get_chemical_formula(mode="hill")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w") as f:
            json.dump(data, f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sid


def load(sid: str, workspace: Path) -> Atoms:
    """The stored structure ``sid``; ids are checked against a strict pattern first so an id can
    never be used to reach a path outside the workspace."""
    if not ID_PATTERN.match(sid or ""):
        raise ToolInputError(f"invalid structure_id {sid!r}: expected 's-' followed by 12 hex digits")
    path = structures_dir(workspace) / f"{sid}.json"
    if not path.is_file():
        raise StructureNotFound(f"no structure {sid} in the workspace {workspace}")
    try:
        data = json.loads(path.read_text())
        return from_dict(data)
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise StructureNotFound(f"stored structure {sid} is unreadable: {e}") from e


def from_dict(data: dict[str, Any]) -> Atoms:
    from ase import Atoms

    return Atoms(
        numbers=data["numbers"],
        positions=data["positions"],
        cell=data["cell"],
        pbc=data["pbc"],
        magmoms=data.get("magmoms"),
    )


def exists(sid: str, workspace: Path) -> bool:
    return bool(ID_PATTERN.match(sid)) and (structures_dir(workspace) / f"{sid}.json").is_file()


def workspace_path(path: str, workspace: Path) -> Path:
    """Resolve a user-given path inside the workspace; anything that escapes it is refused."""
    root = workspace.resolve()
    candidate = Path(path).expanduser()
    resolved = (candidate if candidate.is_absolute() else root / candidate).resolve()
    if not resolved.is_relative_to(root):
        raise ToolInputError(
            f"file {path!r} is outside the workspace {root}; copy it into the workspace first"
        )
    if not resolved.is_file():
        raise ToolInputError(f"file {path!r} does not exist in the workspace {root}")
    return resolved
