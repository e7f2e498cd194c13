"""enthalpy_vs_pressure on real EMT physics, and the crossing solver on curves with a known answer."""

from __future__ import annotations

from typing import Any

import pytest

from tools import get_tool
from tools.enthalpy_fit import GPA_PER_EV_A3, all_crossings, fit_curve


def run(**args: Any) -> dict[str, Any]:
    out = get_tool("enthalpy_vs_pressure").invoke({"calculator": "emt", **args})
    assert "error" not in out, out
    return out


def _bm(v: list[float], e0: float, v0: float, b0_gpa: float, bp: float) -> list[float]:
    b0 = b0_gpa / GPA_PER_EV_A3
    out = []
    for x in v:
        eta = (v0 / x) ** (2.0 / 3.0)
        out.append(e0 + 9 * v0 * b0 / 16 * ((eta - 1) ** 3 * bp + (eta - 1) ** 2 * (6 - 4 * eta)))
    return out


def test_crossing_matches_brute_force_enthalpy_minimum() -> None:
    """Two analytic BM solids (a loose low-energy one, a dense one 0.3 eV higher): the solver's P_t
    equals the pressure where min_V [E(V) + PV] of the two becomes equal, found by brute force."""
    import numpy as np

    va = list(np.linspace(14.0, 21.0, 15))
    vb = list(np.linspace(10.5, 16.5, 15))
    a = fit_curve(va, _bm(va, 0.0, 20.0, 98.0, 4.2))
    b = fit_curve(vb, _bm(vb, 0.3, 15.5, 110.0, 4.5))
    found, limits = all_crossings({"a": a, "b": b}, 0.0)
    [c] = found
    assert (c.below, c.above) == ("a", "b")

    def h_min(vs: Any, e: list[float], p: float) -> float:
        return float(np.min(np.asarray(e) + p * np.asarray(vs) / GPA_PER_EV_A3))

    grid_a, grid_b = np.linspace(14.0, 21.0, 6001), np.linspace(10.5, 16.5, 6001)
    ea, eb = _bm(list(grid_a), 0.0, 20.0, 98.0, 4.2), _bm(list(grid_b), 0.3, 15.5, 110.0, 4.5)
    ps = np.linspace(0.5, 20.0, 196)
    d = [h_min(grid_a, ea, p) - h_min(grid_b, eb, p) for p in ps]
    brute = float(ps[int(np.argmax(np.asarray(d) > 0))])
    assert c.pressure_gpa == pytest.approx(brute, abs=0.1)
    assert limits[("a", "b")] > c.pressure_gpa
    # outside the window: no number
    assert a.enthalpy(a.p_range[1] + 1.0) is None and a.volume_at(-50.0) is None


def test_enthalpy_agrees_with_an_independent_relaxation_under_pressure() -> None:
    """H(20 GPa) of fcc Cu from the fitted EOS equals E + PV of a cell relaxed at 20 GPa with ASE's
    scalar-pressure filter (a different route to the same number), and dH/dP = V."""
    from ase.build import bulk
    from ase.calculators.emt import EMT
    from ase.filters import FrechetCellFilter
    from ase.optimize import BFGS

    out = run(formula="Cu", prototypes=["fcc", "bcc"], pressures_gpa=[0, 19.9, 20, 20.1], use_cache=False)
    fcc = next(ph for ph in out["phases"] if ph["prototype"] == "fcc")
    h = fcc["enthalpies_ev"]
    atoms = bulk("Cu", "fcc", a=3.6)
    atoms.calc = EMT()
    p = 20.0 / GPA_PER_EV_A3
    BFGS(FrechetCellFilter(atoms, scalar_pressure=p), logfile=None).run(fmax=1e-4, steps=500)
    v = atoms.get_volume() / len(atoms)
    h_direct = atoms.get_potential_energy() / len(atoms) + p * v
    assert h[2] == pytest.approx(h_direct, abs=2e-3)
    assert fcc["volumes_a3"][2] == pytest.approx(v, rel=5e-3)
    slope = (h[3] - h[1]) / 0.2 * GPA_PER_EV_A3  # dH/dP in angstrom^3
    assert slope == pytest.approx(fcc["volumes_a3"][2], rel=1e-3)
    assert h[0] == pytest.approx(fcc["e0_ev"], abs=1e-6)  # H = E at zero pressure


def test_ranking_pairs_and_none_below() -> None:
    out = run(formula="Cu", prototypes=["fcc", "diamond", "bcc"], pressures_gpa=[0, 30, 50], use_cache=False)
    assert [pt["most_stable"] for pt in out["points"]] == ["fcc", "fcc", "fcc"]
    diamond_gap = next(ph for ph in out["phases"] if ph["prototype"] == "diamond")["enthalpies_ev"]
    fcc_h = next(ph for ph in out["phases"] if ph["prototype"] == "fcc")["enthalpies_ev"]
    # the open diamond structure pays P*dV: its disadvantage grows with pressure
    gaps = [d - f for d, f in zip(diamond_gap, fcc_h, strict=True)]
    assert gaps[0] > 0.5 and gaps[2] > gaps[1] > gaps[0]
    pair = next(p for p in out["pairs"] if {p["first"], p["second"]} == {"fcc", "diamond"})
    assert pair["transitions_gpa"] == [] and pair["note"].startswith("none below")
    assert pair["searched_up_to_gpa"] >= 50
    for ph in out["phases"]:
        assert ph["pressure_window_gpa"][0] <= 0 <= 50 <= ph["pressure_window_gpa"][1]
        assert ph["fit_residual_ev"] < 0.005


def test_pressure_outside_the_window_is_refused_not_extrapolated() -> None:
    """EMT aluminium is soft (B ~ 40 GPa): 50 GPa would need more than 45 % compression, past what the
    scan covers, so no enthalpy is given there; 10 GPa still is."""
    out = run(formula="Al", prototypes=["fcc", "bcc"], pressures_gpa=[10, 50], use_cache=False)
    for ph in out["phases"]:
        assert ph["enthalpies_ev"][0] is not None and ph["enthalpies_ev"][1] is None
    assert out["points"][1]["most_stable"] is None and set(out["points"][1]["missing"]) == {"fcc", "bcc"}
    assert any("not extrapolated" in w for w in out["warnings"])


def test_hexagonal_cells_get_their_shape_relaxed_under_pressure() -> None:
    out = run(formula="Cu", prototypes=["fcc", "hcp"], pressures_gpa=[0, 30], use_cache=False)
    hcp = next(ph for ph in out["phases"] if ph["prototype"] == "hcp")
    assert "shape and positions relaxed" in hcp["method"]
    # EMT puts hcp and fcc Cu within a few meV/atom at every pressure
    assert all(pt["margin_ev"] < 0.01 for pt in out["points"])


@pytest.mark.parametrize(
    "args,msg",
    [
        ({"formula": "Cu", "prototypes": ["fcc", "bcc"], "pressures_gpa": [400]}, "between 0 and 300"),
        ({"formula": "Cu", "prototypes": ["fcc", "fcc"], "pressures_gpa": [10]}, "two different"),
        ({"formula": "Cu", "prototypes": ["fcc", "unobtainium"], "pressures_gpa": [10]}, "unknown prototype"),
    ],
)
def test_bad_input_is_a_tool_input_error(args: dict[str, Any], msg: str) -> None:
    out = get_tool("enthalpy_vs_pressure").invoke({"calculator": "emt", **args})
    assert out["error"]["type"] == "ToolInputError" and msg in out["error"]["message"]


def test_beta_tin_prototype_builds_with_its_symmetry() -> None:
    from tools import analysis
    from tools.structures import build_bulk

    atoms = build_bulk("Sn", "beta-tin", None, None)
    assert analysis.spacegroup(atoms)[1] == 141 and len(atoms) == 2
    si = build_bulk("Si", "betatin", 4.686, 2.585)  # Jamieson's Si-II cell: 4 atoms per a^2 c
    assert analysis.spacegroup(si)[1] == 141
    assert si.get_volume() / len(si) == pytest.approx(4.686**2 * 2.585 / 4, rel=1e-6)
