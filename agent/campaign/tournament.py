"""The tournament: which pairs meet, how the offline judge decides a pair from the screen's
figures, and the Bradley-Terry fit of every comparison so far (all rounds).

Bradley-Terry: P(i beats j) = p_i / (p_i + p_j), fitted by Hunter's (2004) minorise-maximise
iteration p_i <- W_i / sum_j n_ij / (p_i + p_j). Each player also plays one virtual tie against a
fixed player of strength 1 (a weak prior), so an unbeaten candidate gets a finite strength and
the fit is unique even when the comparison graph is not connected. Ties count half a win each.
Deterministic: no sampling anywhere.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence

from agent.campaign.models import Comparison

MAX_PAIRS_PER_ROUND = 120  # all pairs up to 16 candidates; beyond, a round-robin-like subset
_PRIOR = 0.5  # half a virtual win and half a virtual loss against strength 1


def bradley_terry(players: Sequence[str], games: Iterable[tuple[str, str, float]],
                  iterations: int = 500, tol: float = 1e-10) -> dict[str, float]:  # fmt: skip
    """Log-strengths (mean 0) from games ``(i, j, score_of_i)`` with score 1, 0.5 or 0."""
    idx = {p: k for k, p in enumerate(players)}
    n = len(players)
    wins = [_PRIOR] * n
    meet: dict[tuple[int, int], float] = {}
    for a, b, s in games:
        i, j = idx[a], idx[b]
        wins[i] += s
        wins[j] += 1.0 - s
        key = (min(i, j), max(i, j))
        meet[key] = meet.get(key, 0.0) + 1.0
    p = [1.0] * n
    for _ in range(iterations):
        denom = [2 * _PRIOR / (p[i] + 1.0) for i in range(n)]
        for (i, j), m in meet.items():
            denom[i] += m / (p[i] + p[j])
            denom[j] += m / (p[i] + p[j])
        new = [wins[i] / denom[i] for i in range(n)]
        delta = max((abs(math.log(a / b)) for a, b in zip(new, p, strict=True)), default=0.0)
        p = new
        if delta < tol:
            break
    logs = [math.log(x) for x in p]
    mean = sum(logs) / n if n else 0.0
    return {pl: round(v - mean, 6) for pl, v in zip(players, logs, strict=True)}


def games_of(comparisons: Iterable[Comparison]) -> list[tuple[str, str, float]]:
    score = {"a": 1.0, "b": 0.0, "tie": 0.5}
    return [(c.a, c.b, score[c.winner]) for c in comparisons]


def pairs(
    players: Sequence[str], done: set[frozenset[str]], limit: int = MAX_PAIRS_PER_ROUND
) -> list[tuple[str, str]]:
    """Pairs not yet compared. Every pair when they fit under ``limit``; otherwise each player
    meets those closest to it in the given (current rating) order first, so that the ranking
    near every player, and at the top above all, is decided by direct comparisons."""
    todo = [(a, b) for a, b in itertools.combinations(players, 2) if frozenset((a, b)) not in done]
    if len(todo) <= limit:
        return todo
    pos = {p: k for k, p in enumerate(players)}
    todo.sort(key=lambda ab: (abs(pos[ab[0]] - pos[ab[1]]), min(pos[ab[0]], pos[ab[1]])))
    return todo[:limit]


def judge_by_figures(a: str, fa: float, b: str, fb: float, unit: str, resolution: float) -> tuple[str, str]:
    """(winner 'a' | 'b' | 'tie', reason): the larger figure wins; within the resolution, a tie."""
    if abs(fa - fb) < resolution:
        return (
            "tie",
            f"{a} {fa:.4g} vs {b} {fb:.4g} {unit}: within the screen's resolution ({resolution:g} {unit})",
        )
    win, lose = ((a, fa), (b, fb)) if fa > fb else ((b, fb), (a, fa))
    return ("a" if fa > fb else "b"), f"{win[0]} {win[1]:.4g} > {lose[0]} {lose[1]:.4g} {unit}"
