"""The chat's pieces without a terminal: free-text routing, tool calls in words, transcripts."""

from __future__ import annotations

import pytest

from agent.campaign.models import CampaignCandidate, CampaignResult
from agent.cli.chat_session import ChatThread, classify, list_threads
from agent.display.markdown import thread_markdown
from agent.display.words import describe_call
from agent.errors import RequestError, RunNotFound
from agent.results import Evidence, RunResult, ToolRun, Verdict
from agent.settings import Settings


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("What is the band gap of silicon?", "ask"),
        ("how stiff is copper", "ask"),
        ("Is water linear", "ask"),
        ("Water is a linear molecule.", "test"),
        ("Copper has a larger bulk modulus than aluminium", "test"),
        ("Silicon is a semiconductor?", "ask"),
        ("Report the vibrational frequencies of ethanol using GFN2-xTB", "ask"),
        ("Calculate the bulk modulus of bcc tungsten", "ask"),
    ],
)
def test_free_text_is_a_question_or_a_claim(text: str, mode: str) -> None:
    assert classify(text) == mode


def test_tool_calls_in_words() -> None:
    eos = {"structure": {"formula": "Cu", "prototype": "fcc"}, "calculator": "chgnet"}
    assert describe_call("equation_of_state", eos) == "EOS of fcc Cu with CHGNet"
    assert describe_call("molecule_geometry", {"structure": {"molecule": "H2O"}, "calculator": "xtb"}) == (
        "geometry optimisation of H2O with GFN2-xTB"
    )
    assert describe_call("literature_search", {"query": "silicon band gap"}) == (
        "literature search for 'silicon band gap'"
    )
    from agent.display.words import describe_run

    water = {"structure": {"molecule": "H2O"}}
    assert describe_run("molecule_geometry", water, {"calculator": "xtb"}) == "geometry optimisation of H2O with GFN2-xTB"
    assert describe_run("molecule_geometry", {**water, "calculator": "emt"}, {"calculator": "emt"}).endswith("EMT")
    assert describe_call("run_md", {"structure": {"formula": "Al", "prototype": "fcc"}, "temperature_k": 600}) == (
        "MD of fcc Al at 600 K"
    )


def _result() -> RunResult:
    v = Verdict(
        claim="Water is a linear molecule.",
        verdict="refuted",
        confidence=0.9,
        summary="Bent.",
        evidence=[Evidence(kind="simulation", statement="angle 104.5", supports=False, tool_run_id="h1-t1",
                           value=104.5, unit="deg")],
    )
    run = ToolRun(id="h1-t1", tool="molecule_geometry", args={"structure": {"molecule": "H2O"}}, output={})
    return RunResult(run_id="r1", thread_id="t-1", mode="test", input=v.claim, verdicts=[v], tool_runs=[run])


def test_thread_round_trip_and_listing(home: object) -> None:
    settings = Settings.load()
    t = ChatThread(settings)
    t.add("test", "Water is a linear molecule.", "done", _result())
    t.add("test", "slow claim", "cancelled")
    again = ChatThread.resume(settings, t.id)
    assert again.turns == t.turns
    assert again.last_result() == _result() and [r.id for r in again.tool_runs()] == ["h1-t1"]
    assert [th["id"] for th in list_threads(settings)] == [t.id]
    md = thread_markdown(t.id, again.turns)
    assert "**REFUTED**" in md and "| h1-t1 | angle 104.5 | 104.5 deg | no |" in md and "_cancelled_" in md


def test_bad_or_unknown_thread_ids(home: object) -> None:
    settings = Settings.load()
    with pytest.raises(RequestError):
        ChatThread(settings, "../etc")
    with pytest.raises(RunNotFound):
        ChatThread.resume(settings, "nope")


class _Runner:
    """Stands in for TurnRunner: records the turns and returns a canned RunResult."""

    def __init__(self, result: RunResult) -> None:
        self.calls: list[tuple[str, str, int | None]] = []
        self.result = result

    def run(self, thread: ChatThread, mode: str, text: str, n: int | None = None) -> RunResult:
        self.calls.append((mode, text, n))
        thread.add(mode, text, "done", self.result)
        return self.result

    @property
    def assistant(self) -> _Runner:  # /propose runs a campaign on the runner's assistant
        return self

    def campaign(self, goal: str, n: int) -> CampaignResult:
        self.calls.append(("propose", goal, n))
        top = CampaignCandidate(id="c1", claim="Pt has a larger bulk modulus than Cu.", rank=1, rating=0.7,
                                figure=143.4, figure_unit="GPa")  # fmt: skip
        return CampaignResult(goal=goal, shape="reference", candidates=[top], run_id="r-c")


def _literature_result() -> RunResult:
    passage = {"citation": "si#c1", "title": "The band gap of silicon", "doi": "10.1063/1.1663501",
               "text": "Silicon is an indirect band gap semiconductor."}  # fmt: skip
    search = ToolRun(id="h1-t1", tool="literature_search", args={"query": "si"}, output={"passages": [passage]})
    v = Verdict(claim="Silicon has an indirect gap.", verdict="supported", confidence=0.75, summary="stated",
                citations=["si#c1"])  # fmt: skip
    return RunResult(run_id="r2", thread_id="t-1", mode="test", input=v.claim, verdicts=[v], tool_runs=[search])


def test_slash_commands(home: object, tmp_path: object) -> None:
    from rich.console import Console

    from agent.cli.chat_commands import ChatState, handle

    console = Console(record=True, width=200)
    runner = _Runner(_literature_result())
    state = ChatState(ChatThread(Settings.load()), runner, console)  # type: ignore[arg-type]
    handle(state, "/sources")
    assert "no answer or verdict yet" in console.export_text()
    handle(state, "/propose stiff fcc metals 4")
    handle(state, "/propose stiff metals")
    handle(state, "Silicon has an indirect gap.")
    handle(state, "/sources")
    out = console.export_text()
    assert "Pt has a larger bulk modulus than Cu." in out
    assert state.thread.turns[0]["mode"] == "propose" and state.thread.turns[0]["result"]["hypotheses"][0]["id"] == "h1"
    assert runner.calls == [("propose", "stiff fcc metals", 4), ("propose", "stiff metals", 8),
                            ("test", "Silicon has an indirect gap.", None)]  # fmt: skip
    assert "https://doi.org/10.1063/1.1663501" in out and "Silicon is an indirect band gap semiconductor." in out
    handle(state, "/bogus")
    handle(state, "/test")
    handle(state, f"/save {tmp_path}/nope/x.md")
    out = console.export_text()
    assert "unknown command /bogus" in out and "usage: /test CLAIM" in out and "cannot write" in out
    old = state.thread.id
    handle(state, "/new")
    assert state.thread.id != old and state.thread.turns == []
    handle(state, "/quit")
    assert not state.running


def test_a_cancelled_turn_stays_cancelled_after_the_next_turn_starts() -> None:
    import uuid

    from rich.console import Console

    from agent.cli.live import Cancelled, LiveDisplay

    console = Console(record=True, width=120)
    display = LiveDisplay(console)
    old = display.handler()
    key = uuid.uuid4()
    old.on_tool_start({"name": "run_md"}, "", inputs={"structure": {"formula": "Cu"}}, run_id=key)
    display.cancel.set()  # Ctrl-C
    display.reset()  # the next turn
    new = display.handler()
    old.on_tool_end({"cached": False}, run_id=key)  # the old tool finishes in the background
    with pytest.raises(Cancelled):
        old.on_chain_start({}, {}, name="stress", metadata={"langgraph_node": "stress"})
    new.on_chain_start({}, {}, name="stress", metadata={"langgraph_node": "stress"})
    out = console.export_text()
    assert "▶ MD of Cu" in out and "✓" not in out and "stress test" in out
