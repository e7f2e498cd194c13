"""judge() on real tool outputs (EMT, cheap) and on error / malformed results."""

from __future__ import annotations

import math
from typing import Any

import pytest

from agent.judges import calibration
from agent.planner import judge, parse_claim, plan_calls, stress_variants


def run(calls: list[Any]) -> dict[str, dict[str, Any]]:
    from tools import get_tool

    return {c.id: get_tool(c.name).invoke(c.args) for c in calls}


def check(text: str, calculator: str = "emt", **kw: Any):
    spec = parse_claim(text)
    assert spec is not None, text
    calls = plan_calls(spec, calculator=calculator)
    assert calls, text
    results = run(calls)
    return spec, results, judge(spec, results, **kw)


# EMT's bulk moduli of fcc metals spread widely (Al -48 %, Cu -2 %), and the class model applies
# that spread to every fcc metal (before, Cu's own 2 % error, floored at the mean, set its band):
# bulk-modulus verdicts are right but modest.
@pytest.mark.parametrize(
    ("text", "verdict", "least"),
    [
        ("The lattice constant of fcc copper is about 3.6 Å.", "supported", 0.6),
        ("Copper has a lattice parameter of 4.2 Å", "refuted", 0.6),
        ("The lattice constant of aluminium is not about 3.6 Å", "supported", 0.6),
        ("The bulk modulus of copper is below 50 GPa.", "refuted", 0.55),
        ("Copper is harder to compress than aluminium.", "supported", 0.55),
        ("Aluminium is denser than copper", "refuted", 0.6),
        ("Copper is not denser than aluminium", "refuted", 0.6),
    ],
)
def test_emt_equation_of_state_claims(text, verdict, least):
    _, _, j = check(text)
    assert j.verdict == verdict, j.summary
    assert j.confidence >= least, j
    assert j.evidence and all(e.tool_run_id in {"c1", "c2"} for e in j.evidence)
    assert all(e.supports is (verdict == "supported") for e in j.evidence)
    assert j.tolerance and j.values


def test_tolerance_is_stated_and_the_boundary_is_inconclusive():
    _, results, near = check("The lattice constant of fcc copper is about 3.8 Å.")
    a = near.values["lattice_constant"]
    assert 3.5 < a < 3.7
    # EMT's 3.59, corrected by its fcc-metal bias (under 1 %), puts the truth at about 3.58-3.65 Å
    # (~90 %): it straddles the 5 % hedge's lower limit (3.61) -> too close to call.
    assert near.verdict == "inconclusive", near.summary
    model = calibration.error_model("lattice_constant", "emt", "Cu", "fcc")
    assert "3.8 ± 0.19 Å" in (near.tolerance or "") and f"bias {100 * math.expm1(model.bias):+.1f} %" in (near.tolerance or "")
    assert f"fcc metals, n={model.n}" in (near.tolerance or "")
    wider = judge(
        parse_claim("The lattice constant of fcc copper is about 3.8 Å."), results, about_tolerance_pct=10
    )
    assert wider.verdict == "supported"
    assert "3.8 ± 0.38 Å" in (wider.tolerance or "")


def test_polymorph_margin_and_too_close_to_call():
    _, _, clear = check("Copper prefers fcc over bcc")
    assert clear.verdict == "supported" and clear.values["gap_ev_per_atom"] > 0.02
    _, _, close = check("Copper is more stable in fcc than in hcp")
    # EMT puts hcp and fcc Cu within a few meV/atom of each other: no honest verdict either way.
    assert close.verdict == "inconclusive"
    assert close.confidence < 0.5


def test_error_results_and_missing_results_are_inconclusive():
    spec = parse_claim("Silicon is more stable in the diamond structure than in fcc")
    err = {
        "c1": {
            "error": {"type": "UnsupportedCalculator", "message": "calculator 'emt' cannot treat periodic Si"}
        }
    }
    j = judge(spec, err)
    assert j.verdict == "inconclusive" and "UnsupportedCalculator" in j.summary and not j.evidence
    assert judge(spec, {}).verdict == "inconclusive"
    garbled = {
        "c1": {"calculator": "emt", "ranking": [{"prototype": "diamond", "energy_per_atom_ev": "n/a"}]}
    }
    assert judge(spec, garbled).verdict == "inconclusive"
    junk = {"c1": {"calculator": "emt", "ranking": "not a list"}}
    assert judge(spec, junk).verdict == "inconclusive"


def test_unknown_structure_is_inconclusive_without_calls():
    spec = parse_claim("The lattice constant of SnO2 is about 4.7 Å")
    assert spec is not None and spec.material.prototype is None
    assert plan_calls(spec) == []
    j = judge(spec, {})
    assert j.verdict == "inconclusive" and "structure" in j.summary


def test_stress_variants_run_and_judge_by_suffixed_ids():
    spec, results, main = check("Copper is harder to compress than aluminium.")
    variants = {v.name: v for v in stress_variants(spec, results)}
    assert set(variants) == {"second_calculator", "sensitivity"}
    second = variants["second_calculator"]
    # The independent check is the calculator with the narrowest calibrated bulk-modulus band for
    # fcc metals other than the one that ran (EMT here): one of the universal potentials.
    width = {c: calibration.error_model("bulk_modulus", c, "Cu", "fcc").half_width for c in ("chgnet", "sevennet")}
    best = min(width, key=width.__getitem__)
    assert all(c.args["calculator"] == best and c.id.startswith("v1-") for c in second.calls)
    sens = variants["sensitivity"]
    assert all(c.args["n_points"] == 11 and c.args["calculator"] == "emt" for c in sens.calls)
    again = judge(spec, run(sens.calls))
    assert again.verdict == main.verdict
    assert {e.tool_run_id for e in again.evidence} == {c.id for c in sens.calls}


def test_the_universal_potentials_check_each_other_beyond_emt_metals():
    spec = parse_claim("Silicon is more stable in the diamond structure than in bcc")
    variants = {v.name: v for v in stress_variants(spec, {"c1": {"calculator": "chgnet", "ranking": []}})}
    assert variants["second_calculator"].calls[0].args["calculator"] == "sevennet"
    variants = {v.name: v for v in stress_variants(spec, {"c1": {"calculator": "sevennet", "ranking": []}})}
    assert variants["second_calculator"].calls[0].args["calculator"] == "chgnet"


def test_no_second_calculator_where_only_one_applies():
    """SevenNet's training data stop before polonium: CHGNet alone treats it."""
    spec = parse_claim("Polonium is more stable in bcc than in fcc.")
    names = [v.name for v in stress_variants(spec, {"c1": {"calculator": "chgnet", "ranking": []}})]
    assert names == ["sensitivity"]


def _geometry(
    angles: list[tuple[str, list[int], float]], bonds: list[tuple[str, float]], **kw: Any
) -> dict[str, Any]:
    return {
        "calculator": "xtb",
        "warnings": [],
        "bond_lengths": [
            {"atoms": [0, i + 1], "elements": e, "length_angstrom": v} for i, (e, v) in enumerate(bonds)
        ],
        "bond_angles": [{"atoms": a, "elements": e, "angle_deg": v} for e, a, v in angles],
        "converged": True,
        **kw,
    }


def test_molecular_judgements_on_documented_shapes():
    water = _geometry(
        [("H-O-H", [1, 0, 2], 104.2)], [("O-H", 0.96), ("O-H", 0.96)], is_linear=False, is_planar=True
    )
    assert judge(parse_claim("Water is a linear molecule"), {"c1": water}).verdict == "refuted"
    assert judge(parse_claim("The water molecule is bent"), {"c1": water}).verdict == "supported"
    # "About" an angle means within 2 degrees, and xTB's measured angle band is several degrees
    # (agent/judges/geometry_calibration.py): even a computed 104.2 degrees cannot confirm "about
    # 104.5"; it is not refuted either.
    assert (
        judge(parse_claim("The H-O-H angle in water is about 104.5 degrees"), {"c1": water}).verdict
        == "inconclusive"
    )
    assert (
        judge(parse_claim("The H-O-H angle in water is about 120 degrees"), {"c1": water}).verdict
        == "refuted"
    )
    nh3 = _geometry(
        [("H-N-H", [1, 0, 2], 106.8), ("H-N-H", [1, 0, 3], 106.8), ("H-N-H", [2, 0, 3], 106.8)],
        [("N-H", 1.01)] * 3,
        is_planar=False,
    )
    j = judge(parse_claim("Ammonia is a planar molecule"), {"c1": nh3})
    assert j.verdict == "refuted" and j.confidence > 0.8
    n2 = _geometry([], [("N-N", 1.10)], is_linear=True)
    o2 = _geometry([], [("O-O", 1.21)], is_linear=True)
    spec = parse_claim("The N-N bond in N2 is shorter than the O-O bond in O2")
    assert judge(spec, {"c1": n2, "c2": o2}).verdict == "supported"
    assert judge(spec, {"c1": o2, "c2": n2}).verdict == "inconclusive"  # bonds not found where expected
    unconverged = {**water, "converged": False, "warnings": ["geometry optimisation not converged"]}
    weaker = judge(parse_claim("Water is a linear molecule"), {"c1": unconverged})
    assert weaker.verdict == "refuted"
    assert weaker.confidence < judge(parse_claim("Water is a linear molecule"), {"c1": water}).confidence


def test_real_xtb_molecular_geometry_claims():
    """With xTB named (DFT, measured more accurate for angles, is their default: the slow tests),
    and DFT planned as the independent check."""
    from tools.accuracy_molecules import molecule_mae

    _, _, bent = check("The water molecule is not linear", calculator="xtb")
    assert bent.verdict == "supported" and bent.evidence[0].tool_run_id == "c1"
    _, _, angle = check("The H-O-H bond angle of H2O is roughly 104.5°", calculator="xtb")
    # GFN2-xTB gives ~107 degrees; with its measured band (the other bench molecules') it can
    # neither confirm nor refute.
    assert angle.verdict == "inconclusive" and "measured calculator error" in (angle.tolerance or "")
    assert 100 < angle.values["angle_deg"] < 110
    _, _, far = check("The H-O-H bond angle of H2O is roughly 120°", calculator="xtb")
    assert far.verdict == "refuted"
    spec, results, bonds = check("The bond in O2 is longer than the bond in N2", calculator="xtb")
    assert bonds.verdict == "supported", bonds.summary
    variants = stress_variants(spec, results)
    assert [v.name for v in variants] == ["second_calculator", "sensitivity"]
    assert {c.args["calculator"] for c in variants[0].calls} == {"pyscf"}
    # One-sided when DFT's measured bond-length error is the larger (def2-SVP bonds run long).
    maes = [molecule_mae(c, "bond_length_percent") for c in ("pyscf", "xtb")]
    assert variants[0].weaker == (maes[0] > maes[1])
    assert all(c.args["fmax"] == 0.001 for c in variants[1].calls)


def test_formation_energy_sign_and_its_band():
    spec = parse_claim("Sodium chloride has a negative formation energy relative to its elements")
    calls = plan_calls(spec)
    assert [c.name for c in calls] == ["formation_energy"]
    assert calls[0].args["structure"] == {"formula": "NaCl", "prototype": "rocksalt"}

    def out(ef: float) -> dict[str, Any]:
        refs = [{"element": "Na", "reference": "Na bcc", "energy_per_atom_ev": -1.3}]
        return {
            "calculator": "chgnet",
            "warnings": [],
            "formation_energy_ev_per_atom": ef,
            "references": refs,
        }

    assert judge(spec, {"c1": out(-2.1)}).verdict == "supported"
    assert judge(spec, {"c1": out(+0.4)}).verdict == "refuted"
    assert judge(spec, {"c1": out(-0.02)}).verdict == "inconclusive"  # inside CHGNet's ±50 meV/atom band
    variants = {v.name: v for v in stress_variants(spec, {"c1": out(-2.1)})}
    assert list(variants) == ["second_calculator", "sensitivity"]
    assert variants["sensitivity"].calls[0].args["relax"] is False
    # CHGNet's check is repeated with the other universal potential that treats Na and Cl.
    assert variants["second_calculator"].calls[0].args["calculator"] == "sevennet"


def test_structure_stated_in_a_lattice_claim_is_tested_as_a_part():
    """The structure a lattice claim asserts is a claim of its own: both parts are tested, and the
    verdict is their conjunction."""
    spec = parse_claim("Copper crystallizes in an fcc lattice with a lattice constant of about 3.6 Å")
    assert spec.kind == "compound" and [p.kind for p in spec.parts] == ["polymorph", "property_value"]
    assert [c.id for c in plan_calls(spec)] == ["p1-c1", "p2-c1", "p2-d1"]  # d1: the user's measurement
    lattice = {"calculator": "emt", "warnings": [], "lattice_a_angstrom": 3.59}

    def ranking(fcc: float, hcp: float) -> dict[str, Any]:
        energies = {"fcc": fcc, "hcp": hcp, "bcc": fcc + 0.05, "diamond": fcc + 1.0, "sc": fcc + 0.4}
        rows = [{"prototype": p, "energy_per_atom_ev": e} for p, e in energies.items()]
        return {"calculator": "emt", "warnings": [], "ranking": rows}

    clear = judge(spec, {"p1-c1": ranking(-4.0, -3.9), "p2-c1": lattice})
    assert clear.verdict == "supported" and "part 1" in clear.summary and "part 2" in clear.summary
    close = judge(spec, {"p1-c1": ranking(-4.0, -4.002), "p2-c1": lattice})
    assert close.verdict == "inconclusive"  # fcc vs hcp within the energy band: the whole claim is open
    wrong = judge(spec, {"p1-c1": ranking(-4.0, -4.2), "p2-c1": lattice})
    assert wrong.verdict == "refuted"  # hcp clearly lower: a part is false


def _measurement(formula: str, prop: str, value: float, unit: str) -> dict[str, Any]:
    row = {"id": f"d-{formula.lower():0>12}"[:14], "kind": "measurement", "formula": formula, "material": formula,
           "property": prop, "value": value, "unit": unit, "conditions": "room temperature",
           "provenance": [{"file": "lab.csv", "line": 2, "source": "lab notebook 7"}]}  # fmt: skip
    return {"rows": [row], "total": 1}


def test_the_users_measurements_are_evidence():
    """A measured value from the user's collection is cited in the verdict; agreeing with the
    computation it adds confidence, contradicting it makes the verdict inconclusive."""
    spec = parse_claim("The lattice constant of fcc copper is about 3.6 Å.")
    computed = {"c1": {"calculator": "emt", "warnings": [], "lattice_a_angstrom": 3.59}}
    alone = judge(spec, computed)
    agree = judge(spec, {**computed, "d1": _measurement("Cu", "lattice_constant", 3.61, "Å")})
    assert agree.verdict == alone.verdict == "supported" and agree.confidence > alone.confidence
    data = [e for e in agree.evidence if e.kind == "data"]
    assert data and data[0].citation and "lab notebook 7" in data[0].statement and data[0].supports
    clash = judge(spec, {**computed, "d1": _measurement("Cu", "lattice_constant", 4.2, "Å")})
    assert clash.verdict == "inconclusive" and "disagree" in clash.summary
    assert any(e.kind == "data" and e.supports is False for e in clash.evidence)
    missing = judge(spec, {**computed, "d1": {"error": {"type": "CollectionNotFound", "message": "none"}}})
    assert missing.verdict == "supported" and missing.confidence == alone.confidence


def test_measured_data_is_a_stress_check_entry():
    from agent.planner import measured_check

    spec = parse_claim("The lattice constant of fcc copper is about 3.6 Å.")
    computed = {"c1": {"calculator": "emt", "warnings": [], "lattice_a_angstrom": 3.59}}
    agree = judge(spec, {**computed, "d1": _measurement("Cu", "lattice_constant", 3.61, "Å")})
    check = measured_check(agree.evidence, agree.verdict, agree.summary)
    assert check is not None and check.name == "measured_data" and check.outcome == "agrees"
    clash = judge(spec, {**computed, "d1": _measurement("Cu", "lattice_constant", 4.2, "Å")})
    assert measured_check(clash.evidence, clash.verdict, clash.summary).outcome == "disagrees"
    assert measured_check(judge(spec, computed).evidence, "supported", "") is None


def test_chgnet_rock_salt_versus_cscl_orderings_are_never_decided_confidently() -> None:
    """CHGNet puts rock salt 58 meV/atom below B2 for CsCl, whose ground state is B2 (measured):
    that pair's band is wider than the error seen, so the true claim is not refuted at >= 0.7."""

    def ranking(formula: str, b1: float, b2: float) -> dict[str, Any]:
        rows = [
            {"prototype": "rocksalt", "energy_per_atom_ev": b1},
            {"prototype": "cesiumchloride", "energy_per_atom_ev": b2},
        ]
        return {"calculator": "chgnet", "formula": formula, "warnings": [], "ranking": rows}

    cscl = parse_claim("Caesium chloride is more stable in the CsCl structure than in rock salt.")
    got = judge(cscl, {"c1": ranking("CsCl", -3.554, -3.496)})
    assert got.verdict == "inconclusive"
    nacl = parse_claim("Sodium chloride is more stable in the CsCl structure than in rock salt.")
    got = judge(nacl, {"c1": ranking("NaCl", -3.4, -3.288)})  # CHGNet's 112 meV/atom: right
    assert got.verdict == "refuted" and got.confidence < 0.7
