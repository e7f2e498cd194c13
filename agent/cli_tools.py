"""`hypoloop tools ...`: list the simulation tools and run one with JSON arguments (issue #4).

Only typer and the standard library at import time; the tools load on use.
"""

from __future__ import annotations

import json
from typing import Any

import typer

from agent.cli_common import console, state_of

tools_app = typer.Typer(no_args_is_help=True)


@tools_app.command(name="list")
def list_(json_out: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """List the tools, what they do and their calculators."""
    from tools import list_tools

    rows = list_tools()
    if json_out:
        console.print_json(json.dumps(rows))
        return
    from rich.table import Table

    table = Table("tool", "description", "calculators", show_lines=False)
    for row in rows:
        table.add_row(row["name"], row["description"], ", ".join(row["calculators"]) or "-")
    console.print(table)


def _parse_args(text: str) -> dict[str, Any]:
    from agent.errors import ToolInputError

    try:
        args = json.loads(text)
    except json.JSONDecodeError as e:
        raise ToolInputError(f"--args is not valid JSON: {e.msg} at line {e.lineno} column {e.colno}") from e
    if not isinstance(args, dict):
        raise ToolInputError('--args must be a JSON object, e.g. \'{"structure": {"molecule": "H2O"}}\'')
    return args


@tools_app.command()
def run(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Tool name (see `hypoloop tools list`)."),
    args: str = typer.Option("{}", "--args", help="Tool arguments as a JSON object."),
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Run one tool with JSON arguments and print its result."""
    from agent import errors
    from tools import get_tool, use_settings

    tool = get_tool(name)
    parsed = _parse_args(args)
    with use_settings(state_of(ctx).settings()):
        result = tool.invoke(parsed)
    if isinstance(result, dict) and "error" in result:
        # Re-raise as the typed error: the top-level main prints one line and exits with its code.
        err = result["error"]
        cls = getattr(errors, str(err.get("type")), None)
        if not (isinstance(cls, type) and issubclass(cls, errors.HypoloopError)):
            cls = errors.SimulationFailed
        raise cls(f"{err.get('type')}: {err.get('message')}")
    if json_out:
        typer.echo(json.dumps(result))
        return
    for key, value in result.items():
        shown = value if isinstance(value, str | int | float | bool) or value is None else json.dumps(value)
        console.print(f"[bold]{key}[/]: {shown}", highlight=False, soft_wrap=True)
