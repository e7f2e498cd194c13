"""The demo (`hypoloop demo`, `make demo`): build a small literature index from the starter notes
shipped in docs/starter_notes, test a handful of example claims through the same
``Assistant.run`` as everything else, and write an HTML report."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.assistant import Assistant
    from agent.results import RunResult
    from agent.settings import Settings

STARTER_NOTES = Path(__file__).resolve().parents[1] / "docs" / "starter_notes"


@dataclass(frozen=True)
class DemoClaim:
    claim: str
    what: str  # which part of hypoloop the claim shows


CLAIMS = (
    # The crystal method is chosen by measured accuracy per property (agent/judges/methods.py),
    # with the other ML potential as the check; the progress lines name each calculator.
    DemoClaim("Copper has a larger bulk modulus than aluminium.", "crystals, EOS, two ML potentials"),
    DemoClaim("Silicon is most stable in the diamond structure.", "crystals, polymorphs, two ML potentials"),
    DemoClaim("Water is a linear molecule.", "molecules, GFN2-xTB geometry"),
    DemoClaim("Ammonia is a planar molecule.", "molecules, GFN2-xTB geometry"),
    # The literature judge's real work: neither claim is written in the notes. One is stated there
    # in other words, the other contradicted (a semiconductor is not a metal).
    DemoClaim("The band gap of silicon is indirect.", "literature: a note says it in other words"),
    DemoClaim("Silicon is a metal.", "literature: a note contradicts it"),
    DemoClaim(
        "Copper is a better catalyst than platinum for CO2 reduction.", "beyond the tools: inconclusive"
    ),
)


@dataclass
class DemoRow:
    claim: DemoClaim
    result: RunResult | None
    error: str
    wall_s: float


def build_index(settings: Settings, notes: Path = STARTER_NOTES) -> Any:
    """Index the starter notes into the settings' literature index (unchanged notes are skipped)."""
    from agent.errors import RequestError
    from retrieval import LiteratureIndex

    if not notes.is_dir():
        raise RequestError(f"starter notes not found at {notes} (pass --notes DIR)")
    index = LiteratureIndex.open_or_create(
        settings.index_path, **settings.retrieval.model_dump(exclude={"index_path"})
    )
    return index.add([notes])


def run_claims(
    assistant: Assistant,
    claims: tuple[DemoClaim, ...] = CLAIMS,
    *,
    callbacks: list[Any] | None = None,
    on_row: Callable[[DemoRow], None] | None = None,
) -> list[DemoRow]:
    """Test each claim; a failure becomes the row's error, never the end of the demo."""
    from agent.errors import USER_ERRORS

    rows = []
    for c in claims:
        t0 = time.perf_counter()
        try:
            row = DemoRow(c, assistant.run("test", c.claim, callbacks=callbacks), "", 0.0)
        except USER_ERRORS as e:
            row = DemoRow(c, None, f"{type(e).__name__}: {e}", 0.0)
        row.wall_s = time.perf_counter() - t0
        rows.append(row)
        if on_row is not None:
            on_row(row)
    return rows


def report_html(rows: list[DemoRow], total_s: float) -> str:
    """One page: the summary table, then every run with its evidence, stress checks and plots."""
    from agent.display.html import STYLE, badge, result_html

    lines = []
    for i, r in enumerate(rows, 1):
        v = r.result.verdicts[0] if r.result and r.result.verdicts else None
        label = v.verdict if v else "error"
        conf = f"{v.confidence:.2f}" if v else ""
        lines.append(
            f"<tr><td><a href='#c{i}'>{i}</a></td><td>{escape(r.claim.claim)}</td><td>{escape(r.claim.what)}</td>"
            f"<td>{badge(label)}</td><td>{conf}</td><td>{r.wall_s:.1f} s</td></tr>"
        )
    head = "<tr><th>#</th><th>claim</th><th>shows</th><th>verdict</th><th>confidence</th><th>time</th></tr>"
    body = [
        f"<h1>hypoloop demo</h1><p class='dim'>{len(rows)} claims in {total_s:.0f} s</p>",
        f"<table>{head}{''.join(lines)}</table>",
    ]
    for i, r in enumerate(rows, 1):
        body.append(f"<h2 id='c{i}'>{i}. {escape(r.claim.claim)}</h2>")
        body.append(result_html(r.result) if r.result else f"<p>{escape(r.error)}</p>")
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>hypoloop demo</title>"
        f"{STYLE}</head><body class='hl'>{''.join(body)}</body></html>"
    )
