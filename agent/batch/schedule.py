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

# Seconds of one call on one core of this project's 2-core test machine, measured from the
# run ledgers (each result's own wall_s, cache misses only) of the dev and hold-out sets with
# the default calculators: the median, or the costlier calculator's where a claim runs two.
# Only the order matters, but it matters most at the top: a thermal expansion (phonons at seven
# volumes, or molecular dynamics) costs minutes, and started last it ran alone at the end of a
# parallel batch while the other workers sat idle. Tools not listed cost DEFAULT_CALL_S.
CALL_S = {
    "thermal_expansion": 300.0,
    "magnetic_states": 120.0,  # three spin-polarised PBE SCFs: median 123 s (bench/magnetism_dft.py, one core)
    "vacancy_formation_energy": 15.0,
    "phonons": 7.5,
    "run_md": 6.0,
    "surface_energy": 5.0,
    "compare_polymorphs": 1.5,
    "enthalpy_vs_pressure": 1.5,
    "elastic_constants": 0.6,
    "formation_energy": 0.3,
    "magnetic_moments": 0.3,
    "equation_of_state": 0.15,
    "reaction_energy": 0.15,
    "electronic_properties": 0.05,
    "molecule_geometry": 0.03,
    "literature_search": 0.0,
    "data_query": 0.0,
}
# EMT is ~10x cheaper than CHGNet where the two differ most (measured: vacancy 2.3 s vs 15 s,
# surface 0.5 s vs 5 s); elsewhere both are fractions of a second.
EMT_CALL_S = {"vacancy_formation_energy": 2.3, "surface_energy": 0.5}
DEFAULT_CALL_S = 1.0
# A campaign goal screens many candidates and tests the best: costlier than any one claim.
GOAL_COST = 10_000.0


def call_seconds(name: str, calculator: str | None) -> float:
    """Expected seconds of one call of tool ``name`` with ``calculator``."""
    if calculator == "emt" and name in EMT_CALL_S:
        return EMT_CALL_S[name]
    return CALL_S.get(name, DEFAULT_CALL_S)


def expected_cost(claim: str, calculator: str = "auto") -> float:
    """The planned calls' summed seconds; 0 for a claim the offline planner cannot plan."""
    from agent import planner

    try:
        spec = planner.parse_claim(claim)
        calls = planner.plan_calls(spec, calculator=calculator) if spec is not None else []
    except Exception:  # an estimate only: a claim that trips the parser is simply run later
        return 0.0
    return sum(call_seconds(c.name, c.args.get("calculator")) for c in calls)


def costliest_first(
    items: list[BatchItem | GoalItem], calculator: str = "auto"
) -> list[BatchItem | GoalItem]:
    """``items`` reordered by descending expected cost (campaign goals first); equal costs keep
    the file's order."""
    costs = {
        it.id: expected_cost(it.claim, calculator) if hasattr(it, "claim") else GOAL_COST for it in items
    }
    return sorted(items, key=lambda it: -costs[it.id])
