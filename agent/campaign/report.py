"""A campaign as a terminal table, HTML (Jupyter) and a matplotlib figure of the screen."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from agent.campaign.models import CampaignCandidate, CampaignResult


def _verdict(c: CampaignCandidate) -> str:
    return f"{c.verdict.verdict} ({c.verdict.confidence:.2f})" if c.verdict else "-"


def _novelty(c: CampaignCandidate) -> str:
    return f"known [{c.novelty_passage}]" if c.novelty == "known" else c.novelty


def _figure(c: CampaignCandidate) -> str:
    return "-" if c.figure is None else f"{c.figure:+.4g} {c.figure_unit}"


def rows(result: CampaignResult) -> list[list[str]]:
    """Rank, id, rating, screen figure, verdict, novelty, round, claim: ranked first, then the
    merged and unscreened candidates (with why)."""
    out = [[str(c.rank), c.id, f"{c.rating:+.2f}", _figure(c), _verdict(c), _novelty(c), str(c.round), c.claim]
           for c in result.ranked()]  # fmt: skip
    for c in result.candidates:
        if c.rank is not None:
            continue
        why = (f"duplicate of {c.duplicate_of}" if c.duplicate_of else
               f"near-duplicate of {c.near_duplicate_of} ({c.similarity})" if c.near_duplicate_of else
               f"not screened: {c.screen_error}")  # fmt: skip
        out.append(["-", c.id, "-", why, "-", _novelty(c), str(c.round), c.claim])
    return out


HEADERS = ["rank", "id", "BT", "screen", "verdict", "novelty", "round", "claim"]


def campaign_table(result: CampaignResult, console: Console) -> None:
    from rich.markup import escape
    from rich.table import Table

    if result.read_as:
        console.print(f"[bold]Read as:[/] {escape(result.read_as)}", highlight=False)
    t = Table(title=f"Campaign: {escape(result.goal)}", caption=escape(_caption(result)), show_lines=False)
    for h in HEADERS:
        t.add_column(h, overflow="fold", max_width=70 if h == "claim" else 28)
    for r in rows(result):
        t.add_row(*(escape(x) for x in r))
    console.print(t)
    for c in result.ranked():
        if c.verdict is not None:
            console.print(
                f"[bold]{c.id}[/] {escape(c.verdict.verdict)}: {escape(c.verdict.summary)}", highlight=False
            )
            console.print(f"   [dim]Tested as: {escape(c.verdict.tested_as)}[/]", highlight=False)


def _caption(result: CampaignResult) -> str:
    screened = sum(s.structures for s in result.screens)
    screen_s = sum(s.wall_s for s in result.screens)
    return (f"{result.description} | {len(result.candidates)} candidates, {len(result.comparisons)} comparisons, "
            f"{screened} structures screened in {screen_s:.1f} s, {result.tool_runs} tool runs in the tests, "
            f"{result.wall_s:.1f} s")  # fmt: skip


def campaign_html(result: CampaignResult) -> str:
    head = "".join(f"<th>{h}</th>" for h in HEADERS)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(x)}</td>" for x in r) + "</tr>" for r in rows(result))
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in result.notes)
    read_as = f"<p><b>Read as:</b> {html.escape(result.read_as)}</p>" if result.read_as else ""
    return (f"<div>{read_as}<h4>Campaign: {html.escape(result.goal)}</h4><p>{html.escape(_caption(result))}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{_plot_html(result)}"
            f"{'<ul>' + notes + '</ul>' if notes else ''}</div>")  # fmt: skip


def _plot_html(result: CampaignResult) -> str:
    fig = screen_figure(result)
    if fig is None:
        return ""
    import base64
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", dpi=90)
    return f'<img alt="screen figure per candidate" src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}"/>'


def screen_figure(result: CampaignResult) -> Any:
    """Bars of the screen's figure per ranked candidate (None when nothing was screened)."""
    ranked = [c for c in result.ranked() if c.figure is not None]
    if not ranked:
        return None
    from matplotlib.figure import Figure  # no pyplot: no backend switch, nothing global

    from agent.campaign.naming import label_of

    fig = Figure(figsize=(max(4.0, 0.6 * len(ranked)), 3.0))
    ax = fig.subplots()
    labels = [f"{c.rank}. {label_of(c) or c.id}" for c in ranked]
    ax.bar(
        labels,
        [c.figure or 0.0 for c in ranked],
        color=["tab:green" if (c.figure or 0) > 0 else "tab:red" for c in ranked],
    )
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_ylabel(f"screen figure ({ranked[0].figure_unit})")
    ax.set_title(ranked[0].figure_basis, fontsize=9)
    ax.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    return fig
