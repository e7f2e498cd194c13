"""Content-addressed result cache shared across runs, processes and cluster nodes.

Key: sha256 of (tool, canonical structure hash, calculator + version, parameters). Storage: one
JSON file per key under ``<cache_dir>/simulations/entries/<2 hex>/<key>.json``. A write goes to a
temporary file in the same folder, is flushed to disk, and is renamed over the entry: a rename
within one directory is atomic on POSIX filesystems, NFS included, so a reader sees the whole old
entry or the whole new one, never part of one. Correctness never depends on a lock: two writers
of one key (batch workers on different nodes of a shared filesystem, where ``flock`` may not
hold) each rename a complete entry and the last one stays; at worst the work was done twice.

The per-key lock file (``flock``) of :meth:`ResultCache.get_or_compute` only saves that work on
one node: the second worker waits, then reads the first one's result. The kernel releases the lock
of a process that dies, so a killed worker never leaves a key blocked.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Bump when result layouts change, so old entries are never fed to new result models.
RESULT_SCHEMA = 1
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


class ResultCache:
    """A key -> JSON store of one file per entry. Errors reading or writing the cache never fail
    a simulation: the cache is an accelerator, so a broken one degrades to a miss."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.entries = folder / "entries"

    def entry_path(self, key: str) -> Path:
        # Two-character shards keep folders small on filesystems slow with large directories.
        return self.entries / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            doc = json.loads(self.entry_path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(doc, dict) or doc.get("schema") != RESULT_SCHEMA or doc.get("key") != key:
            return None
        result = doc.get("result")
        return result if isinstance(result, dict) else None

    def put(self, key: str, tool: str, result: dict[str, Any]) -> None:
        doc = {"schema": RESULT_SCHEMA, "key": key, "tool": tool, "created": time.time(), "result": result}
        path = self.entry_path(key)
        tmp: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{key[:16]}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(doc, f, separators=(",", ":"))
                f.flush()
                os.fsync(f.fileno())  # the rename must not publish an entry whose data is not on disk
            os.replace(tmp, path)
            tmp = None
        except (OSError, TypeError, ValueError):
            pass  # a full disk or an unserialisable result: this entry is simply not cached
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass

    def keys(self) -> list[str]:
        """Every stored key (for maintenance and tests; not used on the hot path)."""
        return sorted(p.stem for p in self.entries.glob("*/*.json"))

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
        path = self.folder / "locks" / f"{key}.lock"
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
