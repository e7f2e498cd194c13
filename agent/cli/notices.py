"""The lines a command says once before it runs claims: which planner decides (no model
configured) and which optional parts are not set up. Printed on stderr, so ``--json`` output on
stdout stays machine-readable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.cli.session import err_console

if TYPE_CHECKING:
    from agent.settings import Settings


def print_offline_notice(settings: Settings) -> None:
    from agent.llm import offline_notice

    notice = offline_notice(settings)
    if notice:
        err_console.print(f"[yellow]{notice}[/]", highlight=False)


def print_parts_notice(settings: Settings) -> None:
    """Once per command or chat session: a missing index or collection is not a failure of each
    claim, so it is said here rather than as a failed tool run (agent/graph/optional_parts.py)."""
    from agent.graph.optional_parts import parts_notice

    notice = parts_notice(settings)
    if notice:
        err_console.print(f"[dim]{notice}[/]", highlight=False, soft_wrap=True)


def print_notices(settings: Settings) -> None:
    print_offline_notice(settings)
    print_parts_notice(settings)
