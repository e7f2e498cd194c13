"""Data objects of the literature index: what goes in (documents, chunks) and what comes out
(hits, add reports). They serialize and do not compute."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SourceFormat = Literal["auto", "pdf", "text", "bibtex", "jsonl"]
SearchMode = Literal["hybrid", "dense", "bm25"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Page(_Data):
    """A span of a document's text; ``number`` is the 1-based PDF page, None for other sources."""

    number: int | None = Field(None, description="1-based page number (PDF only).")
    text: str = Field(..., description="Text of the page or of the whole record.")


class SourceDoc(_Data):
    """One document as read from a source, before chunking."""

    doc_id: str = Field(..., description="Stable id: JSONL id, BibTeX key, or the file stem.")
    title: str = Field("", description="Document title.")
    authors: list[str] = Field(default_factory=list, description="Author names.")
    year: int | None = Field(None, description="Publication year.")
    doi: str | None = Field(None, description="DOI, lower-cased, without the https://doi.org/ prefix.")
    source: str = Field(..., description="Absolute path of the file it came from.")
    pages: list[Page] = Field(..., description="Text, by page where the source has pages.")
    path_derived_id: bool = Field(False, description="True when doc_id came from the file name.")

    def full_text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)


class Chunk(_Data):
    """A retrievable passage of a document."""

    chunk_id: str = Field(..., description="Content hash of (doc_id, text); stable across re-adds.")
    doc_id: str = Field(..., description="Owning document.")
    ordinal: int = Field(..., description="Position of the chunk in its document.")
    page: int | None = Field(None, description="PDF page the chunk starts on.")
    text: str = Field(..., description="Chunk text.")


class Hit(_Data):
    """A search result: one chunk with its document's metadata."""

    doc_id: str = Field(..., description="Document id (for BEIR JSONL, the record's _id).")
    chunk_id: str = Field(..., description="Chunk id, unique in the index.")
    score: float = Field(..., description="Score in the chosen mode (cosine, BM25 or fused RRF).")
    title: str = Field("", description="Document title.")
    text: str = Field(..., description="Chunk text.")
    metadata: dict[str, Any] = Field(
        default_factory=dict, description="authors, year, doi, source, page (and anything else known)."
    )

    @property
    def citation(self) -> str:
        """The key the agent cites: ``<doc_id>#<chunk_id>``."""
        return f"{self.doc_id}#{self.chunk_id}"


class ReportItem(_Data):
    """A source or record that was not added, and why."""

    source: str = Field(..., description="File (with :line for JSONL/BibTeX records) or document id.")
    reason: str = Field(..., description="Why it was skipped, deduplicated or rejected.")


class AddReport(_Data):
    """What one ``LiteratureIndex.add`` call did."""

    added: list[str] = Field(default_factory=list, description="Ids of documents added.")
    updated: list[str] = Field(
        default_factory=list, description="Ids whose content changed and was replaced."
    )
    unchanged: list[str] = Field(
        default_factory=list, description="Ids already indexed with the same content."
    )
    duplicates: list[ReportItem] = Field(default_factory=list, description="Same content under another id.")
    skipped: list[ReportItem] = Field(
        default_factory=list, description="Sources not ingested (empty, encrypted...)."
    )
    errors: list[ReportItem] = Field(
        default_factory=list, description="Corrupt sources or malformed records."
    )
    chunks_added: int = Field(0, description="Chunks written to the index.")
    chunks_embedded: int = Field(0, description="Chunks that needed the model (not in the embedding cache).")
    seconds: float = Field(0.0, description="Wall time of the call.")

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def summary(self) -> str:
        """One line for humans."""
        return (
            f"added {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
            f"duplicates {len(self.duplicates)}, skipped {len(self.skipped)}, errors {len(self.errors)}; "
            f"{self.chunks_added} chunks ({self.chunks_embedded} embedded) in {self.seconds:.1f} s"
        )


class Progress(_Data):
    """A progress event for callers that draw bars (the CLI)."""

    stage: Literal["read", "embed", "write", "done"] = Field(..., description="Current stage.")
    documents: int = Field(0, description="Documents read so far.")
    chunks_done: int = Field(0, description="Chunks embedded so far.")
    chunks_total: int = Field(0, description="Chunks to embed in this call.")


class RemoveReport(_Data):
    """What one ``LiteratureIndex.remove`` call did."""

    removed: list[str] = Field(default_factory=list, description="Ids of documents removed.")
    not_found: list[str] = Field(default_factory=list, description="Arguments matching no id or source path.")
