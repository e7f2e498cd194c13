"""Judge a claim from retrieved passages: supported only when a passage really states it.

A passage supports the claim when every concept of the claim (allowing synonyms, stems,
abbreviations and formulas) occurs within one sentence or two adjacent sentences, with no negation
in them; topic concepts (e.g. "solid oxide fuel cells") may come from anywhere in the same passage
or its document title, since papers state their topic once rather than in every sentence.
Absence of such a passage is never evidence against the claim: the answer is then inconclusive.
Passages flagged by retrieval's prompt-injection heuristics are never used.
"""

from __future__ import annotations

import re
from typing import Any

from agent.domain import Evidence
from agent.planner.claims import LiteratureClaim
from agent.planner.common import find, inconclusive
from agent.planner.lexicon import SYMBOLS
from agent.planner.literature_terms import Concept, concepts, element_of_word, stem, words
from agent.planner.models import Judgement, ToolCall

SEARCH_K = 8
MAX_QUOTE_CHARS = 700
_NEGATION = re.compile(
    r"\b(?:not|no|never|neither|nor|cannot|can't|without|hardly|rarely|unlike|fails? to|failed to|instead of)\b",
    re.I,
)
_ANAPHOR = re.compile(r"^(?:It|This|These|They|Such|Its|Their|The (?:material|compound|latter|former))\b")
_CLAIM_NEGATION = re.compile(r"\b(?:not|never|isn't|aren't|doesn't|don't|cannot|no longer)\b", re.I)
_SENTENCE_SPLIT = re.compile(r"(?<=[a-z0-9\)\]%])[.!?]\s+(?=[A-Z(\[])|\n+")


def plan_literature(spec: LiteratureClaim) -> list[ToolCall]:
    return [
        ToolCall(id=f"c{i + 1}", name="literature_search", args={"query": q, "k": SEARCH_K, "mode": "hybrid"})
        for i, q in enumerate(spec.queries)
    ]


def _stems(text: str) -> list[str]:
    out: list[str] = []
    for w in words(text):
        out.extend(stem(p) for p in w.split("-") if p)
    return out


def _has_seq(stems: list[str], seq: tuple[str, ...]) -> bool:
    n = len(seq)
    return any(tuple(stems[i : i + n]) == seq for i in range(len(stems) - n + 1))


_DOPED = re.compile(r"\b([A-Z][a-z]?)[- ](?:[Dd]oped|[Ss]ubstituted|containing)\s+")


def _named_elements(text: str) -> list[set[str]]:
    """Element sets of chemical-name runs ('strontium-doped lanthanum manganite' -> {Sr, La, Mn})."""
    out: list[set[str]] = []
    current: set[str] = set()
    for w in re.findall(r"[A-Za-z]+", text):
        el = element_of_word(w)
        if el:
            current.add(el)
        elif w.lower() in ("doped", "substituted", "and") and current:
            continue
        else:
            if len(current) >= 2:
                out.append(current)
            current = set()
    if len(current) >= 2:
        out.append(current)
    return out


def _formula_has(text: str, elements: frozenset[str]) -> bool:
    text = _DOPED.sub(lambda m: m.group(1) + "+", text)  # "Sr-doped LaMnO3" -> "Sr+LaMnO3"
    if any(elements <= found for found in _named_elements(text)):
        return True
    for token in re.findall(r"[A-Za-z0-9.,()\-−δ+]+", text):
        syms = set(re.findall(r"[A-Z][a-z]?", token))
        if elements <= syms and syms <= SYMBOLS | {"O"}:
            return True
    return False


def matches(concept: Concept, text: str, stems: list[str]) -> bool:
    if any(_has_seq(stems, seq) for seq in concept.stems):
        return True
    if any(re.search(rf"\b{re.escape(a)}s?\b", text) for a in concept.abbreviations):
        return True
    return bool(concept.elements) and _formula_has(text, concept.elements)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]


def stating_window(cs: list[Concept], passage: dict[str, Any]) -> str | None:
    """The sentence (or two adjacent sentences) of `passage` that states every concept, if any."""
    context = str(passage.get("title") or "") + " . " + str(passage.get("text") or "")
    context_stems = _stems(context)
    topics_ok = all(matches(c, context, context_stems) for c in cs if c.topic)
    if not topics_ok:
        return None
    sents = sentences(str(passage.get("text") or ""))
    for size in (1, 2):
        for i in range(len(sents) - size + 1):
            # A second sentence counts only when it continues the first one's subject ("It ...").
            if size == 2 and not _ANAPHOR.match(sents[i + 1]):
                continue
            window = " ".join(sents[i : i + size])
            st = _stems(window)
            ok = all(matches(c, window, st) for c in cs if not c.topic)
            if ok and not _NEGATION.search(window):
                return window
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
    positive = _CLAIM_NEGATION.sub(" ", spec.text)
    cs = concepts(positive)
    if not cs:
        return inconclusive("The claim has no content terms to look for in the literature.", questions=note)
    flagged = [p for _, p in passages if p.get("flags")]
    evidence: list[Evidence] = []
    for key, p in passages:
        if p.get("flags"):
            continue
        window = stating_window(cs, p)
        if window is None:
            continue
        quote = window if len(window) <= MAX_QUOTE_CHARS else window[: MAX_QUOTE_CHARS - 1] + "…"
        title = p.get("title") or p.get("doc_id")
        year = f" ({p.get('year')})" if p.get("year") else ""
        evidence.append(Evidence(
            kind="literature", statement=f"'{title}'{year} states it", supports=True, tool_run_id=key,
            citation=str(p.get("citation") or f"{p.get('doc_id')}#{p.get('chunk_id')}"), quote=quote,
        ))  # fmt: skip
    questions = note + (
        [f"{len(flagged)} retrieved passage(s) were flagged as possible prompt injection and ignored"]
        if flagged
        else []
    )
    if not evidence:
        return inconclusive(
            f"The literature index has no passage stating this ({len(passages)} passages retrieved; none states "
            f"all of: {', '.join(c.label for c in cs)}).",
            questions=questions,
        )
    docs = {e.citation.split("#")[0] for e in evidence if e.citation}
    negated = bool(_CLAIM_NEGATION.search(spec.text))
    if negated:
        # A passage stating the positive contradicts a negated claim; keep confidence modest because
        # the planner's negation handling is lexical.
        evidence = [e.model_copy(update={"supports": False}) for e in evidence[:3]]
        return Judgement(verdict="refuted", confidence=0.6, summary=f"Refuted: {len(docs)} document(s) state the opposite of the negated claim.",
                         evidence=evidence, open_questions=questions)  # fmt: skip
    conf = 0.85 if len(docs) >= 2 else 0.75
    return Judgement(
        verdict="supported", confidence=conf,
        summary=f"Supported by the literature: {len(evidence)} passage(s) from {len(docs)} document(s) state it.",
        evidence=evidence[:3], values={"supporting_passages": float(len(evidence))}, open_questions=questions,
    )  # fmt: skip
