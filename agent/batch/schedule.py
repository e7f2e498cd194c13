"""The order a batch's hypotheses start in: the costliest first (longest-processing-time
first), so no worker is left alone with a long crystal calculation at the end of a batch while
the others sit idle. The estimate is the offline planner's own plan for the claim, which costs
milliseconds per item; a claim it cannot plan (literature, refused, or a language model's to
read) counts as cheap and keeps its place among the cheap ones.

The order changes nothing but timing: every record still names its id, and results are
appended as they finish.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agent.batch.items import BatchItem, GoalItem

# Relative CPU cost of one call of a tool, measured on the dev set with CHGNet and GFN2-xTB:
# an equation of state or a polymorph ranking relaxes and scans several cells; a molecule's
# geometry is one small xTB optimisation. Tools not listed cost DEFAULT_CALL_COST.
CALL_COST = {
    "compare_polymorphs": 6.0,
    "equation_of_state": 4.0,
    "formation_energy": 3.0,
    "elastic_constants": 6.0,
    "surface_energy": 8.0,
    "vacancy_formation_energy": 8.0,
    "molecule_geometry": 1.0,
    "literature_search": 0.1,
}
DEFAULT_CALL_COST = 2.0
# A campaign goal screens many candidates and tests the best: costlier than any one claim.
GOAL_COST = 1000.0


def expected_cost(claim: str, calculator: str = "auto") -> float:
    """The planned calls' summed cost; 0 for a claim the offline planner cannot plan."""
    from agent import planner

    try:
        spec = planner.parse_claim(claim)
        calls = planner.plan_calls(spec, calculator=calculator) if spec is not None else []
    except Exception:  # an estimate only: a claim that trips the parser is simply run later
        return 0.0
    return sum(CALL_COST.get(c.name, DEFAULT_CALL_COST) for c in calls)


def costliest_first(
    items: list[BatchItem | GoalItem], calculator: str = "auto"
) -> list[BatchItem | GoalItem]:
    """``items`` reordered by descending expected cost (campaign goals first); equal costs keep
    the file's order."""
    costs = {
        it.id: expected_cost(it.claim, calculator) if hasattr(it, "claim") else GOAL_COST for it in items
    }
    return sorted(items, key=lambda it: -costs[it.id])
