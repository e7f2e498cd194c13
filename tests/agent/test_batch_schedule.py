"""The order a parallel batch starts its hypotheses in: costliest first, ties in file order."""

from __future__ import annotations

from agent.batch.items import BatchItem
from agent.batch.schedule import costliest_first, expected_cost


def item(i: str, claim: str) -> BatchItem:
    return BatchItem(id=i, claim=claim)


def test_crystal_calculations_start_before_molecules_and_literature() -> None:
    items = [
        item("lit", "Lanthanum strontium manganite is a widely used cathode material."),
        item("water", "Water is a linear molecule."),
        item("bulk", "Nickel has a larger bulk modulus than aluminium."),
        item("co2", "Carbon dioxide is a linear molecule."),
        item("poly", "MgO is lower in energy in the rock-salt structure than in zinc blende."),
    ]
    assert [it.id for it in costliest_first(items)] == ["poly", "bulk", "water", "co2", "lit"]


def test_minutes_long_thermal_expansion_starts_before_vacancies_and_surfaces() -> None:
    """Measured: a thermal expansion takes ~5 min, a CHGNet vacancy ~15 s, a surface ~5 s. The
    file order puts the long one last, where it would run alone at the end of the batch."""
    items = [
        item("surface", "The (111) surface of copper has a lower surface energy than its (100) surface."),
        item("vacancy", "Creating a vacancy in copper costs about 1.3 eV."),
        item("magnet", "Cobalt is ferromagnetic."),
        item("thermal", "Copper expands when heated."),
    ]
    # The magnetism claim's spin-polarised DFT (three SCFs, ~2 min) puts it before the vacancies.
    assert [it.id for it in costliest_first(items)] == ["thermal", "magnet", "vacancy", "surface"]


def test_a_claim_the_planner_cannot_plan_costs_nothing_and_never_raises() -> None:
    assert expected_cost("") == 0.0
    assert expected_cost("MgB2 becomes superconducting below about 39 K.") < 1.0
    assert expected_cost("Water is a linear molecule.") > 0.0
