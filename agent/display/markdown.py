"""Markdown reports: a verdict, an answer, a whole run or a chat thread (``/save FILE``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from agent.display.sources import cited, doi_url, passages_of, tested_as

if TYPE_CHECKING:
    from agent.results import Answer, RunResult, Verdict

Passages = dict[str, dict[str, Any]]


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _citations(keys: list[str], passages: Passages) -> list[str]:
    lines = []
    for key in keys:
        p = passages.get(key, {})
        url = doi_url(p.get("doi"))
        title = p.get("title") or ""
        lines.append(f"- `{key}` {title}" + (f" [doi:{p['doi']}]({url})" if url else ""))
    return lines


def verdict_markdown(v: Verdict, passages: Passages | None = None) -> str:
    passages = passages or {}
    out = [
        f"**{v.verdict.upper()}** (confidence {v.confidence:.2f})",
        "",
        f"- Claim: {v.claim}",
        f"- Tested as: {tested_as(v)}",
    ]
    if v.tolerance:
        out.append(f"- Tolerance: {v.tolerance}")
    out += ["", v.summary, ""]
    if v.evidence:
        out += ["| id | evidence | value | supports |", "| --- | --- | --- | --- |"]
        for e in v.evidence:
            value = f"{e.value:g} {e.unit or ''}".strip() if e.value is not None else ""
            sup = {True: "yes", False: "no", None: "-"}[e.supports]
            out.append(f"| {e.tool_run_id or e.citation or ''} | {_cell(e.statement)} | {value} | {sup} |")
        out.append("")
    if v.stress_tests:
        out += ["| stress test | outcome | detail |", "| --- | --- | --- |"]
        out += [f"| {c.name} | {c.outcome} | {_cell(c.detail)} |" for c in v.stress_tests]
        out.append("")
    cites = _citations(cited(v), passages)
    if cites:
        out += ["Citations:", *cites, ""]
    out += [f"- open question: {q}" for q in v.open_questions]
    return "\n".join(out).rstrip() + "\n"


def answer_markdown(a: Answer, passages: Passages | None = None) -> str:
    out = [a.answer, ""]
    out += [f"- [{e.citation or e.tool_run_id or ''}] {e.statement}" for e in a.evidence]
    cites = _citations(cited(a), passages or {})
    if cites:
        out += ["", "Citations:", *cites]
    return "\n".join(out).rstrip() + "\n"


def result_markdown(result: RunResult) -> str:
    """One run: its hypotheses, verdicts, answers and tool runs."""
    passages = passages_of(result.tool_runs)
    out: list[str] = []
    for note in result.notes:
        out.append(f"> {note}\n")
    for h in result.hypotheses if result.mode == "propose" else []:
        score = f" (score {h.score:.3g}, {h.score_basis})" if h.score is not None else ""
        out.append(f"- **{h.id}** {h.claim}{score}: {h.rationale}")
    if result.mode == "propose":
        out.append("")
    out += [verdict_markdown(v, passages) for v in result.verdicts]
    out += [answer_markdown(a, passages) for a in result.answers]
    if result.tool_runs:
        out += ["| run | tool | time (s) | status |", "| --- | --- | --- | --- |"]
        for r in result.tool_runs:
            status = (
                "error: " + _cell(r.error)[:80]
                if r.error
                else ("cached" if (r.output or {}).get("cached") else "ok")
            )
            out.append(f"| {r.id} | {r.tool} | {r.wall_s:.2f} | {status} |")
    out.append(f"\n_run `{result.run_id}` (`hypoloop runs show {result.run_id}`)_\n")
    return "\n".join(out)


def thread_markdown(thread_id: str, turns: Iterable[dict[str, Any]]) -> str:
    """A chat thread as a report: each turn's input and what came of it."""
    from agent.display.views import result_view

    out = [f"# hypoloop chat {thread_id}", ""]
    for t in turns:
        out.append(f"## {t['n']}. {t['mode']}: {t['input']}\n")
        if t.get("result"):
            out.append(result_markdown(result_view(t["result"])))  # type: ignore[arg-type]
        else:
            out.append(f"_{t['status']}{': ' + t['error'] if t.get('error') else ''}_\n")
    return "\n".join(out)
