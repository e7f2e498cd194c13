"""`hypoloop mcp`: serve the tools and `test_claim` over the Model Context Protocol (issue #14).

Only typer and the standard library at import time; the SDK loads when the command runs.
"""

from __future__ import annotations

import typer

from agent.cli.session import err_console, state_of


def mcp(
    ctx: typer.Context,
    http: int | None = typer.Option(
        None,
        "--http",
        min=0,
        max=65535,
        metavar="PORT",
        help="Serve streamable HTTP on 127.0.0.1:PORT (endpoint /mcp) instead of stdio.",
    ),
) -> None:
    """Serve the simulation tools, literature_search and test_claim to MCP clients (stdio by default)."""
    import importlib.util

    settings = state_of(ctx).settings()
    if importlib.util.find_spec("mcp") is None:  # pragma: no cover - a dependency; a broken install says so
        from agent.errors import ConfigError

        raise ConfigError("the MCP server needs the `mcp` package: pip install mcp")
    from agent.cli import mcp_server

    if http is None:
        # stdout is the protocol channel: nothing else may print there.
        mcp_server.serve_stdio(settings)
        return

    def ready(url: str) -> None:
        err_console.print(f"hypoloop MCP server on {url} (Ctrl-C to stop)", highlight=False, soft_wrap=True)

    mcp_server.serve_http(settings, http, on_ready=ready)


def register(app: typer.Typer) -> None:
    app.command(name="mcp")(mcp)
