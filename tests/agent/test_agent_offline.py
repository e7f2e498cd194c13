"""The offline planner end to end through the real graph and real tools (EMT for metals, xTB for
molecules). Claims are written here, not copied from the shared benchmark set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.assistant import Assistant
from agent.settings import Settings


@pytest.fixture
def offline() -> Assistant:
    return Assistant(Settings.load(llm={"provider": "offline"}, simulation={"default_calculator": "emt"}))


def test_supported_numeric_claim_with_trace(offline: Assistant, home: Path) -> None:
    result = offline.run("test", "The lattice parameter of fcc nickel is roughly 3.5 angstrom.")
    v = result.verdicts[0]
    assert v.verdict == "supported", v.summary
    assert 0.5 <= v.confidence <= 1.0
    assert v.tolerance
    ledger_ids = {r.id for r in result.tool_runs}
    assert v.evidence and all(e.tool_run_id in ledger_ids for e in v.evidence if e.kind == "simulation")
    assert {c.name for c in v.stress_tests} >= {"literature_contradiction"}
    # the run is recorded: manifest, ledger with every tool call, result
    run_dir = home / "runs" / result.run_id
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["status"] == "done"
    ledger = [json.loads(line) for line in (run_dir / "ledger.jsonl").read_text().splitlines()]
    assert {e["id"] for e in ledger} == ledger_ids


def test_refuted_numeric_claim(offline: Assistant) -> None:
    v = offline.test("Gold has a lattice constant of 5.0 Å.")
    assert v.verdict == "refuted", v.summary


def test_comparison_claim(offline: Assistant) -> None:
    v = offline.test("Aluminum is harder to compress than nickel.")
    assert v.verdict == "refuted", v.summary
    assert any(e.value is not None or e.tool_run_id for e in v.evidence)


def test_unparseable_claim_is_inconclusive_with_a_reason(offline: Assistant) -> None:
    v = offline.test("Graphene becomes a topological insulator under strain at room temperature.")
    assert v.verdict == "inconclusive"
    assert "cannot judge" in v.summary.lower()
    assert v.evidence == []


def test_molecular_claim_with_xtb(offline: Assistant) -> None:
    v = offline.test("Methane is a planar molecule.")
    assert v.verdict == "refuted", v.summary


def test_ask_offline_without_index_says_so(offline: Assistant) -> None:
    a = offline.ask("Which cathode materials are used in solid oxide fuel cells?")
    assert "Offline mode" in a.answer
    assert a.citations == []


def test_tools_use_the_assistants_settings(tmp_path: Path, home: Path) -> None:
    other = tmp_path / "elsewhere"
    a = Assistant(
        Settings.load(home=other, llm={"provider": "offline"}, simulation={"default_calculator": "emt"})
    )
    a.test("Silver is denser than aluminium.")
    assert list((other / "runs").iterdir())
    assert (other / "cache").exists() or (other / "workspace").exists()
    assert not (home / "cache").exists() and not (home / "workspace").exists()


def test_yes_no_question_offline(offline: Assistant) -> None:
    a = offline.ask("Is methane a planar molecule?")
    assert a.answer.startswith("No (confidence") and a.tool_runs
