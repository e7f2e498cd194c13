"""`hypoloop demo`: index the starter notes, test the example claims with live progress, print a
summary table and write an HTML report (agent/demo.py does the work)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from agent.cli.session import console, err_console, state_of

if TYPE_CHECKING:
    from agent.demo import DemoRow

_COLOR = {"supported": "green", "refuted": "red", "inconclusive": "yellow", "error": "red"}


def demo(
    ctx: typer.Context,
    out: Path | None = typer.Option(
        None, "--out", help="HTML report path (default: <home>/demo/report.html)."
    ),
    notes: Path | None = typer.Option(
        None, "--notes", help="Folder of notes to index (default: docs/starter_notes)."
    ),
) -> None:
    """Show hypoloop end to end: literature index, CHGNet crystals, GFN2-xTB molecules, a report."""
    from agent.assistant import Assistant
    from agent.cli.live import LiveDisplay
    from agent.cli.notices import print_offline_notice, print_parts_notice
    from agent.demo import CLAIMS, STARTER_NOTES, build_index, report_html, run_claims

    t0 = time.perf_counter()
    base = state_of(ctx).settings()
    # Its own workspace under <home>/demo, so the demo never touches the user's index or runs.
    settings = state_of(ctx).settings(home=base.home / "demo")
    print_offline_notice(settings)
    console.rule("1. literature index from the starter notes")
    report = build_index(settings, notes or STARTER_NOTES)
    console.print(
        f"{settings.index_path}: {len(report.added)} added, {len(report.unchanged)} unchanged",
        highlight=False,
    )
    print_parts_notice(settings)  # after indexing: only what the demo cannot set up itself
    assistant = Assistant(settings)
    live = LiveDisplay(console, show_steps=False)

    def done(row: DemoRow) -> None:
        console.print(f"[bold]{_label(row)}[/] in {row.wall_s:.1f} s\n", highlight=False)

    rows: list[DemoRow] = []
    for i, c in enumerate(CLAIMS, 1):
        console.rule(f"{i + 1}. {escape(c.claim)}  [dim]({c.what})[/]")
        live.reset()
        rows += run_claims(assistant, (c,), callbacks=[live.handler()], on_row=done)
    total = time.perf_counter() - t0
    _summary(rows, total)
    path = (out or settings.home / "report.html").expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report_html(rows, total), encoding="utf-8")
    console.print(f"report: {path}", highlight=False, soft_wrap=True)


def _label(row: DemoRow) -> str:
    result = row.result
    if result is None or not result.verdicts:
        return "error"
    v = result.verdicts[0]
    return f"[{_COLOR[v.verdict]}]{v.verdict}[/] ({v.confidence:.2f})"


def _summary(rows: list[DemoRow], total: float) -> None:
    """claim | what it shows | verdict | confidence | time; the summaries are in the report."""
    t = Table(
        "claim",
        "shows",
        "verdict",
        "conf.",
        "time",
        title=f"hypoloop demo: {len(rows)} claims in {total:.0f} s",
    )
    for r in rows:
        v = r.result.verdicts[0] if r.result and r.result.verdicts else None
        label = v.verdict if v else "error"
        t.add_row(
            escape(r.claim.claim),
            escape(r.claim.what),
            f"[{_COLOR[label]}]{label}[/]",
            f"{v.confidence:.2f}" if v else "",
            f"{r.wall_s:.0f} s",
        )
    console.print(t)
    for r in rows:
        if r.error:
            err_console.print(f"[red]error:[/] {escape(r.claim.claim)}: {escape(r.error)}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command(name="demo")(demo)
