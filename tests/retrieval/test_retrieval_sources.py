"""Readers, the BibTeX parser and the chunker: no model needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.bibtex import parse_bibtex
from retrieval.chunking import chunk_document, split_text
from retrieval.errors import SourceError
from retrieval.models import Page, SourceDoc
from retrieval.sources import Problem, read_sources

BIB = r"""
@string{jpcs = "J. Power Sources"}
@comment{exported by Zotero}
@article{smith2020ysz,
  title = {Oxygen vacancy ordering in {YSZ} at {\"U}ltra-low temperature},
  author = {Smith, Jane and Doe, John Q.},
  journal = jpcs # " (Letters)",
  year = 2020,
  doi = {https://doi.org/10.1016/J.JPOWSOUR.2020.1234},
  abstract = {We show that {vacancy} ordering in 8YSZ lowers conductivity by 40\% below 600 C.}
}
@article{broken2019,
  title = {Missing closing brace,
  author = {Nobody}

@inproceedings{lee2018lscf,
  title = "LSCF cathode degradation",
  author = "Lee, K.",
  year = "2018"
}
"""


def test_bibtex_parser_handles_macros_nesting_and_reports_bad_entries() -> None:
    entries, errors = parse_bibtex(BIB)
    keys = [e.key for e in entries]
    assert "smith2020ysz" in keys and "lee2018lscf" in keys
    smith = entries[keys.index("smith2020ysz")]
    assert smith.fields["journal"] == "J. Power Sources (Letters)"
    assert smith.fields["year"] == "2020"
    assert errors and errors[0].line == 12


def test_read_bibtex_documents(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    reads = list(read_sources([bib]))
    docs = {r.doc_id: r for r in reads if isinstance(r, SourceDoc)}
    problems = [r for r in reads if isinstance(r, Problem)]
    smith = docs["smith2020ysz"]
    assert smith.title == "Oxygen vacancy ordering in YSZ at Ultra-low temperature"
    assert smith.authors == ["Jane Smith", "John Q. Doe"]
    assert smith.year == 2020 and smith.doi == "10.1016/j.jpowsour.2020.1234"
    assert "40%" in smith.full_text()
    assert docs["lee2018lscf"].full_text() == "LSCF cathode degradation"  # title-only entry kept
    assert problems and problems[0].kind == "error" and problems[0].item.source.endswith("refs.bib:12")


def test_read_jsonl_reports_malformed_lines_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"_id": "a", "title": "T", "text": "alpha", "doi": "doi:10.1/X", "year": 2001}),
        "{not json",
        json.dumps({"title": "no id", "text": "x"}),
        json.dumps(["a list"]),
        "",
        json.dumps({"id": 7, "text": "beta", "authors": ["A. B."]}),
        json.dumps({"id": "empty", "title": "", "text": ""}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    reads = list(read_sources([path]))
    docs = [r for r in reads if isinstance(r, SourceDoc)]
    assert [d.doc_id for d in docs] == ["a", "7"]
    assert docs[0].doi == "10.1/x" and docs[0].year == 2001 and docs[1].authors == ["A. B."]
    problems = {r.item.source.rsplit(":", 1)[1]: r for r in reads if isinstance(r, Problem)}
    assert set(problems) == {"2", "3", "4", "7"}
    assert "malformed JSON" in problems["2"].item.reason and problems["2"].kind == "error"
    assert "no id" in problems["3"].item.reason
    assert problems["7"].kind == "skipped"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"   \n", "empty file"),
        ("blob.txt", b"\x89PNG\x00\x00binary", "binary file"),
        ("latin1.md", "Température élevée".encode("latin-1"), "not UTF-8"),
        ("notes.xyz", b"hello", "unknown file type"),
    ],
)
def test_bad_text_files_are_skipped_with_reason(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    (problem,) = list(read_sources([path]))
    assert isinstance(problem, Problem) and problem.kind == "skipped"
    assert reason in problem.item.reason


def test_missing_path_raises_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        list(read_sources([tmp_path / "nope.pdf"]))


def test_folder_walk_is_recursive_by_extension(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.md").write_text("# Deep title\n\nBody text.", encoding="utf-8")
    (tmp_path / "a" / "top.txt").write_text("Top line\n\nMore text here.", encoding="utf-8")
    (tmp_path / "a" / "ignored.png").write_bytes(b"\x89PNG")
    docs = [r for r in read_sources([tmp_path / "a"]) if isinstance(r, SourceDoc)]
    assert sorted(d.doc_id for d in docs) == ["deep", "top"]
    assert {d.title for d in docs} == {"Deep title", "Top line"}


def test_pdf_pages_metadata_and_bad_pdfs(tmp_path: Path, make_pdf) -> None:
    good = make_pdf(
        "paper.pdf",
        ["Strontium doped lanthanum manganite cathode study, doi 10.1234/abcd.5678 in press.",
         "Results: polarisation resistance fell by half after annealing at 900 C for two hours."],
        title="LSM cathodes",
    )  # fmt: skip
    (doc,) = list(read_sources([good]))
    assert isinstance(doc, SourceDoc)
    assert doc.title == "LSM cathodes" and doc.authors == ["Ada Lovelace"] and doc.year == 2021
    assert doc.doi == "10.1234/abcd.5678"
    assert [p.number for p in doc.pages] == [1, 2] and "annealing" in doc.pages[1].text

    encrypted = make_pdf(
        "locked.pdf", ["Secret results about zirconia electrolytes and more."], password="pw"
    )
    scanned = make_pdf("scan.pdf", ["", ""])
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage" + bytes(range(256)))
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    reasons = {
        Path(r.item.source).name: r.item.reason for r in read_sources([encrypted, scanned, corrupt, empty])
    }
    assert "encrypted" in reasons["locked.pdf"]
    assert "no extractable text" in reasons["scan.pdf"]
    assert "corrupt" in reasons["corrupt.pdf"] and "corrupt" in reasons["empty.pdf"]


def test_chunker_keeps_short_docs_whole_and_splits_long_ones_with_overlap() -> None:
    abstract = "Short abstract about YSZ. It has two sentences."
    assert split_text(abstract, 1500, 200) == [abstract]
    paras = [f"Paragraph {i} talks about oxygen vacancies in ceria. " * 6 for i in range(8)]
    chunks = split_text("\n\n".join(paras), 600, 120)
    assert len(chunks) >= 4 and all(len(c) <= 600 + 120 for c in chunks)
    # overlap: each chunk after the first starts with text that ended the previous one
    assert any(c.split("\n")[0] in chunks[i] for i, c in enumerate(chunks[1:]))
    sentence_lines = "\n".join(f"Sentence number {i} reports a conductivity value." for i in range(100))
    assert len(split_text(sentence_lines, 800, 0)) >= 5  # one-sentence-per-line texts still split


def test_chunk_ids_are_stable_content_hashes_and_pages_are_kept() -> None:
    doc = SourceDoc(
        doc_id="d",
        source="/x.pdf",
        pages=[Page(number=1, text="Alpha text."), Page(number=2, text="Beta text.")],
    )
    a, b = chunk_document(doc, 1500, 200), chunk_document(doc, 1500, 200)
    assert [c.chunk_id for c in a] == [c.chunk_id for c in b]
    assert [c.page for c in a] == [1, 2]
    other = SourceDoc(doc_id="d", source="/x.pdf", pages=[Page(number=1, text="Alpha text, edited.")])
    assert chunk_document(other, 1500, 200)[0].chunk_id != a[0].chunk_id
