"""The campaign's data: candidates, pairwise comparisons, the ranked result. Plain data (they
serialize, they do not compute); rendering lives in agent/campaign/report.py."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.results import Verdict

Novelty = Literal["known", "not found in your index", "no index", "unchecked"]
Origin = Literal["generated", "refined", "model", "model-refined"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CampaignCandidate(_Data):
    """One hypothesis of a campaign, from generation to its verdict."""

    id: str
    claim: str
    rationale: str = ""
    predictions: list[str] = Field(default_factory=list)
    origin: Origin = "generated"
    round: int = 1
    parent: str | None = Field(None, description="The candidate this one was refined from.")
    tested_as: str | None = Field(
        None, description="The typed spec's canonical sentence, if the claim parses."
    )
    duplicate_of: str | None = Field(None, description="Merged into this candidate (same tested spec).")
    near_duplicate_of: str | None = Field(
        None, description="Merged into this candidate (embedding similarity)."
    )
    similarity: float | None = None
    novelty: Novelty = "unchecked"
    novelty_passage: str | None = Field(None, description="Citation key of the passage that states it.")
    figure: float | None = Field(
        None, description="The screen's figure relative to the goal (higher is better)."
    )
    figure_unit: str = ""
    figure_basis: str = ""
    screen_error: str | None = None
    rating: float | None = Field(None, description="Bradley-Terry log-strength (0 = average).")
    rank: int | None = None
    verdict: Verdict | None = None

    @property
    def merged(self) -> bool:
        return self.duplicate_of is not None or self.near_duplicate_of is not None


class Comparison(_Data):
    """One pairwise judgement of the tournament."""

    round: int
    a: str
    b: str
    winner: Literal["a", "b", "tie"]
    judge: Literal["screen", "model"]
    reason: str = ""


class ScreenStats(_Data):
    """What the cheap screen cost."""

    calculator: str = ""
    structures: int = 0
    wall_s: float = 0.0
    batched: bool = True


class CampaignResult(_Data):
    """Everything one campaign produced, ranked best first."""

    read_as: str | None = Field(
        None, description="The goal as the reader read it, rendered from its typed spec (offline goals)."
    )
    goal: str
    shape: str = Field(description="Which goal shape the generator read (or 'model').")
    description: str = ""
    rounds: int = 1
    test_top: int = 0
    candidates: list[CampaignCandidate] = Field(default_factory=list)
    comparisons: list[Comparison] = Field(default_factory=list)
    screens: list[ScreenStats] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    tool_runs: int = Field(0, description="Tool runs of the stress tests of the top K.")
    wall_s: float = 0.0
    run_id: str | None = None

    def ranked(self) -> list[CampaignCandidate]:
        """Candidates in the tournament, best first (merged and unscreened ones left out)."""
        return sorted((c for c in self.candidates if c.rank is not None), key=lambda c: c.rank or 0)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def figure(self) -> Any:
        """A matplotlib bar chart of the screen's figure per candidate (rank order)."""
        from agent.campaign.report import screen_figure

        return screen_figure(self)

    def _repr_html_(self) -> str:
        from agent.campaign.report import campaign_html

        return campaign_html(self)
