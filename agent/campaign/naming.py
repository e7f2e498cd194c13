"""The material a candidate's claim is about (the first formula it names)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.language import mentions as mn

if TYPE_CHECKING:
    from agent.campaign.models import CampaignCandidate


def formula_of(c: CampaignCandidate) -> str | None:
    mats = mn.materials(mn.normalize(c.claim))[0]
    return mats[0].value if mats else None
