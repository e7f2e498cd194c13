"""A small, forgiving BibTeX parser: enough for reference-manager exports (Zotero, Mendeley,
JabRef). Nested braces, quoted values, numbers, ``@string`` macros and ``#`` concatenation are
handled; ``@comment`` and ``@preamble`` are ignored. Malformed entries are reported with their
line number and parsing resumes at the next ``@``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ENTRY_START = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")
_IGNORED = {"comment", "preamble"}
_MONTHS = {m: m for m in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")}


class BibSyntaxError(ValueError):
    """A malformed entry; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class BibEntry:
    type: str
    key: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class _Cursor:
    text: str
    pos: int

    def skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def line(self) -> int:
        return self.text.count("\n", 0, self.pos) + 1


def parse_bibtex(text: str) -> tuple[list[BibEntry], list[BibSyntaxError]]:
    """Parse ``text``; returns the good entries and the errors of the bad ones."""
    entries: list[BibEntry] = []
    errors: list[BibSyntaxError] = []
    macros: dict[str, str] = dict(_MONTHS)
    pos = 0
    while (m := _ENTRY_START.search(text, pos)) is not None:
        kind = m.group(1).lower()
        cur = _Cursor(text, m.end())
        close = "}" if m.group(2) == "{" else ")"
        try:
            if kind in _IGNORED:
                _skip_balanced(cur, close)
            elif kind == "string":
                name, value = _parse_field(cur, macros)
                macros[name] = value
                _skip_balanced(cur, close)
            else:
                entries.append(_parse_entry(cur, kind, close, macros, text.count("\n", 0, m.start()) + 1))
            pos = cur.pos
        except BibSyntaxError as e:
            # Report where the entry starts (that is where a user looks), and resume after it.
            errors.append(BibSyntaxError(text.count("\n", 0, m.start()) + 1, f"@{kind}: {e}"))
            pos = m.end()
    return entries, errors


def _parse_entry(cur: _Cursor, kind: str, close: str, macros: dict[str, str], line: int) -> BibEntry:
    cur.skip_ws()
    start = cur.pos
    while cur.pos < len(cur.text) and cur.text[cur.pos] not in ",}) \n\t\r":
        cur.pos += 1
    key = cur.text[start : cur.pos].strip()
    if not key:
        raise BibSyntaxError(line, f"@{kind} entry without a citation key")
    entry = BibEntry(type=kind, key=key, line=line)
    while True:
        cur.skip_ws()
        ch = cur.peek()
        if ch == ",":
            cur.pos += 1
            continue
        if ch == close:
            cur.pos += 1
            return entry
        if ch == "" or ch == "@":
            raise BibSyntaxError(line, f"entry {key!r} is not closed")
        name, value = _parse_field(cur, macros)
        entry.fields[name] = value


def _parse_field(cur: _Cursor, macros: dict[str, str]) -> tuple[str, str]:
    cur.skip_ws()
    m = re.compile(r"([A-Za-z][\w\-:.+]*)\s*=").match(cur.text, cur.pos)
    if m is None:
        raise BibSyntaxError(cur.line(), f"expected 'name = value' near {cur.text[cur.pos : cur.pos + 20]!r}")
    cur.pos = m.end()
    parts: list[str] = []
    while True:
        cur.skip_ws()
        parts.append(_parse_value(cur, macros))
        cur.skip_ws()
        if cur.peek() != "#":
            break
        cur.pos += 1
    return m.group(1).lower(), "".join(parts)


def _parse_value(cur: _Cursor, macros: dict[str, str]) -> str:
    ch = cur.peek()
    if ch == "{":
        cur.pos += 1
        start = cur.pos
        _skip_balanced(cur, "}")
        return cur.text[start : cur.pos - 1]
    if ch == '"':
        start = cur.pos + 1
        depth = 0
        cur.pos += 1
        while cur.pos < len(cur.text):
            c = cur.text[cur.pos]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            elif c == '"' and depth == 0 and cur.text[cur.pos - 1] != "\\":
                cur.pos += 1
                return cur.text[start : cur.pos - 1]
            cur.pos += 1
        raise BibSyntaxError(cur.line(), "unterminated quoted value")
    m = re.compile(r"[\w\-.:]+").match(cur.text, cur.pos)
    if m is None:
        raise BibSyntaxError(cur.line(), f"expected a value near {cur.text[cur.pos : cur.pos + 20]!r}")
    cur.pos = m.end()
    word = m.group(0)
    return word if word.isdigit() else macros.get(word.lower(), word)


def _skip_balanced(cur: _Cursor, close: str) -> None:
    """Advance past the ``close`` that balances the already-consumed opener."""
    opener = "{" if close == "}" else "("
    depth = 1
    while cur.pos < len(cur.text):
        c = cur.text[cur.pos]
        cur.pos += 1
        if c == "\\":
            cur.pos += 1
        elif c == opener:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return
    raise BibSyntaxError(cur.line(), "unbalanced braces")


_LATEX_ACCENT = re.compile(r"\\[`'^\"~=.uvHckbdr]\s*\{?([A-Za-z])\}?")
_LATEX_CMD = re.compile(r"\\(?:textit|textbf|emph|mathrm|mathit|text|it|bf|em)\s*")


def clean_latex(value: str) -> str:
    """Strip the LaTeX markup that reference managers put in titles and abstracts."""
    s = _LATEX_ACCENT.sub(r"\1", value)
    s = _LATEX_CMD.sub("", s)
    s = s.replace(r"\&", "&").replace(r"\%", "%").replace(r"\_", "_").replace("~", " ").replace("--", "-")
    s = s.replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", s).strip()


def split_authors(value: str) -> list[str]:
    """``"Doe, Jane and Roe, R."`` -> ``["Jane Doe", "R. Roe"]``."""
    out = []
    for name in re.split(r"\s+and\s+", clean_latex(value)):
        name = name.strip()
        if not name:
            continue
        if "," in name:
            last, _, first = name.partition(",")
            name = f"{first.strip()} {last.strip()}".strip()
        out.append(name)
    return out
