"""FAISS side of the index: exact inner product (``IndexFlatIP``) on normalised vectors for small
collections, HNSW above ``hnsw_threshold`` chunks, where exact search stops being cheap."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import numpy as np

Kind = Literal["flat", "hnsw"]
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


def kind_for(n: int, threshold: int) -> Kind:
    return "hnsw" if n > threshold else "flat"


def new_index(dim: int, kind: Kind) -> Any:
    import faiss

    if kind == "flat":
        return faiss.IndexFlatIP(dim)
    index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def index_kind(index: Any) -> Kind:
    import faiss

    return "hnsw" if isinstance(index, faiss.IndexHNSWFlat) else "flat"


def all_vectors(index: Any) -> np.ndarray:
    import numpy as np

    if index.ntotal == 0:
        return np.zeros((0, index.d), dtype=np.float32)
    return np.asarray(index.reconstruct_n(0, index.ntotal), dtype=np.float32)


def updated_index(
    old: Any | None, dim: int, keep_rows: np.ndarray | None, new: np.ndarray, threshold: int
) -> Any:
    """The next generation's FAISS index: old rows kept (``None``: all), then ``new`` appended.
    Pure appends to an index of the right kind reuse it; deletions or a kind change rebuild."""
    import numpy as np

    n_old = 0 if old is None else (old.ntotal if keep_rows is None else len(keep_rows))
    kind = kind_for(n_old + len(new), threshold)
    if old is not None and keep_rows is None and index_kind(old) == kind:
        index = old
    else:
        index = new_index(dim, kind)
        if old is not None and n_old:
            vecs = all_vectors(old)
            index.add(vecs if keep_rows is None else vecs[keep_rows])
    if len(new):
        index.add(np.ascontiguousarray(new, dtype=np.float32))
    return index


def write(index: Any, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def read(path: Path) -> Any:
    import faiss

    index = faiss.read_index(str(path))
    if hasattr(index, "hnsw"):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def search(index: Any, query: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    import numpy as np

    if index.ntotal == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    scores, rows = index.search(query.reshape(1, -1).astype(np.float32), min(n, index.ntotal))
    keep = rows[0] >= 0
    return rows[0][keep].astype(np.int64), scores[0][keep]
