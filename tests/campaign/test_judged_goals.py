"""Judged objectives (#28 item 2): any claim the kinds table judges is a campaign objective; with
no batched screen for its kind, each candidate's whole claim goes to the claim judges (the
tester: the seam faked here with scripted verdicts; the real one is the offline test)."""

from __future__ import annotations

import pytest

from agent.campaign import run_campaign
from agent.campaign.goal_reader import read_goal
from agent.campaign.naming import formula_of
from agent.results import Verdict
from agent.settings import Settings

# The scripted judges' verdicts by candidate: Fe and Co ferromagnetic, Ni left undecided.
SCRIPT = {"Fe": ("supported", 0.9), "Co": ("supported", 0.7), "Ni": ("inconclusive", 0.3), "Mn": ("refuted", 0.8)}


def scripted(asked: list[str]):  # type: ignore[no-untyped-def]
    def tester(claim: str) -> tuple[Verdict, int]:
        asked.append(claim)
        label, conf = SCRIPT[claim.split()[0]]
        return Verdict(claim=claim, verdict=label, confidence=conf, summary="scripted"), 2  # type: ignore[arg-type]

    return tester


@pytest.mark.parametrize("goal,objective", [
    ("which of Mn, Fe, Co and Ni are ferromagnetic", "X is ferromagnetic."),
    ("which 4d transition metals are not bcc", "The ground state of X is not the bcc structure."),
    ("which 3d transition metals have a vacancy formation energy above 1.5 eV",
     "The vacancy formation energy of X is above 1.5 eV."),
    ("noble metals with a bulk modulus of about 200 GPa", "The bulk modulus of X is about 200 GPa."),
    ("which of Cu, Ni and Al have a density above 8 g/cm3", "The density of X is above 8 g/cm³."),
    # a target with a tolerance (#28 item 4, numeric targets): the claim grammar's 'within N % of'
    ("which of Cu, Pd and Al have a lattice constant within 5 % of 3.9 Å",
     "The lattice constant of X is between 3.705 and 4.095 Å."),
])  # fmt: skip
def test_any_judged_claim_is_an_objective_read_whole(goal: str, objective: str) -> None:
    spec = read_goal(goal)
    assert spec.shape == "judged" and spec.objective == objective
    again = read_goal(spec.read_as())  # "which of ...: <claim about X>" reads back to the same spec
    assert (again.shape, again.objective, again.family.members()) == ("judged", objective, spec.family.members())


def test_judged_candidates_rank_by_the_judges_verdicts(home: object) -> None:
    asked: list[str] = []
    goal = "which of Mn, Fe, Co and Ni are ferromagnetic"
    result = run_campaign(goal, Settings.load(), n=4, tester=scripted(asked))
    assert result.read_as == "which of Mn, Fe, Co and Ni: X is ferromagnetic." and result.shape == "judged"
    assert asked == ["Mn is ferromagnetic.", "Fe is ferromagnetic.", "Co is ferromagnetic.", "Ni is ferromagnetic."]
    ranked = result.ranked()
    assert [formula_of(c) for c in ranked] == ["Fe", "Co", "Ni", "Mn"]
    assert ranked[0].figure == 0.9 and ranked[-1].figure == -0.8 and ranked[0].verdict is not None
    assert result.tool_runs == 8  # the judging runs are counted; the top K are not tested twice
    result2 = run_campaign(goal, Settings.load(), n=4, test_top=2, tester=scripted(asked := []))
    assert len(asked) == 4 and result2.tool_runs == 8


def test_without_judges_a_judged_goal_ranks_nothing_and_says_why(home: object) -> None:
    result = run_campaign("which of Fe, Co and Ni are ferromagnetic", Settings.load(), n=3)
    assert result.ranked() == [] and all("no tester" in (c.screen_error or "") for c in result.candidates)
