"""Assembling a Verdict from a draft: the rules every driver's verdict goes through.

A verdict without verifiable evidence is never decided, and evidence a model offers is kept only
when it points at a ledger run or a passage retrieved in this run."""

from __future__ import annotations

from typing import Any

from agent.graph.schemas import EvidenceItem
from agent.graph.state import HypoState
from agent.results import Evidence, StressCheck, ToolRun, Verdict


def finish(
    hyp: dict[str, Any],
    label: Any,
    conf: float,
    summary: str,
    tolerance: str | None,
    evidence: list[Evidence],
    runs: list[ToolRun],
    checks: list[StressCheck],
    open_q: list[str],
    state: HypoState,
) -> Verdict:
    if label != "inconclusive" and not evidence:
        label, conf = "inconclusive", min(conf, 0.3)
        summary = f"No verifiable evidence backs a verdict. {summary}"
    return Verdict(
        hypothesis_id=hyp["id"],
        claim=hyp["claim"],
        verdict=label,
        confidence=round(max(0.0, min(1.0, conf)), 3),
        summary=summary,
        tolerance=tolerance,
        evidence=evidence,
        citations=sorted({e.citation for e in evidence if e.citation}),
        tool_runs=[r.id for r in runs],
        stress_tests=checks,
        open_questions=open_q,
    )


def verified_evidence(
    items: list[EvidenceItem], runs: list[ToolRun], passages: dict[str, Any]
) -> tuple[list[Evidence], list[str]]:
    """Keep evidence that points at a real tool run or a passage retrieved in this run; quotes are
    taken from the retrieved passage itself, never from the model."""
    ok_runs = {r.id for r in runs if not r.error}
    kept: list[Evidence] = []
    dropped: list[str] = []
    for it in items:
        if it.citation:
            p = passages.get(it.citation)
            if p is None or p.get("flags"):
                dropped.append(
                    f"dropped evidence citing {it.citation!r}: not a passage retrieved in this run"
                    if p is None
                    else f"dropped evidence citing {it.citation!r}: the passage was flagged as containing instructions"
                )
                continue
            kept.append(
                Evidence(
                    kind="literature",
                    statement=it.statement,
                    supports=it.supports,
                    citation=it.citation,
                    quote=p.get("text"),
                    tool_run_id=it.tool_run_id if it.tool_run_id in ok_runs else None,
                )
            )
        elif it.tool_run_id in ok_runs:
            kept.append(
                Evidence(
                    kind="simulation",
                    statement=it.statement,
                    supports=it.supports,
                    tool_run_id=it.tool_run_id,
                )
            )
        else:
            dropped.append(
                f"dropped evidence pointing at unknown tool run {it.tool_run_id!r}: {it.statement}"
            )
    return kept, dropped
