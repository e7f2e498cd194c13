"""Batch files in, one JSONL record per item out: resumable, one item's failure never stops it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.batch import load_batch, run_batch
from agent.cli import main
from agent.errors import BatchInputError
from agent.settings import Settings

RECORD_KEYS = {
    "id",
    "claim",
    "verdict",
    "confidence",
    "summary",
    "evidence",
    "citations",
    "tool_runs",
    "error",
    "stress_tests",
    "wall_s",
}
YAML = """
- id: ni-a
  claim: The lattice constant of fcc nickel is about 3.5 Å.
  expected: supported
- id: pt-dense
  claim: Aluminium is denser than platinum.
  expected: refuted
- id: blank
  claim: "   "
  expected: inconclusive
"""


@pytest.fixture(autouse=True)
def emt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPOLOOP_SIMULATION__DEFAULT_CALCULATOR", "emt")
    monkeypatch.setenv("HYPOLOOP_LLM__PROVIDER", "offline")


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_yaml_and_jsonl_load_alike(tmp_path: Path) -> None:
    a = load_batch(write(tmp_path, "a.yaml", YAML))
    lines = "\n".join(json.dumps(it.model_dump()) for it in a)
    b = load_batch(write(tmp_path, "b.jsonl", lines + "\n\n"))
    assert [i.id for i in a] == [i.id for i in b] == ["ni-a", "pt-dense", "blank"]
    assert (a[0].model_extra or {})["expected"] == "supported"
    wrapped = load_batch(write(tmp_path, "c.yml", "items:\n  - claim: Cu is fcc.\n"))
    assert wrapped[0].id == "item-1"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.jsonl", '{"id": "x", "claim": "ok"}\n{"id": "y", "claim": \n', "line 2: not valid JSON"),
        ("noclaim.yaml", "- id: x\n  context: c\n", "item 1: claim"),
        ("dup.yaml", "- {id: x, claim: a b}\n- {id: x, claim: c d}\n", "duplicate id 'x'"),
        ("empty.yaml", "", "expected a list"),
        ("scalar.yaml", "- just a string\n", "must be a mapping"),
        ("broken.yaml", "- id: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_batch_files_are_clear(tmp_path: Path, name: str, text: str, message: str) -> None:
    with pytest.raises(BatchInputError, match=message.replace("(", r"\(")):
        load_batch(write(tmp_path, name, text))


def test_run_batch_writes_records_and_resumes(tmp_path: Path) -> None:
    src = write(tmp_path, "h.yaml", YAML)
    out = tmp_path / "out" / "results.jsonl"
    records = run_batch(src, Settings.load(), out=out)
    assert [r["id"] for r in records] == ["ni-a", "pt-dense", "blank"]
    assert all(set(r) == RECORD_KEYS for r in records)
    by_id = {r["id"]: r for r in records}
    assert by_id["ni-a"]["verdict"] == "supported" and by_id["ni-a"]["tool_runs"]
    assert by_id["pt-dense"]["verdict"] == "refuted"
    assert by_id["blank"]["verdict"] is None and "empty" in by_id["blank"]["error"]
    # a kill mid-write leaves a partial line; the rerun skips finished ids and tolerates it
    with out.open("a") as f:
        f.write('{"id": "half-writ')
    assert run_batch(src, Settings.load(), out=out) == []
    assert len(out.read_text().splitlines()) == 4


def test_cli_batch_and_eval(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write(tmp_path / "readonly-place", "h.yaml", YAML)
    monkeypatch.chdir(tmp_path)
    code = main(["batch", str(src)])
    out, err = capsys.readouterr()
    assert code == 1  # one item errored, and says so
    assert "1 supported, 1 refuted, 0 inconclusive, 1 errors" in out and "pt-dense" in err
    assert (tmp_path / "h.results.jsonl").is_file()
    code = main(["eval", str(src), "--json"])  # resumes from the results file: nothing re-run
    scores = json.loads(capsys.readouterr().out)
    assert code == 0
    assert scores["decided"] == 2 and scores["correct"] == 2 and scores["coverage"] == pytest.approx(2 / 3)
    assert scores["confidently_wrong"] == [] and scores["errors"] == ["blank"]


def test_eval_needs_expected_verdicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    src = write(tmp_path, "h.yaml", "- {id: a, claim: Cu is fcc with a lattice constant of 3.6 Å}\n")
    code = main(["eval", str(src)])
    assert code == 2 and "no 'expected' verdict" in capsys.readouterr().err
    assert not (tmp_path / "h.results.jsonl").exists()


def test_public_api_exports_run_batch() -> None:
    import agent

    assert agent.run_batch is run_batch
