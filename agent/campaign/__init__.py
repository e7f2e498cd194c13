"""Hypothesis campaigns (issue #15): generate many candidates, merge duplicates, check novelty
against the literature index, screen cheaply, rank by a Bradley-Terry tournament of pairwise
comparisons, refine the survivors over rounds, and stress-test the top K."""

from __future__ import annotations

from agent.campaign.campaign import as_hypotheses, check_options, run_campaign
from agent.campaign.goal_reader import read_goal
from agent.campaign.grammar import SHAPES, GoalRefused
from agent.campaign.models import CampaignCandidate, CampaignResult, Comparison

__all__ = ["SHAPES", "CampaignCandidate", "CampaignResult", "Comparison", "GoalRefused", "as_hypotheses",
           "check_options", "read_goal", "run_campaign"]  # fmt: skip
