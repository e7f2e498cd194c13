"""`LiteratureIndex`: the persistent hybrid (FAISS + BM25) index over a user's papers.

Reading is cheap and lock-free (one live generation, see :mod:`retrieval.generations`); every write
(``add``, ``remove``) builds the next generation aside and commits it atomically.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrieval import generations, vectors
from retrieval.bm25 import BM25Index
from retrieval.changeset import Plan, plan_additions
from retrieval.chunking import chunk_document
from retrieval.errors import (
    IndexCorrupt,
    IndexExists,
    IndexModelMismatch,
    IndexNotFound,
    RetrievalConfigError,
)
from retrieval.models import (
    AddReport,
    Chunk,
    Hit,
    Progress,
    RemoveReport,
    SearchMode,
    SourceFormat,
)
from retrieval.search import fuse, rows_to_hits
from retrieval.settings import RetrievalSettings

if TYPE_CHECKING:
    import sqlite3

    import numpy as np

    from retrieval.embeddings import Encoder, ModelSpec

ProgressFn = Callable[[Progress], Any]


def _config(settings: dict[str, Any]) -> RetrievalSettings:
    try:
        return RetrievalSettings(**{k: v for k, v in settings.items() if v is not None})
    except Exception as e:  # pydantic ValidationError: keep the CLI's one-line convention
        raise RetrievalConfigError(f"invalid retrieval settings: {e}".splitlines()[0]) from e


class LiteratureIndex:
    """A literature index directory. Build with :meth:`create`, :meth:`open` or :meth:`open_or_create`."""

    def __init__(self, root: Path, config: RetrievalSettings) -> None:
        self.root = root
        self.config = config
        self._lock = threading.RLock()
        self._encoder: Encoder | None = None
        self._spec: ModelSpec | None = None
        self.manifest: dict[str, Any] = {}
        self._db: sqlite3.Connection | None = None
        self._faiss: Any = None
        self._bm25: BM25Index | None = None

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, **settings: Any) -> LiteratureIndex:
        """Create an empty index at ``path`` (keys of ``settings`` are RetrievalSettings fields)."""
        from retrieval.embeddings import get_encoder, resolve_model

        root = Path(path).expanduser()
        config = _config(settings)
        if (root / generations.MANIFEST).exists():
            raise IndexExists(f"an index already exists at {root} (open it, or remove the folder first)")
        spec = resolve_model(config.embedding_model)
        dim = get_encoder(config.embedding_model, config.max_seq_tokens).dimension
        with generations.write_lock(root):
            tmp = generations.new_temp_dir(root)
            generations.open_meta(tmp / "meta.sqlite", readonly=False).close()
            vectors.write(vectors.new_index(dim, "flat"), tmp / "vectors.faiss")
            manifest = {
                "format_version": generations.FORMAT_VERSION,
                "embedding_model": config.embedding_model,
                "weights_sha256": spec.weights_sha256,
                "dimension": dim,
                "documents": 0,
                "chunks": 0,
                "faiss_index": "flat",
                "generation": generations.next_generation(None),
                "created_at": time.time(),
                "settings": config.model_dump(mode="json", exclude={"index_path"}),
            }
            generations.commit(root, tmp, manifest, old=None)
        return cls.open(root, **settings)

    @classmethod
    def open(cls, path: str | Path, **settings: Any) -> LiteratureIndex:
        """Open an existing index. ``settings`` override the stored ones; an ``embedding_model``
        other than the index's (by name and weights) raises IndexModelMismatch."""
        root = Path(path).expanduser()
        manifest = generations.read_manifest(root)
        stored = dict(manifest.get("settings", {}))
        wanted = settings.get("embedding_model") or manifest["embedding_model"]
        stored.update({k: v for k, v in settings.items() if v is not None and k != "index_path"})
        stored["embedding_model"] = manifest["embedding_model"]
        # The vectors were made with this token window; another one would mix vector spaces.
        stored["max_seq_tokens"] = manifest.get("settings", {}).get("max_seq_tokens", 256)
        index = cls(root, _config(stored))
        index._check_model(wanted, manifest)
        index._load(manifest)
        return index

    @classmethod
    def open_or_create(cls, path: str | Path, **settings: Any) -> LiteratureIndex:
        """Open the index at ``path``, creating an empty one when there is none."""
        try:
            return cls.open(path, **settings)
        except IndexNotFound:
            return cls.create(path, **settings)

    def _check_model(self, wanted: str, manifest: dict[str, Any]) -> None:
        from retrieval.embeddings import resolve_model

        have_name, have_sha = manifest["embedding_model"], manifest["weights_sha256"]
        spec = resolve_model(wanted)
        same_weights = spec.weights_sha256 is not None and spec.weights_sha256 == have_sha
        if not same_weights and (wanted != have_name or spec.weights_sha256 != have_sha):
            raise IndexModelMismatch(
                f"index {self.root} was built with embedding model {have_name!r} "
                f"(weights {str(have_sha)[:12]}), not {wanted!r} (weights {str(spec.weights_sha256)[:12]}); "
                f"set retrieval.embedding_model to {have_name!r} or build a new index"
            )
        self._spec = spec

    def _load(self, manifest: dict[str, Any]) -> None:
        gen = self.root / manifest["generation"]
        try:
            db = generations.open_meta(gen / "meta.sqlite", readonly=True)
            faiss_index = vectors.read(gen / "vectors.faiss")
            bm25 = BM25Index.load(gen / "bm25") if manifest["chunks"] else None
            n_rows = db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
        except IndexCorrupt:
            raise
        except Exception as e:
            raise IndexCorrupt(f"cannot load index {self.root} ({manifest['generation']}): {e}") from e
        if n_rows != faiss_index.ntotal or n_rows != manifest["chunks"]:
            raise IndexCorrupt(
                f"index {self.root} is inconsistent: {n_rows} chunks in metadata, "
                f"{faiss_index.ntotal} vectors, {manifest['chunks']} in the manifest"
            )
        if self._db is not None:
            self._db.close()
        self.manifest, self._db, self._faiss, self._bm25 = manifest, db, faiss_index, bm25

    @property
    def encoder(self) -> Encoder:
        from retrieval.embeddings import get_encoder

        if self._encoder is None:
            self._encoder = get_encoder(self.config.embedding_model, self.config.max_seq_tokens)
        return self._encoder

    @property
    def db(self) -> sqlite3.Connection:
        assert self._db is not None, "index is closed"
        return self._db

    # ---- reading ------------------------------------------------------------------------
    def search(self, query: str, k: int = 10, mode: SearchMode = "hybrid") -> list[Hit]:
        """The ``k`` best chunks for ``query``. Scores: cosine (dense), BM25, or fused RRF (hybrid)."""
        if mode not in ("hybrid", "dense", "bm25"):
            raise RetrievalConfigError(f"unknown search mode {mode!r} (hybrid, dense or bm25)")
        if k < 1 or not query.strip() or self.manifest["chunks"] == 0:
            return []
        pool = max(k, self.config.candidates)
        with self._lock:
            ranked: list[tuple[np.ndarray, np.ndarray]] = []
            if mode in ("dense", "hybrid"):
                ranked.append(vectors.search(self._faiss, self.encoder.encode_query(query), pool))
            if mode in ("bm25", "hybrid") and self._bm25 is not None:
                ranked.append(self._bm25.top(query, pool))
            if mode == "hybrid":
                rows, scores = fuse(
                    ranked, [self.config.dense_weight, self.config.bm25_weight], self.config.rrf_k
                )
            else:
                rows, scores = ranked[0]
            return rows_to_hits(self.db, list(rows[:k]), list(scores[:k]))

    def stats(self) -> dict[str, Any]:
        """Counts, model and layout of the index (JSON-able)."""
        m = self.manifest
        size = sum(p.stat().st_size for p in (self.root / m["generation"]).rglob("*") if p.is_file())
        return {
            "path": str(self.root),
            "documents": m["documents"],
            "chunks": m["chunks"],
            "embedding_model": m["embedding_model"],
            "weights_sha256": m["weights_sha256"],
            "dimension": m["dimension"],
            "faiss_index": m.get("faiss_index", "flat"),
            "format_version": m["format_version"],
            "generation": m["generation"],
            "bytes": size,
            "updated_at": m.get("updated_at"),
            "sources": [
                r[0] for r in self.db.execute("SELECT DISTINCT source FROM documents ORDER BY source")
            ],
        }

    def documents(self) -> list[dict[str, Any]]:
        """Every document's metadata (id, title, authors, year, doi, source, chunks)."""
        rows = self.db.execute(
            "SELECT doc_id, title, authors, year, doi, source, n_chunks FROM documents ORDER BY doc_id"
        )
        keys = ("doc_id", "title", "authors", "year", "doi", "source", "chunks")
        return [dict(zip(keys, r[:2] + (json.loads(r[2]),) + r[3:], strict=True)) for r in rows]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # ---- writing ------------------------------------------------------------------------
    def add(
        self,
        sources: str | Path | Iterable[str | Path],
        fmt: SourceFormat = "auto",
        progress: ProgressFn | None = None,
    ) -> AddReport:
        """Ingest files and folders (PDF, text/markdown, BibTeX, JSONL). Bad files and records are
        reported in the AddReport, never half-written; a missing path raises SourceError."""
        from retrieval.sources import read_sources

        paths = [sources] if isinstance(sources, str | Path) else list(sources)
        return self.add_documents(read_sources(paths, fmt), progress)

    def add_documents(self, reads: Iterable[Any], progress: ProgressFn | None = None) -> AddReport:
        """Ingest already-read :class:`SourceDoc` records (and :class:`Problem` records to report)."""
        t0 = time.perf_counter()
        with self._lock, generations.write_lock(self.root):
            self._refresh_if_stale()
            plan = plan_additions(self.db, reads, progress)
            if plan.changes:
                try:
                    self._write(plan, progress)
                except BaseException:
                    self._load(generations.read_manifest(self.root))  # drop in-memory state of the failed write
                    raise
        plan.report.seconds = time.perf_counter() - t0
        if progress:
            progress(Progress(stage="done", documents=len(plan.report.added) + len(plan.report.updated)))
        return plan.report

    def remove(self, *ids_or_paths: str | Path) -> RemoveReport:
        """Remove documents by id, or every document read from a file or folder path."""
        report = RemoveReport()
        with self._lock, generations.write_lock(self.root):
            self._refresh_if_stale()
            doomed: list[str] = []
            for item in ids_or_paths:
                found = self._match(str(item))
                (doomed.extend(found) if found else report.not_found.append(str(item)))
            report.removed = sorted(set(doomed))
            if report.removed:
                self._write(Plan(report=AddReport(), delete_ids=set(report.removed)), None)
        return report

    def _match(self, item: str) -> list[str]:
        if self.db.execute("SELECT 1 FROM documents WHERE doc_id = ?", (item,)).fetchone():
            return [item]
        path = str(Path(item).expanduser().resolve())
        rows = self.db.execute(
            "SELECT doc_id FROM documents WHERE source = ? OR source LIKE ? ESCAPE '!'",
            (path, _like_prefix(path.rstrip("/") + "/")),
        )
        return [r[0] for r in rows]

    def _refresh_if_stale(self) -> None:
        """Another process may have committed since we opened: writes start from the live generation."""
        live = generations.read_manifest(self.root)
        if live["generation"] != self.manifest.get("generation"):
            self._load(live)
        generations.sweep_stale(self.root, live["generation"])

    def _write(self, plan: Plan, progress: ProgressFn | None) -> None:
        from retrieval.embeddings import EmbeddingCache, embed_texts

        chunks = [
            c
            for doc in plan.docs
            for c in chunk_document(
                doc, self.config.chunk_size, self.config.chunk_overlap, self.config.whole_document_chars
            )
        ]
        titles = {d.doc_id: d.title for d in plan.docs}
        texts = [_embed_text(titles[c.doc_id], c.text) for c in chunks]
        done = 0

        def on_batch(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(Progress(stage="embed", chunks_done=done, chunks_total=len(chunks)))

        new_vecs = None
        if chunks:
            assert self._spec is not None
            cache = EmbeddingCache(self.root / "embcache.sqlite", self._spec, self.config.max_seq_tokens)
            try:
                new_vecs, plan.report.chunks_embedded = embed_texts(
                    self.encoder, texts, cache, self.config.batch_size, on_batch
                )
            finally:
                cache.close()
        if progress:
            progress(Progress(stage="write", chunks_done=done, chunks_total=len(chunks)))
        self._commit(plan, chunks, new_vecs)
        plan.report.chunks_added = len(chunks)

    def _commit(self, plan: Plan, chunks: list[Chunk], new_vecs: np.ndarray | None) -> None:
        import numpy as np

        old_gen = self.manifest["generation"]
        tmp = generations.new_temp_dir(self.root)
        generations.copy_meta(self.root / old_gen / "meta.sqlite", tmp / "meta.sqlite")
        db = generations.open_meta(tmp / "meta.sqlite", readonly=False)
        try:
            keep_rows = generations.apply_metadata(db, plan.docs, plan.hashes, plan.delete_ids, chunks)
            dim = int(self.manifest["dimension"])
            vecs = new_vecs if new_vecs is not None else np.zeros((0, dim), dtype=np.float32)
            index = vectors.updated_index(self._faiss, dim, keep_rows, vecs, self.config.hnsw_threshold)
            vectors.write(index, tmp / "vectors.faiss")
            n_docs, n_chunks = generations.counts(db)
            if n_chunks:
                texts, titles = generations.bm25_corpus(db)
                BM25Index.build(
                    texts, titles, self.config.title_weight, self.config.bm25_k1, self.config.bm25_b
                ).save(tmp / "bm25")
            db.commit()
        finally:
            db.close()
        manifest = dict(self.manifest)
        manifest.update(
            documents=n_docs,
            chunks=n_chunks,
            faiss_index=vectors.index_kind(index),
            generation=generations.next_generation(old_gen),
            settings=self.config.model_dump(mode="json", exclude={"index_path"}),
        )
        generations.commit(self.root, tmp, manifest, old=old_gen)
        self._load(manifest)


def _embed_text(title: str, text: str) -> str:
    """What the model sees: the title gives every chunk of a paper its context."""
    return f"{title}\n{text}" if title and not text.startswith(title) else text


def _like_prefix(prefix: str) -> str:
    return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"
