"""The results JSONL of a batch: one writer, every record on disk (fsync) before the next starts.

A driver killed with ``kill -9`` can leave at most a torn last line; opening the file for a resume
cuts it off, so the next record starts on a line of its own and no finished record is lost. An
exclusive lock (``flock``) keeps two drivers from appending to the same file at once, which is
what would write an id twice.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from agent.errors import BatchInputError


def read_records(out: Path) -> list[dict[str, Any]]:
    """Every complete record in ``out`` (a torn or foreign line is skipped)."""
    if not out.is_file():
        return []
    records = []
    for line in out.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(rec, dict) and rec.get("id") is not None:
            records.append(rec)
    return records


def done_ids(out: Path) -> set[str]:
    """Ids already recorded in an output file (a truncated last line from a kill is ignored)."""
    return {str(r["id"]) for r in read_records(out)}


class ResultsFile:
    """Append-only JSONL opened for one batch (use as a context manager)."""

    def __init__(self, path: Path, *, resume: bool) -> None:
        self.path = path
        self.resume = resume
        self._f: IO[str] | None = None
        self.done: set[str] = set()
        self.repaired = False

    def __enter__(self) -> ResultsFile:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        f = self.path.open("a+", encoding="utf-8")
        try:
            _lock(f, self.path)
            self.repaired = _cut_torn_tail(f)
            self.done = done_ids(self.path)
        except BaseException:
            f.close()
            raise
        if self.done and not self.resume:
            f.close()
            raise BatchInputError(
                f"{self.path} already holds {len(self.done)} results; pass --resume to skip them "
                "(resume=True in Python) or choose another --out"
            )
        self._f = f
        return self

    def __exit__(self, *exc: object) -> None:
        if self._f is not None:
            self._f.close()  # closing releases the lock
            self._f = None

    def append(self, record: dict[str, Any]) -> bool:
        """Write one record durably; False (nothing written) if its id is already in the file."""
        assert self._f is not None, "ResultsFile used outside its `with` block"
        rid = str(record["id"])
        if rid in self.done:
            return False
        # One write of one line, then fsync: after this returns, a kill -9 or a power cut
        # cannot lose the record. Written on the descriptor (no buffer to flush later), and cut
        # back on failure (a full disk): the file never ends in half a record.
        data = (json.dumps(record, ensure_ascii=False, default=str) + "\n").encode("utf-8")
        fd = self._f.fileno()
        start = os.lseek(fd, 0, os.SEEK_END)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except OSError:
            os.ftruncate(fd, start)
            raise
        self.done.add(rid)
        return True


def _lock(f: IO[str], path: Path) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; one driver per file is then the user's job
        return
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        raise BatchInputError(f"{path} is being written by another running batch") from e


def _cut_torn_tail(f: IO[str]) -> bool:
    """Truncate a last line without its newline (a write cut short by a kill). A complete JSON
    record that only lacks its newline is kept and given one. True if the file was changed."""
    f.seek(0, os.SEEK_END)
    size = f.tell()
    if size == 0:
        return False
    with open(f.name, "rb") as raw:
        data = raw.read()
    if data.endswith(b"\n"):
        return False
    cut = data.rfind(b"\n") + 1
    tail = data[cut:]
    try:
        complete = isinstance(json.loads(tail), dict)
    except (json.JSONDecodeError, UnicodeDecodeError):
        complete = False
    if complete:
        f.write("\n")
    else:
        f.truncate(cut)
    f.flush()
    os.fsync(f.fileno())
    return True
