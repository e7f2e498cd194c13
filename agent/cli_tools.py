"""`hypoloop tools ...`: simulation tool commands (issue #4)."""

from __future__ import annotations

import typer

tools_app = typer.Typer(no_args_is_help=True)


@tools_app.command(name="list")
def list_() -> None:
    """List the tools, what they do and their calculators."""
    from agent.cli_common import not_built

    not_built("tools list", 4)


@tools_app.command()
def run(name: str = typer.Argument(..., help="Tool name.")) -> None:
    """Run one tool with JSON arguments."""
    from agent.cli_common import not_built

    not_built("tools run", 4)
