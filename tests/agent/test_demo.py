"""`hypoloop demo` end to end (CHGNet, GFN2-xTB, the starter-notes index): the table, the
report, and the verdicts the example claims must get."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from agent.demo import CLAIMS, STARTER_NOTES

EXE = str(Path(sys.executable).parent / "hypoloop")
# The demo's literature claims and the verdicts the starter notes must give them.
LITERATURE = {"The band gap of silicon is indirect.": "supported", "Silicon is a metal.": "refuted"}


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def test_starter_notes_carry_a_reference_and_a_doi() -> None:
    notes = sorted(STARTER_NOTES.glob("*.md"))
    assert 10 <= len(notes) <= 15
    for note in notes:
        text = note.read_text(encoding="utf-8")
        assert text.startswith("# ") and "Reference:" in text and "DOI: 10." in text, note.name
        assert len(text.split()) < 160, f"{note.name}: starter notes are short summaries"


def test_literature_claims_are_not_written_in_the_notes() -> None:
    """The judge must show its work: no demo claim is a copy of a sentence in the notes (#27)."""
    notes = " ".join(_words(n.read_text(encoding="utf-8")) for n in STARTER_NOTES.glob("*.md"))
    literature = [c.claim for c in CLAIMS if c.what.startswith("literature")]
    assert literature == list(LITERATURE)
    for claim in (c.claim for c in CLAIMS):
        assert _words(claim) not in notes, claim


def test_literature_claims_get_their_verdicts_from_the_notes(home: Path) -> None:
    """The offline literature judge on a real index of the starter notes: one claim stated there in
    other words, one contradicted by a passage (semiconductor vs metal), each citing silicon_band_gap."""
    from agent.assistant import Assistant
    from agent.demo import build_index, run_claims
    from agent.settings import Settings

    settings = Settings.load(llm={"provider": "offline"})
    build_index(settings)
    rows = run_claims(Assistant(settings), tuple(c for c in CLAIMS if c.claim in LITERATURE))
    for row in rows:
        assert row.result is not None, row.error
        v = row.result.verdicts[0]
        assert v.verdict == LITERATURE[row.claim.claim], (row.claim.claim, v.summary)
        cited = [e for e in v.evidence if e.kind == "literature"]
        assert cited and all(e.supports is (v.verdict == "supported") for e in cited)
        assert all((e.citation or "").startswith("silicon_band_gap#") for e in cited)


@pytest.mark.slow
def test_demo_prints_its_table_and_writes_the_report(home: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    r = subprocess.run([EXE, "demo", "--offline", "--out", str(report)], capture_output=True, text=True,
                       timeout=900, env={"COLUMNS": "200", **__import__("os").environ})  # fmt: skip
    assert r.returncode == 0, r.stderr[-2000:]
    assert f"report: {report}" in r.stdout and "hypoloop demo: 7 claims" in r.stdout
    html = report.read_text(encoding="utf-8")
    expected = ["supported", "supported", "refuted", "refuted", *LITERATURE.values(), "inconclusive"]
    assert len(CLAIMS) == len(expected)
    for c, label in zip(CLAIMS, expected, strict=True):
        row = html.split(c.claim, 1)[1].split("</tr>", 1)[0]
        assert label.upper() in row, (c.claim, row)
    assert "data:image/png;base64," in html and "https://doi.org/10.1063/1.1663501" in html
    # A fresh home has no data collection: said once, never a failed tool run (issue #27).
    assert r.stderr.count("Not set up, so not used:") == 1 and "hypoloop data add" in r.stderr
    assert "✗" not in r.stdout + r.stderr and "color:#cf222e" not in html and "NotFound" not in html
