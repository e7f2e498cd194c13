"""Merging duplicates: the same tested spec is a duplicate; otherwise an embedding similarity
(the bundled sentence-transformers model, offline) at or above ``threshold`` is a near-duplicate.

Two claims whose typed specs differ are never merged, however similar their sentences: "KCl is
more stable in CsCl-type" and "RbCl is more stable in CsCl-type" embed almost identically (cosine
~0.9) but are different tests. The embedding decides only where a spec cannot (a claim the
planner does not parse: a model's paraphrase of another proposal).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from agent.campaign.models import CampaignCandidate

if TYPE_CHECKING:
    import numpy as np

NEAR_DUPLICATE = 0.9
Embed = Callable[[Sequence[str]], "np.ndarray"]


def embedder(model_name: str) -> Embed:
    """Normalised claim embeddings with the literature index's model (HF_HUB_OFFLINE)."""
    from retrieval.embeddings import get_encoder

    return get_encoder(model_name).encode_batch


def mark_duplicates(cands: list[CampaignCandidate], embed: Embed | None,
                    threshold: float = NEAR_DUPLICATE) -> list[str]:  # fmt: skip
    """Mark each later duplicate in place (``duplicate_of`` / ``near_duplicate_of``), keeping the
    first; merged candidates' predictions are added to the kept one. Returns notes."""
    notes: list[str] = []
    by_spec: dict[str, CampaignCandidate] = {}
    live = [c for c in cands if not c.merged]
    for c in live:
        if c.tested_as and c.tested_as in by_spec:
            keep = by_spec[c.tested_as]
            c.duplicate_of = keep.id
            _absorb(keep, c)
            notes.append(f"{c.id} duplicates {keep.id} (same test: {c.tested_as})")
        elif c.tested_as:
            by_spec[c.tested_as] = c
    live = [c for c in live if not c.merged]
    if embed is None or len(live) < 2:
        return notes
    vecs = embed([c.claim for c in live])
    sims = vecs @ vecs.T
    for j, c in enumerate(live):
        for i in range(j):
            keep = live[i]
            if keep.merged or (keep.tested_as and c.tested_as):
                continue  # both typed and different specs: different tests
            if float(sims[i, j]) >= threshold:
                c.near_duplicate_of, c.similarity = keep.id, round(float(sims[i, j]), 4)
                _absorb(keep, c)
                notes.append(f"{c.id} near-duplicates {keep.id} (cosine {c.similarity:.3f})")
                break
    return notes


def _absorb(keep: CampaignCandidate, dup: CampaignCandidate) -> None:
    keep.predictions = list(dict.fromkeys([*keep.predictions, *dup.predictions]))
