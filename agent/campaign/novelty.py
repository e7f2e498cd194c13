"""Novelty: each candidate searched in the literature index. A passage that names the material
and the claim's subject (its structure or property) marks it "known", with the passage's
citation key; known candidates stay in the campaign, labelled. No index: "no index"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from agent.campaign.models import CampaignCandidate
from agent.language import lexicon as lx
from agent.language import mentions as mn

if TYPE_CHECKING:
    from agent.settings import Settings

_K = 5


def check_novelty(cands: list[CampaignCandidate], settings: Settings) -> list[str]:
    """Set ``novelty`` (and ``novelty_passage``) on every unmerged candidate; returns notes."""
    from retrieval.errors import IndexNotFound, RetrievalError
    from retrieval.tool import search_passages

    for c in (c for c in cands if not c.merged):
        try:
            hits = search_passages(c.claim, k=_K, index_path=settings.index_path, settings=settings.retrieval)
        except IndexNotFound:
            for d in cands:
                d.novelty = "no index"
            return [f"Novelty not checked: no literature index at {settings.index_path}."]
        except RetrievalError as e:
            return [f"Novelty not checked: {e}"]
        hit = next((h for h in hits if not h.get("flags") and states(c.claim, h)), None)
        c.novelty, c.novelty_passage = (
            ("known", hit["citation"]) if hit else ("not found in your index", None)
        )
    return []


def states(claim: str, passage: dict[str, Any]) -> bool:
    """Does the passage name the claim's material(s) and its subject (a structure or property)?"""
    text = f"{passage.get('title', '')} {passage.get('text', '')}"
    g = mn.normalize(claim)
    mats = [m.value for m in mn.materials(g)[0]]
    if not mats or not all(re.search(rf"(?<![A-Za-z]){re.escape(m)}(?![a-z])", text) for m in mats[:1]):
        return False
    subjects = [p.value for p in mn.prototypes(g)]
    words = [w for p in subjects for w in lx.PROTOTYPE_ALIASES.get(p, ())]
    words += [w for w in ("bulk modul", "lattice (?:constant|parameter)") if re.search(w, g, re.I)]
    return any(re.search(rf"\b{w}", text, re.I) for w in words) if words else False
