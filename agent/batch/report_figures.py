"""Plots for a batch report, where they help: each hypothesis's equation-of-state curves and
polymorph energy bars, drawn from the tool outputs in its run's ledger (the results file keeps
only the verdict and evidence, so the figures come from the runs folder the batch wrote).

A record whose run cannot be read (another machine's results file, a deleted run) simply has
no figures; a report never fails for want of a plot.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.settings import Settings

# At most this many figures per hypothesis: a claim's main calculations, not every stress rerun.
MAX_FIGURES = 3
# The tools whose figures help a reader judge a verdict (agent/display/plots.py draws them).
PLOTTED_TOOLS = ("equation_of_state", "compare_polymorphs")

Figure = tuple[str, str]  # (caption, base64 PNG)


def record_figures(records: list[dict[str, Any]], settings: Settings) -> dict[str, list[Figure]]:
    """Record id -> its figures (ids without any are left out)."""
    out: dict[str, list[Figure]] = {}
    for r in records:
        figures = _figures_of(r, settings) if r.get("run_id") and not r.get("error") else []
        if figures:
            out[str(r["id"])] = figures
    return out


def _figures_of(record: dict[str, Any], settings: Settings) -> list[Figure]:
    from agent.errors import USER_ERRORS
    from agent.runs.catalog import load_run

    try:
        ledger = load_run(settings, str(record["run_id"]))["ledger"]
    except USER_ERRORS:
        return []
    cited = set(record.get("tool_runs") or [])
    seen: set[str] = set()
    figures: list[Figure] = []
    for entry in ledger:
        if entry.get("tool") not in PLOTTED_TOOLS or entry.get("error") or not entry.get("output"):
            continue
        if cited and entry.get("id") not in cited:
            continue
        key = json.dumps([entry["tool"], entry.get("args")], sort_keys=True, default=str)
        if key in seen:
            continue
        seen.add(key)
        figure = _plot(entry)
        if figure is not None:
            figures.append(figure)
        if len(figures) == MAX_FIGURES:
            break
    return figures


def _plot(entry: dict[str, Any]) -> Figure | None:
    from agent.display.plots import figure_for, figure_png

    out = entry["output"]
    fig = figure_for(entry["tool"], out)  # None for an output from an older hypoloop, or partial
    if fig is None:
        return None
    what = out.get("formula") or (entry.get("args") or {}).get("structure", {}).get("formula", "")
    caption = f"{entry['tool']} of {what} with {out.get('calculator') or '?'} (tool run {entry.get('id')})"
    return caption, figure_png(fig)
