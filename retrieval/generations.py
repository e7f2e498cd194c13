"""On-disk layout of an index directory and its atomic updates.

```
<index>/manifest.json      the commit point: names the live generation
<index>/gen-000007/        meta.sqlite (documents, chunks), vectors.faiss, bm25/
<index>/embcache.sqlite    embedding cache (content-addressed, shared by generations)
<index>/.lock              writers serialise on it (flock)
```

A write builds the next generation in a ``.tmp-*`` folder, renames it into place and then
replaces ``manifest.json`` (write aside + ``os.replace``). Until that last rename the old
manifest names the old, untouched generation, so an exception or a kill at any point leaves the
previous index intact; leftovers are swept by the next writer.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrieval.errors import IndexCorrupt, IndexNotFound

if TYPE_CHECKING:
    import numpy as np

    from retrieval.models import Chunk, SourceDoc

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
REQUIRED_KEYS = ("format_version", "embedding_model", "weights_sha256", "dimension", "generation")

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, title TEXT NOT NULL, authors TEXT NOT NULL, year INTEGER, doi TEXT,
    source TEXT NOT NULL, content_hash TEXT NOT NULL, n_chunks INTEGER NOT NULL, added_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE INDEX IF NOT EXISTS documents_source ON documents(source);
CREATE TABLE IF NOT EXISTS chunks (
    row INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL, page INTEGER, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
"""


def read_manifest(root: Path) -> dict[str, Any]:
    """The manifest of the index at ``root``; IndexNotFound / IndexCorrupt when absent or bad."""
    path = root / MANIFEST
    if not path.is_file():
        raise IndexNotFound(f"no literature index at {root} (create one with `hypoloop index add PATH`)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise IndexCorrupt(f"unreadable manifest {path}: {e}") from e
    missing = [k for k in REQUIRED_KEYS if k not in data] if isinstance(data, dict) else list(REQUIRED_KEYS)
    if missing:
        raise IndexCorrupt(f"manifest {path} lacks {', '.join(missing)}")
    if data["format_version"] != FORMAT_VERSION:
        raise IndexCorrupt(
            f"index {root} has format version {data['format_version']}; this hypoloop reads {FORMAT_VERSION}"
        )
    return data


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets you fsync a directory
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def write_lock(root: Path) -> Iterator[None]:
    """Serialise writers (other processes included) on ``<root>/.lock``."""
    import fcntl

    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def sweep_stale(root: Path, live: str | None) -> None:
    """Remove temp folders of interrupted writes and generations no manifest names."""
    for p in root.iterdir():
        if p.is_dir() and (p.name.startswith(".tmp-") or (p.name.startswith("gen-") and p.name != live)):
            shutil.rmtree(p, ignore_errors=True)


def new_temp_dir(root: Path) -> Path:
    tmp = root / f".tmp-{uuid.uuid4().hex[:12]}"
    tmp.mkdir(parents=True)
    return tmp


def next_generation(current: str | None) -> str:
    n = int(current.split("-")[1]) + 1 if current else 1
    return f"gen-{n:06d}"


def commit(root: Path, tmp: Path, manifest: dict[str, Any], old: str | None) -> None:
    """Make ``tmp`` the live generation: rename it, then swap the manifest (the commit point)."""
    final = root / manifest["generation"]
    if final.exists():
        shutil.rmtree(final)
    _fsync_tree(tmp)
    os.rename(tmp, final)
    _fsync_dir(root)
    manifest["updated_at"] = time.time()
    write_json_atomic(root / MANIFEST, manifest)
    if old and old != manifest["generation"]:
        shutil.rmtree(root / old, ignore_errors=True)


def _fsync_tree(folder: Path) -> None:
    for p in folder.rglob("*"):
        if p.is_file():
            with open(p, "rb") as f:
                os.fsync(f.fileno())


def open_meta(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        if not path.is_file():
            raise IndexCorrupt(f"index metadata missing: {path}")
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        db = sqlite3.connect(str(path), check_same_thread=False)
        db.executescript(SCHEMA)
    return db


def renumber_rows(db: sqlite3.Connection) -> None:
    """Make chunk rows contiguous (0..n-1, order kept) after deletions, matching the vectors."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS renum (old INTEGER PRIMARY KEY, new INTEGER)")
    db.execute("DELETE FROM renum")
    db.execute("INSERT INTO renum SELECT row, ROW_NUMBER() OVER (ORDER BY row) - 1 FROM chunks")
    # Two passes through negative numbers so no intermediate value collides with a live row.
    db.execute("UPDATE chunks SET row = -1 - (SELECT new FROM renum WHERE old = chunks.row)")
    db.execute("UPDATE chunks SET row = -1 - row")


def copy_meta(src: Path, dst: Path) -> None:
    """Copy a metadata database consistently (SQLite's backup API, not a raw file copy)."""
    s = open_meta(src, readonly=True)
    d = sqlite3.connect(str(dst))
    try:
        s.backup(d)
    finally:
        s.close()
        d.close()


def apply_metadata(
    db: sqlite3.Connection,
    docs: list[SourceDoc],
    hashes: list[str],
    delete_ids: set[str],
    chunks: list[Chunk],
) -> np.ndarray | None:
    """Delete replaced/removed documents, insert new ones; returns the surviving old rows
    (None when nothing was deleted)."""
    import numpy as np

    keep: np.ndarray | None = None
    if delete_ids:
        ids = sorted(delete_ids)
        db.execute("CREATE TEMP TABLE doomed (doc_id TEXT PRIMARY KEY)")
        db.executemany("INSERT INTO doomed VALUES (?)", [(i,) for i in ids])
        db.execute("DELETE FROM chunks WHERE doc_id IN (SELECT doc_id FROM doomed)")
        db.execute("DELETE FROM documents WHERE doc_id IN (SELECT doc_id FROM doomed)")
        keep = np.array([r[0] for r in db.execute("SELECT row FROM chunks ORDER BY row")], dtype=np.int64)
        renumber_rows(db)
    base = db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    per_doc: dict[str, int] = {}
    for c in chunks:
        per_doc[c.doc_id] = per_doc.get(c.doc_id, 0) + 1
    now = time.time()
    db.executemany(
        "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                d.doc_id,
                d.title,
                json.dumps(d.authors),
                d.year,
                d.doi,
                d.source,
                h,
                per_doc.get(d.doc_id, 0),
                now,
            )
            for d, h in zip(docs, hashes, strict=True)
        ],
    )
    db.executemany(
        "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?)",
        [(base + i, c.chunk_id, c.doc_id, c.ordinal, c.page, c.text) for i, c in enumerate(chunks)],
    )
    return keep


def counts(db: sqlite3.Connection) -> tuple[int, int]:
    docs = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    return int(docs), int(db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])


def bm25_corpus(db: sqlite3.Connection) -> tuple[list[str], list[str]]:
    rows = db.execute(
        "SELECT c.text, d.title FROM chunks c JOIN documents d USING (doc_id) ORDER BY c.row"
    ).fetchall()
    return [r[0] for r in rows], [r[1] for r in rows]
