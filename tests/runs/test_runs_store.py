"""Reading runs back: newest first, prefix and thread lookup, RunNotFound, result labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.errors import RunNotFound
from agent.results import ToolRun
from agent.runs import RunRecorder, list_runs, load_run, verdict_label
from agent.settings import Settings


def make_runs(n: int) -> list[str]:
    ids = []
    for i in range(n):
        with RunRecorder.start(
            Settings.load(), "test", f"claim number {i} " + "x" * 100, thread_id=f"th{i % 2}"
        ) as r:
            for j in range(i):
                r.record_tool_run(ToolRun(id=f"{i}-{j}", tool="eos", args={}))
            r.record_result({"verdict": "supported" if i % 2 else "refuted", "confidence": 0.7})
        ids.append(r.run_id)
    return ids


def test_list_is_newest_first_with_summaries(home: Path) -> None:
    ids = make_runs(4)
    rows = list_runs(Settings.load())
    assert [r["run_id"] for r in rows] == ids[::-1]
    top = rows[0]
    assert top["kind"] == "test" and top["status"] == "done" and top["tool_runs"] == 3
    assert top["verdict"] == "supported" and rows[1]["verdict"] == "refuted"
    assert top["input"].startswith("claim number 3") and len(top["input"]) == 80
    assert [r["run_id"] for r in list_runs(Settings.load(), limit=2)] == ids[:1:-1]


def test_empty_workspace_lists_nothing(home: Path) -> None:
    assert list_runs(Settings.load()) == []
    with pytest.raises(RunNotFound):
        load_run(Settings.load(), "2026")


def test_load_by_id_prefix_and_thread(home: Path) -> None:
    ids = make_runs(3)
    s = Settings.load()
    full = load_run(s, ids[2])
    assert full["run_id"] == ids[2] and len(full["ledger"]) == 2 and full["result"]["verdict"] == "refuted"
    assert full["manifest"]["input"].startswith("claim number 2")
    unique = ids[1].split("-")[0] + "-" + ids[1].split("-")[1][:3]  # timestamp + part of the random tail
    assert load_run(s, unique)["run_id"] == ids[1]
    assert load_run(s, "th0")["run_id"] == ids[2]  # newest run of thread th0
    with pytest.raises(RunNotFound, match="ambiguous"):
        load_run(s, ids[0][:4])


@pytest.mark.parametrize("bad", ["nope", "../../etc", "", "x/y"])
def test_unknown_or_unsafe_ids_raise_run_not_found(home: Path, bad: str) -> None:
    make_runs(1)
    with pytest.raises(RunNotFound) as info:
        load_run(Settings.load(), bad)
    assert info.value.exit_code == 2 and "\n" not in str(info.value)


def test_truncated_ledger_line_is_skipped_and_counted(home: Path) -> None:
    (rid,) = make_runs(1)
    ledger = home / "runs" / rid / "ledger.jsonl"
    ledger.write_text(json.dumps({"seq": 1, "tool": "eos"}) + "\n" + '{"seq": 2, "tool": "rel')
    run = load_run(Settings.load(), rid)
    assert len(run["ledger"]) == 1 and run["ledger_errors"] == 1


def test_unreadable_manifest_is_listed_not_fatal(home: Path) -> None:
    make_runs(1)
    broken = home / "runs" / "29991231T000000.000000Z-abcdef"
    broken.mkdir()
    (broken / "manifest.json").write_text("{half")
    rows = list_runs(Settings.load())
    assert rows[0]["run_id"] == broken.name and rows[0]["status"] == "unreadable"
    assert rows[1]["status"] == "done"


def test_verdict_labels() -> None:
    v = {"verdict": "supported", "confidence": 0.8, "claim": "c", "summary": "s"}
    assert verdict_label(v) == "supported"
    assert verdict_label({"verdict": v}) == "supported"
    assert verdict_label({"verdicts": [v]}) == "supported"
    assert verdict_label({"verdicts": [v, v, {**v, "verdict": "refuted"}]}) == "2 supported, 1 refuted"
    assert verdict_label({"verdicts": [], "answers": [{"answer": "a"}]}) == "answered"
    assert verdict_label({"verdicts": [], "hypotheses": [{}, {}]}) == "2 hypotheses"
    assert verdict_label({}) is None and verdict_label(None) is None
