"""Structure files and simulation outputs -> StructureRecords, through ASE's readers.

Energies, forces and stresses a file carries stay attached (as ASE single-point results) and the
settings that produced them (INCAR tags, plane-wave cutoffs) are kept beside them: a stored
energy without its settings cannot be compared with anything.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tools.datasets.errors import DataFileError, RowError
from tools.datasets.models import FileContent, Provenance, ReportItem, StructureRecord

if TYPE_CHECKING:
    from ase import Atoms

# Frames beyond this per file are not read: a long MD trajectory belongs in its own database.
MAX_FRAMES = 20_000


def _head(path: Path, n: int = 4096) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(n)
    except OSError:
        return b""


def read_structures(path: Path, fmt: str, sha: str) -> FileContent:
    """Every frame of ``path`` as a record; unreadable files raise DataFileError (one line)."""
    if fmt == "lammps-dump-text":
        _check_lammps_elements(path)
    frames = _ase_db_frames(path) if fmt == "ase-db" else _ase_frames(path, fmt)
    engine, settings = _settings_of(path, fmt)
    out = FileContent()
    for frame, atoms in frames:
        if fmt == "lammps-dump-text" and atoms.calc is not None:
            # ASE's dump reader reports energy 0.0 for every frame; a dump stores no energy.
            atoms.calc.results.pop("energy", None)
        prov = Provenance(file=str(path), sha256=sha, frame=frame)
        try:
            _check_frame(atoms)
        except RowError as e:
            out.skipped.append(ReportItem(where=prov.where(), reason=str(e)))
            continue
        info = json_safe(atoms.info)
        label = engine or (str(info.pop("calculator")) if "calculator" in info else None)
        out.structures.append(StructureRecord(atoms, prov, label, settings, info))
    return out


def _ase_frames(path: Path, fmt: str) -> list[tuple[int, Atoms]]:
    import ase.io

    try:
        frames = ase.io.read(path, index=f":{MAX_FRAMES}", format=fmt)
    except Exception as e:  # ASE's readers raise anything from ValueError to StopIteration
        raise DataFileError(f"{path}: cannot read as {fmt}: {_one_line(e)}") from e
    frames = frames if isinstance(frames, list) else [frames]
    if not frames:
        raise DataFileError(f"{path}: no structure found (read as {fmt})")
    return list(enumerate(frames))


def _ase_db_frames(path: Path) -> list[tuple[int, Atoms]]:
    import ase.db

    try:
        db = ase.db.connect(str(path), type="db", create_indices=False)
        rows = list(db.select(limit=MAX_FRAMES))
        frames = []
        for row in rows:
            atoms = row.toatoms()
            atoms.info.update(row.key_value_pairs)
            frames.append((int(row.id), atoms))
    except Exception as e:
        raise DataFileError(f"{path}: cannot read as an ASE database: {_one_line(e)}") from e
    if not frames:
        raise DataFileError(f"{path}: the ASE database holds no rows")
    return frames


def _check_lammps_elements(path: Path) -> None:
    # Without an element column ASE maps type 1 to H, 2 to He...: a silently wrong structure.
    header = _head(path, 65536).decode("utf-8", "replace")
    match = re.search(r"ITEM: ATOMS (.*)", header)
    if match is None:
        raise DataFileError(f"{path}: not a LAMMPS text dump (no 'ITEM: ATOMS' line)")
    if not {"element", "mass"} & set(match.group(1).split()):
        raise DataFileError(
            f"{path}: LAMMPS dump has no 'element' or 'mass' column, so atom types cannot be mapped "
            "to elements (write the dump with `dump_modify ... element ...`)"
        )


def _check_frame(atoms: Atoms) -> None:
    if len(atoms) == 0:
        raise RowError("frame has no atoms")
    occupancy = atoms.info.get("occupancy") or {}
    if any(abs(f - 1.0) > 1e-6 for site in occupancy.values() for f in site.values()):
        # ASE keeps one species per disordered site (CuAu at 50/50 reads as Au4): a wrong formula.
        raise RowError("partially occupied (disordered) sites: no single structure to store")
    if atoms.pbc.any() and atoms.cell.rank < 3 and atoms.pbc.all():
        raise RowError("periodic frame with a degenerate cell")
    if atoms.calc is None:
        return
    results = getattr(atoms.calc, "results", {})
    energy = results.get("energy")
    if energy is not None and not math.isfinite(float(energy)):
        raise RowError(f"non-finite energy ({energy})")
    forces = results.get("forces")
    if forces is not None:
        import numpy as np

        if not np.isfinite(np.asarray(forces, dtype=float)).all():
            raise RowError("non-finite forces")


def _settings_of(path: Path, fmt: str) -> tuple[str | None, dict[str, Any]]:
    if fmt == "vasp-xml":
        return _vasprun_settings(path)
    if fmt == "vasp-out":
        return _regex_settings(path, "VASP", _OUTCAR_PATTERNS, r"vasp\.([\d.]+)")
    if fmt == "espresso-out":
        return _regex_settings(path, "Quantum ESPRESSO", _PWSCF_PATTERNS, r"Program PWSCF v\.([\w.]+)")
    if fmt == "lammps-dump-text":
        return "LAMMPS", {}
    return None, {}


def _vasprun_settings(path: Path) -> tuple[str | None, dict[str, Any]]:
    import xml.etree.ElementTree as ET

    incar: dict[str, Any] = {}
    version = ""
    try:
        for _, elem in ET.iterparse(path, events=("end",)):
            if elem.tag == "i" and elem.get("name") == "version" and not version:
                version = (elem.text or "").strip()
            if elem.tag == "incar":
                incar = {i.get("name"): _scalar((i.text or "").strip()) for i in elem.iter("i")}
                break
    except ET.ParseError:
        pass  # ASE already read the frames; a truncated tail only costs the settings
    return (f"VASP {version}".strip(), {"incar": incar})


# (?<!\w) keeps METAGGA from matching GGA; a tag VASP prints as "--" (unset) is left out.
_OUTCAR_PATTERNS = {
    "ENCUT": r"(?<!\w)ENCUT\s*=\s*([\d.]+)",
    "PREC": r"(?<!\w)PREC\s*=\s*(\w+)",
    "ISMEAR": r"(?<!\w)ISMEAR\s*=\s*(-?\d+)",
    "SIGMA": r"(?<!\w)SIGMA\s*=\s*([\d.]+)",
    "GGA": r"(?<!\w)GGA\s*=\s*([A-Za-z0-9]+)",
    "ISPIN": r"(?<!\w)ISPIN\s*=\s*(\d)",
}
_PWSCF_PATTERNS = {
    "ecutwfc_ry": r"kinetic-energy cutoff\s*=\s*([\d.]+)\s*Ry",
    "ecutrho_ry": r"charge density cutoff\s*=\s*([\d.]+)\s*Ry",
    "xc": r"Exchange-correlation=\s*(.+)",
    "smearing": r"smearing,\s*width \(Ry\)=\s*([\d.]+)",
    "k_points": r"number of k points=\s*(\d+)",
}


def _regex_settings(
    path: Path, code: str, patterns: dict[str, str], version_re: str
) -> tuple[str, dict[str, Any]]:
    text = path.read_text(errors="replace")[:2_000_000]
    settings = {k: _scalar(m.group(1).strip()) for k, p in patterns.items() if (m := re.search(p, text))}
    version = re.search(version_re, text)
    return (f"{code} {version.group(1)}" if version else code), settings


def _scalar(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def json_safe(info: dict[str, Any]) -> dict[str, Any]:
    """The JSON-able part of an info dict: numbers, strings, booleans and small numeric arrays."""
    out: dict[str, Any] = {}
    for key, value in info.items():
        if hasattr(value, "tolist"):
            value = value.tolist()
        if isinstance(value, bool | int | str) or (isinstance(value, float) and math.isfinite(value)):
            out[str(key)] = value
        elif isinstance(value, list) and len(value) <= 64 and _numeric(value):
            out[str(key)] = value
    return out


def _numeric(value: list[Any]) -> bool:
    flat = [x for row in value for x in (row if isinstance(row, list) else [row])]
    return all(isinstance(x, int | float) and not isinstance(x, bool) for x in flat)


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return f"{type(e).__name__}: {text}"[:200] if text else f"malformed file ({type(e).__name__})"
