"""The line on a terminal's stderr while the model thinks (agent/cli/model_wait.py), fed by the
real client's callbacks while the loopback server takes its time."""

from __future__ import annotations

import io
import json
import sys

import pytest
from fake_formalize import no_fit
from fake_openai import Delay, FakeOpenAI, Reply

from agent.cli import main
from agent.cli.model_wait import terminal_callbacks


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _script(server: FakeOpenAI, delay_s: float) -> None:
    verdict = {"verdict": "inconclusive", "confidence": 0.2, "summary": "Cannot tell.", "evidence": [], "open_questions": []}
    server.add(Delay(delay_s, then=no_fit()), Reply.text("Nothing to compute."), Reply.calls([("submit_verdict", verdict)]))


def test_a_terminal_sees_the_seconds_of_a_slow_request_then_the_line_is_erased(
    openai_server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _script(openai_server, 2.6)
    for k, v in {"BASE_URL": openai_server.base_url, "MODEL": openai_server.model, "MAX_RETRIES": "0"}.items():
        monkeypatch.setenv(f"HYPOLOOP_LLM__{k}", v)
    monkeypatch.setenv("HYPOLOOP_AGENT__STRESS_TEST", "false")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["--json", "test", "MgB2 becomes superconducting below about 39 K."]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "inconclusive"  # --json stdout stays clean
    shown = terminal.getvalue()
    assert "\rwaiting for the language model: 1 s" in shown and "\rwaiting for the language model: 2 s" in shown
    assert shown.endswith("\r") and shown.rsplit("\r", 2)[-2].strip() == ""  # erased after the reply


def test_no_line_when_stderr_is_not_a_terminal() -> None:
    assert terminal_callbacks(io.StringIO()) is None
    assert terminal_callbacks(Terminal()) is not None
