"""Batch files in, one JSONL record per item out: resumable, one item's failure never stops it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from agent.batch import BatchItem, load_batch, read_records, run_batch
from agent.batch.report import summarize, write_report
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
    # beyond the DESIGN.md contract: what the summary and the report need
    "tested_as",
    "stress_checks",
    "tool_calls",
    "cache_hits",
    "attempts",
    "wall_s",
    "run_id",
    "decided_without_model",  # on the model path: why the rule-based path decided (issue #29)
    "usage",  # the model's requests and tokens for the claim (None offline)
}
YAML = """
- id: ni-a
  claim: The lattice constant of fcc nickel is about 3.5 Å.
  expected: supported
- id: pt-dense
  claim: Aluminium is denser than platinum.
  expected: refuted
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
    assert [i.id for i in a] == [i.id for i in b] == ["ni-a", "pt-dense"]
    assert a[0].expected == "supported"
    wrapped = load_batch(write(tmp_path, "c.yml", "items:\n  - claim: Cu is fcc.\n"))
    assert wrapped[0].id == "item-1"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.jsonl", '{"id": "x", "claim": "ok"}\n{"id": "y", "claim": \n', "line 2: not valid JSON"),
        ("noclaim.yaml", "- id: x\n  context: c\n", "item 1 (line 1): claim: missing or empty"),
        ("blank.yaml", "- id: x\n  claim: '   '\n", "item 1 (line 1): claim: missing or empty"),
        ("dup.yaml", "- {id: x, claim: a b}\n- {id: x, claim: c d}\n", "item 2 (line 2): duplicate id 'x'"),
        ("typo.yaml", "- {id: x, calim: a b}\n", "unknown field 'calim'"),
        ("type.jsonl", '{"id": "x", "claim": ["a"]}\n', "line 1: claim: Input should be a valid string"),
        ("label.yaml", "- {id: x, claim: a b, expected: yes}\n", "expected: Input should be a valid string"),
        ("label2.yaml", "- {id: x, claim: a b, expected: true-ish}\n", "must be one of supported"),
        ("empty.yaml", "", "expected a list"),
        ("scalar.yaml", "- just a string\n", "must be a mapping"),
        ("broken.yaml", "- id: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_batch_files_are_clear(tmp_path: Path, name: str, text: str, message: str) -> None:
    with pytest.raises(BatchInputError, match=re.escape(message)):
        load_batch(write(tmp_path, name, text))


def test_run_batch_writes_records_and_resumes(tmp_path: Path) -> None:
    src = write(tmp_path, "h.yaml", YAML)
    items = [*load_batch(src), BatchItem.model_construct(id="blank", claim="   ")]  # bypasses validation
    out = tmp_path / "out" / "results.jsonl"
    records = run_batch(items, Settings.load(), out=out, workers=0)
    assert [r["id"] for r in records] == ["ni-a", "pt-dense", "blank"]
    assert all(set(r) == RECORD_KEYS for r in records)
    by_id = {r["id"]: r for r in records}
    assert by_id["ni-a"]["verdict"] == "supported" and by_id["ni-a"]["tool_runs"]
    assert by_id["ni-a"]["tool_calls"] >= 2 and by_id["ni-a"]["stress_checks"]
    assert by_id["pt-dense"]["verdict"] == "refuted"
    # one item's failure is its record's error; the others went on
    assert by_id["blank"]["verdict"] is None and "empty" in by_id["blank"]["error"]
    # an existing results file is not appended to unless resuming (that would write ids twice)
    with pytest.raises(BatchInputError, match="already holds 3 results; pass --resume"):
        run_batch(items, Settings.load(), out=out, workers=0)
    # a kill mid-write leaves a partial line; the resume cuts it off and skips finished ids
    with out.open("a") as f:
        f.write('{"id": "half-writ')
    assert run_batch(items, Settings.load(), out=out, workers=0, resume=True) == []
    assert out.read_text().endswith("}\n") and len(out.read_text().splitlines()) == 3


def test_a_batch_checkpoints_each_claim_once_as_it_ends(tmp_path: Path) -> None:
    """Per-step checkpoints cost the driver CPU a batch's workers need; a batch resumes by claim,
    and a failed claim still resumes from its one checkpoint (test_agent_loopback.py)."""
    import sqlite3

    from agent.assistant import Assistant

    settings = Settings.load(home=tmp_path / "home", agent={"stress_test": False})
    assistant = Assistant(settings)
    records = run_batch(load_batch(write(tmp_path, "h.yaml", YAML)), settings, workers=0, assistant=assistant)
    assert [r["verdict"] for r in records] == ["supported", "refuted"]
    assert assistant.durability == "async"  # the caller's assistant is given back as it was
    assistant.run("test", "Aluminium is denser than platinum.", thread_id="alone")
    with sqlite3.connect(settings.home / "checkpoints.sqlite") as db:
        per_thread = dict(db.execute("SELECT thread_id, count(*) FROM checkpoints GROUP BY thread_id"))
    alone = per_thread.pop("alone")
    assert alone > 2 and list(per_thread.values()) == [1, 1]


def test_cli_batch_and_eval(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write(tmp_path / "readonly-place", "h.yaml", YAML)
    monkeypatch.chdir(tmp_path)
    code = main(["batch", str(src), "--workers", "0", "--json", "--report", "r.md"])
    out, err = capsys.readouterr()
    assert code == 0, err
    summary = json.loads(out)
    assert summary["supported"] == 1 and summary["refuted"] == 1 and summary["failed"] == 0
    assert summary["tool_calls"] >= 4 and "pt-dense" in err
    assert (tmp_path / "h.results.jsonl").is_file()
    report = (tmp_path / "r.md").read_text()
    assert "## ni-a: supported" in report and "**Tested as:**" in report and "**Stress checks:**" in report
    # plots where they help: the equation of state behind each verdict, from the run's ledger
    assert "![equation_of_state of Ni" in report and "](r_figures/ni-a-1.png)" in report
    assert (tmp_path / "r_figures" / "ni-a-1.png").read_bytes().startswith(b"\x89PNG")
    records = read_records(tmp_path / "h.results.jsonl")
    write_report(tmp_path / "r.html", records, summarize(records), "t", settings=Settings.load())
    page = (tmp_path / "r.html").read_text()
    assert page.count("data:image/png;base64,") >= 2 and "equation_of_state of Al" in page
    write_report(tmp_path / "bare.html", records, summarize(records), "t")  # from records alone
    assert "data:image/png" not in (tmp_path / "bare.html").read_text()
    code = main(["eval", str(src), "--json", "--workers", "0"])  # resumes from the results file
    scores = json.loads(capsys.readouterr().out)
    assert code == 0
    assert scores["decided"] == 2 and scores["correct"] == 2 and scores["coverage"] == 1.0
    assert scores["confidently_wrong"] == [] and scores["errors"] == []


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


@pytest.mark.parametrize(
    ("text", "extra", "message"),
    [
        (
            "- {id: a, claim: Cu is fcc.}\n- {id: a, claim: Al is fcc.}\n- {id: c, claim: ok, expectd: x}\n"
            "- {id: d}\n",
            [],
            "3 problems, nothing was run",
        ),
        ("- {id: a, claim: Cu is fcc.}\n", ["--report", "r.pdf"], "use a .md or .html file name"),
        ("- {id: a, claim: Cu is fcc.}\n", ["--scheduler", "tcp://127.0.0.1:9"], "cannot reach the Dask"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    extra: list[str],
    message: str,
) -> None:
    monkeypatch.setattr("agent.batch.cluster.CONNECT_TIMEOUT_S", 2)  # nothing listens on port 9
    src = write(tmp_path, "h.yaml", text)
    out, report = tmp_path / "res" / "out.jsonl", tmp_path / "r.html"
    code = main(["batch", str(src), "--out", str(out), "--report", str(report), *extra])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert not out.exists() and not report.exists() and not (tmp_path / "r.pdf").exists()


def test_whole_file_problems_are_listed_with_lines(tmp_path: Path) -> None:
    text = "- id: a\n  claim: Cu is fcc.\n- id: a\n  claim: Al is fcc.\n- id: c\n  claim: ok\n  expectd: x\n"
    with pytest.raises(BatchInputError) as e:
        load_batch(write(tmp_path, "h.yaml", text))
    lines = str(e.value).splitlines()
    assert lines[0].endswith("2 problems, nothing was run")
    assert "item 2 (line 3): duplicate id 'a' (first at item 1 (line 1))" in lines[1]
    assert "item 3 (line 5): unknown field 'expectd'" in lines[2]
