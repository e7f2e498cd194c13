"""Bradley-Terry by MM iterations: known strengths are recovered from simulated games; the pair
schedule; the offline judge's ties."""

from __future__ import annotations

import math
import random

import pytest

from agent.campaign.models import Comparison
from agent.campaign.tournament import bradley_terry, games_of, judge_by_figures, pairs


def simulate(strengths: dict[str, float], rounds: int, seed: int = 7) -> list[tuple[str, str, float]]:
    rng = random.Random(seed)
    names = list(strengths)
    games = []
    for _ in range(rounds):
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                pa = strengths[a] / (strengths[a] + strengths[b])
                games.append((a, b, 1.0 if rng.random() < pa else 0.0))
    return games


def test_known_strengths_are_recovered() -> None:
    truth = {"a": 8.0, "b": 4.0, "c": 2.0, "d": 1.0, "e": 0.5}
    got = bradley_terry(list(truth), simulate(truth, 400))
    assert sorted(got, key=lambda k: -got[k]) == ["a", "b", "c", "d", "e"]
    mean = sum(math.log(v) for v in truth.values()) / len(truth)
    for k, v in truth.items():  # log-strengths within 0.15 of the truth after 4000 games
        assert got[k] == pytest.approx(math.log(v) - mean, abs=0.15)


def test_unbeaten_player_gets_a_finite_rating_and_order_follows_wins() -> None:
    games = [("x", "y", 1.0), ("x", "z", 1.0), ("y", "z", 1.0)]
    got = bradley_terry(["x", "y", "z"], games)
    assert all(math.isfinite(v) for v in got.values())
    assert got["x"] > got["y"] > got["z"] and sum(got.values()) == pytest.approx(0.0, abs=1e-6)


def test_ties_count_half_and_symmetric_results_are_equal() -> None:
    got = bradley_terry(["p", "q"], [("p", "q", 0.5)] * 5)
    assert got["p"] == pytest.approx(got["q"])
    assert bradley_terry(["p", "q", "r"], [])["r"] == pytest.approx(0.0)


def test_games_of_comparisons() -> None:
    cs = [Comparison(round=1, a="c1", b="c2", winner="b", judge="screen"),
          Comparison(round=1, a="c1", b="c3", winner="tie", judge="model")]  # fmt: skip
    assert games_of(cs) == [("c1", "c2", 0.0), ("c1", "c3", 0.5)]


def test_pairs_skip_done_and_prefer_neighbours_when_capped() -> None:
    players = [f"p{i}" for i in range(6)]
    all_pairs = pairs(players, set())
    assert len(all_pairs) == 15
    assert ("p0", "p1") not in pairs(players, {frozenset(("p0", "p1"))})
    capped = pairs(players, set(), limit=5)
    assert capped == [("p0", "p1"), ("p1", "p2"), ("p2", "p3"), ("p3", "p4"), ("p4", "p5")]


def test_judge_by_figures() -> None:
    assert judge_by_figures("a", 10.0, "b", 3.0, "GPa", 1.0)[0] == "a"
    assert judge_by_figures("a", -4.0, "b", 3.0, "GPa", 1.0)[0] == "b"
    winner, reason = judge_by_figures("a", 3.2, "b", 3.0, "GPa", 1.0)
    assert winner == "tie" and "resolution" in reason
