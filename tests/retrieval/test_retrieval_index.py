"""LiteratureIndex with real FAISS, real bm25s and the real bundled MiniLM on tiny corpora."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from retrieval import AddReport, Hit, LiteratureIndex
from retrieval.embeddings import Encoder
from retrieval.errors import IndexCorrupt, IndexExists, IndexModelMismatch, IndexNotFound, SourceError

pytestmark = pytest.mark.usefixtures("encoder")


def _manifest(root: Path) -> dict:
    return json.loads((root / "manifest.json").read_text())


def test_roundtrip_create_add_reopen_search(tmp_path: Path, corpus_file: Path) -> None:
    root = tmp_path / "idx"
    index = LiteratureIndex.create(root)
    report = index.add(corpus_file)
    assert isinstance(report, AddReport)
    assert sorted(report.added) == sorted(["ysz", "lscf", "graphene", "li-battery", "catalysis", "steel"])
    assert report.chunks_added == 6 and report.chunks_embedded == 6
    m = _manifest(root)
    assert (m["documents"], m["chunks"], m["dimension"]) == (6, 6, 384)
    assert m["embedding_model"] == "bundled:all-MiniLM-L6-v2" and m["weights_sha256"].startswith("53aa5117")
    assert m["format_version"] == 1

    reopened = LiteratureIndex.open(root)
    for mode in ("dense", "bm25", "hybrid"):
        hits = reopened.search("electrolyte for solid oxide fuel cells", k=3, mode=mode)
        assert hits and isinstance(hits[0], Hit) and hits[0].doc_id == "ysz", mode
    hit = reopened.search("zirconia", k=1)[0]
    assert hit.title.startswith("Ionic conductivity") and "oxygen vacancies" in hit.text
    assert set(hit.metadata) >= {"authors", "year", "doi", "source", "page"}
    assert hit.metadata["source"] == str(corpus_file.resolve())
    assert reopened.stats()["documents"] == 6 and reopened.stats()["chunks"] == 6


def test_readd_is_free_and_dedupes_by_content(tmp_path: Path, corpus_file: Path) -> None:
    index = LiteratureIndex.create(tmp_path / "idx")
    index.add(corpus_file)
    gen = _manifest(tmp_path / "idx")["generation"]
    again = index.add(corpus_file)
    assert again.added == [] and again.chunks_added == 0 and len(again.unchanged) == 6
    assert _manifest(tmp_path / "idx")["generation"] == gen  # nothing rewritten

    twin = tmp_path / "twin.jsonl"
    rec = json.loads(corpus_file.read_text().splitlines()[0]) | {"_id": "ysz-copy"}
    twin.write_text(json.dumps(rec) + "\n" + json.dumps(rec | {"_id": "ysz-copy2"}) + "\n")
    report = index.add(twin)
    assert report.added == [] and len(report.duplicates) == 2
    assert "same content as 'ysz'" in report.duplicates[0].reason


def test_incremental_add_update_and_embedding_cache(tmp_path: Path, corpus_file: Path) -> None:
    index = LiteratureIndex.create(tmp_path / "idx")
    index.add(corpus_file)
    more = tmp_path / "more.jsonl"
    more.write_text(
        json.dumps({"_id": "ceria", "title": "Doped ceria", "text": "Gadolinium-doped ceria conducts oxide ions below 600 C."})
        + "\n"
        + json.dumps({"_id": "steel", "title": "Corrosion of stainless steel", "text": "Updated: molybdenum improves pitting resistance."})
    )  # fmt: skip
    report = index.add(more)
    assert report.added == ["ceria"] and report.updated == ["steel"]
    assert index.stats()["documents"] == 7 and index.stats()["chunks"] == 7
    assert index.search("pitting resistance molybdenum", k=1)[0].doc_id == "steel"
    assert all("passive oxide film" not in h.text for h in index.search("chromium passive film", k=7))
    # remove + re-add: the vectors come from the embedding cache, not the model
    index.remove("ceria")
    back = index.add(more)
    assert back.added == ["ceria"] and back.chunks_embedded == 0


def test_remove_by_id_and_by_path(tmp_path: Path, corpus_file: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "ceria.md").write_text("# Ceria notes\n\nSamarium-doped ceria shows high ionic conductivity.")
    (notes / "nickel.txt").write_text("Nickel anodes coarsen during long-term operation at 850 C.")
    index = LiteratureIndex.create(tmp_path / "idx")
    index.add([corpus_file, notes])
    assert index.stats()["documents"] == 8
    r = index.remove("graphene", "no-such-doc")
    assert r.removed == ["graphene"] and r.not_found == ["no-such-doc"]
    assert all(h.doc_id != "graphene" for h in index.search("graphene mobility", k=10))
    r = index.remove(notes)  # a folder removes everything read from it
    assert sorted(r.removed) == ["ceria", "nickel"]
    r = index.remove(str(corpus_file))
    assert len(r.removed) == 5
    reopened = LiteratureIndex.open(tmp_path / "idx")
    assert reopened.stats()["documents"] == 0 and reopened.search("ceria") == []


def test_same_file_name_in_two_folders_keeps_both(tmp_path: Path) -> None:
    for sub, text in (
        ("a", "Perovskite oxides catalyse oxygen evolution."),
        ("b", "Spinel oxides store lithium."),
    ):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "paper.txt").write_text(text)
    index = LiteratureIndex.create(tmp_path / "idx")
    report = index.add([tmp_path / "a", tmp_path / "b"])
    assert len(report.added) == 2 and report.added[0] == "paper" and report.added[1].startswith("paper-")


def test_crash_mid_add_leaves_previous_index_intact(tmp_path: Path, corpus_file: Path, monkeypatch) -> None:
    root = tmp_path / "idx"
    index = LiteratureIndex.create(root, batch_size=2)
    index.add(corpus_file)
    before = _manifest(root)
    big = tmp_path / "big.jsonl"
    big.write_text(
        "\n".join(
            json.dumps({"_id": f"n{i}", "text": f"New paper {i} on proton conductors."}) for i in range(9)
        )
    )
    calls = {"n": 0}
    real = Encoder.encode_batch

    def flaky(self, texts):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("injected failure in batch 3")
        return real(self, texts)

    monkeypatch.setattr(Encoder, "encode_batch", flaky)
    with pytest.raises(RuntimeError, match="injected"):
        index.add(big)
    assert _manifest(root) == before
    assert index.stats()["documents"] == 6 and index.search("zirconia", k=1)[0].doc_id == "ysz"
    reopened = LiteratureIndex.open(root)
    assert reopened.stats()["chunks"] == 6 and reopened.search("proton conductors", k=10, mode="bm25") == []

    monkeypatch.setattr(Encoder, "encode_batch", real)
    report = reopened.add(big)  # the retry succeeds and reuses the batches cached before the crash
    assert len(report.added) == 9 and report.chunks_embedded == 5
    assert not [p for p in root.iterdir() if p.name.startswith(".tmp-")]
    assert len([p for p in root.iterdir() if p.name.startswith("gen-")]) == 1


def test_crash_between_generation_and_manifest(tmp_path: Path, corpus_file: Path, monkeypatch) -> None:
    """A kill after the new generation is written but before the manifest swap changes nothing."""
    from retrieval import generations

    root = tmp_path / "idx"
    index = LiteratureIndex.create(root)
    before = _manifest(root)

    def die(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(generations, "write_json_atomic", die)
    with pytest.raises(KeyboardInterrupt):
        index.add(corpus_file)
    monkeypatch.undo()
    assert _manifest(root) == before
    assert LiteratureIndex.open(root).stats()["documents"] == 0


def test_model_mismatch_is_refused(tmp_path: Path, corpus_file: Path) -> None:
    from retrieval.provenance import bundled_minilm_dir

    root = tmp_path / "idx"
    LiteratureIndex.create(root).add(corpus_file)
    # The same weights named by path are the same model.
    assert LiteratureIndex.open(root, embedding_model=str(bundled_minilm_dir())).stats()["chunks"] == 6
    other = tmp_path / "other-model"
    shutil.copytree(bundled_minilm_dir(), other)
    with open(other / "model.safetensors", "ab") as f:
        f.write(b"\0")  # different weights
    with pytest.raises(IndexModelMismatch, match="built with embedding model 'bundled:all-MiniLM-L6-v2'"):
        LiteratureIndex.open(root, embedding_model=str(other))
    m = _manifest(root)
    m["embedding_model"], m["weights_sha256"] = "some/other-model", "ff" * 32
    (root / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(IndexModelMismatch):
        LiteratureIndex.open(root, embedding_model="bundled:all-MiniLM-L6-v2")


def test_missing_existing_and_corrupt_index_errors(tmp_path: Path, corpus_file: Path) -> None:
    with pytest.raises(IndexNotFound, match="no literature index"):
        LiteratureIndex.open(tmp_path / "nothing")
    root = tmp_path / "idx"
    LiteratureIndex.create(root).add(corpus_file)
    with pytest.raises(IndexExists):
        LiteratureIndex.create(root)
    assert LiteratureIndex.open_or_create(root).stats()["documents"] == 6
    gen = root / _manifest(root)["generation"]
    (gen / "vectors.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexCorrupt):
        LiteratureIndex.open(root)
    (root / "manifest.json").write_text("{")
    with pytest.raises(IndexCorrupt, match="unreadable manifest"):
        LiteratureIndex.open(root)


def test_bad_inputs_are_reported_not_written(tmp_path: Path, make_pdf) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "empty.txt").write_text("")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (src / "latin.txt").write_bytes("Température de frittage".encode("latin-1"))
    (src / "bad.jsonl").write_text('{"_id": "ok", "text": "Sintering of ceria at 1400 C."}\n{oops\n')
    (src / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf")
    make_pdf("src/locked.pdf", ["Encrypted content about zirconia."], password="pw")
    make_pdf("src/scanned.pdf", [""])
    good = make_pdf(
        "src/good.pdf", ["Nickel-YSZ cermet anodes tolerate sulfur poorly at low temperature."], "Anodes"
    )
    index = LiteratureIndex.create(tmp_path / "idx")
    report = index.add(src)
    assert sorted(report.added) == ["good", "ok"]
    skipped = {Path(i.source).name: i.reason for i in report.skipped}
    assert set(skipped) == {"empty.txt", "binary.txt", "latin.txt", "locked.pdf", "scanned.pdf"}
    errors = {Path(i.source).name: i.reason for i in report.errors}
    assert set(errors) == {"bad.jsonl:2", "broken.pdf"}
    hit = index.search("sulfur tolerance of anodes", k=1)[0]
    assert (
        hit.doc_id == "good" and hit.metadata["page"] == 1 and hit.metadata["source"] == str(good.resolve())
    )
    with pytest.raises(SourceError):
        index.add(tmp_path / "missing-folder")
    assert index.stats()["documents"] == 2


def test_hybrid_beats_each_single_mode_on_a_crafted_corpus(tmp_path: Path) -> None:
    """Dense confuses two sample codes that differ in one digit; BM25 is lured by a recipe that
    repeats the query's words. Each single mode gets one of the two queries wrong; hybrid
    (default fusion settings) gets both right."""
    docs = [
        {"_id": "code", "title": "Batch report", "text": "Sample XK-7731 was sintered at 1450 C and measured twice."},
        {"_id": "code-distractor", "title": "Batch report for sample XK-7730", "text": "Sample XK-7730 was sintered at 1450 C and measured twice."},
        {"_id": "para", "title": "Heat flow in copper", "text": "Copper carries heat very efficiently because of its free electrons."},
        {"_id": "para-distractor", "title": "Good baking", "text": "Heat the oven first: a good cake needs good heat, good butter and a good recipe."},
        {"_id": "fins", "title": "Cooling fins", "text": "Aluminium fins dissipate warmth from processors into the surrounding air."},
        {"_id": "paste", "title": "Thermal interface materials", "text": "Silver-filled paste between a chip and its sink lowers the thermal resistance."},
        {"_id": "other", "title": "Polymer membranes", "text": "Nafion membranes conduct protons when hydrated."},
    ]  # fmt: skip
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs))
    index = LiteratureIndex.create(tmp_path / "idx")
    index.add(path)
    queries = {"sample XK-7731": "code", "good conductor of heat": "para"}
    correct = {
        mode: [index.search(q, 5, mode)[0].doc_id == want for q, want in queries.items()]  # type: ignore[arg-type]
        for mode in ("dense", "bm25", "hybrid")
    }
    assert correct["dense"] == [False, True]
    assert correct["bm25"] == [True, False]
    assert correct["hybrid"] == [True, True]


def test_hnsw_above_threshold(tmp_path: Path, corpus_file: Path) -> None:
    index = LiteratureIndex.create(tmp_path / "idx", hnsw_threshold=3)
    index.add(corpus_file)
    assert index.stats()["faiss_index"] == "hnsw"
    assert index.search("zirconia electrolyte", k=1, mode="dense")[0].doc_id == "ysz"
    index.remove("ysz", "lscf", "graphene", "steel")
    assert index.stats()["faiss_index"] == "flat" and index.stats()["chunks"] == 2


def test_query_path_matches_batch_encoding(encoder) -> None:
    import numpy as np

    text = "Oxygen vacancy diffusion in doped ceria"
    assert np.allclose(encoder.encode_query(text), encoder.encode_batch([text])[0], atol=1e-5)


@pytest.mark.slow
def test_sigkill_mid_add_leaves_previous_index_intact(tmp_path: Path, corpus_file: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    root = tmp_path / "idx"
    LiteratureIndex.create(root).add(corpus_file)
    before = _manifest(root)
    big = tmp_path / "big.jsonl"
    big.write_text(
        "\n".join(
            json.dumps({"_id": f"k{i}", "text": f"Paper {i} on perovskite stability."}) for i in range(40)
        )
    )
    script = (
        "import time, sys\n"
        "from retrieval.embeddings import Encoder\n"
        "real = Encoder.encode_batch\n"
        "def slow(self, texts):\n"
        "    time.sleep(0.5)\n"
        "    return real(self, texts)\n"
        "Encoder.encode_batch = slow\n"
        "from retrieval import LiteratureIndex\n"
        f"LiteratureIndex.open({str(root)!r}, batch_size=2).add({str(big)!r})\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], env=os.environ | {"HF_HUB_OFFLINE": "1"})
    cached_before = _cache_rows(root)
    deadline = time.time() + 120
    while _cache_rows(root) < cached_before + 4 and proc.poll() is None and time.time() < deadline:
        time.sleep(0.2)
    assert proc.poll() is None, "the add finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _manifest(root) == before
    reopened = LiteratureIndex.open(root)
    assert reopened.stats()["documents"] == 6 and reopened.search("zirconia", k=1)[0].doc_id == "ysz"
    report = reopened.add(big)
    assert len(report.added) == 40 and report.chunks_embedded < 40  # cached batches survived the kill


def _cache_rows(root: Path) -> int:
    import sqlite3

    try:
        with sqlite3.connect(root / "embcache.sqlite") as db:
            return int(db.execute("SELECT COUNT(*) FROM emb").fetchone()[0])
    except sqlite3.Error:
        return 0
