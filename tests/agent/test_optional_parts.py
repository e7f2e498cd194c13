"""A literature index or data collection the user has not set up is not a failure (issue #27):
no run calls a tool that cannot run, the user is told once, and verdicts are unchanged. Real
graph, real tools (EMT), a real collection and index where one is set up."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_formalize import no_fit
from fake_openai import FakeOpenAI

from agent.assistant import Assistant
from agent.cli import main
from agent.demo import DemoClaim, DemoRow, report_html
from agent.graph.optional_parts import missing_parts, parts_notice
from agent.graph.toolset import load_tools
from agent.settings import Settings

# A crystal property claim: the planner plans EOS runs and the user's measurements (data_query).
CLAIM = "The lattice constant of copper is about 3.6 Å."
OPTIONAL = {"literature_search", "data_query"}


def offline(**more: object) -> Assistant:
    return Assistant(Settings.load(llm={"provider": "offline"}, simulation={"default_calculator": "emt"}, **more))


def write_measurements(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    table = folder / "cu.csv"
    table.write_text(
        "material,formula,property,value,unit,conditions,source\n"
        'copper,Cu,lattice constant,3.61,Å,room temperature,"Kittel, Introduction to Solid State Physics, ch. 1"\n',
        encoding="utf-8",
    )
    return table


def test_fresh_home_names_both_parts_once() -> None:
    settings = Settings.load()
    assert set(missing_parts(settings)) == OPTIONAL
    notice = parts_notice(settings)
    assert notice is not None and "\n" not in notice
    assert "`hypoloop index add PATH`" in notice and "`hypoloop data add PATH`" in notice
    assert not set(load_tools(settings)) & OPTIONAL  # the model is never offered them


def test_public_databases_keep_data_query_for_public_calls() -> None:
    settings = Settings.load(data={"optimade_urls": ["https://optimade.example.org"]})
    part = missing_parts(settings)["data_query"]
    assert "data_query" in load_tools(settings)  # public=true calls can run without a collection
    assert part.blocks({"formula": "Cu"}) and not part.blocks({"formula": "Cu", "public": True})


def test_offline_claim_in_a_fresh_home_runs_no_failing_tool() -> None:
    result = offline().run("test", CLAIM)
    v = result.verdicts[0]
    assert v.verdict == "supported", v.summary
    assert [r.error for r in result.tool_runs if r.error] == []
    assert not {r.tool for r in result.tool_runs} & OPTIONAL
    lit = next(c for c in v.stress_tests if c.name == "literature_contradiction")
    assert lit.outcome == "not_applicable" and "hypoloop index add" in lit.detail
    html = report_html([DemoRow(DemoClaim(CLAIM, "crystals"), result, "", 1.0)], 1.0)
    # No red error cell in the tool-run table (agent/display/html.py colours a run's error text).
    assert "color:#cf222e" not in html and "NotFound" not in html


def test_a_collection_once_added_is_queried(home: Path, tmp_path: Path) -> None:
    from tools.datasets.collection import DataCollection

    settings = Settings.load()
    DataCollection(settings.data_url).add([write_measurements(tmp_path / "lab")])
    assert set(missing_parts(settings)) == {"literature_search"}
    result = offline().run("test", CLAIM)
    queries = [r for r in result.tool_runs if r.tool == "data_query"]
    assert queries and all(r.error is None for r in queries)
    assert any(e.kind == "data" for e in result.verdicts[0].evidence)


def test_cli_says_it_once_and_no_tool_fails(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPOLOOP_SIMULATION__DEFAULT_CALCULATOR", "emt")
    code = main(["--offline", "test", CLAIM])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err.count("Not set up, so not used:") == 1
    assert "NotFound" not in out + err and "✗" not in out + err
    assert "SUPPORTED" in out


def test_model_is_not_offered_and_its_stray_call_not_run(openai_server: FakeOpenAI) -> None:
    """The model path: the request's tool list lacks the missing parts; a call to one anyway
    (a model may invent it) is dropped rather than recorded as a failed run."""
    openai_server.add(no_fit())
    openai_server.tool_calls([("literature_search", {"query": "copper"}),
                              ("single_point", {"structure": {"formula": "Cu", "prototype": "fcc"}, "calculator": "emt"})])  # fmt: skip
    openai_server.reply("Computed.")
    openai_server.tool_calls([("submit_verdict", {"verdict": "inconclusive", "confidence": 0.1, "summary": "s",
                                                  "evidence": [], "open_questions": []})])  # fmt: skip
    settings = Settings.load(llm=openai_server.llm_settings(max_retries=1), agent={"stress_test": False})
    result = Assistant(settings).run("test", "Copper conducts electricity well.")
    # A literature claim is offered only the literature tool (#29), which is missing here: no tools.
    offered = {t["function"]["name"] for t in openai_server.requests[1].get("tools", [])}
    assert not offered & OPTIONAL
    assert [r.tool for r in result.tool_runs] == ["single_point"]
    sent = [m for m in openai_server.requests[2]["messages"] if m["role"] == "tool"]
    assert len(sent) == 1  # every call the conversation holds has its answer
