"""The `hypoloop` command line: a thin layer over the library (see DESIGN.md, style 12).

Start-up must stay instant: this module and the sub-command modules it imports at load time may
import only typer, rich and the standard library. Heavy packages are imported inside commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from agent import __version__
from agent.cli.session import CliState, add_global_options, console, err_console, run_overrides, state_of
from agent.errors import USER_ERRORS

app = typer.Typer(
    name="hypoloop",
    help="hypoloop: propose materials-science hypotheses and stress-test them with literature and simulations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version_callback(value: bool) -> None:
    if value:
        console.print(f"hypoloop {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    config: Path | None = typer.Option(None, "--config", help="TOML config file (else $HYPOLOOP_CONFIG)."),
    home: Path | None = typer.Option(None, "--home", help="Workspace directory (else $HYPOLOOP_HOME)."),
    offline: bool = typer.Option(False, "--offline", help="Force the offline planner (no language model)."),
    model: str | None = typer.Option(None, "--model", help="Chat model name."),
    base_url: str | None = typer.Option(None, "--base-url", help="OpenAI-compatible server URL."),
    json_out: bool = typer.Option(False, "--json", help="Machine-readable output (also after the sub-command)."),
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version_callback, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    overrides = run_overrides(home, offline, model, base_url)
    ctx.obj = CliState(config=config, overrides=overrides, debug=debug, json=json_out)


@app.command()
def doctor(
    ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Machine-readable output.")
) -> None:
    """Check the set-up: versions, model provider, embedding weights, calculators, workspace, index."""
    from agent.cli.doctor import collect, render

    report = collect(state_of(ctx).settings())
    if json_out:
        import json

        console.print_json(json.dumps(report))
    else:
        render(report, console)


def _register_subcommands() -> None:
    # Imported here (not at top) so each module can itself import `app`-free helpers only.
    from agent.cli.agent_commands import register as register_agent
    from agent.cli.batch_commands import register as register_batch
    from agent.cli.data_commands import data_app
    from agent.cli.demo_command import register as register_demo
    from agent.cli.help_text import set_summaries
    from agent.cli.index_commands import index_app
    from agent.cli.mcp_command import register as register_mcp
    from agent.cli.runs_commands import runs_app
    from agent.cli.tools_commands import tools_app

    app.add_typer(index_app, name="index", help="Build and search the literature index.")
    app.add_typer(data_app, name="data", help="Your own structures, simulation outputs and measurements.")
    app.add_typer(tools_app, name="tools", help="List and run the simulation tools.")
    app.add_typer(runs_app, name="runs", help="List and inspect recorded runs.")
    register_agent(app)
    register_batch(app)
    register_mcp(app)
    register_demo(app)
    add_global_options(app)
    set_summaries(app)


_register_subcommands()


def _click_exceptions() -> Any:
    """Typer >= 0.26 vendors click as ``typer._click``; older releases use click itself."""
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - depends on the installed typer
        from click import exceptions  # type: ignore[no-redef]
    return exceptions


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: runs the app and turns errors into one line and an exit code."""
    click = _click_exceptions()
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        # Without standalone mode click returns the code of a `typer.Exit` instead of raising it.
        rv = typer.main.get_command(app).main(args=args, prog_name="hypoloop", standalone_mode=False)
        return rv if isinstance(rv, int) else 0
    except typer.Exit as e:
        return int(e.exit_code or 0)
    except click.ClickException as e:
        e.show(file=sys.stderr)
        return e.exit_code
    except typer.Abort:
        err_console.print("aborted")
        return 130
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    except USER_ERRORS as e:
        if debug:
            raise
        # soft_wrap: the error stays one line however narrow the terminal (scripts grep it).
        from rich.markup import escape

        # escape: a message may hold brackets (an install extra, a formula) that are not markup.
        err_console.print(f"[bold red]error:[/] {escape(str(e))}", highlight=False, soft_wrap=True)
        return int(getattr(e, "exit_code", 1))
    except Exception as e:  # the last boundary: never a bare traceback without --debug
        if debug:
            raise
        storage = _storage_error(e)
        if storage:
            from rich.markup import escape

            err_console.print(f"[bold red]error:[/] {escape(storage)}", highlight=False, soft_wrap=True)
            return 1
        err_console.print(
            f"[bold red]internal error:[/] {type(e).__name__}: {e} (run with --debug for the traceback)",
            highlight=False,
            soft_wrap=True,
        )
        return 1


def _storage_error(e: BaseException) -> str | None:
    """One line for a file-system failure (full disk, read-only or missing folder, permissions),
    which is the machine's state, not a bug: say what failed and where."""
    import sqlite3

    if isinstance(e, OSError):
        where = f": {e.filename}" if e.filename else ""
        return f"cannot write or read a file ({e.strerror or e}){where}; free space or check permissions"
    if isinstance(e, sqlite3.OperationalError) and any(
        w in str(e) for w in ("disk is full", "readonly", "read-only", "unable to open", "disk I/O")
    ):
        return f"storage failed ({e}); free space or check permissions of the folder"
    return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
