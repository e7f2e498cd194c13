"""The GFN2-xTB start of DFT optimisations (tools/dft_start.py) with real tblite and real pyscf
at the cheapest level: the start is xTB's minimum, its Hessian is conditioned for BFGS, a start
that changes the molecule is refused, and DFT then needs few steps. The default level runs in
the slow test."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from ase.build import molecule

from tools import get_tool
from tools.dft_levels import LEVELS, DftLevel, Method
from tools.settings import SimulationSettings, ToolSettings

pytest.importorskip("pyscf")
pytest.importorskip("tblite")

CHEAP = Method("pbe", None, "sto-3g", 3)


@pytest.fixture
def cheap_screening(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(LEVELS, "screening", DftLevel(CHEAP, CHEAP, 1.0, "test"))


def xtb_forces(atoms: Any) -> Any:
    from tools.calculators import registry

    work = atoms.copy()
    work.calc = registry()["xtb"].factory(SimulationSettings())
    return work.get_forces()


def test_start_is_the_xtb_minimum_with_a_hessian_fit_for_bfgs() -> None:
    from tools.dft_start import MIN_CURVATURE, RIGID_CURVATURE, _rigid_basis, xtb_start

    atoms = molecule("CH3OH")
    atoms.positions[1] += [0.08, -0.05, 0.03]
    assert np.abs(xtb_forces(atoms)).max() > 0.5
    hessian = xtb_start(atoms, 1, 0)
    assert np.abs(xtb_forces(atoms)).max() < 2e-3  # moved to xTB's minimum
    assert hessian.shape == (18, 18) and np.allclose(hessian, hessian.T)
    assert np.linalg.eigvalsh(hessian).min() >= MIN_CURVATURE - 1e-9
    rigid = _rigid_basis(atoms.positions)
    assert rigid.shape == (18, 6)
    # Translations and rotations carry the generic curvature, not xTB's near-zero one ...
    assert rigid.T @ hessian @ rigid == pytest.approx(RIGID_CURVATURE * np.eye(6), abs=1e-6)
    # ... while stretching the O-H bond costs what xTB says (tens of eV/angstrom^2).
    oh = np.zeros((6, 3))
    oh[1] = atoms.positions[1] - atoms.positions[5]
    oh[5] = -oh[1]
    oh = oh.ravel() / np.linalg.norm(oh)
    assert 10 < oh @ hessian @ oh < 100


def test_linear_molecules_have_five_rigid_directions() -> None:
    from tools.dft_start import _rigid_basis

    assert _rigid_basis(molecule("CO2").positions).shape == (9, 5)


def test_no_start_when_xtb_changes_the_bonds() -> None:
    from tools.dft_start import xtb_start

    atoms = molecule("H2O")
    o, h = atoms.positions[0], atoms.positions[2]
    atoms.positions[2] = o + 1.5 * (h - o)  # one O-H bond broken
    before = atoms.positions.copy()
    assert xtb_start(atoms, 1, 0) is None  # xTB would re-form the bond: not the molecule asked for
    assert np.array_equal(atoms.positions, before)


def test_a_bond_near_the_cutoff_is_the_same_molecule() -> None:
    from tools.dft_start import xtb_start

    atoms = molecule("H2")  # 0.737 angstrom, bonded; xTB's 0.777 is past the bond cutoff
    assert xtb_start(atoms, 1, 0) is not None
    assert atoms.get_distance(0, 1) == pytest.approx(0.777, abs=0.01)


def test_dft_optimisation_from_the_start_takes_few_steps(cheap_screening: None, home: Any) -> None:
    settings = ToolSettings.at_home(home, SimulationSettings(dft_level="screening"))
    out = (
        get_tool("molecule_geometry")
        .bound(settings)
        .invoke({"structure": {"molecule": "CH3OH"}, "calculator": "pyscf", "fmax": 1e-3})
    )
    assert "error" not in out, out
    assert out["converged"]
    # From ASE's G2 geometry with BFGS's generic Hessian this took 15 steps, from the xTB minimum
    # with xTB's Hessian 6.
    assert out["optimisation_steps"] <= 8


def test_electronic_properties_optimise_from_the_start(cheap_screening: None, home: Any) -> None:
    settings = ToolSettings.at_home(home, SimulationSettings(dft_level="screening"))
    args = {"structure": {"molecule": "CH3OH"}, "calculator": "pyscf", "include_ir": False}
    out = get_tool("electronic_properties").bound(settings).invoke(args)
    assert "error" not in out, out
    assert out["converged"] and out["dipole_debye"] > 0.5
    # As molecule_geometry: 15 steps from ASE's G2 geometry with BFGS's generic Hessian (the
    # optimisation electronic_properties had before), 6 from the xTB minimum with its Hessian.
    assert 0 < out["optimisation_steps"] <= 8


@pytest.mark.slow
def test_default_level_ethanol_optimises_in_few_steps(home: Any) -> None:
    settings = ToolSettings.at_home(home, SimulationSettings(dft_level="default"))
    out = (
        get_tool("thermochemistry")
        .bound(settings)
        .invoke({"structure": {"molecule": "CH3CH2OH"}, "calculator": "pyscf"})
    )
    assert "error" not in out, out
    # 20 steps with the generic Hessian, 3 from the xTB start (same minimum to 2e-6 eV).
    assert out["optimisation_steps"] <= 6 and out["reoptimisations"] == 0
    assert len(out["frequencies_cm1"]) == 21 and out["imaginary_frequencies_cm1"] == []
    scaled = LEVELS["default"].frequency_scale * max(out["frequencies_cm1"])
    assert scaled == pytest.approx(3681, rel=0.03)  # O-H stretch, gas-phase fundamental (NIST)


@pytest.mark.slow  # ~1-2 min on a loaded 2-core machine; the two tests above cover the start itself
def test_relax_structure_starts_a_molecule_from_xtb(cheap_screening: None, home: Any) -> None:
    settings = ToolSettings.at_home(home, SimulationSettings(dft_level="screening"))
    args = {"structure": {"molecule": "CH3OH"}, "calculator": "pyscf", "fmax": 1e-3, "optimizer": "BFGS"}
    out = get_tool("relax_structure").bound(settings).invoke(args)
    assert "error" not in out, out
    assert out["converged"]
    # As molecule_geometry above: 15 steps from ASE's G2 geometry with the generic Hessian.
    assert out["steps"] <= 8
