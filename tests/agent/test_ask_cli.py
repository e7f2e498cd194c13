"""`hypoloop ask --offline` on a computation question, through the console entry point."""

from __future__ import annotations

import json
import re

import pytest

from agent.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_offline_computes_and_points_to_the_ledger(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "--offline", "What is the bulk modulus of fcc copper with EMT?")
    assert code == 0
    text = " ".join(out.replace("│", " ").split())
    b = float(re.search(r"B = (\d+\.\d) GPa", text).group(1))  # type: ignore[union-attr]
    assert 100 < b < 160  # EMT Cu: 134 GPa (experiment 140)
    assert "equation_of_state with emt" in text and "Ledger run: q1-t1." in text

    code, out, _ = run(
        capsys, "--offline", "ask", "What is the bulk modulus of fcc copper with EMT?", "--json"
    )
    answer = json.loads(out)
    assert code == 0 and answer["tool_runs"] == ["q1-t1"] and f"B = {b:.1f} GPa" in answer["answer"]
    code, out, _ = run(capsys, "runs", "show", answer["run_id"], "--json")
    ledger = json.loads(out)["ledger"]
    assert [e["tool"] for e in ledger] == ["equation_of_state"]
    assert round(ledger[0]["output"]["bulk_modulus_gpa"], 1) == b


def test_ask_offline_refusal_is_one_line_reason(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--offline", "ask", "dipole moment of water with EMT", "--json")
    assert code == 0
    assert json.loads(out)["answer"].startswith(
        "Not computed: the electronic_properties tool runs with xtb or pyscf, not emt."
    )


def test_chat_slash_ask_computes_offline(home: object) -> None:
    from rich.console import Console

    from agent.assistant import Assistant
    from agent.cli.chat_commands import ChatState, handle
    from agent.cli.chat_session import ChatThread, TurnRunner
    from agent.cli.live import LiveDisplay
    from agent.settings import Settings

    settings = Settings.load(llm={"provider": "offline"})
    console = Console(record=True, width=200)
    state = ChatState(ChatThread(settings), TurnRunner(Assistant(settings), LiveDisplay(console)), console)
    handle(state, "/ask the HOMO-LUMO gap of water")
    out = console.export_text()
    gap = float(re.search(r"HOMO-LUMO gap (\d+\.\d+) eV", out).group(1))  # type: ignore[union-attr]
    assert 5 < gap < 20  # GFN2-xTB water: ~14 eV (a tight-binding gap, not an optical one)
    assert "electronic_properties with xtb" in out and "Ledger run:" in out
    assert "No measured error of xtb for the HOMO-LUMO gap" in out


def test_ask_offline_without_an_index_says_there_is_none(capsys: pytest.CaptureFixture[str]) -> None:
    """A question no tool computes and no literature index to search: the answer says the index is
    missing and how to add one, not that a search "returned nothing" (no search ran)."""
    code, out, _ = run(capsys, "--offline", "ask", "Why do perovskite cathodes degrade?", "--json")
    answer = json.loads(out)["answer"]
    assert code == 0
    assert "no literature index is set up (`hypoloop index add PATH` adds one)" in answer
    assert "returned nothing" not in answer
