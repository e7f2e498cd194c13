"""Fixtures for the retrieval tests: small corpora written by the tests, minimal real PDFs, and
the real bundled MiniLM (loaded once per process by retrieval.embeddings.get_encoder)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

# A tiny materials-science corpus. Each query in CRAFTED_QUERIES is answered by exactly one doc.
CORPUS = [
    {"_id": "ysz", "title": "Ionic conductivity of yttria-stabilized zirconia",
     "text": "Yttria-stabilized zirconia (YSZ) conducts oxide ions through oxygen vacancies and is the "
             "standard electrolyte of solid oxide fuel cells operating near 800 C."},
    {"_id": "lscf", "title": "Mixed conducting perovskite cathodes",
     "text": "La0.6Sr0.4Co0.2Fe0.8O3 perovskite cathodes show mixed ionic and electronic conductivity and "
             "fast oxygen surface exchange at intermediate temperatures."},
    {"_id": "graphene", "title": "Electron transport in graphene",
     "text": "Suspended graphene sheets reach electron mobilities above 200000 cm2/Vs at low temperature."},
    {"_id": "li-battery", "title": "Lithium-ion battery cathodes",
     "text": "Layered LiCoO2 cathodes lose capacity when cycled above 4.3 V because of structural degradation."},
    {"_id": "catalysis", "title": "Platinum catalysts for hydrogen evolution",
     "text": "Platinum nanoparticles on carbon are the benchmark electrocatalyst for the hydrogen evolution reaction."},
    {"_id": "steel", "title": "Corrosion of stainless steel",
     "text": "Chromium forms a passive oxide film that protects austenitic stainless steel from corrosion in seawater."},
]  # fmt: skip


@pytest.fixture(scope="session")
def encoder() -> object:
    from retrieval.embeddings import get_encoder

    return get_encoder("bundled:all-MiniLM-L6-v2")


@pytest.fixture
def corpus_file(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in CORPUS) + "\n", encoding="utf-8")
    return path


def _pdf_bytes(pages: list[str], title: str | None = None) -> bytes:
    """A minimal valid PDF with one text line per page (Helvetica), built with exact xref offsets."""
    objs: list[bytes] = [b"", b""]  # catalog, pages: filled below
    kids = []
    font_no = 3
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for text in pages:
        stream = f"BT /F1 11 Tf 40 750 Td ({text}) Tj ET".encode() if text else b""
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_no = len(objs)
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content_no, font_no)
        )
        kids.append(len(objs))
    objs[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info_no = None
    if title:
        objs.append(f"<< /Title ({title}) /Author (Ada Lovelace) /CreationDate (D:20210304) >>".encode())
        info_no = len(objs)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = (
        b"<< /Size %d /Root 1 0 R" % (len(objs) + 1)
        + (b" /Info %d 0 R" % info_no if info_no else b"")
        + b" >>"
    )
    out += b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, pages: list[str], title: str | None = None, password: str | None = None) -> Path:
        path = tmp_path / name
        path.write_bytes(_pdf_bytes(pages, title))
        if password:
            from pypdf import PdfReader, PdfWriter

            writer = PdfWriter(clone_from=PdfReader(str(path)))
            writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
            with open(path, "wb") as f:
                writer.write(f)
        return path

    return make
