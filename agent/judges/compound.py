"""Compound claims: test each part and judge their conjunction.

The reader (agent/language) splits a claim into its statements ("Cu crystallizes in fcc with a
lattice constant of about 3.6 Å" is a ground-state claim and a value claim). Each part's tool
calls carry the prefix ``p<i>-`` so their results never mix.
"""

from __future__ import annotations

from typing import Any

from agent.judges.models import Judgement, ToolCall, Variant
from agent.judges.tool_results import inconclusive
from agent.language.spec_union import CompoundClaim


def prefixed(i: int, calls: list[ToolCall]) -> list[ToolCall]:
    return [c.model_copy(update={"id": f"p{i}-{c.id}"}) for c in calls]


def part_results(i: int, results: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The results of part ``i``, with its prefix removed ('v1-p2-c1' -> 'v1-c1')."""
    tag = f"p{i}-"
    out = {}
    for key, value in results.items():
        if key.startswith(tag) or f"-{tag}" in key:
            out[key.replace(tag, "", 1)] = value
    return out


def judge_compound(spec: CompoundClaim, judgements: list[Judgement]) -> Judgement:
    """Conjunction: refuted if any part is refuted, supported only if every part is supported."""
    lines = [f"part {i}: {j.verdict} ({j.confidence:.2f}): {j.summary}" for i, j in enumerate(judgements, 1)]
    evidence = [e for j in judgements for e in j.evidence]
    values = {f"p{i}_{k}": v for i, j in enumerate(judgements, 1) for k, v in j.values.items()}
    questions = [q for j in judgements for q in j.open_questions]
    refuted = [j for j in judgements if j.verdict == "refuted"]
    if refuted:
        best = max(refuted, key=lambda j: j.confidence)
        verdict, confidence = "refuted", best.confidence
    elif all(j.verdict == "supported" for j in judgements):
        verdict, confidence = "supported", min(j.confidence for j in judgements)
    else:
        return inconclusive(
            "Not every part of the compound claim could be decided. " + " ".join(lines),
            evidence=[e.model_copy(update={"supports": None}) for e in evidence],
            values=values,
            questions=questions,
        )
    head = (
        "Supported: every part holds." if verdict == "supported" else "Refuted: a part of the claim is false."
    )
    return Judgement(
        verdict=verdict,  # type: ignore[arg-type]
        confidence=confidence,
        summary=f"{head} " + " ".join(lines),
        evidence=evidence,
        values=values,
        open_questions=questions,
        tolerance="; ".join(f"part {i}: {j.tolerance}" for i, j in enumerate(judgements, 1) if j.tolerance)
        or None,
    )


def merge_variants(per_part: list[tuple[list[ToolCall], list[Variant]]]) -> list[Variant]:
    """One variant per name across the parts: a part without that variant repeats its main calls
    (cached), so every variant can be judged as a whole compound."""
    names = list(dict.fromkeys(v.name for _, variants in per_part for v in variants))
    merged = []
    for name in names:
        calls: list[ToolCall] = []
        descriptions = []
        for i, (main, variants) in enumerate(per_part, 1):
            match = next((v for v in variants if v.name == name), None)
            if match is None:
                calls += [c.model_copy(update={"id": f"{name[:2]}-p{i}-{c.id}"}) for c in main]
                continue
            descriptions.append(f"part {i}: {match.description}")
            calls += [_part_id(c, i) for c in match.calls]
        merged.append(Variant(name=name, description="; ".join(descriptions), calls=calls))
    return merged


def _part_id(call: ToolCall, i: int) -> ToolCall:
    head, _, tail = call.id.rpartition("-")
    new = f"{head}-p{i}-{tail}" if head else f"p{i}-{tail}"
    return call.model_copy(update={"id": new})
