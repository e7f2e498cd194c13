"""`hypoloop runs list|show` through typer's CliRunner on runs_app."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from agent.cli.runs_commands import runs_app
from agent.errors import RunNotFound
from agent.results import ToolRun
from agent.runs import RunRecorder
from agent.settings import Settings

runner = CliRunner()
VERDICT = {
    "verdict": "refuted",
    "confidence": 0.85,
    "claim": "Al is bcc at room temperature",
    "summary": "fcc is 0.09 eV/atom lower than bcc with EMT and CHGNet",
}


def record() -> str:
    with RunRecorder.start(Settings.load(), "test", "Al is bcc at room temperature", thread_id="th-9") as r:
        r.record_tool_run(ToolRun(id="a", tool="polymorph_energies", args={"element": "Al"}, wall_s=1.25))
        r.record_tool_run(
            ToolRun(id="b", tool="relax_structure", args={}, error="SimulationFailed: NaN forces")
        )
        r.record_result({"verdicts": [VERDICT], "hypotheses": [], "answers": []})
    return r.run_id


def test_list_table_and_json(home: Path) -> None:
    rid = record()
    out = runner.invoke(runs_app, ["list"])
    assert out.exit_code == 0, out.output
    assert rid in out.output and "refuted" in out.output and "done" in out.output
    out = runner.invoke(runs_app, ["list", "--json", "--limit", "5"])
    rows = json.loads(out.output)
    assert rows[0]["run_id"] == rid and rows[0]["tool_runs"] == 2 and rows[0]["verdict"] == "refuted"


def test_list_when_empty(home: Path) -> None:
    out = runner.invoke(runs_app, ["list"])
    assert out.exit_code == 0 and "no runs recorded yet" in out.output
    assert json.loads(runner.invoke(runs_app, ["list", "--json"]).output) == []


def test_show_human_and_json(home: Path) -> None:
    rid = record()
    out = runner.invoke(runs_app, ["show", rid[:22]])
    assert out.exit_code == 0, out.output
    text = out.output
    assert rid in text and "th-9" in text and "offline offline-planner" in text
    lines = text.splitlines()
    first = next(line for line in lines if "polymorph_energies" in line)
    assert "1.25 s" in first and "ok" in first
    second = next(line for line in lines if "relax_structure" in line)
    assert "error: SimulationFailed: NaN forces" in second
    assert "refuted (confidence 0.85)" in text and "fcc is 0.09 eV/atom lower" in text
    data = json.loads(runner.invoke(runs_app, ["show", rid, "--json"]).output)
    assert data["run_id"] == rid and [e["tool"] for e in data["ledger"]] == [
        "polymorph_energies",
        "relax_structure",
    ]
    assert data["manifest"]["status"] == "done" and data["result"]["verdicts"][0]["verdict"] == "refuted"


def test_show_unknown_id_raises_run_not_found(home: Path) -> None:
    record()
    out = runner.invoke(runs_app, ["show", "does-not-exist"])
    assert isinstance(out.exception, RunNotFound)  # the top-level handler prints it and exits 2
    assert out.exception.exit_code == 2


def test_markup_in_input_is_not_interpreted(home: Path) -> None:
    with RunRecorder.start(Settings.load(), "ask", "what is [bold]x[/bold] [red]?") as r:
        pass
    out = runner.invoke(runs_app, ["show", r.run_id])
    assert "what is [bold]x[/bold] [red]?" in out.output
