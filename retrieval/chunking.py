"""Splitting documents into passages.

Units are paragraphs (blank-line separated) or, for texts written one sentence per line, lines;
headings start a new chunk. Units are packed greedily up to ``chunk_size`` characters, a unit
longer than that is split at sentence ends, and the next chunk repeats up to ``overlap``
characters of trailing sentences so no statement loses its context. A document that fits in
``chunk_size`` stays one chunk (one abstract = one chunk). PDF pages are chunked separately so
each chunk carries an exact page number.
"""

from __future__ import annotations

import hashlib
import re

from retrieval.models import Chunk, SourceDoc

_PARA_SPLIT = re.compile(r"\n\s*\n")
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[])")
_HEADING = re.compile(r"^(#{1,6}\s|\d+(\.\d+)*\.?\s+[A-Z]|[A-Z][A-Za-z ]{2,40}$)")


def chunk_id(doc_id: str, text: str) -> str:
    """Stable id of a chunk: a content hash of (document, text)."""
    return hashlib.sha256(f"{doc_id}\x00{text}".encode()).hexdigest()[:16]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def chunk_document(doc: SourceDoc, chunk_size: int, overlap: int, whole_max: int = 0) -> list[Chunk]:
    """The chunks of ``doc``; identical passages inside one document are kept once. A document
    of at most ``whole_max`` characters (an abstract) stays one chunk per page."""
    out: list[Chunk] = []
    seen: set[str] = set()
    size = max(chunk_size, whole_max) if sum(len(p.text) for p in doc.pages) <= whole_max else chunk_size
    for page in doc.pages:
        for piece in split_text(page.text, size, overlap):
            cid = chunk_id(doc.doc_id, piece)
            if cid in seen:
                continue
            seen.add(cid)
            out.append(Chunk(chunk_id=cid, doc_id=doc.doc_id, ordinal=len(out), page=page.number, text=piece))
    return out


def split_text(text: str, chunk_size: int, overlap: int) -> list[str]:
    """Split ``text`` into passages of at most ~``chunk_size`` characters."""
    text = text.strip()
    if not text:
        return []
    if len(text) <= chunk_size:
        return [_squash(text)]
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for unit, is_heading in _units(text):
        for part in _fit(unit, chunk_size):
            if current and (size + len(part) > chunk_size or is_heading):
                chunks.append("\n".join(current))
                current = _tail(current, overlap) if not is_heading else []
                size = sum(len(c) + 1 for c in current)
            current.append(part)
            size += len(part) + 1
            is_heading = False
    if current:
        chunks.append("\n".join(current))
    return [_squash(c) for c in chunks if c.strip()]


def _units(text: str) -> list[tuple[str, bool]]:
    paras = [p.strip() for p in _PARA_SPLIT.split(text) if p.strip()]
    if len(paras) == 1:
        # No blank lines: texts extracted one sentence (or one line) per line.
        paras = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return [(p, bool(_HEADING.match(p)) and len(p) < 80) for p in paras]


def _fit(unit: str, chunk_size: int) -> list[str]:
    """A unit longer than ``chunk_size`` split at sentence ends (hard-cut as a last resort)."""
    if len(unit) <= chunk_size:
        return [unit]
    out: list[str] = []
    buf = ""
    for sent in _SENT_SPLIT.split(unit):
        while len(sent) > chunk_size:
            cut = sent.rfind(" ", 0, chunk_size)
            cut = cut if cut > chunk_size // 2 else chunk_size
            if buf:
                out.append(buf)
                buf = ""
            out.append(sent[:cut].strip())
            sent = sent[cut:].strip()
        if buf and len(buf) + len(sent) + 1 > chunk_size:
            out.append(buf)
            buf = ""
        buf = f"{buf} {sent}".strip()
    if buf:
        out.append(buf)
    return out


def _tail(parts: list[str], overlap: int) -> list[str]:
    """Trailing sentences of the previous chunk, up to ``overlap`` characters."""
    if overlap <= 0:
        return []
    sentences = _SENT_SPLIT.split(" ".join(parts))
    kept: list[str] = []
    size = 0
    for s in reversed(sentences):
        if size + len(s) > overlap:
            break
        kept.insert(0, s)
        size += len(s) + 1
    return [" ".join(kept)] if kept else []


def _squash(text: str) -> str:
    """Normalise whitespace inside lines but keep paragraph breaks."""
    lines = [re.sub(r"[ \t\r\f\v]+", " ", ln).strip() for ln in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
