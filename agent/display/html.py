"""HTML for Jupyter (``_repr_html_``) and reports: verdict badge, "Tested as", evidence table with
numbers and units, stress checks, citations as DOI links, tool runs with their plots inline.

Everything user- or document-provided is escaped; the only markup is ours."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from agent.display.sources import cited, doi_url, passages_of, tested_as
from agent.display.words import describe_run

if TYPE_CHECKING:
    from agent.results import Answer, RunResult, ToolRun, Verdict

Passages = dict[str, dict[str, Any]]
_BADGE = {"supported": "#1a7f37", "refuted": "#cf222e", "inconclusive": "#9a6700"}
_OUTCOME = {"agrees": "#1a7f37", "disagrees": "#cf222e", "undecided": "#9a6700", "failed": "#cf222e",
            "not_applicable": "#57606a"}  # fmt: skip
STYLE = """<style>
.hl{font-family:system-ui,sans-serif;font-size:13px;max-width:980px}
.hl table{border-collapse:collapse;margin:4px 0 8px}
.hl td,.hl th{border-bottom:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
.hl .badge{color:#fff;border-radius:4px;padding:1px 8px;font-weight:600}
.hl .dim{color:#57606a}
</style>"""


def badge(label: str) -> str:
    color = _BADGE.get(label, "#57606a")
    return f'<span class="badge" style="background:{color}">{escape(label.upper())}</span>'


def _citations(keys: Sequence[str], passages: Passages) -> str:
    if not keys:
        return ""
    items = []
    for key in keys:
        p = passages.get(key, {})
        url = doi_url(p.get("doi"))
        link = f' <a href="{escape(url)}" target="_blank">doi:{escape(str(p["doi"]))}</a>' if url else ""
        title = escape(str(p.get("title") or ""))
        items.append(f"<li><code>{escape(key)}</code> {title}{link}</li>")
    return "<div><b>Citations</b><ul>" + "".join(items) + "</ul></div>"


def _evidence_table(evidence: Sequence[Any]) -> str:
    if not evidence:
        return ""
    rows = []
    for e in evidence:
        value = f"{e.value:g}" if e.value is not None else ""
        sup = {True: "✔ supports", False: "✘ contradicts", None: "neutral"}[e.supports]
        rows.append(
            f"<tr><td><code>{escape(e.tool_run_id or e.citation or '')}</code></td>"
            f"<td>{escape(e.statement)}</td><td>{value}</td><td>{escape(e.unit or '')}</td><td>{sup}</td></tr>"
        )
    head = "<tr><th>id</th><th>evidence</th><th>value</th><th>unit</th><th></th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def _stress_table(v: Verdict) -> str:
    if not v.stress_tests:
        return ""
    rows = "".join(
        f"<tr><td>{escape(c.name)}</td><td style='color:{_OUTCOME.get(c.outcome, '#57606a')}'>"
        f"{escape(c.outcome)}</td><td>{escape(c.description)}</td><td class='dim'>{escape(c.detail)}</td></tr>"
        for c in v.stress_tests
    )
    return f"<b>Stress checks</b><table><tr><th>check</th><th>outcome</th><th>tried</th><th>result</th></tr>{rows}</table>"


def verdict_html(v: Verdict, passages: Passages | None = None, *, style: bool = True) -> str:
    tol = f"<div class='dim'>Tolerance: {escape(v.tolerance)}</div>" if v.tolerance else ""
    opens = "".join(f"<li>{escape(q)}</li>" for q in v.open_questions)
    return (
        (STYLE if style else "")
        + "<div class='hl'>"
        + f"<div>{badge(v.verdict)} confidence <b>{v.confidence:.2f}</b></div>"
        + f"<div><b>Claim:</b> {escape(v.claim)}</div>"
        + f"<div><b>Tested as:</b> {escape(tested_as(v))}</div>"
        + f"<p>{escape(v.summary)}</p>{tol}"
        + _evidence_table(v.evidence)
        + _stress_table(v)
        + _citations(cited(v), passages or {})
        + (f"<div><b>Open questions</b><ul>{opens}</ul></div>" if opens else "")
        + "</div>"
    )


def answer_html(a: Answer, passages: Passages | None = None, *, style: bool = True) -> str:
    return (
        (STYLE if style else "")
        + "<div class='hl'>"
        + f"<div><b>Q:</b> {escape(a.question)}</div><p>{escape(a.answer)}</p>"
        + _evidence_table(a.evidence)
        + _citations(cited(a), passages or {})
        + "</div>"
    )


def tool_runs_html(runs: Iterable[ToolRun], *, plots: bool = True) -> str:
    """Tool runs as a table, then each run's plot (EOS, polymorphs, MD) as an inline PNG."""
    from agent.display.plots import figure_for, figure_png

    runs = list(runs)
    if not runs:
        return ""
    rows, figs = [], []
    for r in runs:
        out = r.output or {}
        status = (
            f"<span style='color:#cf222e'>{escape(r.error[:120])}</span>"
            if r.error
            else ("cached" if out.get("cached") else "ok")
        )
        rows.append(
            f"<tr><td><code>{escape(r.id)}</code></td><td>{escape(describe_run(r.tool, r.args, r.output))}</td>"
            f"<td>{r.wall_s:.2f} s</td><td>{escape(r.purpose)}</td><td>{status}</td></tr>"
        )
        fig = figure_for(r.tool, out) if plots else None
        if fig is not None:
            figs.append(
                f"<figure><img src='data:image/png;base64,{figure_png(fig)}'/>"
                f"<figcaption class='dim'>{escape(r.id)}: {escape(describe_run(r.tool, r.args, r.output))}</figcaption></figure>"
            )
    head = "<tr><th>run</th><th>tool call</th><th>time</th><th>purpose</th><th>status</th></tr>"
    return f"<b>Tool runs</b><table>{head}{''.join(rows)}</table>" + "".join(figs)


def result_html(result: RunResult, *, plots: bool = True) -> str:
    """A whole run: notes, hypotheses, verdicts, answers, tool runs and their plots."""
    passages = passages_of(result.tool_runs)
    parts = [STYLE, "<div class='hl'>"]
    parts += [f"<div class='dim'>{escape(n)}</div>" for n in result.notes]
    if result.mode == "propose" and result.hypotheses:
        rows = "".join(
            f"<tr><td>{escape(h.id)}</td><td>{escape(h.claim)}</td><td>{_score(h)}</td>"
            f"<td>{escape(h.rationale)}</td></tr>"
            for h in result.hypotheses
        )
        parts.append(f"<b>Hypotheses</b><table>{rows}</table>")
    parts += [verdict_html(v, passages, style=False) + "<hr/>" for v in result.verdicts]
    parts += [answer_html(a, passages, style=False) + "<hr/>" for a in result.answers]
    parts.append(tool_runs_html(result.tool_runs, plots=plots))
    parts.append(f"<div class='dim'>run <code>{escape(result.run_id)}</code></div></div>")
    return "".join(parts)


def _score(h: Any) -> str:
    return "" if h.score is None else f"{h.score:.3g} ({escape(h.score_basis or '')})"


def batch_html(records: Sequence[dict[str, Any]]) -> str:
    """Batch results (one record per item) as a table with verdict badges."""
    rows = []
    for r in records:
        label = r.get("verdict") or "error"
        conf = f"{r['confidence']:.2f}" if r.get("confidence") is not None else ""
        text = r.get("summary") or r.get("error") or ""
        rows.append(
            f"<tr><td>{escape(str(r.get('id', '')))}</td><td>{escape(str(r.get('claim', '')))}</td>"
            f"<td>{badge(label)}</td><td>{conf}</td><td>{escape(str(text))}</td></tr>"
        )
    head = "<tr><th>id</th><th>claim</th><th>verdict</th><th>confidence</th><th>summary</th></tr>"
    return f"{STYLE}<div class='hl'><table>{head}{''.join(rows)}</table></div>"


def run_record_html(record: dict[str, Any]) -> str:
    """A stored run (``agent.runs.load_run``): its manifest head, result and ledger."""
    from agent.display.views import result_view, tool_run_view

    manifest = record.get("manifest") or {}
    model = (manifest.get("model") or {}).get("model") or (manifest.get("model") or {}).get("provider") or ""
    head = (
        f"<div class='hl'><b>run</b> <code>{escape(str(record.get('run_id')))}</code> "
        f"<span class='dim'>{escape(str(manifest.get('kind', '')))} · model {escape(str(model))} · "
        f"{len(record.get('ledger') or [])} tool runs · {escape(str(record.get('path', '')))}</span></div>"
    )
    result = record.get("result")
    if isinstance(result, dict) and "mode" in result:
        return STYLE + head + result_html(result_view(result))  # type: ignore[arg-type]
    runs = [tool_run_view(r) for r in record.get("ledger") or [] if isinstance(r, dict) and "id" in r]
    return STYLE + head + "<div class='hl'>" + tool_runs_html(runs) + "</div>"  # type: ignore[arg-type]
