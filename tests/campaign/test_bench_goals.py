"""Every goal of bench/propose_goals.py reads as its expected "Read as" sentence: no bench goal
runs with a part dropped, and the set keeps at least 20 goals of at least 8 shapes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from agent.campaign.goal_reader import read_goal

BENCH = Path(__file__).resolve().parents[2] / "bench" / "propose_goals.py"


def _goals() -> list[object]:
    spec = importlib.util.spec_from_file_location("propose_goals", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("propose_goals", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return list(module.GOALS)


GOALS = _goals()


def test_the_set_is_broad() -> None:
    assert len(GOALS) >= 20 and len({g.shape for g in GOALS}) >= 8  # type: ignore[attr-defined]


@pytest.mark.parametrize("goal", GOALS, ids=lambda g: g.name)  # type: ignore[attr-defined]
def test_each_goal_reads_as_expected(goal: object) -> None:
    spec = read_goal(goal.text)  # type: ignore[attr-defined]
    assert spec.read_as() == goal.read_as  # type: ignore[attr-defined]
    assert set(goal.known) <= set(spec.family.members())  # type: ignore[attr-defined]
