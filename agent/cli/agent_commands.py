"""Agent commands: test, ask, propose, chat (agent/cli/chat.py); batch and eval live in
batch_commands."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

import typer

from agent.cli.chat import chat
from agent.cli.session import console, err_console, state_of

if TYPE_CHECKING:
    from agent.assistant import Assistant


def _assistant(ctx: typer.Context, before: Callable[[Assistant], None] | None = None) -> Assistant:
    """The session's assistant, after its notices. ``before`` runs first: a request refused
    there (a goal that does not read) is one error line, with no notice about a run that never
    starts."""
    from agent.assistant import Assistant
    from agent.cli.notices import print_notices

    settings = state_of(ctx).settings()
    assistant = Assistant(settings)
    if before is not None:
        before(assistant)
    print_notices(settings)
    return assistant


def _read_goal_offline(goal: str) -> Callable[[Assistant], None]:
    def read(assistant: Assistant) -> None:
        if assistant.offline and goal.strip():  # the model path reads goals its own way
            from agent.campaign import read_goal

            read_goal(goal)

    return read


def test(
    ctx: typer.Context,
    claim: str = typer.Argument(..., help="The claim to stress-test."),
    json_out: bool = typer.Option(False, "--json", help="Print the verdict as JSON."),
    thread: str | None = typer.Option(None, "--thread", help="Thread id (to name the run)."),
) -> None:
    """Stress-test a claim and print a verdict with its evidence."""
    from agent.cli.model_wait import terminal_callbacks

    result = _assistant(ctx).run("test", claim, thread_id=thread, callbacks=terminal_callbacks())
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
    from agent.cli.model_wait import terminal_callbacks

    result = _assistant(ctx).run("ask", question, callbacks=terminal_callbacks())
    if json_out:
        print(json.dumps(result.answers[0].model_dump(mode="json") | {"run_id": result.run_id}, indent=2))
        return
    from agent.cli.render import answer_panel

    answer_panel(result.answers[0], console)


def propose(
    ctx: typer.Context,
    goal: str = typer.Argument(..., help="A research goal."),
    n: int = typer.Option(8, "--n", min=1, max=50, help="Candidates generated per round."),
    rounds: int = typer.Option(1, "--rounds", min=1, max=5, help="Rounds; survivors seed the next."),
    test_top: int = typer.Option(0, "--test-top", min=0, max=250, help="Stress-test the K best."),
    test_them: bool = typer.Option(False, "--test", help="Stress-test the top N (same as --test-top N)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Run a hypothesis campaign for a goal: generate, merge duplicates, check novelty, screen,
    rank by pairwise tournament, refine over rounds, stress-test the top K."""
    from agent.campaign import as_hypotheses

    result = _assistant(ctx, before=_read_goal_offline(goal)).campaign(goal, n=n, rounds=rounds, test_top=test_top or (n if test_them else 0))
    hyps = as_hypotheses(result)
    if json_out:
        from agent.campaign.campaign import campaign_json

        print(json.dumps(campaign_json(result), indent=2, ensure_ascii=False))
    else:
        from agent.campaign.report import campaign_table

        for note in result.notes:
            err_console.print(f"[yellow]{note}[/]", highlight=False)
        campaign_table(result, console)
        if result.run_id:
            console.print(f"[dim]run {result.run_id}: `hypoloop runs show {result.run_id}`[/]")
    if not hyps:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    for name, fn in (
        ("test", test),
        ("ask", ask),
        ("propose", propose),
        ("chat", chat),
    ):
        app.command(name=name)(fn)
