"""Bond-length and angle bands of the molecular methods (agent/judges/geometry_calibration.py):
fitted by the bench, out of sample for the bench's own molecules, used by the geometry judges per
calculator, and the planner's primary method is the one the bench measured more accurate."""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from agent.judges import geometry_calibration as geo
from agent.judges import methods
from agent.planner import judge, parse_claim, plan_calls

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import molecule_geometry as mg  # noqa: E402


def test_a_bench_molecule_never_gets_its_own_error() -> None:
    errors = {"A": [0.01], "B": [-0.02], "C": [0.005], "D": [0.0], "E": [0.3]}
    out = mg.bands(errors)
    # E's large error widens every band but its own: judged, E gets the band of A-D alone.
    assert out["E"] == pytest.approx(mg._band([0.01, -0.02, 0.005, 0.0]))
    assert out["E"] < out["A"] and out["*"] == pytest.approx(
        mg._band([e for v in errors.values() for e in v])
    )


def test_stored_bands_are_out_of_sample_and_per_calculator() -> None:
    doc = geo._doc()
    assert "bench/tools_accuracy_molecules.py" in doc["provenance"]["command"]
    for calc in ("xtb", "pyscf"):
        bands = doc["bands"][calc]["bond_length"]
        assert {"*", "H2O", "N2", "O2S"} <= set(bands)  # named as molecule_geometry names them
        assert any(bands[f] != bands["*"] for f in bands if f != "*")
        assert geo.band("bond_length", calc, None, "H2O") == bands["H2O"]
        assert geo.band("bond_length", calc, None, "C6H6") == bands["*"]  # not a bench molecule
    assert geo.band("bond_length", "never-measured", None, "H2O") is None
    assert geo.band_or_unmeasured("bond_angle", "never-measured", None, "H2O") == geo.UNMEASURED["bond_angle"]


def _water(calculator: str, angle: float, bond: float) -> dict[str, Any]:
    return {
        "calculator": calculator, "formula": "H2O", "warnings": [], "converged": True,
        "bond_lengths": [{"atoms": [0, i], "elements": "O-H", "length_angstrom": bond} for i in (1, 2)],
        "bond_angles": [{"atoms": [1, 0, 2], "elements": "H-O-H", "angle_deg": angle}],
        "is_linear": False, "is_planar": True,
    }  # fmt: skip


def test_judges_take_the_band_of_the_calculator_that_computed() -> None:
    spec = parse_claim("The O-H bond in water is about 0.96 Å")
    for calc in ("xtb", "pyscf"):
        j = judge(spec, {"c1": _water(calc, 104.5, 0.9606)})
        band = 100 * math.expm1(geo.band_or_unmeasured("bond_length", calc, None, "H2O"))
        assert f"{band:.2g}" in (j.tolerance or "") or f"{band:.1f}" in (j.tolerance or ""), (
            calc,
            j.tolerance,
        )
    angle = parse_claim("The H-O-H angle in water is about 120 degrees")
    assert judge(angle, {"c1": _water("pyscf", 104.0, 0.96)}).verdict == "refuted"


@pytest.mark.parametrize(
    "text",
    ["The O-H bond in water is about 0.96 Å", "The H-O-H angle in water is about 104.5 degrees",
     "The N-N bond in N2 is shorter than the O-O bond in O2"],
)  # fmt: skip
def test_geometry_uses_the_more_accurate_method_first(text: str) -> None:
    from tools.accuracy_molecules import molecule_mae

    spec = parse_claim(text)
    quantity = methods.molecular_quantity(spec)
    assert quantity in ("bond_length_percent", "bond_angle_deg")
    maes = {c: molecule_mae(c, quantity) for c in ("xtb", "pyscf")}
    best, other = sorted(maes, key=lambda c: maes[c] or math.inf)
    assert methods.primary_molecular(spec) == best
    assert methods.independent_molecular(spec, best) == other
    assert plan_calls(spec)[0].args["calculator"] == best


def test_shapes_keep_the_tools_default_and_dft_checks_them() -> None:
    """Linear / planar thresholds are wider than either method's angle error: no ranking, but the
    stress test repeats the shape with the other method measured for angles."""
    from agent.planner.stress import stress_variants

    spec = parse_claim("Water is a bent molecule")
    assert methods.primary_molecular(spec) is None and plan_calls(spec)[0].args["calculator"] == "auto"
    assert methods.independent_molecular(spec, "xtb") == "pyscf"
    assert methods.independent_molecular(spec, "pyscf") == "xtb"
    second = {v.name: v for v in stress_variants(spec, {"c1": _water("xtb", 104.0, 0.96)})}["second_calculator"]
    assert [c.args["calculator"] for c in second.calls] == ["pyscf"] and not second.weaker


def test_the_ranking_follows_the_measurement(monkeypatch: pytest.MonkeyPatch) -> None:
    from tools import accuracy_molecules

    spec = parse_claim("The H-O-H angle in water is about 104.5 degrees")
    table = {k: dict(v) for k, v in accuracy_molecules.MOLECULE_MAE.items()}
    table["xtb"]["bond_angle_deg"], table["pyscf"]["bond_angle_deg"] = 0.1, 5.0
    monkeypatch.setattr(accuracy_molecules, "MOLECULE_MAE", table)
    assert methods.primary_molecular(spec) == "xtb"


@pytest.mark.slow
def test_default_dft_geometry_claim_end_to_end() -> None:
    """'auto' plans DFT at the default level (B3LYP-D3(BJ)/def2-SVP geometry) from the xTB start."""
    from tools import get_tool

    spec = parse_claim("The H-O-H bond angle of H2O is roughly 104.5°")
    (call,) = plan_calls(spec)
    out = get_tool(call.name).invoke(call.args)
    assert out["calculator"] == "pyscf" and out["optimisation_steps"] <= 8, out
    j = judge(spec, {call.id: out})
    assert 102 < j.values["angle_deg"] < 107 and j.verdict != "refuted"


@pytest.mark.parametrize(
    ("text", "first", "check"),
    [("Water is a bent molecule", "GFN2-xTB", "DFT"),
     ("The H-O-H angle in water is about 104.5 degrees", "DFT", "GFN2-xTB"),
     ("The O-H bond in water is about 0.96 Å", "GFN2-xTB", "DFT")],
)  # fmt: skip
def test_tested_as_names_the_method_and_its_check(text: str, first: str, check: str) -> None:
    from agent.planner import tested_as

    said = tested_as(parse_claim(text)).split("Computed as: ")[1]
    assert re.search(rf"(\(|; ){first}[^;]* geometry; {check}[^;]* as the independent check\)", said), said
