"""`hypoloop chat` in a real pseudo-terminal (pexpect): the prompt_toolkit editor, the live tool
display, the verdict panel, Ctrl-C mid-step, /quit and resuming with --thread; and the model
path against the loopback OpenAI-compatible server with streamed tokens."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pexpect
from fake_formalize import no_fit
from fake_openai import FakeOpenAI

EXE = str(Path(sys.executable).parent / "hypoloop")
PROMPT = "you>"
ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")


def spawn(*args: str, env: dict[str, str] | None = None) -> Any:
    full = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "COLUMNS": "160", **(env or {})}
    child = pexpect.spawn(EXE, ["chat", *args], env=full, encoding="utf-8", timeout=90, dimensions=(50, 160))
    child.expect(PROMPT)
    return child


def said(child: Any) -> str:
    """What the child printed before the last match, without terminal escapes."""
    return ANSI.sub("", child.before or "")


def transcript(home: Path, thread: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((home / "chats" / f"{thread}.json").read_text())
    return data


def quit_chat(child: Any) -> str:
    child.sendline("/quit")
    child.expect(r"resume with: hypoloop chat --thread ([A-Za-z0-9_-]+)")
    thread: str = child.match.group(1)
    child.expect(pexpect.EOF)
    return thread


def test_offline_chat_ask_test_save_quit_and_resume(home: Path, tmp_path: Path) -> None:
    child = spawn("--offline")
    child.sendline("What is the lattice constant of fcc copper?")  # free text with '?': a question
    child.expect("answer")
    child.expect(PROMPT)
    child.sendline("/test Water is a linear molecule.")
    child.expect("geometry optimisation of H2O")  # the live line of the tool call
    child.expect("Tested as:")
    child.expect("isolated H2O molecule is linear")  # Tested as: the typed spec, not the raw claim
    child.expect("REFUTED")
    child.expect(PROMPT)
    panel = said(child)  # evidence with its ledger id, stress checks
    assert "h1-t1" in panel and "72.8" in panel and "sensitivity" in panel
    report = tmp_path / "thread.md"
    child.sendline(f"/save {report}")
    child.expect("saved 2 turns")
    child.expect(PROMPT)
    thread = quit_chat(child)
    assert "**REFUTED**" in report.read_text() and "Water is a linear molecule." in report.read_text()
    turns = transcript(home, thread)["turns"]
    assert [t["mode"] for t in turns] == ["ask", "test"] and turns[1]["status"] == "done"

    again = spawn("--offline", "--thread", thread)
    assert f"resumed thread {thread} (2 turns)" in said(again)
    again.sendline("/runs")  # the earlier turns' tool runs are there after the restart
    again.expect("geometry optimisation of H2O")
    again.expect(PROMPT)
    again.sendline("Ammonia is a planar molecule.")  # free text without '?': a claim
    again.expect(r"REFUTED|SUPPORTED|INCONCLUSIVE")
    again.expect(PROMPT)
    assert quit_chat(again) == thread
    assert len(transcript(home, thread)["turns"]) == 3


def test_ctrl_c_mid_step_keeps_the_thread(home: Path) -> None:
    child = spawn("--offline")
    # A CHGNet equation of state on a cold cache: seconds of work, interrupted as it starts.
    child.sendline("The bulk modulus of copper is 140 GPa.")
    child.expect("EOS of fcc Cu")
    child.sendintr()
    child.expect("cancelled")
    child.expect(PROMPT, timeout=10)  # the prompt is back while the tool in flight finishes
    child.sendline("/test Water is a linear molecule.")
    child.expect("REFUTED")
    child.expect(PROMPT)
    child.sendline("/threads")
    child.expect(r"\(this one\)\s+2")
    child.expect(PROMPT)
    thread = quit_chat(child)
    statuses = [t["status"] for t in transcript(home, thread)["turns"]]
    assert statuses == ["cancelled", "done"]


def test_ctrl_d_leaves_and_prints_the_thread(home: Path) -> None:
    child = spawn("--offline")
    child.sendline("/help")
    child.expect("/propose GOAL")
    child.expect(PROMPT)
    child.sendline("/test Water is a linear molecule.")
    child.expect("REFUTED")
    child.expect(PROMPT)
    child.sendeof()
    child.expect(r"resume with: hypoloop chat --thread")
    child.expect(pexpect.EOF)


def test_unknown_thread_is_a_clear_error(home: Path) -> None:
    child = pexpect.spawn(EXE, ["chat", "--offline", "--thread", "nope"], encoding="utf-8", timeout=60)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2 and "no chat thread 'nope'" in child.before and "Traceback" not in child.before


def test_model_chat_streams_tokens(home: Path, openai_server: FakeOpenAI) -> None:
    cu = {"structure": {"formula": "Cu", "prototype": "fcc"}, "calculator": "emt"}
    openai_server.add(no_fit())  # the claim's formalization (agent/graph/formalize.py)
    openai_server.tool_calls([("single_point", cu)])
    openai_server.reply("Streaming thoughts: the EMT energy of fcc copper is finite and negative.")
    verdict = {
        "verdict": "supported",
        "confidence": 0.6,
        "summary": "Checked with EMT.",
        "evidence": [
            {"kind": "simulation", "statement": "finite negative energy", "supports": True, "tool_run_id": "h1-t1",
             "citation": None}
        ],
        "open_questions": [],
    }
    openai_server.tool_calls([("submit_verdict", verdict)])
    env = {
        "HYPOLOOP_LLM__PROVIDER": "openai-compatible",
        "HYPOLOOP_LLM__BASE_URL": openai_server.base_url,
        "HYPOLOOP_LLM__MODEL": openai_server.model,
        "HYPOLOOP_LLM__MAX_RETRIES": "0",
        "HYPOLOOP_AGENT__STRESS_TEST": "false",
    }
    child = spawn(env=env)
    assert "language model" in said(child)
    child.sendline("/test Copper conducts electricity well.")
    child.expect("energy of fcc Cu with EMT")
    child.expect("Streaming thoughts: the EMT energy")
    child.expect(PROMPT)
    shown = said(child)
    assert "SUPPORTED" in shown, shown
    quit_chat(child)
    assert openai_server.requests and all(r.get("stream") for r in openai_server.requests)



def test_fresh_home_chat_says_what_is_missing_once_and_fails_no_tool(home: Path) -> None:
    """No index and no collection (issue #27): one notice for the session, no ✗ line for the
    literature search or data query on any claim, and `/runs` lists no failed run."""
    import io

    child = spawn("--offline", env={"HYPOLOOP_SIMULATION__DEFAULT_CALCULATOR": "emt"})
    greeting = said(child)
    log = io.StringIO()
    child.logfile_read = log  # everything after the greeting
    for claim in ("The lattice constant of copper is about 3.6 Å.", "Aluminium is denser than copper."):
        child.sendline(claim)
        child.expect(r"SUPPORTED|REFUTED|INCONCLUSIVE")
        child.expect(PROMPT)
    child.sendline("/runs")
    child.expect(r"h1-t1\s+EOS of fcc Cu")
    child.expect(PROMPT)
    runs = said(child)
    assert "ok" in runs and "error" not in runs.lower() and "failed" not in runs.lower()
    quit_chat(child)
    session = ANSI.sub("", log.getvalue())
    notice = "Not set up, so not used:"
    assert greeting.count(notice) == 1 and notice not in session
    assert "hypoloop index add" in greeting and "hypoloop data add" in greeting
    assert "✓" in session and "✗" not in session
    assert "NotFound" not in session and "literature search" not in session and "data_query" not in session
