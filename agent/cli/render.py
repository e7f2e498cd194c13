"""Terminal rendering of verdicts, answers and hypotheses (rich), shared by the CLI commands."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from agent.results import Answer, Hypothesis, Verdict

_COLOR = {"supported": "green", "refuted": "red", "inconclusive": "yellow"}


def verdict_panel(v: Verdict, console: Console) -> None:
    color = _COLOR[v.verdict]
    head = f"[bold {color}]{v.verdict.upper()}[/] (confidence {v.confidence:.2f})"
    body = [
        f"[bold]Claim:[/] {escape(v.claim)}",
        f"[bold]Tested as:[/] {escape(v.tested_as or '(not recorded)')}",
        head,
        "",
        escape(v.summary),
    ]
    if v.tolerance:
        body.append(f"[dim]Tolerance: {v.tolerance}[/]")
    console.print(Panel("\n".join(body), title=f"verdict {v.hypothesis_id}", expand=False))
    if v.evidence:
        t = Table("evidence", "supports", "source", box=None, show_header=True)
        for e in v.evidence:
            mark = {True: "[green]yes[/]", False: "[red]no[/]", None: "-"}[e.supports]
            t.add_row(e.statement, mark, e.tool_run_id or e.citation or "")
        console.print(t)
    if v.stress_tests:
        t = Table("stress test", "outcome", "detail", box=None)
        for c in v.stress_tests:
            t.add_row(c.name, c.outcome, c.detail[:160])
        console.print(t)
    for q in v.open_questions:
        console.print(f"[dim]open: {q}[/]")


def answer_panel(a: Answer, console: Console) -> None:
    console.print(Panel(a.answer, title="answer", expand=False))
    for e in a.evidence:
        console.print(f"[dim][{e.citation}][/] {e.statement}")


def hypotheses_table(hyps: list[Hypothesis], console: Console) -> None:
    t = Table("id", "hypothesis", "score", "rationale", box=None)
    for h in hyps:
        score = f"{h.score:.3g} ({h.score_basis})" if h.score is not None else "-"
        t.add_row(h.id, h.claim, score, h.rationale)
    console.print(t)
