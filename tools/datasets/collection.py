"""The user's data collection: an ASE database of structures and measurements with provenance.

``DataCollection(url).add(paths)`` reads each file completely first, then writes its rows in one
transaction: a file that fails (unreadable, or a write error half-way) leaves nothing behind.
SQLite by default; a ``postgresql://`` URL puts it on a server a group shares, and processes
adding files at once merge their duplicates (see backends.py). Other ASE URLs (MySQL) work too.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tools.datasets import backends
from tools.datasets import rows as row_io
from tools.datasets.errors import DataFileError
from tools.datasets.file_kinds import detect
from tools.datasets.models import AddReport, DataRow, FileContent, FileRead, RemoveReport, ReportItem
from tools.datasets.search import Filters, search
from tools.datasets.structure_files import read_structures
from tools.datasets.tables import read_table

if TYPE_CHECKING:
    from ase import Atoms
    from ase.db.core import Database

SUPPORTED = (
    "CIF, VASP files named *POSCAR*, *CONTCAR*, *.vasp, *OUTCAR*, *vasprun*.xml, extxyz (*.xyz), "
    "LAMMPS text dumps (*.lammpstrj, *.dump), ASE databases (*.db), CSV/TSV tables, and any "
    "format ASE recognises from the content (Quantum ESPRESSO output, ASE trajectories...)"
)


def _is_path(url: str) -> bool:
    return backends.backend_of(url) == "sqlite"


class DataCollection:
    """Open (lazily) the collection at ``url``: a file path (SQLite) or an ASE database URL
    (``postgresql://user@host/db`` for a collection a group shares)."""

    def __init__(self, url: str | Path) -> None:
        self.url = str(url)

    @property
    def display_url(self) -> str:
        """The URL with any password masked, for output that others (or a model) read."""
        return backends.display(self.url)

    def may_exist(self) -> bool:
        """False only when there is surely no collection: a file path with no file. A database
        URL may hold one; only connecting can tell. Asks without importing ase.db (~0.8 s of
        ase.io): every hypothesis of a batch asks data_query, and most users have no collection."""
        return not _is_path(self.url) or Path(self.url).expanduser().is_file()

    def _connect(self, create: bool) -> Database:
        return backends.open_database(self.url, create)

    # ---- adding ---------------------------------------------------------------------------
    def add(self, paths: Iterable[str | Path]) -> AddReport:
        """Ingest files and folders (recursive). Returns what was added, merged and skipped."""
        targets = list(self._files(paths))
        report = AddReport()
        with backends.translated(self.url):
            db = self._connect(create=True)
        for path, explicit in targets:
            self._add_file(db, path, explicit, report)
        return report

    def _files(self, paths: Iterable[str | Path]) -> Iterator[tuple[Path, bool]]:
        own = Path(self.url).expanduser().resolve() if _is_path(self.url) else None
        for given in paths:
            path = Path(given).expanduser()
            if not path.exists():
                raise DataFileError(f"{path}: no such file or folder")
            if path.is_file():
                yield path.resolve(), True
                continue
            for sub in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in sub.relative_to(path).parts)
                if sub.is_file() and not hidden and sub.resolve() != own:
                    yield sub.resolve(), False

    def _add_file(self, db: Database, path: Path, explicit: bool, report: AddReport) -> None:
        found = detect(path)
        if found is None:
            reason = f"unsupported file type: neither its name nor its content tells (supported: {SUPPORTED})"
            item = ReportItem(where=str(path), reason=reason)
            (report.errors if explicit else report.skipped).append(item)
            return
        report.files += 1
        try:
            content = self._read(path, found.reader)
            local = AddReport()
            # One transaction per file, rolled back on any exception inside, holding the writer
            # lock so that another process adding files at the same time merges with these rows.
            with backends.write_transaction(db):
                for s in content.structures:
                    row_io.put_structure(db, s, local)
                for m in content.measurements:
                    row_io.put_measurement(db, m, local)
        except DataFileError as e:
            report.errors.append(ReportItem(where=str(path), reason=_strip_path(str(e), path)))
            return
        except Exception as e:  # a write that fails half-way: the transaction was rolled back
            reason = f"not written ({type(e).__name__}: {' '.join(str(e).split())[:200]})"
            report.errors.append(ReportItem(where=str(path), reason=reason))
            return
        report.read.append(FileRead(where=str(path), reader=found.reader, detected_by=found.by,
                                    structures=len(content.structures), measurements=len(content.measurements)))  # fmt: skip
        report.added += local.added
        report.merged += local.merged
        report.unchanged += local.unchanged
        report.skipped += content.skipped

    def _read(self, path: Path, fmt: str) -> FileContent:
        own = Path(self.url).expanduser().resolve() if _is_path(self.url) else None
        if path == own:
            raise DataFileError(f"{path}: is the collection itself")
        sha = _sha256(path)
        return read_table(path, sha) if fmt == "table" else read_structures(path, fmt, sha)

    # ---- reading --------------------------------------------------------------------------
    def search(self, filters: Filters | None = None, **kwargs: Any) -> tuple[list[DataRow], int]:
        """Rows matching ``filters`` (or the same fields as keywords) and the total match count."""
        with backends.translated(self.url):
            db = self._connect(create=False)
            with backends.read_session(db):
                return search(db, filters or Filters(**kwargs))

    def get(self, uid: str) -> DataRow:
        found, _ = self.search(Filters(ids=[uid], limit=1))
        return found[0]

    def atoms(self, uid: str) -> Atoms:
        """The stored structure of a structure row, without calculator results."""
        from tools.errors import ToolInputError

        row = self.get(uid)
        if row.kind != "structure":
            raise ToolInputError(f"{uid} is a measurement, not a structure")
        with backends.translated(self.url):
            db = self._connect(create=False)
            with backends.read_session(db):
                stored = next(iter(db.select(uid=uid, limit=1)))
        atoms = stored.toatoms()
        atoms.calc = None
        return atoms

    def stats(self) -> dict[str, Any]:
        """Row counts by kind, formulas, properties, files and the size of the database."""
        with backends.translated(self.url):
            db = self._connect(create=False)
            with backends.read_session(db):
                return self._stats(db)

    def _stats(self, db: Database) -> dict[str, Any]:
        kinds: Counter[str] = Counter()
        props: Counter[str] = Counter()
        formulas: set[str] = set()
        files: set[str] = set()
        for row in db.select():
            kinds[row.get("kind")] += 1
            formulas.add(row.get("reduced"))
            if row.get("kind") == "measurement":
                props[row.get("property")] += 1
            files.update(s.file for s in row_io.sources_of(row))
        size = backends.size_bytes(self.url, db)
        return {
            "url": self.display_url,
            "rows": sum(kinds.values()),
            "structures": kinds["structure"],
            "measurements": kinds["measurement"],
            "formulas": len(formulas),
            "properties": dict(sorted(props.items())),
            "files": len(files),
            "bytes": size,
        }

    # ---- removing -------------------------------------------------------------------------
    def remove(self, *targets: str) -> RemoveReport:
        """Remove rows by id, or every row that came from a file or folder (rows merged from
        several files lose only that file's provenance). All in one transaction."""
        report = RemoveReport()
        with backends.translated(self.url):
            db = self._connect(create=False)
            with backends.write_transaction(db):
                self._remove_all(db, targets, report)
            if report.removed:  # gives the space back (SQLite only), outside the transaction it needs
                db.vacuum()  # type: ignore[attr-defined]
        return report

    def _remove_all(self, db: Database, targets: tuple[str, ...], report: RemoveReport) -> None:
        for target in targets:
            if not self._remove_one(db, target, report):
                report.not_found.append(target)

    def _remove_one(self, db: Database, target: str, report: RemoveReport) -> bool:
        if target.startswith("d-"):
            ids = [r.id for r in db.select(uid=target)]
            if ids:
                db.delete(ids)
                report.removed.append(target)
            return bool(ids)
        where = Path(target).expanduser().resolve()
        hit = False
        for row in list(db.select()):
            sources = row_io.sources_of(row)
            keep = [s for s in sources if not _under(Path(s.file), where)]
            if len(keep) == len(sources):
                continue
            hit = True
            if keep:
                db.update(row.id, data={"sources": [s.model_dump() for s in keep]})
            else:
                db.delete([row.id])
                report.removed.append(row.get("uid"))
        return hit


def _under(path: Path, where: Path) -> bool:
    return path == where or path.is_relative_to(where)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError as e:
        raise DataFileError(f"{path}: cannot read: {e.strerror or e}") from e
    return h.hexdigest()


def _strip_path(message: str, path: Path) -> str:
    # Report items carry the path in `where`; the reason need not repeat it.
    return message.removeprefix(f"{path}: ").removeprefix(f"{path}")
