"""Turn a :class:`~tools.spec.StructureSpec` into ASE ``Atoms``, checked for sanity.

Every way in (prototype, molecule, SMILES, CIF/POSCAR/XYZ text, stored id, workspace file) ends in the
same validation: known elements, finite coordinates, a real cell when periodic, no overlapping
atoms, and the size limit. Anything else is a :class:`ToolInputError` with one clear line. Every structure that is not a
built bulk prototype is then screened for controlled chemicals and explosives (tools/hazards.py)
and the hazard policy decides (tools/hazard_policy.py, docs/safety.md): a Schedule 1 agent or an
explosive raises :class:`HazardousRequest` ("refused: ...") before any tool computes anything.
"""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING

from tools import hazards
from tools import workspace as store
from tools.errors import HazardousRequest, ToolInputError
from tools.prototype_cells import CELLS, build_cell
from tools.prototypes import BUILDABLE_REFERENCE, PROTOTYPES, estimate_lattice, g2_name, normalise_prototype
from tools.smiles import from_smiles
from tools.spec import StructureSpec

if TYPE_CHECKING:
    from pathlib import Path

    from ase import Atoms

# Closer than this two atoms overlap: no chemistry happens at 0.5 angstrom.
MIN_DISTANCE_A = 0.5
_FORMATS = {"cif": "cif", "poscar": "vasp", "xyz": "extxyz"}
_FILE_FORMATS = {".cif": "cif", ".xyz": "extxyz", ".extxyz": "extxyz", ".vasp": "vasp", ".json": None}
# Formats a file is never read as, whatever ASE could guess: pickles and torch checkpoints can run
# code when loaded, and a user-supplied path must not reach them (nor ASE's format guessing).
_REFUSED_SUFFIXES = frozenset(
    {".pkl", ".pickle", ".pt", ".pth", ".ckpt", ".joblib", ".npy", ".npz", ".traj", ".db"}
)


def resolve(spec: StructureSpec, workspace: Path, max_atoms: int, data_url: str | None = None) -> Atoms:
    """Build and validate the structure a spec names (``data_url``: the user's data collection,
    where a formula + space group is looked up first)."""
    kind = spec.kind
    if kind == "molecule":  # a listed name ("sarin") is refused rather than reported as unknown
        _refuse(hazards.screen_name(spec.molecule or ""))
    if kind == "bulk" and spec.spacegroup is not None:
        from tools.spacegroups import find_structure

        atoms = find_structure(spec.formula or "", spec.spacegroup, data_url, _build_prototype)
    elif kind == "bulk":
        atoms = build_bulk(spec.formula or "", spec.prototype, spec.a, spec.c)
    elif kind == "molecule":
        atoms = build_molecule(spec.molecule or "")
    elif kind == "smiles":
        atoms = from_smiles(spec.smiles or "")
    elif kind == "structure_id":
        atoms = store.load(spec.structure_id or "", workspace)
    elif kind == "file":
        atoms = read_file(store.workspace_path(spec.file or "", workspace))
    else:
        atoms = parse_text(getattr(spec, kind) or "", kind)
    validate(atoms, max_atoms)
    if (
        kind != "bulk" or spec.spacegroup is not None
    ):  # built prototypes are elements and simple compounds: nothing to screen
        _refuse(hazards.screen_atoms(atoms, spec.molecule if kind == "molecule" else None))
    return atoms


def _build_prototype(formula: str, prototype: str) -> Atoms:
    return build_bulk(formula, prototype, None, None)


def _refuse(result: hazards.HazardResult | None) -> None:
    """A tool only computes, so the policy decides with the compute intent (docs/safety.md)."""
    if result is None:
        return
    decision = hazards.check_structure(result)
    if decision.refused:
        raise HazardousRequest(decision.refusal())


def parse_formula(formula: str) -> dict[str, int]:
    from ase.data import atomic_numbers
    from ase.formula import Formula

    text = formula.strip()
    if not text:
        raise ToolInputError("formula must not be empty")
    try:
        counts = Formula(text).count()
    except Exception as e:  # ASE raises ValueError / ParseError on junk
        raise ToolInputError(f"cannot parse formula {formula!r}: {e}") from e
    unknown = [s for s in counts if s not in atomic_numbers or atomic_numbers[s] == 0]
    if unknown or not counts:
        raise ToolInputError(f"unknown element(s) {', '.join(unknown) or '(none)'} in formula {formula!r}")
    return counts


def build_bulk(formula: str, prototype: str | None, a: float | None, c: float | None) -> Atoms:
    """A primitive bulk cell of ``formula`` in ``prototype`` (lattice estimated when not given)."""
    from ase.build import bulk
    from ase.data import atomic_numbers, reference_states

    counts = parse_formula(formula)
    symbols = list(counts)
    if prototype is None:
        ref = (reference_states[atomic_numbers[symbols[0]]] or {}) if len(symbols) == 1 else {}
        if ref.get("symmetry") not in BUILDABLE_REFERENCE:
            raise ToolInputError(f"give a prototype for {formula!r} (e.g. fcc, bcc, hcp, rocksalt, wurtzite)")
        prototype = str(ref["symmetry"])
    proto = normalise_prototype(prototype)
    if proto in CELLS:
        return build_cell(proto, counts, a, c)
    _check_stoichiometry(counts, proto, formula)
    est_a, est_c = estimate_lattice(symbols, proto)
    a = a if a is not None else est_a
    if c is None and est_c is not None:
        c = est_c * a / est_a
    name = "".join(s if n == 1 else f"{s}{n}" for s, n in counts.items())
    try:
        return bulk(name, proto, a=a) if c is None else bulk(name, proto, a=a, c=c)
    except Exception as e:
        raise ToolInputError(f"cannot build {formula} as {proto}: {e}") from e


def _check_stoichiometry(counts: dict[str, int], proto: str, formula: str) -> None:
    n_species = PROTOTYPES[proto][0]
    ratios = sorted(counts.values())
    ok = (n_species == 1 and len(counts) == 1) or (
        n_species == 2
        and len(counts) == 2
        and (ratios == [1, 2] if proto == "fluorite" else ratios == [1, 1])
    )
    if not ok:
        want = {
            1: "one element",
            2: "two elements in ratio 1:2" if proto == "fluorite" else "two elements 1:1",
        }
        raise ToolInputError(f"{proto} needs {want[n_species]}; got formula {formula!r}")


def build_molecule(name: str) -> Atoms:
    from ase.build import molecule

    atoms = molecule(g2_name(name))
    atoms.pbc = False
    return atoms


def parse_text(text: str, kind: str) -> Atoms:
    import warnings

    from ase.io import read

    if not text.strip():
        raise ToolInputError(f"{kind} text is empty")
    if kind == "cif":
        _check_cif_cell(text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            atoms = read(io.StringIO(text), format=_FORMATS[kind], index=-1)
    except Exception as e:  # every reader has its own exception zoo
        raise ToolInputError(f"cannot parse {kind}: {type(e).__name__}: {_short(e)}") from e
    return _single(atoms, kind)


def _check_cif_cell(text: str) -> None:
    """CIF readers take a negative or zero cell length at face value (a mirrored or flat cell)."""
    import re

    for axis, value in re.findall(r"^\s*_cell_length_([abc])\s+([-+]?[0-9.eE+-]+)", text, flags=re.M):
        try:
            length = float(value)
        except ValueError:
            continue
        if not length > 0:
            raise ToolInputError(
                f"cannot parse cif: _cell_length_{axis} must be a positive length (got {value})"
            )


def read_file(path: Path) -> Atoms:
    import json

    from ase.io import read

    suffix = path.suffix.lower()
    fmt = _FILE_FORMATS.get(suffix, "vasp" if path.name.upper().startswith(("POSCAR", "CONTCAR")) else "")
    if suffix in _REFUSED_SUFFIXES or fmt == "":
        raise ToolInputError(
            f"{path.name}: structure files must be .cif, .xyz, .extxyz, .vasp, .json or POSCAR/CONTCAR "
            "(pickle, torch and other binary files are never loaded)"
        )
    try:
        if fmt is None:  # our own structure JSON
            return store.from_dict(json.loads(path.read_text(encoding="utf-8")))
        return _single(read(str(path), format=fmt, index=-1), path.name)
    except ToolInputError:
        raise
    except Exception as e:
        raise ToolInputError(f"cannot read {path.name}: {type(e).__name__}: {_short(e)}") from e


def _single(atoms: object, what: str) -> Atoms:
    from ase import Atoms

    if not isinstance(atoms, Atoms):
        raise ToolInputError(f"{what} holds no single structure")
    return atoms


def validate(atoms: Atoms, max_atoms: int) -> None:
    import numpy as np

    n = len(atoms)
    if n == 0:
        raise ToolInputError("the structure has no atoms")
    if n > max_atoms:
        raise ToolInputError(f"the structure has {n} atoms; the limit is {max_atoms} (simulation.max_atoms)")
    if (atoms.numbers <= 0).any() or (atoms.numbers > 118).any():
        raise ToolInputError("the structure contains unknown elements")
    if not np.isfinite(atoms.positions).all() or not np.isfinite(atoms.cell.array).all():
        raise ToolInputError("the structure has NaN or infinite coordinates")
    if atoms.pbc.any():
        if not atoms.pbc.all():
            raise ToolInputError(
                "mixed periodicity is not supported: make it fully periodic (box) or molecular"
            )
        if abs(atoms.cell.volume) < 1e-3 * n:
            raise ToolInputError("periodic structure with a degenerate (zero-volume) cell")
    _check_overlap(atoms)


# Hashes of structures already found free of overlaps in this process: the O(n^2) distance
# check dominated the cache-hit path (repeat calls on the same structure).
_NO_OVERLAP: dict[str, None] = {}


def _check_overlap(atoms: Atoms) -> None:
    key = store.structure_hash(atoms)
    if key in _NO_OVERLAP:
        return
    dmin = min_distance(atoms)
    if dmin < MIN_DISTANCE_A:
        raise ToolInputError(f"overlapping atoms: two atoms are {dmin:.3f} angstrom apart")
    if len(_NO_OVERLAP) > 4096:
        _NO_OVERLAP.clear()
    _NO_OVERLAP[key] = None


def min_distance(atoms: Atoms) -> float:
    """Shortest interatomic distance, periodic images included (inf for a single free atom).

    Minimum image over a Minkowski-reduced cell plus the shortest lattice vector (an atom's
    distance to its own image): O(n^2) numpy, much faster than a neighbour list for small cells.
    """
    import itertools

    import numpy as np
    from ase.geometry import get_distances

    best = math.inf
    if atoms.pbc.any():
        rcell, _ = atoms.cell.minkowski_reduce()
        shifts = np.array([s for s in itertools.product((-1, 0, 1), repeat=3) if any(s)], float)
        shifts *= np.asarray(atoms.pbc, float)
        lengths = np.linalg.norm(shifts @ np.asarray(rcell), axis=1)
        best = float(lengths[lengths > 0].min()) if (lengths > 0).any() else math.inf
    if len(atoms) > 1:
        _, d = get_distances(atoms.positions, cell=atoms.cell, pbc=atoms.pbc)
        np.fill_diagonal(d, np.inf)
        best = min(best, float(d.min()))
    return best


def _short(e: Exception) -> str:
    text = " ".join(str(e).split())
    return (text[:200] + "...") if len(text) > 200 else text or "unreadable"
