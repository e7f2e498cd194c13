"""The sevennet calculator with the real bundled checkpoints, on 1-4 atom cells (issue #25)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import typing
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]


def test_registry_entry_and_what_it_can_treat() -> None:
    from tools.calculators import registry, supported_calculators

    info = registry()["sevennet"]
    assert (info.periodic, info.molecular, info.isolated_atoms, info.predicts_magmoms) == (
        True,
        False,
        False,
        False,
    )
    assert "isolated atoms" in info.isolated_atoms_note
    assert info.can_treat([13, 8], periodic=True)  # Al, O
    assert not info.can_treat([84], periodic=True)  # Po: not in MPtrj, not in the checkpoints
    assert not info.can_treat([13], periodic=False)
    assert "sevennet" in supported_calculators(["Si"], periodic=True)
    # listed after emt and chgnet: the cross-check's first alternative stays EMT <-> CHGNet
    assert list(registry()).index("sevennet") > list(registry()).index("chgnet")


def test_molecule_is_refused_with_a_clear_message() -> None:
    from tools import get_tool

    out = get_tool("single_point").invoke({"structure": {"molecule": "water"}, "calculator": "sevennet"})
    assert out["error"]["type"] == "UnsupportedCalculator"
    assert "sevennet" in out["error"]["message"] and "xtb" in out["error"]["message"]


def test_elements_match_every_bundled_checkpoint() -> None:
    from sevenn import _keys as key
    from sevenn.util import load_checkpoint

    from tools.calculator_sevennet import CHECKPOINTS, SEVENNET_ELEMENTS, checkpoint_path

    for name in CHECKPOINTS:
        config = load_checkpoint(str(checkpoint_path(name))).config
        assert set(config[key.TYPE_MAP]) == SEVENNET_ELEMENTS, name


def test_weights_and_version_without_importing_torch() -> None:
    from tools.calculator_sevennet import checkpoint_path
    from tools.settings import SimulationSettings

    default = SimulationSettings().sevennet_model
    probe = (
        "import sys\nfrom tools.calculators import registry\nfrom tools.settings import SimulationSettings\n"
        "info = registry()['sevennet']\ns = SimulationSettings()\n"
        "print(info.version(s)); print(list(info.weights(s).values())[0])\n"
        "print('LOADED=' + ','.join(m for m in ('torch', 'sevenn', 'e3nn') if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO)
    version, sha, loaded = proc.stdout.strip().splitlines()
    assert loaded == "LOADED="
    assert sha == hashlib.sha256(checkpoint_path(default).read_bytes()).hexdigest()
    assert version.startswith("sevenn ") and f"checkpoint {default} " in version and sha[:16] in version


def test_setting_accepts_only_bundled_checkpoints() -> None:
    from pydantic import ValidationError

    from tools.calculator_sevennet import CHECKPOINTS, checkpoint_path
    from tools.settings import SimulationSettings

    assert SimulationSettings().sevennet_model == "7net-l3i5"  # the bench's choice (see settings.py)
    names = typing.get_args(SimulationSettings.model_fields["sevennet_model"].annotation)
    assert set(names) == set(CHECKPOINTS)
    assert all(checkpoint_path(n).is_file() for n in names)  # nothing would need a download
    with pytest.raises(ValidationError):
        SimulationSettings(sevennet_model="7net-omni")  # type: ignore[arg-type]


def test_energy_and_forces_of_rattled_aluminium_are_consistent() -> None:
    from ase.build import bulk

    from tools.calculators import registry
    from tools.settings import SimulationSettings

    atoms = bulk("Al", "fcc", a=4.04, orthorhombic=True)  # 2 atoms
    atoms.rattle(0.05, seed=3)
    atoms.calc = registry()["sevennet"].factory(SimulationSettings())
    energy, forces = atoms.get_potential_energy(), atoms.get_forces()
    assert np.isfinite(energy) and np.isfinite(forces).all()
    assert -4.5 < energy / len(atoms) < -3.0  # MPtrj-scale (PBE) energy of Al, ~-3.7 eV/atom
    assert np.abs(forces).max() > 0.01 and np.allclose(forces.sum(axis=0), 0.0, atol=1e-4)
    # conservative forces: -dE/dx by central differences
    step, probe = 1e-3, atoms.copy()
    probe.calc = atoms.calc
    energies = []
    for sign in (1, -1):
        probe.positions[0, 0] = atoms.positions[0, 0] + sign * step
        energies.append(probe.get_potential_energy())
    assert -(energies[0] - energies[1]) / (2 * step) == pytest.approx(forces[0, 0], abs=2e-3)


def test_equation_of_state_of_aluminium_through_the_tool() -> None:
    from tools import get_tool

    out = get_tool("equation_of_state").invoke(
        {"structure": {"formula": "Al", "prototype": "fcc"}, "calculator": "sevennet"}
    )
    assert "error" not in out, out
    assert out["calculator"] == "sevennet"
    assert out["lattice_a_angstrom"] == pytest.approx(4.04, rel=0.03)
    assert 50 < out["bulk_modulus_gpa"] < 110  # experiment 76 GPa


def test_a_lattice_beyond_the_cutoff_gets_no_equation_of_state() -> None:
    """bcc Rb's neighbours (5.07 angstrom at SevenNet's plateau) lie past the model's 5 angstrom
    cutoff: the energy is flat on expansion, and a bulk modulus of 0.024 GPa (3.1 measured) came
    out without a warning. Now the tool refuses it."""
    from tools import get_tool

    out = get_tool("equation_of_state").invoke(
        {"structure": {"formula": "Rb", "prototype": "bcc"}, "calculator": "sevennet"}
    )
    assert out["error"]["type"] == "SimulationFailed" and "flat over" in out["error"]["message"], out


def test_checkpoint_version_is_part_of_the_cache_key() -> None:
    from tools import get_tool
    from tools.settings import SimulationSettings, ToolSettings, default_home

    args = {"structure": {"formula": "Al", "prototype": "fcc"}, "calculator": "sevennet"}
    first = get_tool("single_point").invoke(args)
    again = get_tool("single_point").invoke(args)
    assert (first["cached"], again["cached"]) == (False, True)
    other = ToolSettings.at_home(default_home(), SimulationSettings(sevennet_model="7net-0"))
    moved = get_tool("single_point", other).invoke(args)
    assert moved["cached"] is False and "checkpoint 7net-0 " in moved["calculator_version"]
    assert f"checkpoint {SimulationSettings().sevennet_model} " in first["calculator_version"]
    assert moved["energy_ev"] != first["energy_ev"]  # really another model, not a relabelled one


def test_batched_energies_equal_one_by_one() -> None:
    from ase.build import bulk

    from tools.batch_energies import energies
    from tools.calculators import registry
    from tools.call_context import Context, Deadline
    from tools.settings import ToolSettings

    cells = [bulk("Al", "fcc", a=a) for a in (3.9, 4.04)] + [bulk("Si", "diamond", a=5.43)]
    cells[2].rattle(0.02, seed=1)
    info = registry()["sevennet"]
    together = energies(cells, info, Context(ToolSettings.default(), Deadline(300)))
    alone = []
    for atoms in cells:
        atoms.calc = info.factory(ToolSettings.default().simulation)
        alone.append(atoms.get_potential_energy())
    assert together == pytest.approx(alone, abs=1e-4)
    assert together[0] > together[1]  # compressed Al lies above the near-equilibrium cell


def test_batched_energies_build_no_force_graph() -> None:
    """EOS scans need energies only: the batched instance has no force module and keeps no
    autograd graph (a quarter of the CPU time, bench/cross_hypothesis_batching.py); the
    calculator's instance still gives forces."""
    from tools.calculator_sevennet import sevennet_model

    batched, single = sevennet_model("7net-0", "cpu", batched=True), sevennet_model("7net-0", "cpu")
    assert "force_output" not in batched._modules and batched.key_grad is None
    assert "force_output" in single._modules


def test_free_atoms_and_moments_are_refused_by_capability() -> None:
    from tools import get_tool

    al = {"structure": {"formula": "Al", "prototype": "fcc"}, "calculator": "sevennet"}
    cohesive = get_tool("cohesive_energy").invoke(al)
    assert (
        cohesive["error"]["type"] == "UnsupportedCalculator"
        and "isolated atoms" in cohesive["error"]["message"]
    )
    fe = {"structure": {"formula": "Fe", "prototype": "bcc"}, "calculator": "sevennet"}
    moments = get_tool("magnetic_moments").invoke(fe)
    assert moments["error"]["type"] == "UnsupportedCalculator" and "chgnet" in moments["error"]["message"]
