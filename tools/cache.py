"""Content-addressed result cache shared across runs and processes.

Key: sha256 of (tool, canonical structure hash, calculator + version, parameters). Storage:
one SQLite file in WAL mode under ``<cache_dir>/simulations`` so concurrent processes (batch
workers on one node) read while another writes; a hit costs one indexed lookup (well under 10 ms).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

# Bump when result layouts change, so old entries are never fed to new result models.
RESULT_SCHEMA = 1
_SCHEMA = "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, tool TEXT, created REAL, result TEXT)"


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
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
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
