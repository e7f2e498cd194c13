"""Frames -> claim specs: check each frame against what the tools represent and build its spec,
or refuse it with the reason and the span it came from.

A frame can be well-formed English and still name something no test represents (a molecule the
tools cannot build, a temperature on a 0 K crystal property, a bulk modulus given in Å): those
are refused here, with what was read, never tested as something else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agent.language import kind_builders as kb
from agent.language.frames import Condition, Entity, Frame
from agent.language.proximity_rules import build_near


class BuildRefusal(Exception):
    """A frame the tools cannot represent; ``span`` is its token range."""

    def __init__(self, reason: str, span: tuple[int, int]) -> None:
        super().__init__(reason)
        self.reason = reason
        self.span = span


@dataclass(frozen=True)
class Context:
    """What every spec of one claim shares: its text and the notes shown in "Tested as"."""

    text: str
    notes: tuple[str, ...]


def resolve_pronouns(frames: list[Frame]) -> list[Frame]:
    """'it', 'its', 'this' refer to the first substance the claim names."""
    antecedent = next((e for f in frames for e in _entities(f) if not e.pronoun), None)
    for f in frames:
        for key, value in list(f.args.items()):
            if isinstance(value, Entity) and value.pronoun:
                if antecedent is None:
                    raise BuildRefusal(f"'{value.text}' refers to nothing the claim names", f.span)
                f.args[key] = antecedent
    return frames


def _entities(f: Frame) -> list[Entity]:
    return [v for v in f.args.values() if isinstance(v, Entity)]


# The proximity frames' builder lives with their rules (kind_builders.py is at its size limit).
_BUILDERS = {**kb.BUILDERS, "near": build_near}


def build_specs(frames: list[Frame], ctx: Context) -> list[Any]:
    """One spec per frame (duplicates removed), or BuildRefusal."""
    specs: list[Any] = []
    for f in resolve_pronouns(frames):
        notes = list(ctx.notes) + [f"hedged in the claim: '{h}' (the statement itself is tested)" for h in f.hedges]
        try:
            built = _BUILDERS[f.kind](f, kb.Args(ctx.text, notes, _conditions(f)))
        except kb.Unrepresented as e:
            raise BuildRefusal(e.reason, f.span) from e
        for spec in built if isinstance(built, list) else [built]:
            if spec not in specs:
                specs.append(spec)
    return specs


def _conditions(f: Frame) -> list[Condition]:
    seen: list[Condition] = []
    for c in f.conditions:
        if c not in seen:
            seen.append(c)
    return seen
