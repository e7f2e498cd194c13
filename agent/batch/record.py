"""One batch item -> one result record (a plain JSON dict, the results file's line).

Keys: ``id, claim, verdict, confidence, summary, evidence, citations, tool_runs, error`` (the
contract in DESIGN.md), plus what the report and summary need: ``tested_as``, ``stress_checks``,
``tool_calls``, ``cache_hits``, ``attempts``, ``wall_s``, ``run_id``, ``decided_without_model`` and
``usage`` (the model's requests and tokens for the claim; None offline). A goal item (a campaign)
has ``verdict`` "proposed", its goal as ``claim``, and ``goal`` and ``hypotheses`` (the ranked
candidates with rating, screen figure, novelty and any verdict of the top K).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from agent.errors import USER_ERRORS, WorkerLost

if TYPE_CHECKING:
    from agent.assistant import Assistant
    from agent.batch.items import Item


def empty_record(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "claim": item.claim,
        "verdict": None,
        "confidence": None,
        "summary": None,
        "evidence": [],
        "citations": [],
        "tool_runs": [],
        "error": None,
        "tested_as": None,
        "stress_checks": [],
        "tool_calls": 0,
        "cache_hits": 0,
        "attempts": 1,
        "wall_s": 0.0,
        "run_id": None,
        "decided_without_model": None,
        "usage": None,
    }


def run_item(assistant: Assistant, item: Item) -> dict[str, Any]:
    """The record of one item. The item's own errors become the record's ``error``, never an
    exception; :class:`WorkerLost` is raised (the runner retries the item on another worker)."""
    from agent.batch.items import GoalItem

    if isinstance(item, GoalItem):
        return _run_goal(assistant, item)
    record = empty_record(item)
    claim = item.claim
    if item.context and not assistant.offline:
        claim = f"{item.claim} (Context: {item.context})"
    t0 = time.perf_counter()
    try:
        result = assistant.run("test", claim)
    except WorkerLost:
        raise
    except USER_ERRORS as e:
        record["error"] = f"{type(e).__name__}: {e}"
        return _timed(record, t0)
    except Exception as e:  # an unexpected bug in one item must not lose the rest of the batch
        record["error"] = f"internal error: {type(e).__name__}: {e}"
        return _timed(record, t0)
    v = result.verdicts[0]
    runs = result.tool_runs
    record.update(
        verdict=v.verdict,
        confidence=v.confidence,
        summary=v.summary,
        evidence=[e.model_dump(mode="json") for e in v.evidence],
        citations=v.citations,
        tool_runs=v.tool_runs,
        tested_as=getattr(v, "tested_as", None) or v.claim,
        stress_checks=[c.model_dump(mode="json") for c in v.stress_tests],
        tool_calls=len(runs),
        cache_hits=sum(bool((r.output or {}).get("cached")) for r in runs),
        run_id=result.run_id,
        decided_without_model=v.decided_without_model,
        usage=v.usage.model_dump(mode="json") if v.usage else None,
    )
    return _timed(record, t0)


def _run_goal(assistant: Assistant, item: Any) -> dict[str, Any]:
    record = empty_record(item)
    t0 = time.perf_counter()
    try:
        result = assistant.campaign(item.goal, n=item.n, rounds=item.rounds, test_top=item.test_top)
    except WorkerLost:
        raise
    except USER_ERRORS as e:
        record["error"] = f"{type(e).__name__}: {e}"
        return _timed(record, t0)
    except Exception as e:  # an unexpected bug in one item must not lose the rest of the batch
        record["error"] = f"internal error: {type(e).__name__}: {e}"
        return _timed(record, t0)
    ranked = result.ranked()
    record.update(
        goal=item.goal,
        verdict="proposed",
        summary=(f"Read as: {result.read_as}; " if result.read_as else "") + f"{len(ranked)} candidates ranked"
        + (f"; best: {ranked[0].claim}" if ranked else ""),
        hypotheses=[
            {"id": c.id, "rank": c.rank, "claim": c.claim, "rating": c.rating, "figure": c.figure,
             "figure_unit": c.figure_unit, "novelty": c.novelty, "tested_as": c.tested_as,
             "verdict": c.verdict.verdict if c.verdict else None,
             "confidence": c.verdict.confidence if c.verdict else None}
            for c in ranked
        ],  # fmt: skip
        tool_calls=result.tool_runs,
        run_id=result.run_id,
    )
    return _timed(record, t0)


def failed_record(item: Item, error: str, attempts: int) -> dict[str, Any]:
    record = empty_record(item)
    record.update(error=error, attempts=attempts)
    return record


def _timed(record: dict[str, Any], t0: float) -> dict[str, Any]:
    record["wall_s"] = round(time.perf_counter() - t0, 3)
    return record
