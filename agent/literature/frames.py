"""A literature claim as a small relational frame, and whether a sentence states it or its opposite.

The frame is (subject entities, relation, other terms, polarity):
- role: "LSM is a widely used cathode material" -> subject LSM, relation cathode;
- direction: "Aspirin reduces the risk of stroke" -> subject aspirin, relation down, object risk, stroke;
- generic: "Gold has a lattice constant of 5.0 Å" -> subject gold, predicate terms lattice constant, 5.0.
A sentence *states* the frame when the subject is bound to the same relation (literature_bind), the
other terms are there, and no negation attaches to the binding; it states the *opposite* when a
negation attaches, or the subject is bound to an excluded role, or the direction is reversed.
Everything else, including all the words co-occurring in other roles, states nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from agent.literature.bind import LINKS, PRE_OK, bindings, is_compound, tokens
from agent.literature.match import numbers, span_words, spans, stems_at
from agent.literature.roles import (
    NEGATIONS,
    Mention,
    direction_mentions,
    excluded,
    opposite,
    role_mentions,
)
from agent.literature.terms import Concept, concepts

Stance = Literal["states", "opposes"]
# The subject and the other terms of a statement must sit this close (words, one sentence).
MAX_SPAN_WORDS = 14
# Direction statements: subject and object within this many words of the direction word.
MAX_REACH_WORDS = 12
_CLAIM_NEGATION = re.compile(r"\b(?:not|never|no longer|cannot)\b|n't\b", re.I)
_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|can|could|may|might|does|do|did|shows?|exhibits?|displays?|becomes?"
    r"|forms?|contains?|requires?|causes?|leads?|results?|remains?|undergoes|adopts?|crystalli[sz]es)\b",
    re.I,
)
_BREAK = frozenset(";".split()) | frozenset(
    "whereas while but than unlike compared versus vs although".split()
)
# Clause breaks for a direction statement ("than" belongs to it: "X has higher Y than Z").
_CLAUSE_BREAK = frozenset("whereas while but unlike although".split())
_HEDGE = re.compile(r"\b(?:whether|unclear|unknown|if)\b|\?", re.I)


@dataclass
class Frame:
    kind: Literal["role", "direction", "generic"]
    relation: str
    subject: list[Concept]
    rest: list[Concept] = field(default_factory=list)
    obj: list[Concept] = field(default_factory=list)
    negated: bool = False
    values: list[float] = field(default_factory=list)

    def describe(self) -> str:
        subj = " + ".join(c.label for c in self.subject) or "?"
        rel = {"up": "increases/higher", "down": "decreases/lower"}.get(self.relation, self.relation)
        terms = [c.label for c in (self.obj or self.rest)] + [f"{v:g}" for v in self.values]
        neg = "not " if self.negated else ""
        if self.kind == "generic":
            return f"{subj} {neg}- {', '.join(terms)}"
        return f"{subj} {neg}{rel}" + (f" ({', '.join(terms)})" if terms else "")


def _outside(cs: list[Concept], text: str, a: int, b: int) -> list[Concept]:
    return [c for c in cs if not any(s < b and e > a for s, e in spans(c, text))]


def claim_frame(text: str) -> Frame | None:
    """The claim's frame; None when it has no content terms."""
    negated = bool(_CLAIM_NEGATION.search(text))
    positive = _CLAIM_NEGATION.sub(" ", text)
    # a concept that cannot be found in the claim itself ('p-type' split at its hyphen) names nothing
    cs = [c for c in concepts(positive) if spans(c, positive)]
    if not cs:
        return None
    values = numbers(positive)
    roles = role_mentions(text)
    if roles:
        frame = _role_frame(text, cs, roles)
        if frame is not None:
            frame.values = values
            return frame
    dirs = direction_mentions(positive)
    if len(dirs) == 1:
        d = dirs[0]
        subj = [c for c in concepts(positive[: d.start]) if not c.topic]
        obj = [c for c in concepts(positive[d.end :]) if not c.topic]
        if subj and obj:
            topic = [c for c in cs if c.topic]
            return Frame("direction", d.name, subj, topic, obj, negated, values)
    m = _VERB.search(positive)
    cut = m.start() if m else len(positive)
    subj = [c for c in concepts(positive[:cut]) if not c.topic] or cs[:1]
    rest = [c for c in cs if c.label not in {s.label for s in subj}]
    return Frame("generic", "", subj, rest, [], negated, values)


def _role_frame(text: str, cs: list[Concept], roles: list[Mention]) -> Frame | None:
    """The first role of the claim that an entity of the claim is bound to. The claim's polarity
    is that binding's ("LSM is a cathode, not an anode" is a positive claim about the cathode)."""
    others = [c for c in cs if all(_outside([c], text, r.start, r.end) for r in roles)]
    candidates = [
        c for c in others if not c.topic and not _qualifier(c) and c.label.lower() not in LINKS | PRE_OK
    ]
    for r in roles:
        subject, negated = [], False
        for c in candidates:
            found = [b for s, e in spans(c, text) for b in bindings(text, s, e, roles) if b.role == r.name]
            if found:
                subject.append(c)
                negated = negated or any(b.negated for b in found)
        if subject:
            rest = [c for c in others if c not in subject]
            return Frame("role", r.name, subject, rest, negated=negated)
    return None


# Words that qualify a role rather than name what holds it ("a widely used / promising cathode").
_QUALIFIERS = frozenset(
    """widely commonly used common most more very conventional standard typical popular promising good excellent novel new
    efficient high low important potential alternative candidate known main major key best leading preferred
    suitable attractive classic traditional dominant prevalent efficient active effective stable""".split()
)


def _qualifier(c: Concept) -> bool:
    return all(w in _QUALIFIERS for w in c.label.lower().split())


def _numbers_ok(frame: Frame, sentence: str) -> bool:
    have = numbers(sentence)
    return all(any(abs(v - h) <= 1e-9 * max(1.0, abs(v)) for h in have) for v in frame.values)


def _rest_ok(frame: Frame, sentence: str, context: str, anchors: list[int]) -> bool:
    """The frame's other terms stated close to its subject (topics may come from the context)."""
    at = stems_at(sentence)
    core = [c for c in frame.rest if not c.topic]
    if not all(spans(c, context) for c in frame.rest if c.topic):
        return False
    hits = [sorted({s for s, _ in spans(c, sentence, at)}) for c in core] + [anchors]
    span = span_words(sentence, hits)
    return span is not None and span <= MAX_SPAN_WORDS and _numbers_ok(frame, sentence)


def _subject_spans(
    frame: Frame, sentence: str, anaphor: tuple[int, int] | None
) -> list[list[tuple[int, int]]]:
    out = []
    for c in frame.subject:
        found = [(s, e) for s, e in spans(c, sentence) if not is_compound(sentence, s, e)]
        out.append(found or ([anaphor] if anaphor else []))
    return out


def read_role(
    frame: Frame, sentence: str, context: str, anaphor: tuple[int, int] | None = None
) -> Stance | None:
    """Does `sentence` bind the claim's subject to its role (states), or to the negated role or an
    excluded one (opposes)? A sentence doing both, or neither, says nothing."""
    wanted = {frame.relation} | excluded(frame.relation)
    roles = [r for r in role_mentions(sentence) if r.name in wanted]
    if not roles:
        return None
    same_pos: set[int] = set()
    same_neg: set[int] = set()
    other: set[int] = set()
    anchors: list[int] = []
    for i, found in enumerate(_subject_spans(frame, sentence, anaphor)):
        for s, e in found:
            for b in bindings(sentence, s, e, roles):
                if b.role == frame.relation:
                    (same_neg if b.negated else same_pos).add(i)
                elif not b.negated:
                    other.add(i)
                anchors.append(s)
    n = len(frame.subject)
    if len(same_pos) == n and not other and not same_neg:
        if _hedged(sentence, anchors) or not _rest_ok(frame, sentence, context, anchors):
            return None
        return "opposes" if frame.negated else "states"
    if other and not same_pos and not frame.negated:
        return "opposes"  # bound to an incompatible role: what the rest of the claim says is moot
    if len(same_neg) == n and not same_pos and _rest_ok(frame, sentence, context, anchors):
        return "states" if frame.negated else "opposes"
    return None


def _hedged(sentence: str, anchors: list[int]) -> bool:
    """A question, 'whether', or a negation before the subject ('no study shows that LSM ...'):
    the sentence does not assert the binding it contains."""
    upto = sentence[: min(anchors)] if anchors else ""
    return bool(_HEDGE.search(sentence)) or any(t in NEGATIONS for t in tokens(upto))


def _side_ok(cs: list[Concept], sentence: str, lo: int, hi: int) -> bool:
    """Every concept of `cs` has a mention inside sentence[lo:hi] (not part of a longer name)."""
    return all(
        any(lo <= s and e <= hi and not is_compound(sentence, s, e) for s, e in spans(c, sentence))
        for c in cs
    )


def _reach(sentence: str, start: int, words: int, *, back: bool) -> int:
    """Character offset `words` words before (back) or after `start`, stopping at a clause break."""
    if back:
        toks = list(re.finditer(r"\S+", sentence[:start]))[::-1]
    else:
        toks = [m for m in re.finditer(r"\S+", sentence[start:])]
    pos = start
    for m in toks[:words]:
        word = m.group().lower().strip(",.()")
        if word in _CLAUSE_BREAK or ";" in m.group():
            break
        pos = m.start() if back else start + m.end()
    return pos


def read_direction(frame: Frame, sentence: str, context: str) -> Stance | None:
    """Does `sentence` say the subject moves the object the claim's way (states) or the other way,
    or not at all (opposes)? The subject must precede the direction word and the object follow it
    ("X reduces Y"; passive "Y is reduced by X" swaps them), each within a few words, one clause."""
    if not all(spans(c, context) for c in frame.rest if c.topic) or not _numbers_ok(frame, sentence):
        return None
    seen: set[Stance] = set()
    for d in direction_mentions(sentence):
        lo = _reach(sentence, d.start, MAX_REACH_WORDS, back=True)
        hi = _reach(sentence, d.end, MAX_REACH_WORDS, back=False)
        before, after = tokens(sentence[lo : d.start]), tokens(sentence[d.end : hi])
        passive = bool(before) and before[-1] in ("is", "are", "was", "were", "be", "been") and "by" in after
        first, second = (frame.obj, frame.subject) if passive else (frame.subject, frame.obj)
        if not (_side_ok(first, sentence, lo, d.start) and _side_ok(second, sentence, d.end, hi)):
            continue
        negated = any(t in NEGATIONS for t in before[-4:])
        same = d.name == frame.relation
        if same and not negated:
            seen.add("opposes" if frame.negated else "states")
        elif same or (d.name == opposite(frame.relation) and not negated):
            seen.add("states" if frame.negated else "opposes")
    return seen.pop() if len(seen) == 1 else None


def read_generic(frame: Frame, sentence: str, context: str) -> Stance | None:
    """The subject's terms, then the predicate's terms after them in the same clause, close together;
    a negation between them (or just before the predicate) opposes the claim."""
    if _HEDGE.search(sentence) or not all(spans(c, context) for c in frame.rest if c.topic):
        return None
    at = stems_at(sentence)
    subj = [[s for s, e in spans(c, sentence, at) if not is_compound(sentence, s, e)] for c in frame.subject]
    core = [c for c in frame.rest if not c.topic]
    pred = [sorted({s for s, _ in spans(c, sentence, at)}) for c in core]
    if any(not h for h in subj + pred) or not _numbers_ok(frame, sentence):
        return None
    for s in sorted({p for h in subj for p in h}):
        later = [[p for p in h if p > s] for h in pred]
        if any(not h for h in later):
            continue
        span = span_words(sentence, [[s]] + later)
        # Up to the farthest predicate term: in "water is a bent molecule, not a linear one" the
        # negation sits before 'linear', after 'molecule', and it denies the claim.
        last = max(min(h) for h in later) if later else s
        between = tokens(sentence[s:last])
        if span is None or span > MAX_SPAN_WORDS or any(t in _BREAK for t in between):
            continue
        negated = any(t in NEGATIONS for t in between)
        return "opposes" if negated != frame.negated else "states"
    return None


def read(frame: Frame, sentence: str, context: str, anaphor: tuple[int, int] | None = None) -> Stance | None:
    if frame.kind == "role":
        return read_role(frame, sentence, context, anaphor)
    if frame.kind == "direction":
        return read_direction(frame, sentence, context)
    return read_generic(frame, sentence, context)
