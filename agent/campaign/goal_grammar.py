"""The goal head grammar (goal_head.lark plus family rules generated from
agent/campaign/families.py) and its parser over the goal's words.

A goal's words are lexed here, not by the claim lexer: family names carry hyphenated words
('III-V', 'alkaline-earth', '3d') the claim lexer would split into substances. A word is a
substance (terminal SUB) when the claim lexer reads it as exactly one substance and the head
grammar has no such word; the predicate after the head is left to the claim reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from agent.campaign import families as fm

GRAMMAR = Path(__file__).with_name("goal_head.lark")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*|[,:]")


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    kind: str  # a terminal name of the head grammar, 'SUB', or '' (no word of the head)
    formula: str | None = None


def _phrase(name: str, noun: bool = True) -> str:
    """A family name as grammar items: a hyphenated word may also be written as separate words
    (unless a part is a substance name: 'platinum group' would read 'platinum' as Pt), and the
    last word may be singular."""
    words = name.lower().split()
    items = []
    for w in words[:-1] if noun else words:
        alts = [f'"{w}"']
        parts = w.split("-")
        if len(parts) > 1 and not any(_substance(p) for p in parts):
            alts.append(" ".join(f'"{p}"' for p in parts))
        items.append(f"({' | '.join(alts)})" if len(alts) > 1 else alts[0])
    if noun:
        last = words[-1]
        items.append(f'("{last}" | "{last.removesuffix("s")}")')
    return " ".join(items)


def _family_rules() -> str:
    """Rule text for every family of families.py, one named rule per family (its index)."""
    lines = ["family: " + " | ".join(
        [f"elem_{i}" for i in range(len(fm.ELEMENT_FAMILIES))]
        + ["cation anion"] + [f"binary_{i}" for i in range(len(fm.BINARY_FAMILIES))]
        + [f"mol_{i}" for i in range(len(fm.MOLECULE_FAMILIES))])]  # fmt: skip
    lines += [f"elem_{i}: {_phrase(name)}" for i, name in enumerate(fm.ELEMENT_FAMILIES)]
    lines += [f"mol_{i}: {_phrase(name)}" for i, name in enumerate(fm.MOLECULE_FAMILIES)]
    lines.append("cation: " + " | ".join(f"cat_{i}" for i in range(len(fm.CATIONS))))
    lines += [f"cat_{i}: {_phrase(name, noun=False)}" for i, name in enumerate(fm.CATIONS)]
    lines.append("anion: " + " | ".join(f"an_{i}" for i in range(len(fm.ANIONS))))
    lines += [f'an_{i}: "{name}s" | "{name}"' for i, name in enumerate(fm.ANIONS)]
    kinds = '("compounds" | "compound" | "semiconductors" | "semiconductor")'
    lines += [f'binary_{i}: "{name.lower()}" {kinds}' for i, name in enumerate(fm.BINARY_FAMILIES)]
    return "\n".join(lines)


@cache
def parser() -> Any:
    from lark import Lark

    from agent.language.parser import token_feed

    text = GRAMMAR.read_text(encoding="utf-8") + "\n" + _family_rules() + "\n"
    return Lark(text, parser="earley", lexer=token_feed(), ambiguity="resolve")


@cache
def vocabulary() -> dict[str, str]:
    """Each literal word of the head grammar -> its terminal name."""
    return {t.pattern.value: t.name for t in parser().terminals if t.pattern.type == "str"}


@cache
def _substance(word: str) -> str | None:
    """The formula of a word the claim lexer reads as exactly one substance: its crystal formula,
    or for a molecule only ('water', 'H2'), its G2 name, which the claim lexer reads back as it."""
    from agent.language.reader import lex

    _, toks = lex(word)
    if len(toks) != 1 or toks[0].kind != "SUB":
        return None
    return toks[0].value.formula or toks[0].value.molecule


def words(goal: str) -> list[Word]:
    """The goal's words; a reaction equation is one word (kind EQN, its equation as the claim
    lexer reads it), found by the claim lexer so that both grammars see the same equation."""
    vocab = vocabulary()
    equations = _equations(goal)
    out = [Word(goal[a:b], a, b, "EQN", eq) for a, b, eq in equations]
    for m in _WORD.finditer(goal):
        if any(a <= m.start() < b for a, b, _ in equations):
            continue
        low = m.group(0).lower()
        formula = None if low in vocab else _substance(m.group(0))
        kind = "SUB" if formula else vocab.get(low, "")
        out.append(Word(m.group(0), m.start(), m.end(), kind, formula))
    return sorted(out, key=lambda w: w.start)


def _equations(goal: str) -> list[tuple[int, int, str]]:
    """(start, end, equation) of every reaction equation the claim lexer finds in ``goal``."""
    from agent.language.reader import lex

    norm, toks = lex(goal)
    if norm != goal:  # spans are the normalised text's; the goal reader passes it normalised
        return []
    return [(t.start, t.end, str(t.value)) for t in toks if t.kind == "EQN"]


class HeadError(Exception):
    """The head grammar cannot continue at word ``index`` (== len(words): it ended too soon)."""

    def __init__(self, index: int) -> None:
        super().__init__(f"cannot read word {index}")
        self.index = index


def parse_head(ws: list[Word]) -> Any:
    """The derivation of ``ws`` as a whole head, or :class:`HeadError`."""
    from lark import Token
    from lark.exceptions import UnexpectedEOF, UnexpectedInput, UnexpectedToken

    feed = []
    for i, w in enumerate(ws):
        if not w.kind:
            raise HeadError(i)
        feed.append(Token(w.kind, w.formula or w.text.lower(), start_pos=i, end_pos=i + 1, line=1, column=i + 1))
    if not feed:
        raise HeadError(0)
    try:
        return parser().parse(feed)
    except UnexpectedEOF as e:
        raise HeadError(len(ws)) from e
    except UnexpectedToken as e:
        raise HeadError(e.token.start_pos if isinstance(e.token.start_pos, int) else len(ws)) from e
    except UnexpectedInput as e:
        raise HeadError(len(ws)) from e


def family_of(tree: Any) -> fm.Family:
    """The candidate set a head derivation names."""
    cand = next(tree.find_data("candidates"))
    reactions = list(cand.find_data("reactions"))
    if reactions:
        return fm.listed_reactions([str(t) for t in reactions[0].children if getattr(t, "type", "") == "EQN"])
    listed = list(cand.find_data("listed"))
    if listed:
        return fm.listed([str(t) for t in listed[0].children if getattr(t, "type", "") == "SUB"])
    fam = next(cand.find_data("family")).children
    names = [c.data for c in fam]
    if names[0].startswith("elem_"):
        return fm.element_family(list(fm.ELEMENT_FAMILIES)[int(names[0][5:])])
    if names[0].startswith("mol_"):
        return fm.molecule_family(list(fm.MOLECULE_FAMILIES)[int(names[0][4:])])
    if names[0].startswith("binary_"):
        return fm.binary_family(list(fm.BINARY_FAMILIES)[int(names[0][7:])])
    cat = int(next(fam[0].find_pred(lambda t: t.data.startswith("cat_"))).data[4:])
    an = int(next(fam[1].find_pred(lambda t: t.data.startswith("an_"))).data[3:])
    return fm.compound_family(list(fm.CATIONS)[cat], list(fm.ANIONS)[an])


def frame_of(tree: Any) -> str:
    frames = [t.data for t in tree.children if hasattr(t, "data") and t.data in ("which", "which_of", "find", "rank")]
    return {"which_of": "which"}.get(frames[0], frames[0]) if frames else "which"


def connector_of(tree: Any) -> str | None:
    if tree.data == "variable":
        return "variable"
    return next((t.data for t in tree.children if hasattr(t, "data") and t.data in ("with", "that")), None)
