"""Judge a claim from retrieved passages: only a passage stating the same relation counts.

The claim becomes a frame (literature_frames): subject entities, relation (a role such as cathode or
insulator, a direction such as increases, or the claim's own predicate terms), other terms, polarity.
A sentence supports the claim when it binds the same subject to the same relation with the claim's
polarity; it contradicts the claim when it negates that binding, binds the subject to an excluded
role (the anode, where the claim says cathode), or reverses the direction. Words merely co-occurring
decide nothing, absence of a stating passage is never evidence against the claim, passages flagged
by retrieval's prompt-injection heuristics are never used, and since all of this is word matching,
not reading, the verdict says so and its confidence stays below 0.7 (LEXICAL_CONFIDENCE).
"""

from __future__ import annotations

import re
from typing import Any

from agent.judges.models import Judgement, ToolCall
from agent.judges.tool_results import find, inconclusive
from agent.language.specs import LiteratureClaim
from agent.literature.bind import tokens
from agent.literature.frames import Frame, Stance, claim_frame, read
from agent.literature.match import matches, positions, prose, sentences, span_words, stems_at
from agent.literature.roles import NEGATIONS
from agent.literature.terms import Concept
from agent.results import Evidence

__all__ = ["judge_literature", "matches", "plan_literature", "positions", "sentences", "stating_window"]

SEARCH_K = 8
MAX_QUOTE_CHARS = 700
MAX_SPAN_WORDS = 12
# Word matching can misread a sentence (scope, hedges, irony, a table caption); one document or
# several, a lexical verdict never reaches 0.7 ("never confidently wrong").
LEXICAL_CONFIDENCE = {1: 0.55, 2: 0.6, 3: 0.65}
# "It" is left out: "It is well known that ..." opens a new statement more often than it refers back.
_ANAPHOR = re.compile(
    r"^(?:This|These|They|Such|Its|Their|The (?:material|compound|latter|former))\b(?:\s+\w+)?"
)


def plan_literature(spec: LiteratureClaim) -> list[ToolCall]:
    return [
        ToolCall(id=f"c{i + 1}", name="literature_search", args={"query": q, "k": SEARCH_K, "mode": "hybrid"})
        for i, q in enumerate(spec.queries)
    ]


def _windows(passage: dict[str, Any]) -> list[tuple[str, str, tuple[int, int] | None, str]]:
    """(sentence read, quote, anaphor span, previous sentence) for each prose sentence; a sentence
    opening with an anaphor ("This perovskite ...") may stand for a subject named just before."""
    sents = sentences(str(passage.get("text") or ""))
    out: list[tuple[str, str, tuple[int, int] | None, str]] = []
    for i, s in enumerate(sents):
        if not prose(s):
            continue
        out.append((s, s, None, ""))
        m = _ANAPHOR.match(s)
        if m and i > 0 and prose(sents[i - 1]):
            out.append((s, sents[i - 1] + " " + s, (m.start(), m.end()), sents[i - 1]))
    return out


def _stance(frame: Frame, passage: dict[str, Any]) -> tuple[Stance, str] | None:
    """The passage's first sentence that states the claim or its opposite, with its quote."""
    context = str(passage.get("title") or "") + " . " + str(passage.get("text") or "")
    for sentence, quote, anaphor, previous in _windows(passage):
        if anaphor is not None:
            # the anaphor stands for the subject only when the previous sentence names it
            if frame.kind != "role" or not all(matches(c, previous) for c in frame.subject):
                continue
            if any(matches(c, sentence) for c in frame.subject):
                continue
        got = read(frame, sentence, context, anaphor)
        if got is not None:
            return got, quote
    return None


def stating_window(cs: list[Concept], passage: dict[str, Any]) -> str | None:
    """The sentence (or anaphoric pair) where all of `cs` co-occur closely with no negation: a
    candidate, not a statement (`judge_literature` reads the relation). Kept for retrieval
    diagnostics and the co-occurrence baseline of bench/literature_scifact.py."""
    context = str(passage.get("title") or "") + " . " + str(passage.get("text") or "")
    if not all(matches(c, context) for c in cs if c.topic):
        return None
    core = [c for c in cs if not c.topic]
    for sentence, quote, anaphor, previous in _windows(passage):
        if any(t in NEGATIONS for t in tokens(quote)):
            continue
        at = stems_at(sentence)
        hits = [positions(c, sentence, at) for c in core]
        if anaphor is not None:
            in_prev = [bool(positions(c, previous)) for c in core]
            if not any(p and not h for p, h in zip(in_prev, hits, strict=True)):
                continue
            hits = [[0] if p and not h else h for p, h in zip(in_prev, hits, strict=True)]
        span = span_words(sentence, hits)
        if span is not None and span <= MAX_SPAN_WORDS:
            return quote
    return None


def _passages(
    spec: LiteratureClaim, results: dict[str, dict[str, Any]]
) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    seen: set[str] = set()
    out: list[tuple[str, dict[str, Any]]] = []
    errors: list[str] = []
    for i in range(len(spec.queries)):
        key, res = find(results, f"c{i + 1}")
        if res is None:
            continue
        if "error" in res:
            err = res["error"] if isinstance(res["error"], dict) else {"message": str(res["error"])}
            errors.append(f"{err.get('type', 'error')}: {err.get('message', '')}")
            continue
        for p in res.get("passages") or []:
            cite = str(p.get("citation") or f"{p.get('doc_id')}#{p.get('chunk_id')}")
            if cite not in seen:
                seen.add(cite)
                out.append((key, p))
    return out, errors


def _evidence(key: str, p: dict[str, Any], stance: Stance, quote: str) -> Evidence:
    quote = quote if len(quote) <= MAX_QUOTE_CHARS else quote[: MAX_QUOTE_CHARS - 1] + "…"
    title = p.get("title") or p.get("doc_id")
    year = f" ({p.get('year')})" if p.get("year") else ""
    verb = "states it" if stance == "states" else "states the opposite"
    return Evidence(
        kind="literature", statement=f"'{title}'{year} {verb}", supports=stance == "states", tool_run_id=key,
        citation=str(p.get("citation") or f"{p.get('doc_id')}#{p.get('chunk_id')}"), quote=quote,
    )  # fmt: skip


def judge_literature(spec: LiteratureClaim, results: dict[str, dict[str, Any]]) -> Judgement:
    passages, errors = _passages(spec, results)
    note = [f"not simulated: {spec.why_not_simulated}"] if spec.why_not_simulated else []
    if not passages and errors:
        no_index = any("IndexNotFound" in e or "no index" in e.lower() for e in errors)
        reason = (
            "no literature index is available"
            if no_index
            else "the literature search failed (" + errors[0] + ")"
        )
        return inconclusive(f"Cannot judge from the literature: {reason}.", questions=note)
    if not any(find(results, f"c{i + 1}")[1] is not None for i in range(len(spec.queries))):
        # Not searched: a run drops the search when no index is set up (agent/graph/optional_parts.py).
        return inconclusive(
            "Cannot judge from the literature: no search ran (add a literature index with "
            "`hypoloop index add PATH`).",
            questions=note,
        )
    frame = claim_frame(spec.text)
    if frame is None:
        return inconclusive("The claim has no content terms to look for in the literature.", questions=note)
    flagged = [p for _, p in passages if p.get("flags")]
    questions = note + (
        [f"{len(flagged)} retrieved passage(s) were flagged as possible prompt injection and ignored"]
        if flagged
        else []
    )
    evidence = [
        _evidence(key, p, *got)
        for key, p in passages
        if not p.get("flags") and (got := _stance(frame, p)) is not None
    ]
    return _verdict(frame, evidence, len(passages), questions)


def _verdict(frame: Frame, evidence: list[Evidence], n_passages: int, questions: list[str]) -> Judgement:
    tested = f"tested as the relation: {frame.describe()}"
    pro = [e for e in evidence if e.supports]
    con = [e for e in evidence if not e.supports]
    if not evidence:
        return inconclusive(
            f"The literature index has no passage stating this or its opposite ({n_passages} passages retrieved; "
            f"lexical match; {tested}; passages merely naming the same words do not count).",
            questions=questions,
        )
    if pro and con:
        return inconclusive(
            f"The literature disagrees (lexical match; {tested}): {len(pro)} passage(s) state it, "
            f"{len(con)} state the opposite.", evidence=pro[:2] + con[:2], questions=questions,
        )  # fmt: skip
    side = pro or con
    docs = {e.citation.split("#")[0] for e in side if e.citation}
    conf = LEXICAL_CONFIDENCE[min(3, len(docs))]
    verdict = "supported" if pro else "refuted"
    what = (
        "state it"
        if pro
        else "state the opposite (a negation, an incompatible role or the reverse direction)"
    )
    return Judgement(
        verdict=verdict, confidence=conf,
        summary=f"{verdict.capitalize()} by the literature (lexical match; {tested}; confidence capped below 0.7 "
        f"because the passages are matched by words, not read): {len(side)} passage(s) from {len(docs)} "
        f"document(s) {what}.",
        evidence=side[:3], values={"supporting_passages" if pro else "contradicting_passages": float(len(side))},
        open_questions=questions,
    )  # fmt: skip
