"""The goal reader: a goal is a head (frame + candidate set + joining word, goal_head.lark)
followed by a predicate that is exactly a claim about one candidate, read by the claim reader
(agent/language/reader.py) with a candidate as its subject.

"which fcc metals have a bulk modulus above 150 GPa" -> for each candidate X, the claim "X have
a bulk modulus above 150 GPa". "which of Cu, Ag and Au has the largest bulk modulus" -> the claim
grammar's superlative over the candidate set ("X has the largest bulk modulus of Cu, Ag and Au").

Every word is accounted for: the head's by the head grammar, the predicate's by the claim
grammar; otherwise the goal is refused naming the span that could not be read. The reading is
then mapped onto an objective (agent/campaign/objectives.py); a claim the mapping would not
represent whole is refused, never run in part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from agent.campaign import goal_grammar as gg
from agent.campaign.families import Family
from agent.campaign.grammar import GoalRefused, GoalSpec

EXAMPLES = ("'which alkali halides adopt the CsCl structure', 'which of Cu, Ag and Au has the largest bulk "
            "modulus', 'noble metals with a bulk modulus above 200 GPa'")  # fmt: skip


@dataclass(frozen=True)
class _Split:
    """One way to read the goal: its head's derivation and the predicate's claim reading."""

    head_end: int  # words of the head
    family: Family
    frame: str
    template: str  # the claim with '{X}' for the candidate
    specs: list[Any]
    refusal: str | None
    subject: str = ""  # the candidate the predicate was read about
    ranged: bool = False  # read with the candidate set as its range (a superlative)


def read_goal(goal: str) -> GoalSpec:
    """The goal's typed reading, or :class:`GoalRefused` naming what could not be read and, where
    deleting one stretch around that span leaves a goal that reads, that goal (offered, never run)."""
    text = " ".join(goal.split()).rstrip(" ?.!")
    try:
        return _read(text)
    except _Unread as e:
        near = _nearest(text, e.span)
        offer = f"; the nearest goal that reads (not run): '{near}'" if near else ""
        raise GoalRefused(f"the offline planner cannot propose hypotheses for this goal: {e.reason}{offer}") from None


class _Unread(Exception):
    def __init__(self, reason: str, span: str) -> None:
        super().__init__(reason)
        self.reason, self.span = reason, span


def _read(text: str) -> GoalSpec:
    from agent.campaign.objectives import objective

    ws = gg.words(text)
    splits, reached = _splits(text, ws)
    if not splits:
        span = text[ws[reached].start :] if reached < len(ws) else text
        raise _Unread(f"could not read: '{span}': a goal names its candidates first, as in {EXAMPLES}", span)
    read = [s for s in splits if s.refusal is None]
    if not read:
        best = max(splits, key=lambda s: s.head_end)
        raise _Unread(_predicate_refusal(best), _span(best.refusal or ""))
    specs = {_key(s) for s in read}
    if len(specs) > 1:
        raise GoalRefused("the goal can be read in more than one way: "
                          + " | ".join(f"'{s.template.format(X='X')}'" for s in read[:2]))  # fmt: skip
    chosen = max(read, key=lambda s: s.head_end)
    return objective(chosen.family, chosen.frame, chosen.template, chosen.specs, chosen.subject, chosen.ranged)


def _key(s: _Split) -> str:
    from agent.language.canonical_kinds import sentence

    return f"{s.family.name}|{s.family.members()}|" + " ".join(sentence(x) for x in s.specs)


def _span(refusal: str) -> str:
    """The quoted span of a claim reader's refusal ("could not read: '...'")."""
    m = re.search(r"could not read:? '(.+?)'(?:$| \(|;|:)", refusal)
    return m.group(1) if m else ""


def _nearest(text: str, span: str) -> str | None:
    """The goal left by the shortest deletion of words that starts at most two words before the
    unread span and covers its first word, if it reads; rendered as its "Read as"."""
    at = text.rfind(span) if span else -1
    ws = gg.words(text)
    start = next((i for i, w in enumerate(ws) if w.start >= at), None) if at >= 0 else None
    if start is None:
        return None
    cuts = sorted(((i, j) for i in range(max(start - 2, 0), start + 1) for j in range(start + 1, len(ws) + 1)
                   if (i, j) != (0, len(ws))), key=lambda c: (c[1] - c[0], c[0]))  # fmt: skip
    for i, j in cuts:
        rest = (text[: ws[i].start] + " " + (text[ws[j - 1].end :] if j < len(ws) else "")).strip()
        try:
            return _read(" ".join(rest.split())).sentence()
        except (_Unread, GoalRefused):
            continue
    return None


def _predicate_refusal(s: _Split) -> str:
    why = s.refusal or ""
    name = s.family.name if s.family.name.startswith("the ") else f"the {s.family.name}"
    return f"{why} (in the claim about each of {name}: '{s.template.format(X='X')}')"


def _splits(text: str, ws: list[gg.Word]) -> tuple[list[_Split], int]:
    """Every head that parses whole with a non-empty predicate after it; and how far the head
    grammar got (the first word it could not continue with) for the refusal."""
    out: list[_Split] = []
    reached = 0
    for k in range(1, len(ws)):
        try:
            tree = gg.parse_head(ws[:k])
        except gg.HeadError as e:
            reached = max(reached, e.index)
            if e.index < k:  # a word the head cannot take: no longer head will parse
                break
            continue
        reached = k
        out.append(_read_predicate(text, ws, k, tree))
    return out, reached


def _read_predicate(text: str, ws: list[gg.Word], k: int, tree: Any) -> _Split:
    family, frame = gg.family_of(tree), gg.frame_of(tree)
    connector = gg.connector_of(tree)
    predicate = text[ws[k].start :].replace("{", "(").replace("}", ")")
    if connector == "variable":  # a claim about the variable X
        template = re.sub(r"(?<![\w-])X(?![\w-])", "{X}", predicate)
    else:
        template = ("{X} has " if connector == "with" else "{X} ") + predicate
    members = family.members()
    subject = _subject(members, template)
    readings = _readings(template, subject, members)
    ok = [(t, r) for t, r in readings if r.ok]
    if len(ok) == 1:
        return _Split(k, family, frame, ok[0][0], ok[0][1].specs, None, subject, ok[0][0] != template)
    if len(ok) > 1:
        return _Split(k, family, frame, template, [], "the predicate reads both with and without the candidate set as its range")
    # Neither reads: the refusal of the one the grammar derived whole says what is wrong with its
    # meaning ('Cu' is not a molecule), where the other only says a range was missing.
    t, r = next(((t, r) for t, r in readings if r.derived), readings[0])
    return _Split(k, family, frame, t, [], r.refusal)


def _readings(template: str, subject: str, members: list[str]) -> list[tuple[str, Any]]:
    """The predicate as a claim about ``subject``; and, because a superlative needs its range
    ('X has the largest bulk modulus' says nothing alone), with the candidate set as that range.
    Exactly one of them must read (a predicate is never read two ways)."""
    from agent.language.reader import read

    ranged = template + " of " + _listing(members)
    return [(t, read(t.format(X=subject))) for t in (template, ranged)]


def _listing(members: list[str]) -> str:
    return members[0] if len(members) == 1 else ", ".join(members[:-1]) + " and " + members[-1]


def _subject(members: list[str], template: str) -> str:
    """A candidate the predicate does not itself name ('than copper' must not read as Cu vs Cu)
    and whose symbol is not also an English word at the head of a sentence ('Be', 'In')."""
    from agent.language.reader import lex

    _, toks = lex(template.format(X=""))
    named = {t.value.formula for t in toks if t.kind == "SUB"}

    def plain(m: str) -> bool:
        first = lex(f"{m} is")[1][0]
        return first.kind == "SUB" and m in (first.value.formula, first.value.molecule)

    return next((m for m in members if m not in named and plain(m)), members[0])
