"""Reading literature sources into :class:`SourceDoc` records.

Every reader yields documents or :class:`Problem` records; a bad file or record never raises
past this module (except a path that does not exist at all, which is the caller's mistake and
raises :class:`SourceError` before anything is written).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from retrieval.bibtex import clean_latex, parse_bibtex, split_authors
from retrieval.errors import SourceError
from retrieval.models import Page, ReportItem, SourceDoc, SourceFormat

EXTENSIONS: dict[str, SourceFormat] = {
    ".pdf": "pdf",
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"'<>,;]+[^\s\"'<>,;.)\]])", re.IGNORECASE)
# A PDF page with fewer extractable characters than this is probably an image (scanned).
MIN_PDF_CHARS_PER_PAGE = 40


@dataclass(frozen=True)
class Problem:
    """A source or record that yields no document."""

    kind: Literal["skipped", "error"]
    item: ReportItem


Read = SourceDoc | Problem


def _problem(kind: Literal["skipped", "error"], source: str, reason: str) -> Problem:
    return Problem(kind, ReportItem(source=source, reason=reason))


def expand_paths(
    paths: Iterable[str | Path], fmt: SourceFormat = "auto"
) -> list[tuple[Path, SourceFormat | None]]:
    """Files to read with their format (None: unknown). Folders are walked recursively and keep
    only files with a known extension (or every file when ``fmt`` is explicit)."""
    out: list[tuple[Path, SourceFormat | None]] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            raise SourceError(f"no such file or folder: {path}")
        if path.is_dir():
            for f in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                known = EXTENSIONS.get(f.suffix.lower())
                if known is not None and (fmt == "auto" or known == fmt):
                    out.append((f.resolve(), known))
        else:
            out.append((path.resolve(), fmt if fmt != "auto" else EXTENSIONS.get(path.suffix.lower())))
    return out


def read_sources(paths: Iterable[str | Path], fmt: SourceFormat = "auto") -> Iterator[Read]:
    """Documents and problems from files and folders, in a stable order."""
    for path, kind in expand_paths(paths, fmt):
        if kind is None:
            yield _problem("skipped", str(path), "unknown file type (use --format pdf|text|bibtex|jsonl)")
        elif kind == "pdf":
            yield from read_pdf(path)
        elif kind == "text":
            yield from read_text(path)
        elif kind == "bibtex":
            yield from read_bibtex(path)
        else:
            yield from read_jsonl(path)


def find_doi(text: str) -> str | None:
    m = _DOI.search(text)
    return m.group(1).lower() if m else None


def _decode(path: Path) -> str | Problem:
    """UTF-8 text of a file, or why it is not text."""
    try:
        data = path.read_bytes()
    except OSError as e:
        return _problem("error", str(path), f"cannot read: {e.strerror or e}")
    if b"\x00" in data[:8192]:
        return _problem("skipped", str(path), "binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return _problem("skipped", str(path), f"not UTF-8 text (invalid byte at offset {e.start})")
    if not text.strip():
        return _problem("skipped", str(path), "empty file")
    return text


def read_text(path: Path) -> Iterator[Read]:
    """A .txt/.md file is one document; its title is the first heading or short first line."""
    text = _decode(path)
    if isinstance(text, Problem):
        yield text
        return
    first = next(line.strip() for line in text.splitlines() if line.strip())
    title = first.lstrip("#").strip() if first.startswith("#") or len(first) <= 200 else path.stem
    yield SourceDoc(
        doc_id=path.stem,
        title=title,
        doi=find_doi(text[:5000]),
        source=str(path),
        pages=[Page(number=None, text=text)],
        path_derived_id=True,
    )


def read_pdf(path: Path) -> Iterator[Read]:
    """A PDF is one document with its pages kept; encrypted, scanned or corrupt files are skipped."""
    import logging

    from pypdf import PdfReader

    # pypdf logs damage warnings ("EOF marker not found") straight to stderr; the problem is
    # reported once, in the add report, instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not _try_empty_password(reader):
            yield _problem("skipped", str(path), "encrypted PDF (needs a password)")
            return
        pages = [
            Page(number=i + 1, text=_clean_pdf_text(p.extract_text() or ""))
            for i, p in enumerate(reader.pages)
        ]
        info = reader.metadata
    except Exception as e:  # pypdf raises many types on damaged files; all mean "unreadable"
        yield _problem("error", str(path), f"corrupt or unreadable PDF: {type(e).__name__}: {e}")
        return
    if not pages:
        yield _problem("skipped", str(path), "PDF has no pages")
        return
    chars = sum(len(p.text) for p in pages)
    if chars < MIN_PDF_CHARS_PER_PAGE * len(pages):
        yield _problem("skipped", str(path), "no extractable text (scanned PDF? run OCR first)")
        return
    text_start = pages[0].text[:5000]
    title = str(info.title).strip() if info is not None and info.title else ""
    if not title:
        title = next((ln.strip() for ln in pages[0].text.splitlines() if ln.strip()), path.stem)[:300]
    authors = [a.strip() for a in re.split(r";|,| and ", str(info.author))] if info and info.author else []
    yield SourceDoc(
        doc_id=path.stem,
        title=title,
        authors=[a for a in authors if a],
        year=_pdf_year(info),
        doi=find_doi(text_start),
        source=str(path),
        pages=[p for p in pages if p.text.strip()],
        path_derived_id=True,
    )


def _try_empty_password(reader: object) -> bool:
    try:
        return bool(reader.decrypt(""))  # type: ignore[attr-defined]
    except Exception:  # missing crypto backend or a real password: either way, not readable
        return False


def _clean_pdf_text(text: str) -> str:
    text = re.sub(r"-\n(?=[a-z])", "", text)  # re-join words hyphenated across lines
    return text.replace("\x00", "").strip()


def _pdf_year(info: object) -> int | None:
    date = getattr(info, "creation_date_raw", None) or ""
    m = re.search(r"(19|20)\d\d", str(date))
    return int(m.group(0)) if m else None


def read_bibtex(path: Path) -> Iterator[Read]:
    """One document per entry: title + abstract, with authors, year and DOI."""
    text = _decode(path)
    if isinstance(text, Problem):
        yield text
        return
    entries, errors = parse_bibtex(text)
    for err in errors:
        yield _problem("error", f"{path}:{err.line}", f"malformed BibTeX: {err}")
    if not entries and not errors:
        yield _problem("skipped", str(path), "no BibTeX entries found")
    for e in entries:
        title = clean_latex(e.fields.get("title", ""))
        abstract = clean_latex(e.fields.get("abstract", ""))
        if not title and not abstract:
            yield _problem("skipped", f"{path}:{e.line}", f"entry {e.key!r} has neither title nor abstract")
            continue
        doi = e.fields.get("doi", "").strip()
        yield SourceDoc(
            doc_id=e.key,
            title=title,
            authors=split_authors(e.fields.get("author", "")),
            year=_int_year(e.fields.get("year", "")),
            doi=_norm_doi(doi) if doi else find_doi(e.fields.get("url", "")),
            source=str(path),
            pages=[Page(number=None, text=abstract or title)],
        )


def read_jsonl(path: Path) -> Iterator[Read]:
    """One document per line: ``{"_id"|"id", "title", "text"|"abstract", ...}`` (BEIR corpora)."""
    text = _decode(path)
    if isinstance(text, Problem):
        yield text
        return
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield _problem("error", where, f"malformed JSON: {e.msg} (column {e.colno})")
            continue
        except RecursionError:
            yield _problem("error", where, "malformed JSON: nested too deeply")
            continue
        if not isinstance(rec, dict):
            yield _problem("error", where, "a JSONL record must be an object")
            continue
        doc = _jsonl_doc(rec, path)
        if isinstance(doc, str):
            yield _problem("error" if "id" in doc else "skipped", where, doc)
        else:
            yield doc


def _jsonl_doc(rec: dict[str, object], path: Path) -> SourceDoc | str:
    rid = rec.get("_id", rec.get("id"))
    if rid is None or str(rid).strip() == "":
        return "record has no id (expected '_id' or 'id')"
    title = str(rec.get("title") or "").strip()
    body = str(rec.get("text") or rec.get("abstract") or "").strip()
    if not body and not title:
        return "record has no text"
    raw_authors = rec.get("authors") or []
    authors = (
        [str(a) for a in raw_authors] if isinstance(raw_authors, list) else split_authors(str(raw_authors))
    )
    doi = rec.get("doi")
    return SourceDoc(
        doc_id=str(rid).strip(),
        title=title,
        authors=authors,
        year=_int_year(str(rec.get("year") or "")),
        doi=_norm_doi(str(doi)) if doi else None,
        source=str(path),
        pages=[Page(number=None, text=body or title)],
    )


def _int_year(value: str) -> int | None:
    m = re.search(r"\d{4}", value)
    return int(m.group(0)) if m else None


def _norm_doi(doi: str) -> str:
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi.strip(), flags=re.IGNORECASE).lower()
