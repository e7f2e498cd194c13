"""Finding installed packages' files and hashing weights, without importing the packages."""

from __future__ import annotations

import hashlib
import importlib.util
from functools import lru_cache
from pathlib import Path


def package_dir(module: str) -> Path | None:
    """The folder of an installed package, found by spec (no import)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


@lru_cache(maxsize=64)
def _sha256_cached(path: str, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sha256_file(path: Path) -> str:
    """sha256 of a file, memoised per (path, size, mtime) so repeated manifests cost nothing."""
    st = path.stat()
    return _sha256_cached(str(path), st.st_size, st.st_mtime_ns)
