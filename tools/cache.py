"""Content-addressed result cache shared across runs and processes.

Key: sha256 of (tool, canonical structure hash, calculator + version, parameters). Storage:
one SQLite file in WAL mode under ``<cache_dir>/simulations`` so concurrent processes (batch
workers on one node) read while another writes; a hit costs one indexed lookup (well under 10 ms).

Two workers that need the same result at once compute it once: :meth:`ResultCache.get_or_compute`
takes a per-key lock file (``flock``) before computing; the second waits, then reads the first
one's result. The kernel releases the lock of a process that dies, so a killed worker never
leaves a key blocked.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Bump when result layouts change, so old entries are never fed to new result models.
RESULT_SCHEMA = 1
_SCHEMA = "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, tool TEXT, created REAL, result TEXT)"
# How often a worker waiting for another's computation of the same key looks again.
_CLAIM_POLL_S = 0.05


def cache_key(tool: str, structure_hash: str, calculator_version: str, parameters: dict[str, Any]) -> str:
    payload = json.dumps(
        {
            "tool": tool,
            "structure": structure_hash,
            "calculator": calculator_version,
            "parameters": parameters,
        },
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


_LOCAL = threading.local()


class ResultCache:
    """A tiny key -> JSON store. Errors opening or writing the cache never fail a simulation:
    the cache is an accelerator, so a broken one degrades to a miss. Connections are kept open
    per thread (sqlite3 connections are not shareable across threads) so a hit is one query."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "results.sqlite"

    def _connect(self) -> sqlite3.Connection:
        pool: dict[str, sqlite3.Connection] = _LOCAL.__dict__.setdefault("pool", {})
        key = str(self.path)
        con = pool.get(key)
        if con is not None and self.path.is_file():
            return con
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=30.0)
        # Several workers may open a new cache at the same moment: switching to WAL and creating
        # the table take write locks, so they wait (busy timeout) instead of failing.
        con.execute("PRAGMA busy_timeout=30000")
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        with con:
            con.execute(_SCHEMA)
        pool[key] = con
        return con

    def get(self, key: str) -> dict[str, Any] | None:
        if not self.path.is_file():
            return None
        try:
            row = self._connect().execute("SELECT result FROM results WHERE key = ?", (key,)).fetchone()
            return json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError):
            return None

    def put(self, key: str, tool: str, result: dict[str, Any]) -> None:
        try:
            con = self._connect()
            with con:
                con.execute(
                    "INSERT OR REPLACE INTO results (key, tool, created, result) VALUES (?, ?, ?, ?)",
                    (key, tool, time.time(), json.dumps(result)),
                )
        except sqlite3.Error:
            pass

    def get_or_compute(
        self,
        key: str,
        tool: str,
        compute: Callable[[], dict[str, Any]],
        *,
        usable: Callable[[dict[str, Any]], bool] = lambda hit: True,
        wait_s: float = 600.0,
    ) -> tuple[dict[str, Any], bool]:
        """``(result, cached)``: the cached result if there is a ``usable`` one, else ``compute()``
        stored under ``key``. While one process computes a key, others asking for the same key
        wait for it (up to ``wait_s``, then compute anyway) instead of repeating the work."""
        hit = self.get(key)
        if hit is not None and usable(hit):
            return hit, True
        with self._claim(key, wait_s):
            hit = self.get(key)  # the process we waited for may have stored it
            if hit is not None and usable(hit):
                return hit, True
            out = compute()
            self.put(key, tool, out)
        return out, False

    @contextmanager
    def _claim(self, key: str, wait_s: float) -> Iterator[None]:
        try:
            import fcntl
        except ImportError:  # no advisory locks (Windows): duplicate work is possible, not corruption
            yield
            return
        path = self.path.parent / "locks" / f"{key}.lock"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:  # a read-only or broken cache folder: compute without the claim
            yield
            return
        try:
            deadline = time.monotonic() + wait_s
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        break  # the holder is stuck: better duplicate work than none
                    time.sleep(_CLAIM_POLL_S)
            yield
            # Remove the lock file while holding it (so lock files do not pile up). A process
            # already waiting on this inode gets it next and finds the stored result.
            try:
                path.unlink()
            except OSError:
                pass
        finally:
            os.close(fd)
