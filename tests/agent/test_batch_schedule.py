"""The order a parallel batch starts its hypotheses in: costliest first, ties in file order."""

from __future__ import annotations

from agent.batch.items import BatchItem
from agent.batch.schedule import costliest_first, expected_cost


def item(i: str, claim: str) -> BatchItem:
    return BatchItem(id=i, claim=claim)


def test_crystal_equations_of_state_start_before_molecules_and_literature() -> None:
    items = [
        item("lit", "Lanthanum strontium manganite is a widely used cathode material."),
        item("water", "Water is a linear molecule."),
        item("bulk", "Nickel has a larger bulk modulus than aluminium."),
        item("co2", "Carbon dioxide is a linear molecule."),
        item("poly", "MgO is lower in energy in the rock-salt structure than in zinc blende."),
    ]
    assert [it.id for it in costliest_first(items)] == ["bulk", "poly", "water", "co2", "lit"]


def test_a_claim_the_planner_cannot_plan_costs_nothing_and_never_raises() -> None:
    assert expected_cost("") == 0.0
    assert expected_cost("MgB2 becomes superconducting below about 39 K.") < 1.0
    assert expected_cost("Water is a linear molecule.") > 0.0
