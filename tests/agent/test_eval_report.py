"""`hypoloop eval`: utility scoring, per-kind table, calibration, cost, stress-test outcomes and the
three report files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.cli import main
from agent.eval_report import markdown, write_reports
from agent.evaluate import calibration, claim_kind, outcome, report, score, stress_outcomes


def rec(id_: str, verdict: str | None, conf: float | None, **kw: object) -> dict[str, object]:
    base = {"id": id_, "claim": kw.pop("claim", "Unicorns like tea."), "verdict": verdict,
            "confidence": conf, "tool_runs": [], "stress_tests": [], "wall_s": 1.0, "error": None}  # fmt: skip
    return base | kw


def test_utility_orders_right_inconclusive_wrong() -> None:
    exp = {"a": "supported", "b": "supported", "c": "supported", "d": "supported", "e": "refuted"}
    records = [
        rec("a", "supported", 0.9),  # right +1
        rec("b", "inconclusive", 0.2),  # 0
        rec("c", "refuted", 0.6),  # wrong -2
        rec("d", "refuted", 0.8),  # confidently wrong -4
        rec("e", None, None, error="ModelError: down"),  # an error is not decided: 0
    ]
    s = score(records, exp)
    assert s["outcomes"] == {"right": 1, "inconclusive": 2, "wrong": 1, "confidently_wrong": 1}
    assert s["utility"] == 1 - 2 - 4 and s["utility_per_item"] == pytest.approx(-5 / 5)
    assert s["confidently_wrong"] == ["d"] and s["errors"] == ["e"]
    assert s["accuracy_on_decided"] == pytest.approx(1 / 3) and s["coverage"] == pytest.approx(3 / 5)
    # saying "inconclusive" beats a wrong guess, and a right answer beats both
    assert outcome(rec("x", "supported", 0.9), "supported") == "right"
    assert outcome(rec("x", "inconclusive", 0.9), "inconclusive") == "right"


def test_calibration_bins_and_stress_counts() -> None:
    exp = {"a": "supported", "b": "refuted", "c": "refuted", "d": "supported"}
    records = [
        rec("a", "supported", 1.0, stress_tests=[{"name": "second_calculator", "outcome": "agrees"}]),
        rec("b", "supported", 0.9, stress_tests=[{"name": "second_calculator", "outcome": "disagrees"}]),
        rec("c", "refuted", 0.55, stress_tests=[{"name": "sensitivity", "outcome": "agrees"}]),
        rec("d", "inconclusive", 0.3),
    ]
    cal = calibration(records, exp)
    top = cal[-1]
    assert top["n"] == 2 and top["correct"] == 1 and top["accuracy"] == pytest.approx(0.5)  # 1.0 is in the last bin
    assert cal[1]["n"] == 1 and cal[1]["accuracy"] == 1.0 and cal[0]["n"] == 0  # inconclusive is not binned
    assert stress_outcomes(records) == {
        "second_calculator": {"agrees": 1, "disagrees": 1},
        "sensitivity": {"agrees": 1},
    }


def test_claim_kind_comes_from_the_planner() -> None:
    assert claim_kind("The lattice constant of fcc copper is 3.6 Å.") == "property_value"
    assert claim_kind("") == "unparsed"


def test_report_files(tmp_path: Path) -> None:
    exp = {"a": "supported", "b": "refuted"}
    records = [
        rec("a", "supported", 0.95, claim="The lattice constant of fcc copper is 3.6 Å.", tool_runs=["t1", "t2"]),
        rec("b", "supported", 0.8, wall_s=3.0),
    ]
    rep = report(records, exp, source="mini.yaml")
    assert rep["per_kind"]["property_value"]["correct"] == 1
    assert rep["costs"]["tool_calls_mean"] == 1.0 and rep["costs"]["wall_s_mean"] == 2.0
    paths = write_reports(rep, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["eval.html", "eval.json", "eval.md"]
    assert json.loads(paths[0].read_text())["overall"]["confidently_wrong"] == ["b"]
    page = paths[2].read_text()
    assert "<svg" in page and "Calibration" in page and "property_value" in page
    assert "| property_value | 1 | 1 | 100.0 % |" in markdown(rep)


def test_cli_eval_writes_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HYPOLOOP_SIMULATION__DEFAULT_CALCULATOR", "emt")
    monkeypatch.setenv("HYPOLOOP_LLM__PROVIDER", "offline")
    monkeypatch.setenv("HYPOLOOP_AGENT__STRESS_TEST", "false")
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "h.yaml"
    src.write_text(
        "- {id: ni, claim: The lattice constant of fcc nickel is about 3.5 Å., expected: supported}\n"
        "- {id: ni-wrong, claim: The lattice constant of fcc nickel is 4.9 Å., expected: refuted}\n"
        "- {id: tea, claim: Unicorns prefer green tea to black tea., expected: supported}\n"
    )
    code = main(["eval", str(src), "--out", str(tmp_path / "rep"), "--json", "--workers", "0"])
    assert code == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["correct"] == 2 and printed["decided"] == 2 and printed["utility"] == 2
    assert set(printed["per_kind"]) == {"property_value", "literature"}
    files = {p.name for p in (tmp_path / "rep").iterdir()}
    assert files == {"eval.json", "eval.md", "eval.html", "h.results.jsonl"}
    data = json.loads((tmp_path / "rep" / "eval.json").read_text())
    assert data["items"][0]["tool_calls"] >= 1 and data["items"][0]["wall_s"] > 0


def test_undecided_stress_checks_have_their_own_column() -> None:
    """A cross-check too close to call within the calculator's error is counted as undecided,
    not folded into not_applicable (which means the check did not apply or did not run)."""
    records = [rec("a", "supported", 0.65, stress_tests=[{"name": "rule_based_cross_check", "outcome": "undecided"}])]
    rep = report(records, {"a": "supported"}, source="mini.yaml")
    assert rep["stress_tests"] == {"rule_based_cross_check": {"undecided": 1}}
    assert "| rule_based_cross_check | 0 | 0 | 1 | 0 | 0 |" in markdown(rep)
