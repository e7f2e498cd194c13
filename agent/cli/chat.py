"""`hypoloop chat`: the interactive terminal chat (a prompt_toolkit line editor over one chat
thread; every turn is an ``Assistant.run`` shown live, see live.py and chat_commands.py)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape

from agent.cli.session import console, state_of

if TYPE_CHECKING:
    from agent.assistant import Assistant
    from agent.settings import Settings


def streaming_assistant(settings: Settings) -> Assistant:
    """The chat's Assistant: with a model, one that streams its tokens (``on_llm_new_token``)."""
    from agent.assistant import Assistant
    from agent.llm import build_chat_model

    model: Any = build_chat_model(settings)
    if model is not None and "streaming" in type(model).model_fields:
        model = model.model_copy(update={"streaming": True})
    return Assistant(settings, model=model)


def _reader(settings: Settings) -> Any:
    """A line reader: prompt_toolkit with history and completion on a terminal, else input()."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return lambda: input("you> ")
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import WordCompleter
    from prompt_toolkit.history import FileHistory

    from agent.cli.chat_commands import COMMANDS

    settings.home.mkdir(parents=True, exist_ok=True)
    session: Any = PromptSession(
        history=FileHistory(str(settings.home / "chat_history")),
        completer=WordCompleter(COMMANDS, sentence=True, match_middle=False),
        complete_while_typing=True,
        reserve_space_for_menu=2,
    )
    return lambda: session.prompt("you> ")


def chat(
    ctx: typer.Context,
    thread: str | None = typer.Option(None, "--thread", help="Resume an earlier chat thread by id."),
) -> None:
    """Interactive research chat: claims are tested, questions answered; /help lists commands."""
    from agent.cli.chat_commands import ChatState, handle
    from agent.cli.chat_session import ChatThread, TurnRunner
    from agent.cli.live import LiveDisplay
    from agent.cli.notices import print_notices

    settings = state_of(ctx).settings()
    chat_thread = ChatThread.resume(settings, thread) if thread else ChatThread(settings)
    print_notices(settings)
    assistant = streaming_assistant(settings)
    state = ChatState(chat_thread, TurnRunner(assistant, LiveDisplay(console)), console)
    _greet(state, assistant.offline)
    read = _reader(settings)
    while state.running:
        try:
            line = read()
        except KeyboardInterrupt:  # Ctrl-C at the prompt clears the line, like a shell
            continue
        except EOFError:
            break
        handle(state, line)
    _goodbye(state)


def _greet(state: Any, offline: bool) -> None:
    mode = "offline planner" if offline else "language model"
    t = state.thread
    if t.turns:
        console.print(f"resumed thread {t.id} ({len(t.turns)} turns):", highlight=False)
        for turn in t.turns[-5:]:
            console.print(
                f"  {turn['n']}. {turn['mode']}: {escape(turn['input'][:80])} [dim]({turn['status']})[/]",
                highlight=False,
            )
    else:
        console.print(
            f"hypoloop chat, thread [bold]{t.id}[/] ({mode}); /help for commands, Ctrl-D to leave",
            highlight=False,
        )


def _goodbye(state: Any) -> None:
    t = state.thread
    if t.turns:
        console.print(f"resume with: hypoloop chat --thread {t.id}", highlight=False)
    else:
        console.print("nothing to keep (no turns)")
