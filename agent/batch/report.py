"""A batch's summary figures and its report (markdown or HTML), from result records alone.

Rendering reads the records the results file holds, so a report can be made again from any
results JSONL, also one written by an earlier, interrupted run.
"""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.errors import BatchInputError

if TYPE_CHECKING:
    from agent.settings import Settings

Figure = tuple[str, str]  # (caption, base64 PNG or a relative file path)

VERDICTS = ("supported", "refuted", "inconclusive")


def summarize(records: list[dict[str, Any]], elapsed_s: float | None = None) -> dict[str, Any]:
    """Counts by verdict, failures, tool runs, cache hits and time."""
    counts = Counter(r.get("verdict") or "failed" for r in records)
    return {
        "items": len(records),
        **{label: counts.get(label, 0) for label in VERDICTS},
        "failed": sum(bool(r.get("error")) for r in records),
        "retried": sum((r.get("attempts") or 1) > 1 for r in records),
        "tool_calls": sum(int(r.get("tool_calls") or 0) for r in records),
        "cache_hits": sum(int(r.get("cache_hits") or 0) for r in records),
        "hypothesis_s": round(sum(float(r.get("wall_s") or 0.0) for r in records), 1),
        "elapsed_s": None if elapsed_s is None else round(elapsed_s, 1),
    }


def write_report(
    path: Path,
    records: list[dict[str, Any]],
    summary: dict[str, Any],
    title: str,
    settings: Settings | None = None,
) -> None:
    """Write ``records`` as ``.md`` or ``.html`` (by suffix); the file appears whole or not at all.
    With ``settings``, each hypothesis gets plots of its calculations from its run's ledger
    (embedded in HTML; PNG files in a ``<name>_figures`` folder beside a markdown report)."""
    suffix = path.suffix.lower()
    if suffix not in (".md", ".markdown", ".html", ".htm"):
        raise BatchInputError(f"--report {path}: use a .md or .html file name")
    figures: dict[str, list[Figure]] = {}
    if settings is not None:
        from agent.batch.report_figures import record_figures

        figures = record_figures(records, settings)
    if suffix in (".md", ".markdown"):
        text = markdown_report(records, summary, title, _figure_files(path, figures))
    else:
        text = html_report(records, summary, title, figures)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _figure_files(report: Path, figures: dict[str, list[Figure]]) -> dict[str, list[Figure]]:
    """Each figure written as a PNG beside the markdown report: id -> [(caption, relative path)]."""
    import base64

    if not figures:
        return {}
    folder = report.with_name(report.stem + "_figures")
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, list[Figure]] = {}
    for rid, figs in figures.items():
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in rid)
        for n, (caption, png) in enumerate(figs, 1):
            (folder / f"{safe}-{n}.png").write_bytes(base64.b64decode(png))
            out.setdefault(rid, []).append((caption, f"{folder.name}/{safe}-{n}.png"))
    return out


def check_report_path(path: Path | None) -> None:
    """Fail before the batch runs, not after, on a report name we cannot render."""
    if path is not None and path.suffix.lower() not in (".md", ".markdown", ".html", ".htm"):
        raise BatchInputError(f"--report {path}: use a .md or .html file name")


def _summary_rows(summary: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [(label, str(summary[label])) for label in (*VERDICTS, "failed", "retried")]
    rows += [
        ("tool runs", str(summary["tool_calls"])),
        ("cache hits", str(summary["cache_hits"])),
        ("hypothesis time (s)", str(summary["hypothesis_s"])),
    ]
    if summary.get("elapsed_s") is not None:
        rows.append(("wall time (s)", str(summary["elapsed_s"])))
    return rows


def _evidence_lines(r: dict[str, Any]) -> list[str]:
    lines = []
    for e in r.get("evidence") or []:
        ref = e.get("tool_run_id") or e.get("citation") or ""
        stance = {True: "supports", False: "contradicts"}.get(e.get("supports"), "neutral")
        lines.append(f"{e.get('statement', '')} ({stance}{'; ' + ref if ref else ''})")
    return lines


def _check_lines(r: dict[str, Any]) -> list[str]:
    return [
        f"{c.get('name')}: {c.get('outcome')} - {c.get('detail') or c.get('description', '')}"
        for c in r.get("stress_checks") or []
    ]


def _label(r: dict[str, Any]) -> str:
    if r.get("error"):
        return "failed"
    conf = r.get("confidence")
    return f"{r.get('verdict')} (confidence {conf:.2f})" if conf is not None else str(r.get("verdict"))


def markdown_report(
    records: list[dict[str, Any]],
    summary: dict[str, Any],
    title: str,
    figure_files: dict[str, list[Figure]] | None = None,
) -> str:
    out = [f"# {title}", "", "| | |", "| --- | --- |"]
    out += [f"| {k} | {v} |" for k, v in _summary_rows(summary)]
    for r in records:
        out += ["", f"## {r['id']}: {_label(r)}", "", f"**Claim:** {r.get('claim', '')}", ""]
        out += [f"**Tested as:** {r.get('tested_as') or r.get('claim', '')}", ""]
        if r.get("error"):
            out += [f"**Error:** {r['error']}", ""]
        if r.get("summary"):
            out += [str(r["summary"]), ""]
        sections = (("Evidence", _evidence_lines(r)), ("Stress checks", _check_lines(r)))
        for heading, lines in sections:
            if lines:
                out += [f"**{heading}:**", "", *(f"- {line}" for line in lines), ""]
        for caption, rel in (figure_files or {}).get(str(r["id"]), []):
            out += [f"![{caption}]({rel})", ""]
    return "\n".join(out).rstrip() + "\n"


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
    "table{border-collapse:collapse}td{border:1px solid #ccc;padding:.2rem .6rem}"
    ".supported{color:#1a7f37}.refuted{color:#cf222e}.inconclusive{color:#9a6700}.failed{color:#6e7781}"
    "section{border-top:1px solid #ddd;margin-top:1rem}"
)


def html_report(
    records: list[dict[str, Any]],
    summary: dict[str, Any],
    title: str,
    figures: dict[str, list[Figure]] | None = None,
) -> str:
    e = html.escape
    rows = "".join(f"<tr><td>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in _summary_rows(summary))
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>{e(title)}</title>"
        f"<style>{_CSS}</style></head><body><h1>{e(title)}</h1><table>{rows}</table>"
    ]
    for r in records:
        cls = "failed" if r.get("error") else str(r.get("verdict"))
        parts.append(
            f"<section id='{e(str(r['id']))}'><h2>{e(str(r['id']))}: "
            f"<span class='{e(cls)}'>{e(_label(r))}</span></h2>"
            f"<p><b>Claim:</b> {e(str(r.get('claim', '')))}</p>"
            f"<p><b>Tested as:</b> {e(str(r.get('tested_as') or r.get('claim', '')))}</p>"
        )
        if r.get("error"):
            parts.append(f"<p><b>Error:</b> {e(str(r['error']))}</p>")
        if r.get("summary"):
            parts.append(f"<p>{e(str(r['summary']))}</p>")
        for heading, lines in (("Evidence", _evidence_lines(r)), ("Stress checks", _check_lines(r))):
            if lines:
                items = "".join(f"<li>{e(line)}</li>" for line in lines)
                parts.append(f"<h3>{heading}</h3><ul>{items}</ul>")
        for caption, png in (figures or {}).get(str(r["id"]), []):
            parts.append(
                f"<figure><img alt='{e(caption)}' src='data:image/png;base64,{png}'>"
                f"<figcaption>{e(caption)}</figcaption></figure>"
            )
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "".join(parts)
