"""`hypoloop index ...`: build and search the literature index (issue #3).

Only typer and the standard library at module level: faiss, torch and the embedding model load
inside the commands, so `hypoloop --help` stays instant.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from retrieval.index import LiteratureIndex
    from retrieval.models import AddReport

index_app = typer.Typer(no_args_is_help=True)

_INDEX_OPT = typer.Option(
    None, "--index", help="Index directory (default: <home>/index or $HYPOLOOP_RETRIEVAL__INDEX_PATH)."
)


def _settings(ctx: typer.Context, index: Path | None) -> tuple[Path, dict[str, Any]]:
    from agent.cli.session import state_of

    settings = state_of(ctx).settings(retrieval={"index_path": index})
    return settings.index_path, settings.retrieval.model_dump(exclude={"index_path"})


def _open(ctx: typer.Context, index: Path | None) -> LiteratureIndex:
    from retrieval.index import LiteratureIndex

    path, retrieval = _settings(ctx, index)
    return LiteratureIndex.open(path, **retrieval)


@index_app.command()
def add(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(
        ..., help="PDF, text/markdown, BibTeX or JSONL files, or folders (recursive)."
    ),
    index: Path | None = _INDEX_OPT,
    fmt: str = typer.Option("auto", "--format", help="auto | pdf | text | bibtex | jsonl."),
    json_out: bool = typer.Option(False, "--json", help="Print the add report as JSON."),
) -> None:
    """Add papers to the index (created on first use). Unchanged documents cost nothing."""
    from agent.cli.session import console
    from agent.errors import ConfigError
    from retrieval.index import LiteratureIndex

    if fmt not in ("auto", "pdf", "text", "bibtex", "jsonl"):
        raise ConfigError(f"unknown --format {fmt!r} (auto, pdf, text, bibtex or jsonl)")
    path, retrieval = _settings(ctx, index)
    idx = LiteratureIndex.open_or_create(path, **retrieval)
    with _progress(console, quiet=json_out) as on_progress:
        report = idx.add(paths, fmt=fmt, progress=on_progress)  # type: ignore[arg-type]
    if json_out:
        console.print_json(report.model_dump_json())
    else:
        _print_report(report, path)
    _fail_if_nothing_usable(report)


def _fail_if_nothing_usable(report: AddReport) -> None:
    """Exit 2 when every source given was unusable (corrupt, encrypted, empty, binary); a folder
    with some bad files among good ones still succeeds and lists the bad ones."""
    from agent.cli.session import err_console

    usable = report.added or report.updated or report.unchanged or report.duplicates
    problems = report.errors + report.skipped
    if problems and not usable:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        err_console.print(
            f"[bold red]error:[/] nothing added: {first.source}: {first.reason}{more}", highlight=False, soft_wrap=True
        )
        raise typer.Exit(2)


class _progress:
    """A rich progress bar fed by the index's Progress events (documents read, chunks/s)."""

    def __init__(self, console: Any, quiet: bool) -> None:
        self.console, self.quiet = console, quiet
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> Any:
        if self.quiet:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self.bar.start()
        self.tasks["read"] = self.bar.add_task("reading documents", total=None, rate="")
        return self.update

    def update(self, event: Any) -> None:
        bar = self.bar
        if event.stage == "read":
            bar.update(self.tasks["read"], completed=event.documents)
        elif event.stage in ("embed", "write") and event.chunks_total:
            if "embed" not in self.tasks:
                self.tasks["embed"] = bar.add_task("embedding chunks", total=event.chunks_total, rate="")
            task = self.tasks["embed"]
            elapsed = bar.tasks[task].elapsed or 0.0
            rate = f"{event.chunks_done / elapsed:.0f} chunks/s" if elapsed > 0 else ""
            bar.update(task, completed=event.chunks_done, rate=rate)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _print_report(report: AddReport, path: Path) -> None:
    from agent.cli.session import console

    console.print(f"[bold]{path}[/]: {report.summary()}", highlight=False)
    for label, items in (
        ("duplicate", report.duplicates),
        ("skipped", report.skipped),
        ("error", report.errors),
    ):
        for item in items[:50]:
            console.print(
                f"  {label}: {item.source}: {item.reason}", highlight=False, markup=False, soft_wrap=True
            )
        if len(items) > 50:
            console.print(f"  ... and {len(items) - 50} more {label} items (use --json for all)")


@index_app.command()
def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="Search query."),
    k: int = typer.Option(10, "-k", "--k", min=1, max=1000, help="Number of passages."),
    mode: str = typer.Option("hybrid", "--mode", help="hybrid | dense | bm25."),
    index: Path | None = _INDEX_OPT,
    json_out: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Search the index and print passages with their citation keys."""
    from agent.cli.session import console
    from agent.errors import ConfigError

    if mode not in ("hybrid", "dense", "bm25"):
        raise ConfigError(f"unknown --mode {mode!r} (hybrid, dense or bm25)")
    hits = _open(ctx, index).search(query, k=k, mode=mode)  # type: ignore[arg-type]
    if json_out:
        data = [h.model_dump() | {"citation": h.citation} for h in hits]
        console.print_json(json.dumps({"query": query, "mode": mode, "hits": data}))
        return
    if not hits:
        console.print("no matching passages")
    for n, h in enumerate(hits, start=1):
        meta = h.metadata
        where = ", ".join(
            str(x) for x in (meta.get("year"), f"doi:{meta['doi']}" if meta.get("doi") else None,
                             f"p. {meta['page']}" if meta.get("page") else None) if x
        )  # fmt: skip
        console.print(
            f"[bold]{n}. {h.title or h.doc_id}[/]  [dim]{h.citation}  score {h.score:.4f}  {where}[/]"
        )
        snippet = h.text if len(h.text) <= 400 else h.text[:400].rsplit(" ", 1)[0] + " ..."
        console.print(f"   {snippet}", markup=False, highlight=False)


@index_app.command()
def stats(
    ctx: typer.Context,
    index: Path | None = _INDEX_OPT,
    json_out: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Show document and chunk counts, embedding model and size of the index."""
    from agent.cli.session import console

    data = _open(ctx, index).stats()
    if json_out:
        console.print_json(json.dumps(data))
        return
    for key in (
        "path",
        "documents",
        "chunks",
        "embedding_model",
        "dimension",
        "faiss_index",
        "format_version",
    ):
        console.print(f"{key:16} {data[key]}", highlight=False)
    console.print(f"{'size':16} {data['bytes'] / 1e6:.1f} MB")
    console.print(f"{'sources':16} {len(data['sources'])} files")


@index_app.command()
def remove(
    ctx: typer.Context,
    ids: list[str] = typer.Argument(
        ..., help="Document ids, or file/folder paths whose documents to remove."
    ),
    index: Path | None = _INDEX_OPT,
) -> None:
    """Remove documents by id or by source path (exit 1 if any is not in the index)."""
    from agent.cli.session import console, err_console

    report = _open(ctx, index).remove(*ids)
    console.print(
        f"removed {len(report.removed)} documents: {', '.join(report.removed) or '-'}", highlight=False
    )
    for item in report.not_found:
        err_console.print(f"  not found: {item}", markup=False, highlight=False)
    if report.not_found:  # like rm: a missing operand is an error even when others were removed
        raise typer.Exit(1)
