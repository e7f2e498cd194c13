"""The results file (durable appends, torn tails, one writer, no id twice) and the batch report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.batch.report import html_report, markdown_report, summarize, write_report
from agent.batch.results_file import ResultsFile, read_records
from agent.errors import BatchInputError


def rec(i: str, **kw: object) -> dict[str, object]:
    return {"id": i, "claim": f"claim {i}", "verdict": "supported", "confidence": 0.9, "summary": "s",
            "evidence": [], "stress_checks": [], "error": None, **kw}  # fmt: skip


def test_appends_are_durable_and_never_repeat_an_id(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    with ResultsFile(out, resume=False) as f:
        assert f.append(rec("a")) and f.append(rec("b"))
        assert not f.append(rec("a"))  # already written: refused, nothing appended
        assert [r["id"] for r in read_records(out)] == ["a", "b"]  # on disk before the file closes
    with ResultsFile(out, resume=True) as f:
        assert f.done == {"a", "b"} and not f.append(rec("b"))
    assert len(out.read_text().splitlines()) == 2


def test_torn_tail_is_cut_and_a_complete_last_record_kept(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    out.write_text(json.dumps(rec("a")) + "\n" + '{"id": "b", "verd')
    with ResultsFile(out, resume=True) as f:
        assert f.repaired and f.done == {"a"}
        f.append(rec("b"))
    assert [r["id"] for r in read_records(out)] == ["a", "b"]
    out.write_text(json.dumps(rec("a")))  # complete, only the newline is missing
    with ResultsFile(out, resume=True) as f:
        f.append(rec("b"))
    assert [r["id"] for r in read_records(out)] == ["a", "b"]


def test_a_second_writer_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    with ResultsFile(out, resume=True):
        with pytest.raises(BatchInputError, match="being written by another running batch"):
            ResultsFile(out, resume=True).__enter__()


def test_reports_render_every_hypothesis_and_escape_text(tmp_path: Path) -> None:
    records = [
        rec("a", tested_as="fcc Cu lattice constant 3.6 Å ± 2 %", attempts=2, tool_calls=3, cache_hits=1,
            evidence=[{"statement": "a = 3.59 Å", "supports": True, "tool_run_id": "t1"}],
            stress_checks=[{"name": "second_calculator", "outcome": "agrees", "detail": "EMT 3.59"}]),
        rec("b<script>", verdict=None, confidence=None, summary=None, error="WorkerLost: died twice"),
    ]  # fmt: skip
    s = summarize(records, 12.0)
    assert (s["supported"], s["failed"], s["retried"], s["tool_calls"], s["cache_hits"]) == (1, 1, 1, 3, 1)
    md = markdown_report(records, s, "t")
    assert "## a: supported (confidence 0.90)" in md and "**Tested as:** fcc Cu lattice" in md
    assert "- a = 3.59 Å (supports; t1)" in md and "- second_calculator: agrees - EMT 3.59" in md
    assert "## b<script>: failed" in md and "WorkerLost" in md
    page = html_report(records, s, "t")
    assert "<script>" not in page and "b&lt;script&gt;" in page and page.count("<section") == 2
    write_report(tmp_path / "r.html", records, s, "t")
    assert (tmp_path / "r.html").read_text() == page and not list(tmp_path.glob("*.tmp"))
