"""Agent commands: test, ask, propose (chat is not built yet and says so); batch and eval live in
batch_commands."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer

from agent.cli.session import console, err_console, not_built, state_of

if TYPE_CHECKING:
    from agent.assistant import Assistant


def _assistant(ctx: typer.Context) -> Assistant:
    from agent.assistant import Assistant
    from agent.llm import offline_notice

    settings = state_of(ctx).settings()
    notice = offline_notice(settings)
    if notice:
        err_console.print(f"[yellow]{notice}[/]", highlight=False)
    return Assistant(settings)


def test(
    ctx: typer.Context,
    claim: str = typer.Argument(..., help="The claim to stress-test."),
    json_out: bool = typer.Option(False, "--json", help="Print the verdict as JSON."),
    thread: str | None = typer.Option(None, "--thread", help="Thread id (to name the run)."),
) -> None:
    """Stress-test a claim and print a verdict with its evidence."""
    result = _assistant(ctx).run("test", claim, thread_id=thread)
    verdict = result.verdicts[0]
    if json_out:
        print(json.dumps(verdict.model_dump(mode="json") | {"run_id": result.run_id}, indent=2))
        return
    from agent.cli.render import verdict_panel

    verdict_panel(verdict, console)
    console.print(f"[dim]run {result.run_id}: `hypoloop runs show {result.run_id}`[/]")


def ask(
    ctx: typer.Context,
    question: str = typer.Argument(..., help="A research question."),
    json_out: bool = typer.Option(False, "--json", help="Print the answer as JSON."),
) -> None:
    """Answer a question with literature and simulations."""
    result = _assistant(ctx).run("ask", question)
    if json_out:
        print(json.dumps(result.answers[0].model_dump(mode="json") | {"run_id": result.run_id}, indent=2))
        return
    from agent.cli.render import answer_panel

    answer_panel(result.answers[0], console)


def propose(
    ctx: typer.Context,
    goal: str = typer.Argument(..., help="A research goal."),
    n: int = typer.Option(3, "--n", min=1, max=50, help="How many hypotheses."),
    test_them: bool = typer.Option(False, "--test", help="Also stress-test each hypothesis."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Propose hypotheses for a goal (and optionally test them)."""
    result = _assistant(ctx).run("propose", goal, n=n, test_proposals=test_them)
    if json_out:
        data = result.model_dump(mode="json")
        print(json.dumps({k: data[k] for k in ("run_id", "hypotheses", "verdicts", "notes")}, indent=2))
    else:
        from agent.cli.render import hypotheses_table, verdict_panel

        for note in result.notes:
            err_console.print(f"[yellow]{note}[/]", highlight=False)
        if result.hypotheses:
            hypotheses_table(result.hypotheses, console)
        for v in result.verdicts:
            verdict_panel(v, console)
    if not result.hypotheses:
        raise typer.Exit(1)


def chat() -> None:
    """Interactive research chat (resumable threads)."""
    not_built("chat")


def register(app: typer.Typer) -> None:
    for name, fn in (
        ("test", test),
        ("ask", ask),
        ("propose", propose),
        ("chat", chat),
    ):
        app.command(name=name)(fn)
