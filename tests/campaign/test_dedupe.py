"""Duplicates: the same tested spec merges; embedding similarity merges only claims a spec
cannot tell apart; the bundled model really separates paraphrases from different materials."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from agent.campaign.dedupe import embedder, mark_duplicates
from agent.campaign.models import CampaignCandidate
from agent.language import kinds
from agent.planner import parse_claim
from agent.settings import Settings


def cand(cid: str, claim: str) -> CampaignCandidate:
    spec = parse_claim(claim, literature=False)
    return CampaignCandidate(id=cid, claim=claim, predictions=[f"p-{cid}"],
                             tested_as=kinds.tested_as(spec) if spec is not None else None)  # fmt: skip


def fake_embed(groups: dict[str, int]) -> object:
    def embed(texts: Sequence[str]) -> np.ndarray:
        return np.array([np.eye(4)[groups[t]] for t in texts], dtype=np.float32)

    return embed


def test_same_spec_is_a_duplicate_and_its_predictions_are_kept() -> None:
    cs = [cand("c1", "Pt has a larger bulk modulus than Cu."), cand("c2", "Platinum has a larger bulk modulus than copper."),
          cand("c3", "Au has a larger bulk modulus than Cu.")]  # fmt: skip
    notes = mark_duplicates(cs, None)
    assert cs[1].duplicate_of == "c1" and not cs[0].merged and not cs[2].merged
    assert cs[0].predictions == ["p-c1", "p-c2"] and "same test" in notes[0]


def test_embedding_merges_untyped_paraphrases_but_never_different_specs() -> None:
    a, b = "Gold nanoparticles catalyse CO oxidation.", "Gold clusters catalyse CO oxidation."
    x, y = (
        "KCl is more stable in the CsCl-type structure than in rock-salt.",
        "RbCl is more stable in the CsCl-type structure than in rock-salt.",
    )
    cs = [cand("c1", a), cand("c2", b), cand("c3", x), cand("c4", y)]
    assert cs[0].tested_as is None and cs[2].tested_as and cs[3].tested_as
    embed = fake_embed({a: 0, b: 0, x: 1, y: 1})  # identical vectors within each pair
    notes = mark_duplicates(cs, embed)  # type: ignore[arg-type]
    assert cs[1].near_duplicate_of == "c1" and cs[1].similarity == pytest.approx(1.0)
    assert not cs[3].merged, "two different typed specs must stay two candidates"
    assert len(notes) == 1


@pytest.mark.slow  # loading the bundled model: ~5 s alone, over a minute on a busy machine
def test_bundled_model_separates_paraphrases_from_other_claims() -> None:
    embed = embedder(Settings.load().retrieval.embedding_model)
    cs = [cand("c1", "Gold nanoparticles catalyse CO oxidation at room temperature."),
          cand("c2", "Gold nanoparticles catalyze the oxidation of CO at room temperature."),
          cand("c3", "Silver nanoparticles catalyse ethylene epoxidation.")]  # fmt: skip
    mark_duplicates(cs, embed)
    assert cs[1].near_duplicate_of == "c1" and (cs[1].similarity or 0) > 0.9
    assert not cs[2].merged
