"""The Earley parser of the claim language (Lark), fed by the claim lexer.

``derivations(tokens)`` returns every derivation of the whole token sequence (Lark's explicit
ambiguity, collapsed into separate trees), or raises :class:`Unreadable` naming the first token
the grammar could not continue with. The reader turns several derivations with different specs
into a refusal that shows both readings.
"""

from __future__ import annotations

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
def parser() -> Any:
    from lark import Lark
    from lark.lexer import Lexer

    class _Feed(Lexer):
        """Hands the claim lexer's tokens to Lark unchanged."""

        def __init__(self, conf: Any) -> None:
            pass

        def lex(self, data: Any, *args: Any) -> Any:  # noqa: ARG002 - Lark's signature
            yield from data

    return Lark(
        GRAMMAR.read_text(encoding="utf-8"),
        parser="earley",
        lexer=_Feed,
        ambiguity="explicit",
        propagate_positions=True,
    )


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
