"""Writing an evaluation report (agent/evaluate.py `report`) as JSON, markdown and HTML.

The HTML page is self-contained: the calibration plot is an inline SVG drawn with matplotlib
(imported here, on use, never at CLI start-up). Writes go through a temporary file and a rename,
so a killed or failed write never leaves a half-written report.
"""

from __future__ import annotations

import html
import io
import json
import os
from pathlib import Path
from typing import Any

NAMES = ("eval.json", "eval.md", "eval.html")


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:.1f} %"


def _num(x: float | None, fmt: str = ".2f") -> str:
    return "-" if x is None else format(x, fmt)


def tables(rep: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) of every table of the report, shared by markdown and HTML."""
    o = rep["overall"]
    overall = [
        ["items", str(o["items"])],
        ["accuracy on decided", f"{o['correct']}/{o['decided']} = {_pct(o['accuracy_on_decided'])}"],
        ["coverage", _pct(o["coverage"])],
        ["confidently wrong (conf >= 0.7)", f"{len(o['confidently_wrong'])} {' '.join(o['confidently_wrong'])}"],
        ["errors", f"{len(o['errors'])} {' '.join(o['errors'])}"],
        ["utility (sum / per item)", f"{o['utility']:g} / {_num(o['utility_per_item'], '.3f')}"],
    ]
    kinds = [
        [k, str(s["items"]), str(s["decided"]), _pct(s["accuracy_on_decided"]), _pct(s["coverage"]),
         str(len(s["confidently_wrong"])), _num(s["utility_per_item"], ".3f")]
        for k, s in rep["per_kind"].items()
    ]  # fmt: skip
    calib = [
        [f"[{b['bin'][0]:.2f}, {b['bin'][1]:.2f})", str(b["n"]), str(b["correct"]), _pct(b["accuracy"]),
         _num(b["mean_confidence"])]
        for b in rep["calibration"]
    ]  # fmt: skip
    c = rep["costs"]
    costs = [
        ["wall time per hypothesis (mean / max)", f"{_num(c['wall_s_mean'])} s / {_num(c['wall_s_max'])} s"],
        ["tool calls per hypothesis (mean / max)", f"{_num(c['tool_calls_mean'])} / {c['tool_calls_max']}"],
    ]
    outcomes = ("agrees", "disagrees", "undecided", "not_applicable", "failed")
    stress = [[name, *(str(n.get(k, 0)) for k in outcomes)] for name, n in rep["stress_tests"].items()]
    items = [
        [i["id"], i["kind"], i["expected"], str(i["verdict"] or "error"), _num(i["confidence"]), i["outcome"],
         _num(i["wall_s"], ".1f"), str(i["tool_calls"])]
        for i in rep["items"]
    ]  # fmt: skip
    return [
        ("Overall", ["measure", "value"], overall),
        ("Per claim kind", ["kind", "items", "decided", "accuracy", "coverage", "conf. wrong", "utility/item"], kinds),
        ("Calibration (decided verdicts)", ["confidence", "n", "correct", "accuracy", "mean conf."], calib),
        ("Cost", ["measure", "value"], costs),
        ("Stress tests (disagrees = the check would change the verdict)", ["check", *outcomes], stress),
        ("Items", ["id", "kind", "expected", "verdict", "conf.", "outcome", "wall s", "tool calls"], items),
    ]


SCORING = (
    "Scoring: a right verdict +1, inconclusive or an error 0, a wrong verdict -2, a wrong verdict with "
    "confidence >= 0.7 -4 (wrong is worse than inconclusive, which is worse than right)."
)


def markdown(rep: dict[str, Any]) -> str:
    lines = [f"# hypoloop evaluation: {rep['source']}", "", SCORING, ""]
    for title, header, rows in tables(rep):
        lines += [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines)


def calibration_svg(rep: dict[str, Any]) -> str:
    """Reliability diagram: accuracy per confidence bin against the diagonal."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4.5, 4))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label="perfect calibration")
    pts = [b for b in rep["calibration"] if b["n"]]
    ax.bar([(b["bin"][0] + b["bin"][1]) / 2 for b in rep["calibration"]],
           [b["accuracy"] or 0 for b in rep["calibration"]],
           width=[b["bin"][1] - b["bin"][0] for b in rep["calibration"]], alpha=0.35, edgecolor="k")  # fmt: skip
    ax.plot([b["mean_confidence"] for b in pts], [b["accuracy"] for b in pts], "o-", label="decided verdicts")
    for b in pts:
        ax.annotate(f"n={b['n']}", (b["mean_confidence"], b["accuracy"]), textcoords="offset points", xytext=(4, -12))
    ax.set(xlim=(0, 1), ylim=(0, 1.05), xlabel="confidence", ylabel="accuracy", title="Calibration")
    ax.legend(loc="upper left", fontsize=8)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    svg = buf.getvalue()
    return svg[svg.index("<svg") :]


def html_page(rep: dict[str, Any]) -> str:
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>hypoloop evaluation: {html.escape(rep['source'])}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse;"
        "margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}</style>",
        f"</head><body><h1>hypoloop evaluation: {html.escape(rep['source'])}</h1>",
        f"<p>{html.escape(SCORING)}</p>",
        calibration_svg(rep),
    ]
    for title, header, rows in tables(rep):
        parts.append(f"<h2>{html.escape(title)}</h2><table><tr>")
        parts += [f"<th>{html.escape(h)}</th>" for h in header]
        parts.append("</tr>")
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_reports(rep: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write eval.json, eval.md and eval.html into ``out_dir``; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    texts = (json.dumps(rep, indent=2), markdown(rep), html_page(rep))  # render all before writing any
    paths = [out_dir / name for name in NAMES]
    for path, text in zip(paths, texts, strict=True):
        _write_atomic(path, text)
    return paths
