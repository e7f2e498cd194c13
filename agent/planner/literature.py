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

from agent.planner.claims import LiteratureClaim
from agent.planner.lexicon import SYMBOLS
from agent.planner.literature_terms import Concept, concepts, element_of_word, stem
from agent.planner.models import Judgement, ToolCall
from agent.planner.tool_results import find, inconclusive
from agent.results import Evidence

SEARCH_K = 8
MAX_QUOTE_CHARS = 700
# The claim's terms must sit close together (within this many words per sentence of the window):
# co-occurrence at opposite ends of a long sentence is not a statement of the claim.
MAX_SPAN_WORDS = 12
MAX_SENTENCE_CHARS = 600
_NEGATION = re.compile(
    r"\b(?:not|no|never|neither|nor|cannot|can't|without|hardly|rarely|unlike|fails? to|failed to|instead of)\b",
    re.I,
)
# "It" is left out: "It is well known that ..." opens a new statement more often than it refers back.
_ANAPHOR = re.compile(r"^(?:This|These|They|Such|Its|Their|The (?:material|compound|latter|former))\b")
_CLAIM_NEGATION = re.compile(r"\b(?:not|never|isn't|aren't|doesn't|don't|cannot|no longer)\b", re.I)
# Sentence ends; extracted PDF text also loses periods at paragraph ends ("... reaction It is"), so a
# lowercase word followed by a typical sentence opener splits too.
# Citation numbers glued to a period ("... electrode.23 Because") end a sentence too.
_SENTENCE_SPLIT = re.compile(
    r"(?<=[a-z0-9\)\]%])[.!?]\s+(?=[A-Z(\[])|\n+"
    r"|(?<=[a-z\)])\.\d{1,3}(?:[,\u2013-]\d{1,3})*\s+(?=[A-Z])"
    r"|(?<=[a-z])\s+(?=(?:It|This|These|However|Moreover|Furthermore|Therefore|Thus|Here|We)\s)"
)


def plan_literature(spec: LiteratureClaim) -> list[ToolCall]:
    return [
        ToolCall(id=f"c{i + 1}", name="literature_search", args={"query": q, "k": SEARCH_K, "mode": "hybrid"})
        for i, q in enumerate(spec.queries)
    ]


def _stems(text: str) -> list[str]:
    return [st for st, _ in _stems_at(text)]


def _stems_at(text: str) -> list[tuple[str, int]]:
    """Stems of the words of `text` (hyphenated parts separately) with their character offsets."""
    out: list[tuple[str, int]] = []
    for m in re.finditer(r"[A-Za-z][A-Za-z0-9\-]*[A-Za-z0-9]|[A-Za-z]", text):
        offset = m.start()
        for part in m.group().split("-"):
            if part:
                out.append((stem(part), offset))
            offset += len(part) + 1
    return out


_DOPED = re.compile(r"\b([A-Z][a-z]?)[- ](?:[Dd]oped|[Ss]ubstituted|containing)\s+")


def _undope(text: str) -> str:
    """'Sr-doped LaMnO3' -> '      Sr+LaMnO3': one formula token, character offsets kept."""
    return _DOPED.sub(lambda m: " " * (len(m.group(0)) - len(m.group(1)) - 1) + m.group(1) + "+", text)


def _named_element_runs(text: str) -> list[tuple[set[str], int]]:
    """Element sets of chemical-name runs ('strontium-doped lanthanum manganite' -> {Sr, La, Mn})."""
    out: list[tuple[set[str], int]] = []
    current: set[str] = set()
    start = 0
    for m in re.finditer(r"[A-Za-z]+", text):
        el = element_of_word(m.group())
        if el:
            if not current:
                start = m.start()
            current.add(el)
        elif m.group().lower() in ("doped", "substituted", "and") and current:
            continue
        else:
            if len(current) >= 2:
                out.append((current, start))
            current = set()
    if len(current) >= 2:
        out.append((current, start))
    return out


def _formula_positions(text: str, elements: frozenset[str]) -> list[int]:
    text = _undope(text)
    found = [pos for els, pos in _named_element_runs(text) if elements <= els]
    for m in re.finditer(r"[A-Za-z0-9.,()\-−δ+]+", text):
        syms = set(re.findall(r"[A-Z][a-z]?", m.group()))
        if elements <= syms and syms <= SYMBOLS:
            found.append(m.start())
    return found


def positions(concept: Concept, text: str, stems_at: list[tuple[str, int]]) -> list[int]:
    """Character offsets where `concept` is stated in `text` (any spelling)."""
    stems = [st for st, _ in stems_at]
    found: list[int] = []
    for seq in concept.stems:
        n = len(seq)
        found += [stems_at[i][1] for i in range(len(stems) - n + 1) if tuple(stems[i : i + n]) == seq]
    for a in concept.abbreviations:
        found += [m.start() for m in re.finditer(rf"\b{re.escape(a)}s?\b", text)]
    if concept.elements:
        found += _formula_positions(text, concept.elements)
    return sorted(set(found))


def matches(concept: Concept, text: str, stems: list[str] | None = None) -> bool:
    return bool(positions(concept, text, _stems_at(text)))


def _span_words(text: str, hits: list[list[int]]) -> int | None:
    """Fewest words covering one hit of every concept (None if a concept has no hit)."""
    if any(not h for h in hits):
        return None
    best: int | None = None
    for anchor in sorted({p for h in hits for p in h}):
        chosen = [next((p for p in h if p >= anchor), None) for h in hits]
        if any(c is None for c in chosen):
            break
        end = max(c for c in chosen if c is not None)
        span = len(text[anchor:end].split())
        best = span if best is None else min(best, span)
    return best


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]


def _prose(sentence: str) -> bool:
    """Reference lists, tables and run-on extraction debris are not statements."""
    if len(sentence) > MAX_SENTENCE_CHARS or re.search(r"\b10\.\d{4,}/", sentence):
        return False
    digits = sum(ch.isdigit() for ch in sentence)
    return digits <= 0.2 * max(1, len(sentence))


def stating_window(cs: list[Concept], passage: dict[str, Any]) -> str | None:
    """The sentence (or two adjacent sentences) of `passage` that states every concept, if any."""
    context = str(passage.get("title") or "") + " . " + str(passage.get("text") or "")
    if not all(matches(c, context) for c in cs if c.topic):
        return None
    core = [c for c in cs if not c.topic]
    sents = sentences(str(passage.get("text") or ""))
    for size in (1, 2):
        for i in range(len(sents) - size + 1):
            # A second sentence counts only when it continues the first one's subject ("These ...").
            if size == 2 and not _ANAPHOR.match(sents[i + 1]):
                continue
            if not all(_prose(x) for x in sents[i : i + size]):
                continue
            window = " ".join(sents[i : i + size])
            if _NEGATION.search(window):
                continue
            if _states_all(core, sents[i : i + size]):
                return window
    return None


def _states_all(core: list[Concept], sents: list[str]) -> bool:
    """All core concepts within MAX_SPAN_WORDS in one sentence; in two, the second sentence's
    anaphor stands for the concepts only the first one names (at least one must be there)."""
    last = sents[-1]
    st = _stems_at(last)
    hits = [positions(c, last, st) for c in core]
    if len(sents) == 2:
        first = sents[0]
        in_first = [bool(positions(c, first, _stems_at(first))) for c in core]
        if not any(f and not h for f, h in zip(in_first, hits, strict=True)):
            return False  # the second sentence alone names them all: the one-sentence test decides
        hits = [[0] if f and not h else h for f, h in zip(in_first, hits, strict=True)]
    span = _span_words(last, hits)
    return span is not None and span <= MAX_SPAN_WORDS


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
