"""Where a verdict's citations and numbers came from: passages and tool runs of its run, looked
up by citation key or ledger id. Shared by the terminal chat, HTML and markdown reports."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.results import ToolRun, Verdict


def passages_of(runs: Iterable[ToolRun]) -> dict[str, dict[str, Any]]:
    """Retrieved passages keyed by citation ('doc_id#chunk_id'), from literature_search runs."""
    out: dict[str, dict[str, Any]] = {}
    for run in runs:
        if run.tool != "literature_search" or not run.output:
            continue
        for p in run.output.get("passages") or []:
            if isinstance(p, dict) and p.get("citation"):
                out.setdefault(str(p["citation"]), p)
    return out


def doi_url(doi: str | None) -> str | None:
    return f"https://doi.org/{doi}" if doi else None


def tested_as(v: Verdict) -> str:
    """What was actually tested: the verdict's ``tested_as`` when the planner set it, else the claim."""
    value = getattr(v, "tested_as", None)
    return str(value) if value else v.claim


def cited(v: Any) -> list[str]:
    """Citation keys of a verdict or answer: its citations, then those only its evidence names."""
    keys = list(getattr(v, "citations", []) or [])
    for e in getattr(v, "evidence", []) or []:
        if e.citation and e.citation not in keys:
            keys.append(e.citation)
    return keys
