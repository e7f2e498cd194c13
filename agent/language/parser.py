"""The Earley parser of the claim language (Lark), fed by the claim lexer.

``derivations(tokens)`` returns every derivation of the whole token sequence (Lark's explicit
ambiguity, collapsed into separate trees), or raises :class:`Unreadable` naming the first token
the grammar could not continue with. The reader turns several derivations with different specs
into a refusal that shows both readings.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from agent.language.tokens import Token

GRAMMAR = Path(__file__).with_name("claims.lark")
MAX_DERIVATIONS = 32


class Unreadable(Exception):
    """The grammar cannot derive the token at ``index`` (or, with ``index`` == len(tokens), the
    sentence ends before it is complete); ``expected`` names what it could have continued with."""

    def __init__(self, index: int, expected: list[str]) -> None:
        super().__init__(f"cannot read token {index}")
        self.index = index
        self.expected = expected


@cache
def token_feed() -> Any:
    """A Lark lexer class that hands already-made tokens to the parser unchanged: the claim
    lexer's, or the goal reader's words (agent/campaign/goal_grammar.py)."""
    from lark.lexer import Lexer

    class _Feed(Lexer):
        def __init__(self, conf: Any) -> None:
            pass

        def lex(self, data: Any, *args: Any) -> Any:  # noqa: ARG002 - Lark's signature
            yield from data

    return _Feed


@cache
def parser() -> Any:
    from lark import Lark

    return Lark(
        factored(GRAMMAR.read_text(encoding="utf-8")),
        parser="earley",
        lexer=token_feed(),
        ambiguity="explicit",
        propagate_positions=True,
    )


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_OPTIONAL_ATOM = re.compile(r"(?<![\w§])([A-Za-z_]\w*|§\d+§)\?")
_GROUP = re.compile(r"\(([^()]*)\)")


def factored(grammar: str) -> str:
    """The grammar with every optional item and every parenthesised group made a rule of its own
    (named with a leading underscore, so Lark inlines it and the trees are unchanged).

    Lark turns ``a b? (c | d) e?`` into every combination of its parts (here 8 rules), and Earley
    predicts all of them at each position: on this grammar that was ~180,000 items and 0.3 s for a
    14-word claim. Factored, each part is predicted once (~0.04 s). The grammar file stays written
    the readable way.
    """
    strings: list[str] = []

    def hide(m: re.Match[str]) -> str:
        strings.append(m.group(0))
        return f"§{len(strings) - 1}§"

    lines = [ln if ln.lstrip().startswith("%") else _STRING.sub(hide, ln) for ln in grammar.splitlines()]
    text = "\n".join(re.sub(r"//.*$", "", ln) for ln in lines)  # comments go: their words are no rules
    helpers: dict[str, str] = {}

    def helper(body: str) -> str:
        for name, existing in helpers.items():
            if existing == body:
                return name
        name = f"_f{len(helpers)}"
        helpers[name] = body
        return name

    text = _OPTIONAL_ATOM.sub(lambda m: helper(f"{m.group(1)}?"), text)
    while True:
        new = _GROUP.sub(lambda m: m.group(0) if "->" in m.group(1) else helper(m.group(1).strip()), text)
        new = re.sub(r"(_f\d+)\?", lambda m: helper(f"{m.group(1)}?"), new)
        if new == text:
            break
        text = new
    text += "\n" + "\n".join(f"{name}: {body}" for name, body in helpers.items()) + "\n"
    return re.sub(r"§(\d+)§", lambda m: strings[int(m.group(1))], text)


@cache
def vocabulary() -> dict[str, str]:
    """Each word of the language -> its terminal name (entity terminals are not words)."""
    out: dict[str, str] = {}
    for t in parser().terminals:
        pattern = t.pattern
        if pattern.type == "str" and not t.name.isupper() or pattern.value != t.name:
            out[pattern.value] = t.name
    return out


def _lark_tokens(tokens: list[Token]) -> list[Any]:
    from lark import Token as LarkToken

    words = vocabulary()
    feed = []
    for i, tok in enumerate(tokens):
        name = tok.kind if tok.kind != "WORD" else words.get(tok.word)
        if name is None:
            raise Unreadable(i, [])
        feed.append(
            LarkToken(name, tok.word, start_pos=i, line=1, column=i + 1, end_line=1, end_column=i + 2, end_pos=i + 1)
        )
    return feed


def derivations(tokens: list[Token]) -> list[Any]:
    """Every derivation tree of the whole sentence(s) (at most ``MAX_DERIVATIONS``)."""
    from lark.exceptions import UnexpectedEOF, UnexpectedInput, UnexpectedToken
    from lark.visitors import CollapseAmbiguities

    feed = _lark_tokens(tokens)
    if not feed:
        raise Unreadable(0, [])
    try:
        tree = parser().parse(feed)
    except UnexpectedEOF as e:
        raise Unreadable(len(tokens), sorted(e.expected)) from e
    except UnexpectedToken as e:
        index = e.token.start_pos if isinstance(e.token.start_pos, int) else len(tokens)
        raise Unreadable(index, sorted(e.expected)) from e
    except UnexpectedInput as e:
        raise Unreadable(len(tokens), []) from e
    trees = CollapseAmbiguities().transform(tree)
    return list(trees)[:MAX_DERIVATIONS]
