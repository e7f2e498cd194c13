"""Fusing rankings and turning chunk rows into hits."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

from retrieval.models import Hit

if TYPE_CHECKING:
    import numpy as np


def fuse(
    rankings: Sequence[tuple[np.ndarray, np.ndarray]], weights: Sequence[float], k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted reciprocal rank fusion: score(row) = sum_i w_i / (k + rank_i(row)), ranks from 1.
    Rank-based, so cosine and BM25 scales never need calibrating against each other."""
    import numpy as np

    fused: dict[int, float] = {}
    for (rows, _), w in zip(rankings, weights, strict=False):
        for rank, row in enumerate(rows.tolist(), start=1):
            fused[row] = fused.get(row, 0.0) + w / (k + rank)
    order = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))
    return (
        np.array([r for r, _ in order], dtype=np.int64),
        np.array([s for _, s in order], dtype=np.float32),
    )


def rows_to_hits(db: sqlite3.Connection, rows: Sequence[int], scores: Sequence[float]) -> list[Hit]:
    if not rows:
        return []
    marks = ",".join("?" * len(rows))
    found = {
        r[0]: r
        for r in db.execute(
            "SELECT c.row, c.chunk_id, c.doc_id, c.page, c.text, d.title, d.authors, d.year, d.doi, d.source "
            f"FROM chunks c JOIN documents d USING (doc_id) WHERE c.row IN ({marks})",
            [int(r) for r in rows],
        )
    }
    hits = []
    for row, score in zip(rows, scores, strict=True):
        r = found.get(int(row))
        if r is None:
            continue
        _, chunk_id, doc_id, page, text, title, authors, year, doi, source = r
        meta = {"authors": json.loads(authors), "year": year, "doi": doi, "source": source, "page": page}
        hits.append(
            Hit(doc_id=doc_id, chunk_id=chunk_id, score=float(score), title=title, text=text, metadata=meta)
        )
    return hits
