"""The claim reader: a sentence -> its typed spec, or a refusal naming the span it could not read.

1. The lexer turns the text into tokens (agent/language/tokens.py), the Earley parser derives the
   whole token sequence (claims.lark), every derivation becomes frames and then specs
   (frames.py, build.py).
2. No derivation: the claim is refused with the first token the grammar could not continue with
   ("could not read: '...'") and, where deleting that stretch leaves a readable sentence, that
   sentence is offered (never tested). A claim whose words are none of the language's property or
   predicate words is not about what the tools compute: the caller sends it to the literature.
3. Several derivations with different specs: refused, both readings shown.
4. Self-check (agent/language/selfcheck.py): the spec rendered as a sentence must read back as the
   same spec, and its negation as the negated spec; otherwise refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from agent.language import parser as ps
from agent.language import tokens as tk
from agent.language.build import BuildRefusal, Context, build_specs
from agent.language.frame_rules import NP_HANDLERS
from agent.language.frames import FrameBuilder, FrameError
from agent.language.proximity_rules import HANDLERS as PROXIMITY_HANDLERS
from agent.language.sentence_rules import HANDLERS as SENTENCE_HANDLERS
from agent.language.state_rules import HANDLERS as STATE_HANDLERS
from agent.language.statement_rules import HANDLERS as STATEMENT_HANDLERS
from agent.language.structure_rules import HANDLERS as STRUCTURE_HANDLERS


@dataclass
class Reading:
    """What the reader made of a claim: ``specs`` (one per statement) or a refusal."""

    text: str
    specs: list[Any] = field(default_factory=list)
    refusal: str | None = None
    nearest: str | None = None
    about_tools: bool = True  # the claim uses the language's property or predicate words
    readings: list[str] = field(default_factory=list)
    derived: bool = False  # the grammar derived every word: a refusal is about meaning, not wording

    @property
    def ok(self) -> bool:
        return self.refusal is None and bool(self.specs)


@cache
def _handlers() -> dict[str, Any]:
    return {**NP_HANDLERS, **STATEMENT_HANDLERS, **STRUCTURE_HANDLERS, **STATE_HANDLERS, **SENTENCE_HANDLERS,
            **PROXIMITY_HANDLERS}


@cache
def _prepare() -> None:
    tk.set_vocabulary(set(ps.vocabulary()))


def lex(text: str) -> tuple[str, list[tk.Token]]:
    _prepare()
    norm = tk.normalise(text)
    return norm, tk.tokenize(norm)


def read(text: str, *, self_check: bool = True) -> Reading:
    """The reading of ``text`` (cached: the planner asks for the same claim several times)."""
    r = _read(text, self_check)
    return Reading(r.text, list(r.specs), r.refusal, r.nearest, r.about_tools, list(r.readings), r.derived)


@lru_cache(maxsize=256)
def _read(text: str, self_check: bool) -> Reading:
    norm, tokens = lex(text)
    if not tokens:
        return Reading(norm, refusal="the claim is empty", about_tools=False)
    try:
        trees = ps.derivations(tokens)
    except ps.Unreadable as e:
        return _unreadable(norm, tokens, e)
    notes = tuple(n for t in tokens for n in t.notes)
    results: list[list[Any]] = []
    errors: list[str] = []
    for tree in trees:
        try:
            frames = FrameBuilder(tokens, norm, _handlers()).transform(tree)
            specs = build_specs(frames, Context(norm, notes))
        except (FrameError, BuildRefusal) as err:
            errors.append(err.reason)
            continue
        if specs and specs not in results:
            results.append(specs)
    if not results:
        return Reading(norm, refusal=errors[0] if errors else "the claim states nothing the tools can test",
                       derived=True)
    if len(results) > 1:
        from agent.language.canonical_kinds import sentence

        shown = [" / ".join(sentence(s) for s in r) for r in results[:2]]
        return Reading(norm, refusal="the claim can be read in two ways: " + " | ".join(f"'{s}'" for s in shown),
                       readings=shown, derived=True)  # fmt: skip
    reading = Reading(norm, specs=results[0], derived=True)
    if self_check:
        from agent.language.selfcheck import check

        failure = check(reading.specs, read)
        if failure is not None:
            return Reading(norm, refusal=failure, derived=True)
    return reading


def _unreadable(text: str, tokens: list[tk.Token], e: ps.Unreadable) -> Reading:
    if e.index >= len(tokens):
        start = _clause_start(tokens, len(tokens) - 1) if tokens[-1].word in _BOUNDARY else len(tokens) - 1
        while start > 0 and tokens[start - 1].word not in _BOUNDARY:
            start -= 1
        span = text[tokens[start].start : tokens[-1].end]
        refusal = f"the claim ends before it states a value, comparison or state to test: could not read '{span}'"
    else:
        start = _clause_start(tokens, e.index)
        tok = tokens[start]
        end = e.index if start < e.index else _clause_end(tokens, e.index)
        span = text[tok.start : tokens[end - 1].end]
        refusal = f"could not read: '{span}'"
    reading = Reading(text, refusal=refusal, about_tools=about_tools(tokens))
    if e.index < len(tokens):
        reading.nearest = _nearest(text, tokens, e.index)
    return reading


_BOUNDARY = frozenset({",", ";", ".", "?"})


def _clause_start(tokens: list[tk.Token], i: int) -> int:
    """Where the unread span starts: at the token the grammar stopped on, or, when it stopped on
    punctuation ('Under pressure, ...'), at the start of the clause that punctuation closes."""
    if tokens[i].word not in _BOUNDARY:
        return i
    j = i - 1
    while j > 0 and tokens[j - 1].word not in _BOUNDARY:
        j -= 1
    return max(j, 0)


def _clause_end(tokens: list[tk.Token], i: int) -> int:
    """The unread span runs to the end of its clause (the next comma, semicolon or full stop)."""
    j = i + 1
    while j < len(tokens) and tokens[j].word not in {",", ";", "."}:
        j += 1
    return j


def _nearest(text: str, tokens: list[tk.Token], i: int) -> str | None:
    """A readable sentence left when the unread token, or its whole clause stretch, is deleted."""
    for end in (i + 1, _clause_end(tokens, i)):
        kept = tokens[:i] + tokens[end:]
        if not kept:
            continue
        rest = " ".join(text[t.start : t.end] for t in kept)
        r = read(rest, self_check=False)
        if r.ok:
            from agent.language.canonical_kinds import sentence

            return " ".join(sentence(s) for s in r.specs)
    return None


# The rules whose words name a property or predicate the tools compute.
_TOPIC_RULES = frozenset({
    "prop", "lattice_word", "cmp_adj", "shape", "polarity", "magnetic", "stability", "ductility", "sign",
    "formation_word", "rxn_sign", "better", "worse", "ground_word", "crystallise", "prefer", "sup_adj",
    "sup_prop", "rxn_quantity", "heating", "verb_claim", "transition", "vacancy_np", "vacancy_claim",
})  # fmt: skip
# Words that join a sentence together wherever they appear.
_FUNCTION_WORDS = frozenset({
    ",", ":", "<", ">", "=", "(", ")", "-", "'s", "a", "an", "the", "is", "are", "was", "be", "not", "no", "does",
    "do", "has", "have", "its", "their", "it", "they", "this", "that", "which", "than", "of", "in", "on", "at",
    "to", "for", "from", "into", "with", "by", "as", "and", "or", "but", "when", "if", "upon", "under", "over",
    "more", "less", "most", "least", "both", "all", "each", "among", "about", "will", "can", "may",
})  # fmt: skip


def _words_of(rules: frozenset[str]) -> set[str]:
    """The words the named rules derive directly or through inlined helper rules (parser.factored)."""
    p = ps.parser()
    literal = {t.name: t.pattern.value for t in p.terminals}
    expansions: dict[str, list[Any]] = {}
    for rule in p.rules:
        expansions.setdefault(str(rule.origin.name), []).append(rule.expansion)
    words: set[str] = set()
    todo = [name for name in expansions if name in rules]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for expansion in expansions.get(name, []):
            for sym in expansion:
                if sym.name in literal:
                    words.add(literal[sym.name])
                elif sym.name.startswith("_"):
                    todo.append(sym.name)
    return words


@cache
def _topic_words() -> frozenset[str]:
    """The words of the language that name a property or a predicate the tools compute: a claim
    with none of them is about something else (the literature's business, not a refusal)."""
    # Words that only name a property as part of a longer phrase ('band gap' is not a HOMO-LUMO
    # gap, 'surface chemistry' not a surface energy): on their own they route nothing.
    generic = {"of", "the", "a", "an", "in", "to", "than", "energy", "more", "less", "state", "structure",
               "phase", "and", "from", "into", "it", "is", "as", "when", "on", "with", "for", "gap", "constant",
               "constants", "length", "distance", "angle", "moment", "coefficient", "edge", "parameter",
               "parameters", "spacing", "cell", "free", "heat", "mass", "process", "reaction", "change",
               "changes", "goes", "cost", "electric", "permanent", "equilibrium", "v", "non", "energies", "shaped",
               "rises", "increasing", "upon", "forms", "forming", "creating", "surface", "bond", "elastic",
               "see", "saw", "t", "square", "form", "higher", "lower", "longer", "pressure", "temperature",
               "cubic", "easily", "costs", "harder", "difficult", "greatest", "biggest", "largest", "smallest",
               "highest", "lowest", "easier"}  # fmt: skip
    return frozenset(_words_of(_TOPIC_RULES) - generic - _FUNCTION_WORDS)


def about_tools(tokens: list[tk.Token]) -> bool:
    """Whether any word is one of the language's property or predicate words, or the claim names
    a structure, a bond, Miller indices, an elastic constant or a reaction equation; a property
    or predicate word counts when the claim also names a substance or a quantity."""
    topic = _topic_words()
    if any(t.kind in ("PROTO", "BOND", "TRIAD", "MILLER", "EQN", "CIJ") for t in tokens):
        return True
    # A property or predicate word about a substance the tools know ('Unicorns prefer green tea'
    # is not a polymorph claim).
    names = any(t.kind == "SUB" or t.kind.startswith("Q_") for t in tokens)
    return names and any(t.word in topic for t in tokens)
