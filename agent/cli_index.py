"""`hypoloop index ...`: literature index commands (issue #3)."""

from __future__ import annotations

import typer

index_app = typer.Typer(no_args_is_help=True)


@index_app.command()
def add(paths: list[str] = typer.Argument(..., help="Files or folders to ingest.")) -> None:
    """Add PDFs, text, BibTeX or JSONL to the index."""
    from agent.cli_common import not_built

    not_built("index add", 3)


@index_app.command()
def search(query: str = typer.Argument(..., help="Search query.")) -> None:
    """Search the index."""
    from agent.cli_common import not_built

    not_built("index search", 3)


@index_app.command()
def stats() -> None:
    """Show index statistics."""
    from agent.cli_common import not_built

    not_built("index stats", 3)


@index_app.command()
def remove(ids: list[str] = typer.Argument(..., help="Document ids or source paths.")) -> None:
    """Remove documents from the index."""
    from agent.cli_common import not_built

    not_built("index remove", 3)
