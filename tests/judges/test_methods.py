"""Calculators chosen by measured accuracy (agent/judges/methods.py): the primary for a claim is
the narrowest calibrated band for its quantity and material class, the independent check the next."""

from __future__ import annotations

import pytest

from agent.judges import calibration, methods
from agent.planner import parse_claim, plan_calls


def _width(quantity: str, calc: str, formula: str, proto: str) -> float:
    model = calibration.error_model(quantity, calc, formula, proto)
    return float("inf") if model.basis == "unmeasured" else model.half_width


def test_a_calibrated_quantity_is_ranked_by_its_band_for_the_class() -> None:
    ranking = methods.crystal_ranking("bulk_modulus", [("Cu", "fcc")])
    assert set(ranking) == {"emt", "chgnet", "sevennet"}
    widths = [_width("bulk_modulus", c, "Cu", "fcc") for c in ranking]
    assert widths == sorted(widths)


def test_the_widest_band_over_the_materials_counts() -> None:
    """Si is outside EMT's elements: a Cu-Si comparison ranks only what treats both."""
    assert "emt" not in methods.crystal_ranking("lattice_constant", [("Cu", "fcc"), ("Si", "diamond")])


def test_uncalibrated_energy_differences_keep_the_measured_potential_first() -> None:
    assert methods.crystal_ranking(None, [("Cu", "fcc")]) == ["chgnet", "sevennet", "emt"]
    assert methods.crystal_ranking(None, [("NaCl", "rocksalt")]) == ["chgnet", "sevennet"]
    assert methods.crystal_ranking(None, [("Po", "sc")]) == ["chgnet"]  # SevenNet stops before Po


def test_the_independent_check_is_the_next_method() -> None:
    assert methods.independent(["sevennet", "chgnet", "emt"], "sevennet") == "chgnet"
    assert methods.independent(["sevennet", "chgnet"], "emt") == "sevennet"
    assert methods.independent(["chgnet"], "chgnet") is None


def test_auto_plans_the_primary_and_a_named_calculator_is_kept() -> None:
    spec = parse_claim("The bulk modulus of copper is about 140 GPa.")
    primary = methods.primary_crystal(spec)
    assert primary == methods.crystal_ranking("bulk_modulus", [("Cu", "fcc")])[0]
    assert plan_calls(spec)[0].args["calculator"] == primary
    assert plan_calls(spec, calculator="emt")[0].args["calculator"] == "emt"


def test_molecular_methods_are_ranked_by_measured_error() -> None:
    from tools.accuracy_molecules import molecule_mae

    ranking = methods.molecular_ranking("dipole_debye", ["never-measured", "xtb"])
    assert ranking == ["xtb", "never-measured"] and molecule_mae("xtb", "dipole_debye") is not None


def test_quantity_and_materials_of_claims() -> None:
    spec = parse_claim("A vacancy costs more energy in nickel than in aluminium.")
    assert methods.quantity_of(spec) == "vacancy_formation_energy"
    assert methods.materials_of(spec) == [("Ni", "fcc"), ("Al", "fcc")]
    poly = parse_claim("Iron prefers bcc over fcc.")
    assert methods.quantity_of(poly) == methods.ORDERING and methods.materials_of(poly) == [("Fe", None)]


def test_structure_orderings_are_ranked_by_their_fitted_band(monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.judges import polymorph_bands

    poly = parse_claim("Iron prefers bcc over fcc.")
    bands = {c: polymorph_bands.band(c, "Fe") for c in ("chgnet", "sevennet")}
    narrow, wide = sorted(bands, key=lambda c: bands[c] or float("inf"))
    assert methods.primary_crystal(poly) == narrow and methods.independent_crystal(poly, narrow) == wide
    assert methods.weaker(poly, narrow, wide) and not methods.weaker(poly, wide, narrow)
    # Under pressure the zero-pressure band is not the measure: the uncalibrated order.
    for text in ("At 20 GPa silicon is more stable in beta-tin than in diamond.",
                 "Silicon transforms from diamond to beta-tin at about 11 GPa."):
        assert methods.quantity_of(parse_claim(text)) is None and methods.primary_crystal(parse_claim(text)) == "chgnet"
    # EMT has no fitted band (too few of its elements in the set): last.
    assert methods.crystal_ranking(methods.ORDERING, [("Cu", None)])[-1] == "emt"
    # The ranking follows the fit, not the names.
    doc = polymorph_bands._doc()
    swapped = {**doc, "bands": {narrow: doc["bands"][wide], wide: doc["bands"][narrow]}}
    monkeypatch.setattr(polymorph_bands, "_doc", lambda: swapped)
    assert methods.primary_crystal(poly) == wide
