"""`hypoloop propose` as a campaign: --json, the ranked table, and bad input (exit 2, one line)."""

from __future__ import annotations

import json

import pytest

from agent.cli import main

GOAL = "which of Cu, Au, Pt and Al has the largest bulk modulus"


@pytest.fixture(autouse=True)
def emt(monkeypatch: pytest.MonkeyPatch, home: object) -> None:
    monkeypatch.setenv("HYPOLOOP_SIMULATION__DEFAULT_CALCULATOR", "emt")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_propose_json_is_a_ranked_campaign(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--offline", "propose", GOAL, "--n", "4", "--rounds", "1", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [h["id"] for h in data["hypotheses"]] == ["h1", "h2", "h3", "h4"]
    assert data["hypotheses"][0]["claim"] == "Pt has a larger bulk modulus than Au."
    assert "Bradley-Terry" in data["hypotheses"][0]["score_basis"] and data["verdicts"] == []
    camp = data["campaign"]
    assert camp["shape"] == "extreme" and len(camp["comparisons"]) == 6 and data["run_id"]
    assert [c["rank"] for c in camp["candidates"] if c["rank"]] and camp["screens"][0]["structures"] == 4


def test_propose_prints_the_ranked_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--offline", "propose", GOAL, "--n", "4")
    assert code == 0
    assert "Campaign:" in out and "rank" in out and "GPa" in out and "6 comparisons" in out


@pytest.mark.parametrize("args,needle", [
    (["--n", "0"], "--n"),
    (["--rounds", "9"], "--rounds"),
    (["--n", "2", "--test-top", "5"], "--test-top"),
    (["--n", "x"], "--n"),
])  # fmt: skip
def test_bad_options_exit_2(capsys: pytest.CaptureFixture[str], args: list[str], needle: str) -> None:
    code, out, err = run(capsys, "--offline", "propose", GOAL, *args)
    assert code == 2 and needle in err and "Traceback" not in err and out == ""


def test_empty_goal_exits_2_and_unknown_goal_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--offline", "propose", "  ")
    assert code == 2 and "empty" in err
    code, _, err = run(capsys, "--offline", "propose", "design a better battery")
    assert code == 1 and "cannot propose" in err and "Traceback" not in err


def test_json_starts_with_read_as_and_a_judged_goal_runs_the_real_judges(capsys: pytest.CaptureFixture[str]) -> None:
    goal = "which of Cu and Al have a density above 8 g/cm3"
    code, out, err = run(capsys, "--offline", "propose", goal, "--n", "2", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert next(iter(data)) == "read_as" and data["read_as"] == "which of Cu and Al: The density of X is above 8 g/cm³."
    camp = data["campaign"]
    assert camp["shape"] == "judged" and [c["claim"] for c in camp["candidates"] if c["rank"] == 1] == [
        "The density of Cu is above 8 g/cm³."
    ]
    assert [c["verdict"]["verdict"] for c in sorted(camp["candidates"], key=lambda c: c["rank"])] == ["supported", "refuted"]


def test_the_table_starts_with_read_as_and_a_dropped_objective_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--offline", "propose", GOAL, "--n", "4")
    assert code == 0 and out.startswith("Read as: which of Cu, Au, Pt and Al has the largest bulk modulus")
    code, out, err = run(capsys, "--offline", "propose", "which noble metals with a high melting point are fcc")
    assert code == 1 and out == "" and "could not read: 'high melting point are fcc'" in err
    assert len(err.strip().splitlines()) == 1
