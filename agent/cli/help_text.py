"""Command summaries for the command lists of `hypoloop --help` and each group's --help.

Typer's rich help shows a command's whole first docstring paragraph in the list and keeps the
docstring's source line breaks there, so a long summary broke mid-sentence where the source
wrapped. Each command's list entry is therefore its docstring's first sentence on one line
(``short_help``); the full docstring stays the command's own --help.
"""

from __future__ import annotations

import inspect
import re

import typer

# A sentence ends at . ! or ? followed by a space and a capital (the next sentence).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def first_sentence(doc: str) -> str:
    """The first sentence of a docstring's first paragraph, its line breaks joined."""
    paragraph = inspect.cleandoc(doc).split("\n\n", 1)[0]
    return _SENTENCE_END.split(" ".join(paragraph.split()), maxsplit=1)[0]


def set_summaries(app: typer.Typer) -> None:
    """Give every command of ``app`` and of its sub-apps a one-line summary (an explicit
    ``short_help`` is kept)."""
    for info in app.registered_commands:
        doc = info.help or (info.callback.__doc__ if info.callback is not None else None)
        if doc and info.short_help is None:
            info.short_help = first_sentence(doc)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            set_summaries(group.typer_instance)
