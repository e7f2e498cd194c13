"""`hypoloop demo` end to end (CHGNet, GFN2-xTB, the starter-notes index): the table, the
report, and the verdicts the example claims must get."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from agent.demo import CLAIMS, STARTER_NOTES

EXE = str(Path(sys.executable).parent / "hypoloop")


def test_starter_notes_carry_a_reference_and_a_doi() -> None:
    notes = sorted(STARTER_NOTES.glob("*.md"))
    assert 10 <= len(notes) <= 15
    for note in notes:
        text = note.read_text(encoding="utf-8")
        assert text.startswith("# ") and "Reference:" in text and "DOI: 10." in text, note.name
        assert len(text.split()) < 160, f"{note.name}: starter notes are short summaries"


@pytest.mark.slow
def test_demo_prints_its_table_and_writes_the_report(home: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    r = subprocess.run([EXE, "demo", "--offline", "--out", str(report)], capture_output=True, text=True,
                       timeout=900, env={"COLUMNS": "200", **__import__("os").environ})  # fmt: skip
    assert r.returncode == 0, r.stderr[-2000:]
    assert f"report: {report}" in r.stdout and "hypoloop demo: 6 claims" in r.stdout
    html = report.read_text(encoding="utf-8")
    expected = ["supported", "supported", "refuted", "refuted", "supported", "inconclusive"]
    assert len(CLAIMS) == len(expected)
    for c, label in zip(CLAIMS, expected, strict=True):
        row = html.split(c.claim, 1)[1].split("</tr>", 1)[0]
        assert label.upper() in row, (c.claim, row)
    assert "data:image/png;base64," in html and "https://doi.org/10.1063/1.1663501" in html
