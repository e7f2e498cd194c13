"""Prompt templates as text files, with a loader that checks their variables.

Templates use ``{name}`` placeholders (str.format syntax). :func:`render` refuses to fill a
template when the caller's variables differ from the template's, so a renamed placeholder fails
a test instead of silently sending a half-filled prompt to the model.
"""

from __future__ import annotations

import hashlib
import string
from functools import cache
from importlib import resources

TEMPLATES = ("system", "research", "stress_review", "verdict", "propose", "answer", "formalize", "formalize_json")


class PromptError(ValueError):
    """Raised when a template is missing or its variables do not match what the code fills."""


@cache
def load(name: str) -> str:
    """The raw text of template ``name`` (``prompts/<name>.txt``)."""
    if name not in TEMPLATES:
        raise PromptError(f"unknown prompt template {name!r}; known: {', '.join(TEMPLATES)}")
    return resources.files(__package__).joinpath(f"{name}.txt").read_text(encoding="utf-8")


def variables(name: str) -> frozenset[str]:
    """The placeholder names template ``name`` uses."""
    return frozenset(f for _, f, _, _ in string.Formatter().parse(load(name)) if f)


def render(name: str, **values: object) -> str:
    """Fill template ``name``; the keys of ``values`` must equal its placeholders exactly."""
    expected = variables(name)
    given = frozenset(values)
    if given != expected:
        missing = ", ".join(sorted(expected - given)) or "-"
        extra = ", ".join(sorted(given - expected)) or "-"
        raise PromptError(f"prompt {name!r}: missing variables [{missing}], unexpected [{extra}]")
    return load(name).format(**values)


def template_hashes() -> dict[str, str]:
    """sha256 of every template, recorded in each run's manifest."""
    return {n: hashlib.sha256(load(n).encode()).hexdigest() for n in TEMPLATES}
