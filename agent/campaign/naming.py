"""The material a candidate's claim is about (the first formula it names), and the label a
candidate is shown and scored by (a reaction's equation, else that formula)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.language import mentions as mn

if TYPE_CHECKING:
    from agent.campaign.models import CampaignCandidate


def formula_of(c: CampaignCandidate) -> str | None:
    mats = mn.materials(mn.normalize(c.claim))[0]
    return mats[0].value if mats else None


def label_of(c: CampaignCandidate) -> str | None:
    """The reaction equation a candidate's claim names (the claim lexer's equation token), else
    its material: a reaction's first species does not tell two reactions apart."""
    from agent.language.reader import lex

    equations = [t.value for t in lex(c.claim)[1] if t.kind == "EQN"]
    return str(equations[0]) if equations else formula_of(c)
