"""Terminal rendering of verdicts, answers and hypotheses (rich), shared by the CLI commands
and the chat."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from agent.display.sources import cited, doi_url, tested_as
from agent.results import Answer, Hypothesis, Verdict

_COLOR = {"supported": "green", "refuted": "red", "inconclusive": "yellow"}
Passages = dict[str, dict[str, Any]]


def verdict_panel(v: Verdict, console: Console, passages: Passages | None = None) -> None:
    """Verdict, confidence, what was tested, evidence with ledger ids, stress checks, citations."""
    color = _COLOR[v.verdict]
    head = f"[bold {color}]{v.verdict.upper()}[/] (confidence {v.confidence:.2f})"
    body = [f"[bold]Claim:[/] {escape(v.claim)}", f"[bold]Tested as:[/] {escape(tested_as(v))}", head, ""]
    body.append(escape(v.summary))
    if v.tolerance:
        body.append(f"[dim]Tolerance: {escape(v.tolerance)}[/]")
    console.print(Panel("\n".join(body), title=f"verdict {v.hypothesis_id}", expand=False))
    if v.evidence:
        t = Table("id", "evidence", "value", "supports", box=None, show_header=True)
        for e in v.evidence:
            mark = {True: "[green]yes[/]", False: "[red]no[/]", None: "-"}[e.supports]
            value = f"{e.value:g} {e.unit or ''}".strip() if e.value is not None else ""
            t.add_row(e.tool_run_id or e.citation or "", escape(e.statement), value, mark)
        console.print(t)
    if v.stress_tests:
        t = Table("stress test", "outcome", "detail", box=None)
        for c in v.stress_tests:
            t.add_row(c.name, _outcome(c.outcome), escape(c.detail[:160]))
        console.print(t)
    citation_lines(cited(v), passages or {}, console)
    for q in v.open_questions:
        console.print(f"[dim]open: {escape(q)}[/]")


def _outcome(outcome: str) -> str:
    colors = {"agrees": "green", "disagrees": "red", "undecided": "yellow", "failed": "red"}
    color = colors.get(outcome, "dim")
    return f"[{color}]{outcome}[/]"


def citation_lines(keys: list[str], passages: Passages, console: Console, quote: bool = False) -> None:
    """One line per citation: key, title, DOI as a terminal link; ``quote`` adds the passage."""
    for key in keys:
        p = passages.get(key, {})
        url = doi_url(p.get("doi"))
        link = f" [link={url}]{url}[/link]" if url else ""
        title = escape(str(p.get("title") or ""))
        console.print(f"[dim][{escape(key)}][/] {title}{link}", highlight=False)
        if quote and p.get("text"):
            console.print(Panel(escape(str(p["text"]).strip()[:1200]), expand=False, border_style="dim"))


def answer_panel(a: Answer, console: Console, passages: Passages | None = None) -> None:
    from rich.markdown import Markdown

    console.print(Panel(Markdown(a.answer), title="answer", expand=False))
    for e in a.evidence:
        console.print(f"[dim][{escape(e.citation or e.tool_run_id or '')}][/] {escape(e.statement)}")
    if passages:
        citation_lines(cited(a), passages, console)


def hypotheses_table(hyps: list[Hypothesis], console: Console) -> None:
    t = Table("id", "hypothesis", "score", "rationale", box=None)
    for h in hyps:
        score = f"{h.score:.3g} ({h.score_basis})" if h.score is not None else "-"
        t.add_row(h.id, h.claim, score, h.rationale)
    console.print(t)
