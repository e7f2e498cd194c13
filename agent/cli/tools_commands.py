"""`hypoloop tools ...`: list the simulation tools and run one with JSON arguments (issue #4).

Only typer and the standard library at import time; the tools load on use.
"""

from __future__ import annotations

import json
from typing import Any

import typer

from agent.cli.session import console, state_of

tools_app = typer.Typer(no_args_is_help=True)


@tools_app.command(name="list")
def list_(json_out: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """List the tools, calculators and claim kinds, and where each comes from."""
    from tools import list_tools

    rows = list_tools()
    if json_out:
        console.print_json(json.dumps(rows))
        return
    from rich.table import Table

    table = Table("tool", "description", "calculators", "source", show_lines=False)
    for row in rows:
        table.add_row(row["name"], row["description"], ", ".join(row["calculators"]) or "-", row["source"])
    console.print(table)
    _print_plugins_of_other_kinds()


def _print_plugins_of_other_kinds() -> None:
    """The calculators the tools can use and the claim kinds the planner reads, with sources."""
    from agent.language.kinds import table as kinds_table
    from tools.calculators import registry

    calcs = ", ".join(f"{n} ({info.source})" for n, info in registry().items())
    kinds = ", ".join(f"{n} ({row.source})" for n, row in kinds_table().items())
    console.print(f"[bold]calculators:[/] {calcs}", highlight=False, soft_wrap=True)
    console.print(f"[bold]claim kinds:[/] {kinds}", highlight=False, soft_wrap=True)


def _parse_args(text: str) -> dict[str, Any]:
    from tools.errors import ToolInputError

    try:
        args = json.loads(text)
    except json.JSONDecodeError as e:
        raise ToolInputError(f"--args is not valid JSON: {e.msg} at line {e.lineno} column {e.colno}") from e
    except RecursionError as e:
        raise ToolInputError("--args is nested too deeply") from e
    if not isinstance(args, dict):
        raise ToolInputError('--args must be a JSON object, e.g. \'{"structure": {"molecule": "H2O"}}\'')
    return args


def _typed_error(err: dict[str, Any]) -> Exception:
    """A tool's error result as its typed error, so the top-level main prints one line and
    exits with that error's code (2 for bad input, 1 for a failed simulation)."""
    from retrieval import errors as retrieval_errors
    from tools import errors as tool_errors

    kind = str(err.get("type"))
    cls = getattr(tool_errors, kind, None) or getattr(retrieval_errors, kind, None)
    if not (isinstance(cls, type) and issubclass(cls, tool_errors.ToolError | retrieval_errors.RetrievalError)):
        cls = tool_errors.SimulationFailed
    return cls(f"{kind}: {err.get('message')}")


@tools_app.command()
def run(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Tool name (see `hypoloop tools list`)."),
    args: str = typer.Option("{}", "--args", help="Tool arguments as a JSON object."),
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Run one tool with JSON arguments and print its result."""
    from agent.graph.toolset import bound_tool

    tool = bound_tool(name, state_of(ctx).settings())
    result = tool.invoke(_parse_args(args))
    if isinstance(result, dict) and "error" in result:
        raise _typed_error(result["error"])
    if json_out:
        typer.echo(json.dumps(result))
        return
    for key, value in result.items():
        shown = value if isinstance(value, str | int | float | bool) or value is None else json.dumps(value)
        console.print(f"[bold]{key}[/]: {shown}", highlight=False, soft_wrap=True)
