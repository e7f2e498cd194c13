"""Notebook rendering: HTML of verdicts, answers, runs, batches and run records; plots from real
(EMT) tool outputs; the per-tool progress bars; the MD trace the plots read."""

from __future__ import annotations

import io
from typing import Any

import pytest

from agent.assistant import Assistant
from agent.batch import BatchResults
from agent.display.plots import eos_figure, figure_for, md_figure, polymorph_figure
from agent.display.progress import progress_handler
from agent.results import Answer, Evidence, RunResult, StressCheck, ToolRun, Verdict
from agent.settings import Settings
from tools import get_tool

CU = {"structure": {"formula": "Cu", "prototype": "fcc"}, "calculator": "emt", "use_cache": False}


def _verdict() -> Verdict:
    return Verdict(
        claim="Water is a <b>linear</b> molecule.",
        verdict="refuted",
        confidence=0.97,
        summary="Bent: 104.5 deg.",
        evidence=[
            Evidence(kind="simulation", statement="H-O-H angle", supports=False, tool_run_id="h1-t1",
                     value=104.5, unit="deg"),
            Evidence(kind="literature", statement="water is bent", supports=False, citation="d1#0"),
        ],  # fmt: skip
        citations=["d1#0"],
        stress_tests=[StressCheck(name="sensitivity", description="tighter fmax", outcome="agrees")],
    )


def _passage_run() -> ToolRun:
    passage = {"citation": "d1#0", "title": "Water geometry", "doi": "10.1063/1.1740588", "text": "bent"}
    return ToolRun(id="h1-t2", tool="literature_search", args={"query": "water"}, output={"passages": [passage]})


def test_verdict_html_has_badge_tested_as_evidence_units_stress_and_escapes() -> None:
    html = _verdict()._repr_html_()
    assert "REFUTED" in html and "Tested as:" in html and "0.97" in html
    assert "<td>104.5</td><td>deg</td>" in html and "h1-t1" in html and "sensitivity" in html
    assert "&lt;b&gt;linear&lt;/b&gt;" in html and "<b>linear</b>" not in html


def test_run_html_links_dois_and_embeds_the_eos_plot() -> None:
    eos = get_tool("equation_of_state").invoke(CU)
    runs = [ToolRun(id="h1-t1", tool="equation_of_state", args=CU, output=eos), _passage_run()]
    result = RunResult(run_id="r1", thread_id="t", mode="test", input="x", verdicts=[_verdict()], tool_runs=runs)
    html = result._repr_html_()
    assert '<a href="https://doi.org/10.1063/1.1740588"' in html
    assert html.count("data:image/png;base64,") == 1  # the EOS run has a plot, the search none
    assert "EOS of fcc Cu with EMT" in html
    assert len(result.figures()) == 1


def test_eos_figure_marks_the_fit_and_a_claimed_value() -> None:
    eos = get_tool("equation_of_state").invoke(CU)
    fig = eos_figure(eos, claimed={"lattice_a_angstrom": 3.7, "bulk_modulus_gpa": 140})
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any("claimed a = 3.7" in s for s in labels) and any("claimed B = 140" in s for s in labels)
    points = fig.axes[0].lines[0].get_xydata()
    assert len(points) == len(eos["volumes_a3"])


def test_polymorph_figure_has_a_bar_per_prototype_and_the_band() -> None:
    out = get_tool("compare_polymorphs").invoke(
        {"formula": "Cu", "prototypes": ["fcc", "bcc", "sc"], "calculator": "emt", "use_cache": False}
    )
    fig = polymorph_figure(out, band_ev=0.02)
    ax = fig.axes[0]
    assert len(ax.patches) >= 3 and [t.get_text() for t in ax.get_xticklabels()] == [
        r["prototype"] for r in out["ranking"]
    ]
    assert "uncertainty band (20 meV/atom)" in ax.get_legend().get_texts()[0].get_text()
    # By default the band the judge decides with for this calculator and formula.
    from agent.judges.uncertainty import polymorph_band_ev

    fitted = dict(out, calculator="chgnet")
    band = polymorph_band_ev("chgnet", "", "", "Cu")
    label = polymorph_figure(fitted).axes[0].get_legend().get_texts()[0].get_text()
    assert f"uncertainty band ({1000 * band:.0f} meV/atom)" in label and band != 0.02


def test_md_trace_and_figure() -> None:
    args = {"structure": {"formula": "Cu", "prototype": "hcp"}, "calculator": "emt",
            "steps": 150, "temperature_k": 300, "use_cache": False}  # fmt: skip
    out = get_tool("run_md").invoke(args)
    trace = out["trace"]
    assert 50 <= len(trace["time_fs"]) <= 76 and trace["time_fs"][0] == 0.0
    assert len(trace["temperature_k"]) == len(trace["total_energy_ev_per_atom"]) == len(trace["time_fs"])
    fig = md_figure(out)
    assert all(t > 0 for t in trace["temperature_k"][1:])
    assert len(fig.axes) == 2 and len(fig.axes[0].lines[0].get_xdata()) == len(trace["time_fs"])
    assert figure_for("run_md", {**out, "trace": {}}) is None  # an old cached output: no plot, no crash


def test_answer_and_batch_html_and_dataframe() -> None:
    a = Answer(question="Is water bent?", answer="Yes.", citations=["d1#0"])
    assert "Is water bent?" in a._repr_html_()
    records = BatchResults(
        [
            {"id": "w", "claim": "Water is linear.", "verdict": "refuted", "confidence": 0.9, "summary": "bent",
             "evidence": [{}], "tool_runs": ["h1-t1"], "error": None},
            {"id": "x", "claim": "?", "verdict": None, "confidence": None, "summary": None, "evidence": [],
             "tool_runs": [], "error": "boom"},
        ]  # fmt: skip
    )
    df = records.to_dataframe()
    assert df["verdict"][0] == "refuted" and df["verdict"].isna()[1] and list(df["n_tool_runs"]) == [1, 0]
    html = records._repr_html_()
    assert "REFUTED" in html and "ERROR" in html and "boom" in html


def test_run_record_html_and_progress_bars(home: Any) -> None:
    from agent.runs import load_run

    settings = Settings.load(simulation={"default_calculator": "emt"})
    out = io.StringIO()
    result = Assistant(settings).run("test", "Water is a linear molecule.", callbacks=[progress_handler(out)])
    bars = out.getvalue()
    assert "geometry optimisation of H2O" in bars and "100%" not in bars  # our bar format
    record = load_run(settings, result.run_id)
    html = record._repr_html_()
    assert result.run_id in html and "REFUTED" in html and "Tested as:" in html


@pytest.mark.parametrize("tool", ["equation_of_state", "compare_polymorphs", "run_md"])
def test_figure_for_ignores_failed_runs(tool: str) -> None:
    assert figure_for(tool, {"error": {"type": "ToolError", "message": "x"}}) is None
