"""The chat's slash commands and how a turn's result is shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from agent.cli.chat_session import ChatThread, TurnRunner, classify, list_threads

if TYPE_CHECKING:
    from agent.results import RunResult

HELP = """\
Type a claim to stress-test it, or a question to answer it. Free text is a question when it
ends with '?' or starts with a question word (what, which, who, why, how, when, where, is, are,
does, do, can, ...); anything else is a claim to test. Slash commands say it explicitly:

  /test CLAIM          stress-test a claim (verdict, evidence, stress checks, citations)
  /ask QUESTION        answer a question from the tools and the literature index
  /propose GOAL [N]    a hypothesis campaign: N candidates (default 8), screened and ranked
  /sources             citations of the last answer or verdict, with the passages
  /runs                tool runs of this thread (ledger ids, time, cached)
  /save FILE           write this thread as a markdown report
  /threads             saved threads (resume one with `hypoloop chat --thread ID`)
  /new                 start a new thread
  /help                this text
  /quit                leave (Ctrl-D too); Ctrl-C cancels the running step and keeps the thread"""

COMMANDS = ["/help", "/test", "/ask", "/propose", "/sources", "/runs", "/save", "/threads", "/new", "/quit"]


@dataclass
class ChatState:
    """What the REPL holds between lines."""

    thread: ChatThread
    runner: TurnRunner
    console: Console
    running: bool = True


def show_result(result: RunResult, console: Console) -> None:
    from agent.cli.render import answer_panel, hypotheses_table, verdict_panel
    from agent.display.sources import passages_of

    passages = passages_of(result.tool_runs)
    for note in result.notes:
        console.print(f"[yellow]{escape(note)}[/]", highlight=False)
    if result.mode == "propose" and result.hypotheses:
        hypotheses_table(result.hypotheses, console)
    for v in result.verdicts:
        verdict_panel(v, console, passages)
    for a in result.answers:
        answer_panel(a, console, passages)


def run_turn(state: ChatState, mode: str, text: str, n: int | None = None) -> None:
    from agent.errors import USER_ERRORS

    try:
        result = state.runner.run(state.thread, mode, text, n)
    except USER_ERRORS as e:
        state.console.print(f"[red]error:[/] {escape(str(e))}", highlight=False)
        return
    if result is None:
        state.console.print("[yellow]cancelled[/] (the thread is kept; a tool already running may finish)")
        return
    show_result(result, state.console)


def handle(state: ChatState, line: str) -> None:
    """One input line: a slash command or free text."""
    line = line.strip()
    if not line:
        return
    if not line.startswith("/"):
        run_turn(state, classify(line), line)
        return
    name, _, arg = line.partition(" ")
    fn = _HANDLERS.get(name.lower())
    if fn is None:
        state.console.print(f"unknown command {escape(name)}; /help lists them", highlight=False)
        return
    fn(state, arg.strip())


def _need(state: ChatState, arg: str, usage: str) -> bool:
    if not arg:
        state.console.print(f"usage: {usage}")
    return bool(arg)


def _test(state: ChatState, arg: str) -> None:
    if _need(state, arg, "/test CLAIM"):
        run_turn(state, "test", arg)


def _ask(state: ChatState, arg: str) -> None:
    if _need(state, arg, "/ask QUESTION"):
        run_turn(state, "ask", arg)


def _propose(state: ChatState, arg: str) -> None:
    if not _need(state, arg, "/propose GOAL [N]"):
        return
    goal, _, last = arg.rpartition(" ")
    if goal and last.isdigit() and 1 <= int(last) <= 50:
        campaign_turn(state, goal, int(last))
    else:
        campaign_turn(state, arg, 8)


def campaign_turn(state: ChatState, goal: str, n: int) -> None:
    """A hypothesis campaign (agent/campaign/) as a chat turn: the ranked table, and the thread
    keeps the ranked hypotheses (so /save and resumed threads show them)."""
    from agent.campaign import as_hypotheses
    from agent.campaign.report import campaign_table
    from agent.errors import USER_ERRORS
    from agent.results import RunResult

    try:
        result = state.runner.assistant.campaign(goal, n=n)
    except USER_ERRORS as e:
        state.thread.add("propose", goal, "error", error=str(e))
        state.console.print(f"[red]error:[/] {escape(str(e))}", highlight=False)
        return
    except KeyboardInterrupt:
        state.thread.add("propose", goal, "cancelled")
        state.console.print("[yellow]cancelled[/] (the thread is kept)")
        return
    for note in result.notes:
        state.console.print(f"[yellow]{escape(note)}[/]", highlight=False)
    campaign_table(result, state.console)
    turn = RunResult(run_id=result.run_id or "", thread_id=state.thread.id, mode="propose", input=goal,
                     hypotheses=as_hypotheses(result), notes=result.notes)  # fmt: skip
    state.thread.add("propose", goal, "done", turn)


def _sources(state: ChatState, arg: str) -> None:
    from agent.cli.render import citation_lines
    from agent.display.sources import cited, passages_of

    result = state.thread.last_result()
    if result is None:
        state.console.print("no answer or verdict yet in this thread")
        return
    passages = passages_of(result.tool_runs)
    keys = [k for item in [*result.verdicts, *result.answers] for k in cited(item)]
    if not keys:
        state.console.print("the last answer cites no passages (its evidence is from tool runs: /runs)")
        return
    citation_lines(list(dict.fromkeys(keys)), passages, state.console, quote=True)


def _runs(state: ChatState, arg: str) -> None:
    from agent.display.words import describe_run

    runs = state.thread.tool_runs()
    if not runs:
        state.console.print("no tool runs in this thread yet")
        return
    t = Table("turn", "id", "tool run", "time", "status", box=None)
    for res_n, res in enumerate(state.thread.results(), 1):
        for r in res.tool_runs:
            cached = bool((r.output or {}).get("cached"))
            status = f"[red]{escape((r.error or '')[:60])}[/]" if r.error else ("cached" if cached else "ok")
            t.add_row(str(res_n), r.id, escape(describe_run(r.tool, r.args, r.output)), f"{r.wall_s:.1f} s", status)
    state.console.print(t)


def _save(state: ChatState, arg: str) -> None:
    from agent.display.markdown import thread_markdown

    if not _need(state, arg, "/save FILE"):
        return
    path = Path(arg).expanduser()
    try:
        path.write_text(thread_markdown(state.thread.id, state.thread.turns), encoding="utf-8")
    except OSError as e:
        state.console.print(f"[red]error:[/] cannot write {escape(str(path))}: {escape(e.strerror or str(e))}")
        return
    state.console.print(f"saved {len(state.thread.turns)} turns to {escape(str(path))}", highlight=False)


def _threads(state: ChatState, arg: str) -> None:
    threads = list_threads(state.thread.settings)
    if not threads:
        state.console.print("no saved threads yet")
        return
    t = Table("id", "turns", "first message", box=None)
    for th in threads[:20]:
        mark = " (this one)" if th["id"] == state.thread.id else ""
        t.add_row(th["id"] + mark, str(th["turns"]), escape(th["first"][:70]))
    state.console.print(t)


def _new(state: ChatState, arg: str) -> None:
    old = state.thread
    state.thread = ChatThread(old.settings)
    if old.turns:
        state.console.print(
            f"thread {old.id} kept (resume with `hypoloop chat --thread {old.id}`)", highlight=False
        )
    state.console.print(f"new thread {state.thread.id}", highlight=False)


def _help(state: ChatState, arg: str) -> None:
    state.console.print(HELP, markup=False, highlight=False)


def _quit(state: ChatState, arg: str) -> None:
    state.running = False


_HANDLERS: dict[str, Callable[[ChatState, str], None]] = {
    "/help": _help,
    "/test": _test,
    "/ask": _ask,
    "/propose": _propose,
    "/sources": _sources,
    "/runs": _runs,
    "/save": _save,
    "/threads": _threads,
    "/new": _new,
    "/quit": _quit,
    "/exit": _quit,
}
