"""The embedding model's token window is part of an index's identity, like its weights."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from retrieval import LiteratureIndex
from retrieval.embeddings import get_encoder

LONG = (
    " ".join(["Perovskite cathodes exchange oxygen at their surface."] * 12)
    + " Finally, zirconia conducts ions."
)


def test_window_changes_the_vector_of_long_text_only() -> None:
    short_window = get_encoder("bundled:all-MiniLM-L6-v2", 32)
    long_window = get_encoder("bundled:all-MiniLM-L6-v2", 256)
    a, b = short_window.encode_batch([LONG, "zirconia"]), long_window.encode_batch([LONG, "zirconia"])
    assert float(np.dot(a[0], b[0])) < 0.99
    assert float(np.dot(a[1], b[1])) > 0.999


def test_window_is_fixed_when_the_index_is_created(tmp_path: Path, corpus_file: Path) -> None:
    idx = LiteratureIndex.create(tmp_path / "i", max_seq_tokens=64)
    idx.add([corpus_file])
    assert idx.manifest["settings"]["max_seq_tokens"] == 64
    idx.close()
    again = LiteratureIndex.open(tmp_path / "i", max_seq_tokens=256)
    assert again.config.max_seq_tokens == 64  # vectors stay in one space
    assert again.encoder.max_tokens == 64
    assert again.search("oxide ion conductor electrolyte", k=1, mode="dense")[0].doc_id == "ysz"
