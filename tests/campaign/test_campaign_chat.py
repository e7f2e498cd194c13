"""The chat's /propose (#28 item 5): "Read as" before the table; a refused goal is one error line
with the span and the nearest goal that reads, and the thread records the error."""

from __future__ import annotations

from rich.console import Console

from agent.assistant import Assistant
from agent.cli.chat_commands import ChatState, campaign_turn
from agent.cli.chat_session import ChatThread
from agent.settings import Settings


class _Runner:
    """The chat's turn runner at its seam: /propose only needs its assistant (a real one)."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant


def test_chat_propose_reads_back_and_refuses_in_one_line(home: object) -> None:
    settings = Settings.load(simulation={"default_calculator": "emt"})
    console = Console(record=True, width=400)
    state = ChatState(ChatThread(settings), _Runner(Assistant(settings)), console)  # type: ignore[arg-type]
    campaign_turn(state, "which noble metals with a high melting point are fcc", 8)
    lines = [ln for ln in console.export_text().splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "could not read: 'high melting point are fcc'" in lines[0]
    assert "(not run): 'which of the noble metals adopt the fcc structure'" in lines[0]
    assert state.thread.turns[-1]["status"] == "error"
    campaign_turn(state, "which of Cu, Au, Pt and Al has the largest bulk modulus", 4)
    out = console.export_text()
    assert "Read as: which of Cu, Au, Pt and Al has the largest bulk modulus" in out
    assert out.index("Read as:") < out.index("Campaign:")
