"""Which reader reads a file: from its name the way the field writes names, else from its content.

VASP users rarely keep VASP's bare names: a folder holds ``Al_fcc_POSCAR``, ``POSCAR_Si``,
``CONTCAR.relax``, ``OUTCAR_run1``, ``vasprun_static.xml``. So VASP files are recognised by the
name *containing* POSCAR, CONTCAR, OUTCAR or vasprun (any case), not by an exact name. A name
that says nothing is given to ASE's content detection (the magic signatures behind
``ase.io.formats.filetype``), which recognises formats by their bytes (extxyz, ASE trajectories
and databases, many codes' outputs); only formats ASE can read are accepted. The caller reports
which reader read each file and whether the name or the content chose it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

DetectedBy = Literal["name", "content"]


@dataclass(frozen=True)
class Detected:
    """The reader chosen for a file: an ASE format name, 'table' (CSV/TSV) or 'ase-db'."""

    reader: str
    by: DetectedBy


# Formats whose extension is unambiguous come before the VASP name patterns, so that a
# 'Si_POSCAR.cif' is read as the CIF it is.
_EXTENSIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    ((".csv", ".tsv"), "table"),
    ((".cif",), "cif"),
    ((".xyz", ".extxyz"), "extxyz"),
    ((".lammpstrj", ".dump"), "lammps-dump-text"),
    ((".db",), "ase-db"),
    ((".vasp", ".poscar"), "vasp"),
)

# Content sniffing reads this much of a file (ASE's own detection reads less).
_HEAD_BYTES = 4096


def detect(path: Path) -> Detected | None:
    """The reader for ``path``: from its name, else from its content; None when neither tells."""
    by_name = reader_from_name(path)
    if by_name is not None:
        return Detected(by_name, "name")
    by_content = reader_from_content(path)
    return Detected(by_content, "content") if by_content is not None else None


def reader_from_name(path: Path) -> str | None:
    """The reader a file's name asks for (case-insensitive), or None."""
    name = path.name.lower()
    for suffixes, reader in _EXTENSIONS:
        if name.endswith(suffixes):
            return reader
    if "vasprun" in name and name.endswith(".xml"):
        return "vasp-xml"
    if "outcar" in name:
        return "vasp-out"
    if "poscar" in name or "contcar" in name:
        return "vasp"
    if name.startswith("dump."):
        return "lammps-dump-text"
    return None


def reader_from_content(path: Path) -> str | None:
    """The ASE format the file's bytes show, if ASE can read it; None otherwise.

    Only the bytes decide: ASE's magic signatures (``ase.io.formats.match_magic``, the content
    part of ``filetype``), plus two signatures ASE does not sniff: Quantum ESPRESSO's banner and
    an XYZ file's atom count on its first line. ``filetype`` itself is not called because it falls
    back to its extension table, which maps generic extensions to specific codes (a 'relaxed.dat'
    extxyz file would be read as a GAMESS punch file and fail)."""
    head = _head(path)
    if not head:
        return None
    if b"Program PWSCF" in head:
        return "espresso-out"
    from ase.io.formats import UnknownFileTypeError, match_magic

    try:
        fmt = match_magic(head)
    except UnknownFileTypeError:
        first = head.splitlines()[0].strip()
        return "extxyz" if first.isdigit() else None
    return fmt.name if fmt.can_read else None


def _head(path: Path, n: int = _HEAD_BYTES) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(n)
    except OSError:
        return b""
