"""Where a collection lives: a SQLite file (the embedded default) or a PostgreSQL database that a
group shares. Everything that differs between the two is here: opening (a typed one-line error,
never a driver traceback), the indexes hypoloop's lookups need, the writers' lock and the size.

Writers serialize. Deduplication is a read-then-write: look for a matching row (within tolerances,
pymatgen's StructureMatcher), then insert a row or append a source to the match. Two processes
doing that at once would both miss each other's row and store it twice, or both append to the same
row and lose one source. A unique constraint cannot prevent that: rows merge by tolerance, not only
by an exact content key, and appending a source is an update, not an insert. So each file's
transaction takes the collection's one writer lock before its first read: SQLite's write lock
(``BEGIN IMMEDIATE``), PostgreSQL's transaction-level advisory lock (``pg_advisory_xact_lock``),
both released by the commit or rollback. Readers never wait for it (SQLite readers wait only
for the instant of a commit). Other ASE URLs (MySQL) get
one transaction per file but no lock: ingest into them from one process at a time.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from tools.datasets.errors import CollectionNotFound, CollectionUnavailable, DatasetError

if TYPE_CHECKING:
    from ase.db.core import Database

Backend = Literal["sqlite", "postgresql", "other"]
_BACKEND_OF_TYPE: dict[str, Backend] = {"db": "sqlite", "postgresql": "postgresql"}  # ASE's Database.type

# How long a writer waits for another process's file to finish before its own file fails.
WRITER_WAIT_S = 600
# How long to wait for a PostgreSQL server to answer before calling it unreachable.
CONNECT_TIMEOUT_S = 10
# Advisory-lock keys are per database, so this one key locks exactly one collection.
_LOCK_KEY = int.from_bytes(hashlib.sha256(b"hypoloop data collection writer").digest()[:8], "big", signed=True)

# The (key, value) lookups of every ingest (uid, bucket) must not scan all rows: ASE indexes keys
# only. In SQLite ASE queries the key-value tables; in PostgreSQL a JSONB expression.
_SQLITE_INDEXES = (
    "CREATE INDEX IF NOT EXISTS hypoloop_text_kv ON text_key_values(key, value)",
    "CREATE INDEX IF NOT EXISTS hypoloop_number_kv ON number_key_values(key, value)",
)
_POSTGRES_INDEXES = tuple(
    f"CREATE INDEX IF NOT EXISTS hypoloop_{key} ON systems ((key_value_pairs ->> '{key}'))"
    for key in ("uid", "bucket", "reduced")
)


def backend_of(url: str) -> Backend:
    if "://" not in url:
        return "sqlite"
    scheme = url.split("://", 1)[0].lower()
    return "postgresql" if scheme in ("postgresql", "postgres") else "other"


def display(url: str) -> str:
    """The URL with any password masked, for output that others (or a model) read."""
    return re.sub(r"(://[^/:@]+):[^/@]*@", r"\1:***@", url)


def open_database(url: str, create: bool) -> Database:
    """The ASE database at ``url``; with ``create`` its tables and indexes are made if missing.
    Raises CollectionNotFound (nothing added yet) or CollectionUnavailable (server, driver)."""
    backend = backend_of(url)
    if backend == "sqlite":
        return _open_sqlite(Path(url).expanduser(), create)
    import ase.db

    with translated(url):
        try:
            db = ase.db.connect(url, append=True)
        except ImportError as e:
            raise CollectionUnavailable(
                f"cannot open {display(url)}: its driver is not installed ({e}); "
                "for PostgreSQL: pip install 'hypoloop[postgres]'"
            ) from e
        except Exception as e:
            raise DatasetError(f"cannot open the data collection {display(url)}: {e}") from e
        if backend != "postgresql":
            return db
        # Asked first, always: this connection has a timeout (ASE's have none, and a host that
        # drops packets would hang a command for minutes).
        if not _postgres_initialized(url) and not create:
            raise CollectionNotFound(
                f"no data collection at {display(url)} (add files with `hypoloop data add PATH --db URL`)"
            )
        if create:
            with write_transaction(db) as con:
                db.count()  # ASE creates its tables in a new database, inside this locked transaction
                cur = con.cursor()
                for statement in _POSTGRES_INDEXES:
                    cur.execute(statement)
        return db


def _open_sqlite(path: Path, create: bool) -> Database:
    if not create and not path.is_file():
        raise CollectionNotFound(f"no data collection at {path} (add files with `hypoloop data add PATH`)")
    import ase.db

    path.parent.mkdir(parents=True, exist_ok=True)
    db = ase.db.connect(str(path), type="db", append=True)
    if create:  # only writers: even a no-op CREATE INDEX waits for SQLite's write lock
        with write_transaction(db) as con:
            db.count()  # ASE creates its tables in a new file, inside this locked transaction
            for statement in _SQLITE_INDEXES:
                con.execute(statement)
    return db


def _postgres_initialized(url: str) -> bool:
    """Whether ASE's tables exist, asked without letting ASE create them (it does on any query)."""
    import psycopg2

    with contextlib.closing(psycopg2.connect(url, connect_timeout=CONNECT_TIMEOUT_S)) as con:
        cur = con.cursor()
        cur.execute("SELECT to_regclass('information') IS NOT NULL AND to_regclass('systems') IS NOT NULL")
        return bool(cur.fetchone()[0])


class _HeldCommits:
    """ASE's connection as ASE sees it inside one of our transactions. ASE commits on its own
    after creating its tables and every 5000 changes; inside a file's transaction that would
    publish half a file and drop the writer lock, so its commits wait for the transaction's end."""

    def __init__(self, con: Any) -> None:
        self._con = con

    def commit(self) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Any]:
    """One transaction holding the collection's writer lock: committed at the end, rolled back
    on any exception. Yields the raw connection (sqlite3, or ASE's PostgreSQL wrapper)."""
    backend = _BACKEND_OF_TYPE.get(str(getattr(db, "type", "")), "other")
    raw = db._connect()  # type: ignore[attr-defined]  # both SQL backends; ASE's `with db:` cannot roll back PostgreSQL
    try:
        if backend == "sqlite":
            raw.execute(f"PRAGMA busy_timeout = {WRITER_WAIT_S * 1000}")
            raw.execute("BEGIN IMMEDIATE")  # the write lock now, before the duplicate lookups
        elif backend == "postgresql":
            cur = raw.cursor()
            # READ COMMITTED (the default): every statement after the lock sees what the previous
            # holder committed.
            cur.execute(f"SET LOCAL lock_timeout = '{WRITER_WAIT_S}s'")
            cur.execute(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")
        db.connection = _HeldCommits(raw)  # type: ignore[attr-defined]
        db.change_count = 0  # type: ignore[attr-defined]
        # ASE's delete() VACUUMs a SQLite file, which needs a commit first; callers vacuum after.
        db.vacuum = _no_vacuum  # type: ignore[attr-defined]
        yield raw
        raw.commit()
    except BaseException:
        getattr(raw, "con", raw).rollback()  # ASE's PostgreSQL wrapper keeps psycopg2's in .con
        raise
    finally:
        db.connection = None  # type: ignore[attr-defined]
        vars(db).pop("vacuum", None)
        raw.close()


def _no_vacuum() -> None:
    pass


@contextlib.contextmanager
def read_session(db: Database) -> Iterator[None]:
    """One connection for a whole query. ASE opens a connection per call, and per row it reads
    (to look for external tables): ~5 ms each on a PostgreSQL server, most of a search's time.
    Consume ASE's row generators inside the session."""
    raw = db._connect()  # type: ignore[attr-defined]
    db.connection = _HeldCommits(raw)  # type: ignore[attr-defined]
    db.change_count = 0  # type: ignore[attr-defined]
    try:
        yield
    finally:
        db.connection = None  # type: ignore[attr-defined]
        getattr(raw, "con", raw).rollback()  # nothing to keep: it only read
        raw.close()


def size_bytes(url: str, db: Database) -> int | None:
    """The collection's size on disk: the SQLite file, or the PostgreSQL database."""
    backend = backend_of(url)
    if backend == "sqlite":
        return Path(url).expanduser().stat().st_size
    if backend != "postgresql":
        return None
    with db.managed_connection() as con:  # type: ignore[attr-defined]  # a read session's, if any
        cur = con.cursor()
        cur.execute("SELECT pg_database_size(current_database())")
        return int(cur.fetchone()[0])


@contextlib.contextmanager
def translated(url: str) -> Iterator[None]:
    """Database-driver errors (server down, refused, wrong password, lock timeout) as one typed
    line naming the collection, never a traceback."""
    try:
        yield
    except (sqlite3.OperationalError, sqlite3.DatabaseError) as e:
        raise CollectionUnavailable(f"cannot use the data collection {display(url)}: {e}") from e
    except Exception as e:
        if not type(e).__module__.startswith("psycopg2"):
            raise
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise CollectionUnavailable(f"cannot use the data collection {display(url)}: {first}") from e
