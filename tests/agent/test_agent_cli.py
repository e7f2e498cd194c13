"""`hypoloop test | ask | propose` through the console entry point (offline, cheap calculators)."""

from __future__ import annotations

import json

import pytest

from agent.cli import main


@pytest.fixture(autouse=True)
def emt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPOLOOP_SIMULATION__DEFAULT_CALCULATOR", "emt")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_test_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "test", "Platinum is denser than copper.", "--json")
    assert code == 0
    v = json.loads(out)
    assert v["verdict"] == "supported" and v["run_id"] and v["evidence"]
    assert "offline" in err.lower()  # said once, visibly, because nothing was configured


def test_test_human_output_and_runs_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--offline", "test", "The lattice constant of copper is about 3.6 Å.")
    assert code == 0 and "SUPPORTED" in out and "Tolerance" in out
    assert "offline" not in err.lower()  # asked for explicitly: no notice
    run_id = out.split("`hypoloop runs show ")[1].split("`")[0]
    code, out, _ = run(capsys, "runs", "show", run_id, "--json")
    record = json.loads(out)
    assert code == 0 and record["result"]["verdicts"][0]["verdict"] == "supported"
    assert record["ledger"] and all("wall_s" in e for e in record["ledger"])


def test_propose_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "--offline",
        "propose",
        "fcc metals with a higher bulk modulus than copper",
        "--n",
        "2",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert len(data["hypotheses"]) == 2 and data["verdicts"] == []
    assert all(h["score"] is not None and h["score_basis"] for h in data["hypotheses"])


def test_propose_unknown_goal_exits_1_with_reason(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--offline", "propose", "write me a poem about catalysis")
    assert code == 1 and "cannot propose" in err


def test_empty_claim_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--offline", "test", "   ")
    assert code == 2 and "empty" in err and "Traceback" not in err


def test_propose_and_test_runs_one_investigation_per_hypothesis(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "--offline",
        "propose",
        "fcc metals with a larger bulk modulus than aluminium",
        "--n",
        "2",
        "--test",
        "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert [h["id"] for h in data["hypotheses"]] == ["h1", "h2"]
    assert sorted(v["hypothesis_id"] for v in data["verdicts"]) == ["h1", "h2"]
    assert all(
        v["verdict"] in ("supported", "refuted", "inconclusive") and v["stress_tests"]
        for v in data["verdicts"]
    )
