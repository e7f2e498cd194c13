"""The pyscf DFT calculator with real pyscf at the cheapest settings (minimal basis, coarse grid):
registry entry, energy-force consistency, dipole, open shells, analytic Hessian, the ideal-gas
path, the cache key and the wall-time interrupt. The named levels are swapped for cheap ones at
the seam (``tools.dft_levels.LEVELS``); the default level runs only in the slow tests."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pytest
from ase.build import molecule

from tools import get_tool
from tools.dft_levels import LEVELS, DftLevel, Method
from tools.settings import SimulationSettings, ToolSettings
from tools.spin import spin_multiplicity

pytest.importorskip("pyscf")

J_MOL_K = 96485.332  # J/(mol K) per eV/K
CHEAP = Method("pbe", None, "sto-3g", 3)
CHEAP_DZ = Method("pbe", None, "3-21g", 3)


@pytest.fixture
def cheap_levels(monkeypatch: pytest.MonkeyPatch) -> None:
    """'default' and 'screening' become minimal-basis PBE; 'default' is composite (3-21G energies
    on STO-3G geometries) so that the energy-method path is exercised too."""
    monkeypatch.setitem(LEVELS, "default", DftLevel(CHEAP, CHEAP_DZ, 1.0, "test"))
    monkeypatch.setitem(LEVELS, "screening", DftLevel(CHEAP, CHEAP, 1.0, "test"))


def calc_atoms(name: str, level: str = "screening") -> Any:
    from tools.dft_calculator import PyscfCalculator

    atoms = molecule(name)
    atoms.calc = PyscfCalculator(level=level, multiplicity=spin_multiplicity(atoms))
    return atoms


def tool(name: str, home: Any, level: str = "screening", **sim: Any) -> Any:
    settings = ToolSettings.at_home(home, SimulationSettings(dft_level=level, **sim))
    return get_tool(name).bound(settings)


def test_registry_entry_without_importing_pyscf() -> None:
    from fresh_python import fresh_python

    out = fresh_python(
        "import sys\n"
        "from tools.calculators import registry, supported_calculators\n"
        "from tools.settings import SimulationSettings\n"
        "info = registry()['pyscf']\n"
        "print(info.molecular, info.periodic, info.isolated_atoms, info.takes_spin, 1 in info.elements,\n"
        "      36 in info.elements, 79 in info.elements, 'pyscf' in supported_calculators(['O', 'H'], False),\n"
        "      'pyscf' in supported_calculators(['Cu'], True))\n"
        "print(info.version(SimulationSettings()))\n"
        "print('pyscf' in sys.modules)\n"
    )
    flags, version, imported = out.strip().splitlines()
    assert flags.split() == ["True", "False", "True", "True", "True", "True", "False", "True", "False"]
    assert (
        version.startswith("pyscf 2.")
        and "B3LYP-D3BJ/def2-svp" in version
        and "WB97X-D3BJ/def2-tzvpd" in version
    )
    assert imported == "False"  # listing and versions stay instant


def test_forces_are_the_energy_gradient(cheap_levels: None) -> None:
    atoms = calc_atoms("H2O")
    atoms.positions[1] += [0.05, -0.03, 0.04]  # off the minimum: forces of ~1 eV/angstrom
    force = atoms.get_forces()[1, 0]
    h, energies = 1e-3, []
    for sign in (1, -1):
        moved = atoms.copy()
        moved.calc = atoms.calc
        moved.positions[1, 0] += sign * h
        energies.append(moved.get_potential_energy())
    assert abs(force) > 0.1
    assert force == pytest.approx(-(energies[0] - energies[1]) / (2 * h), abs=0.01)


def test_water_dipole_points_to_the_hydrogens(cheap_levels: None, home: Any) -> None:
    out = tool("electronic_properties", home).invoke(
        {"structure": {"molecule": "H2O"}, "calculator": "pyscf", "optimize": False, "include_ir": False}
    )
    assert "error" not in out, out
    atoms = molecule("H2O")
    towards_h = atoms.positions[1:].mean(axis=0) - atoms.positions[0]
    vector = np.asarray(out["dipole_vector_debye"])
    cos = vector @ towards_h / np.linalg.norm(vector) / np.linalg.norm(towards_h)
    assert cos > 0.99  # along the C2 axis, positive end at the hydrogens (ASE's sign convention)
    assert 1.0 < out["dipole_debye"] < 2.6  # experiment 1.85 D
    assert out["homo_ev"] < out["lumo_ev"] and out["homo_lumo_gap_ev"] > 3


def test_oxygen_is_an_unrestricted_triplet(cheap_levels: None) -> None:
    from pyscf import dft

    from tools.dft_calculator import PyscfCalculator

    triplet = calc_atoms("O2")
    assert triplet.calc.parameters["multiplicity"] == 3
    e_triplet = triplet.get_potential_energy()
    assert isinstance(triplet.calc.mf, dft.uks.UKS)
    singlet = molecule("O2")
    singlet.calc = PyscfCalculator(level="screening", multiplicity=1)
    assert singlet.get_potential_energy() > e_triplet + 0.3  # Hund: the triplet lies well below
    assert isinstance(singlet.calc.mf, dft.rks.RKS)
    assert spin_multiplicity(molecule("NO2")) == 2


def test_analytic_hessian_matches_finite_differences(cheap_levels: None) -> None:
    from ase.optimize import BFGS
    from ase.vibrations import Vibrations

    from tools.dft_hessian import hessian_modes

    atoms = calc_atoms("H2O")
    assert BFGS(atoms, logfile=None).run(fmax=1e-2, steps=30)  # stiff modes: tight enough
    freqs, modes = hessian_modes(atoms, 6)
    assert len(freqs) == 3 and len(modes) == 3 and min(freqs) > 1000
    assert np.asarray(modes[0]).shape == (3, 3)
    vib = Vibrations(atoms, name=str(atoms.calc.directory) + "/hypoloop-test-vib", delta=0.005)
    vib.clean()
    vib.run()
    fd = sorted(abs(f) for f in vib.get_frequencies())[6:]
    vib.clean()
    assert freqs == pytest.approx(fd, abs=25)  # grid noise of the finite differences, not physics


def test_hessian_quadratures_on_their_own_grids(cheap_levels: None) -> None:
    from pyscf.hessian import thermo

    from tools.dft_hessian import analytic_hessian

    atoms = calc_atoms("H2O")
    atoms.get_potential_energy()
    mf = atoms.calc.mf

    def freqs(explicit: int, response: int) -> Any:
        matrix = analytic_hessian(mf, explicit, response)
        return np.asarray(thermo.harmonic_analysis(mf.mol, matrix)["freq_wavenumber"])

    reference = freqs(3, 3)
    # Each grid reaches its own quadrature: a coarser one changes the numbers, though barely.
    for grids in ((3, 0), (1, 3)):
        shift = np.abs(freqs(*grids) - reference).max()
        assert 1e-4 < shift < 5.0, (grids, shift)
    assert mf.grids.level == 3  # the SCF's own grid is left as it was


def test_thermochemistry_through_the_ideal_gas_path(cheap_levels: None, home: Any) -> None:
    out = tool("thermochemistry", home, "default").invoke(
        {"structure": {"molecule": "H2O"}, "calculator": "pyscf"}
    )
    assert "error" not in out, out
    assert out["calculator"] == "pyscf" and "PBE/3-21g//PBE/sto-3g" in out["calculator_version"]
    assert out["parameters"]["hessian"] == "analytic" and "delta_a" not in out["parameters"]
    assert (out["point_group"], out["symmetry_number"], out["geometry"]) == ("C2v", 2, "nonlinear")
    assert len(out["frequencies_cm1"]) == 3 and out["imaginary_frequencies_cm1"] == []
    assert out["optimisation_steps"] <= 5  # from the xTB start; 7 with BFGS's generic Hessian
    # NIST-JANAF 188.84; a minimal basis stretches the bonds (larger moments of inertia), while a
    # wrong symmetry number or geometry class would be off by R ln 2 = 5.8 or more.
    assert out["entropy_ev_per_k"] * J_MOL_K == pytest.approx(188.84, abs=3.0)
    # The composite level's energy is the 3-21G single point, not the STO-3G optimisation's.
    atoms = calc_atoms("H2O", "default")
    assert abs(out["electronic_energy_ev"] - atoms.get_potential_energy()) > 1.0


def test_cache_key_includes_the_level(cheap_levels: None, home: Any) -> None:
    args = {"structure": {"molecule": "H2"}, "calculator": "pyscf"}
    first = tool("single_point", home, "screening").invoke(args)
    again = tool("single_point", home, "screening").invoke(args)
    other = tool("single_point", home, "default").invoke(args)
    assert (first["cached"], again["cached"], other["cached"]) == (False, True, False)
    assert first["calculator_version"] != other["calculator_version"]
    assert first["energy_ev"] == again["energy_ev"]


@pytest.mark.parametrize("in_thread", [False, True])
def test_wall_time_limit_interrupts_a_long_call(home: Any, in_thread: bool) -> None:
    from concurrent.futures import ThreadPoolExecutor

    # The real default level on a 8-atom molecule takes a minute; the limit is one second.
    bound = tool("thermochemistry", home, "default", wall_time_s=1.0)
    args = {"structure": {"molecule": "C2H6"}, "calculator": "pyscf"}
    start = time.perf_counter()
    if in_thread:
        with ThreadPoolExecutor(1) as pool:
            out = pool.submit(bound.invoke, args).result()
    else:
        out = bound.invoke(args)
    assert out["error"]["type"] == "SimulationTimeout", out
    assert time.perf_counter() - start < 6.0


@pytest.mark.slow
def test_default_level_water_and_open_shells(home: Any) -> None:
    bound = tool("thermochemistry", home, "default")
    water = bound.invoke({"structure": {"molecule": "H2O"}, "calculator": "pyscf"})
    assert "error" not in water, water
    scaled = [LEVELS["default"].frequency_scale * f for f in water["frequencies_cm1"]]
    assert scaled == pytest.approx([1595, 3657, 3756], rel=0.05)  # CCCBDB fundamentals
    for name, mult in (("O2", 3), ("NO2", 2)):
        out = bound.invoke({"structure": {"molecule": name}, "calculator": "pyscf"})
        assert "error" not in out and out["spin_multiplicity"] == mult, out


def test_measured_errors_are_per_level() -> None:
    from tools.accuracy_molecules import MOLECULE_MAE, molecule_mae
    from tools.calculators import registry

    variant = registry()["pyscf"].variant
    assert variant is not None and variant(SimulationSettings(dft_level="screening")) == "screening"
    default = molecule_mae("pyscf", "reaction_enthalpy_kj_mol")
    screening = molecule_mae("pyscf", "reaction_enthalpy_kj_mol", "screening")
    assert default == MOLECULE_MAE["pyscf"]["reaction_enthalpy_kj_mol"]
    assert screening == MOLECULE_MAE["pyscf:screening"]["reaction_enthalpy_kj_mol"] != default
    assert molecule_mae("pyscf", "reaction_enthalpy_kj_mol", "default") == default
