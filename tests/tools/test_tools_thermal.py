"""phonons and thermal_expansion with cheap real physics (EMT on one-atom fcc/bcc cells), each
number checked against an independent route or a physical law; one slow CHGNet run for Pb."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

from tools import get_tool, qha

K_B_MEV = 0.08617333  # meV/K


def call(name: str, **args: Any) -> dict[str, Any]:
    out = get_tool(name).invoke(args)
    assert "error" not in out, out
    return out


CU = {"formula": "Cu", "prototype": "fcc"}


def test_fcc_cu_phonons_obey_the_thermodynamic_limits() -> None:
    out = call("phonons", structure=CU, calculator="emt", temperatures=[0, 290, 310, 1500])
    assert out["dynamically_stable"] is True and out["min_frequency_thz"] > -0.1
    assert out["primitive_atoms"] == 1 and out["supercell_atoms"] == 27 and out["n_displacements"] == 1
    assert 6.0 < out["max_frequency_thz"] < 10.0  # experiment 7.3 THz; EMT is stiffer
    t0, t290, t310, t1500 = out["thermal"]
    # F_vib(0 K) is the zero-point energy: positive, ~(9/8) k_B Theta_D for a Debye solid (Theta ~ 300 K).
    assert 0.02 < t0["free_energy_ev_per_atom"] < 0.05 and t0["entropy_mev_per_k_atom"] == 0.0
    # S = -dF/dT: the entropy at 300 K from two free energies, against phonopy's own entropy.
    s_from_f = -(t310["free_energy_ev_per_atom"] - t290["free_energy_ev_per_atom"]) / 20 * 1e3
    s_mid = (t290["entropy_mev_per_k_atom"] + t310["entropy_mev_per_k_atom"]) / 2
    assert s_from_f == pytest.approx(s_mid, rel=0.01)
    # Dulong-Petit: C_v -> 3 k_B per atom far above the Debye temperature.
    assert t1500["heat_capacity_mev_per_k_atom"] == pytest.approx(3 * K_B_MEV, rel=0.01)
    dos = np.array(out["dos"])
    assert np.trapezoid(dos[:, 1], dos[:, 0]) == pytest.approx(3.0, rel=0.05)  # 3 modes per atom


def test_supercell_convergence_is_reported() -> None:
    out = call("phonons", structure=CU, calculator="emt", temperatures=[300])
    sizes = [(p["supercell"], p["supercell_atoms"]) for p in out["convergence"]]
    assert sizes == [(3, 27), (4, 64)]
    f3, f4 = (p["free_energy_300k_ev_per_atom"] for p in out["convergence"])
    assert out["free_energy_change_mev_per_atom"] == pytest.approx(abs(f4 - f3) * 1e3, abs=1e-3)
    assert out["free_energy_change_mev_per_atom"] < 2.0
    assert out["thermal"][0]["free_energy_ev_per_atom"] == pytest.approx(f3, abs=1e-6)


def test_bcc_copper_is_dynamically_unstable() -> None:
    out = call("phonons", structure={"formula": "Cu", "prototype": "bcc"}, calculator="emt", check_convergence=False)
    assert out["dynamically_stable"] is False
    assert out["min_frequency_thz"] < -0.5 and out["imaginary_mode_fraction"] > 0
    assert any("imaginary" in w for w in out["warnings"])
    assert out["convergence"] and out["free_energy_change_mev_per_atom"] is None


def test_thermal_expansion_of_cu_by_qha() -> None:
    out = call("thermal_expansion", structure=CU, calculator="emt", temperatures=[100, 290, 300, 310])
    p100, p290, p300, p310 = out["points"]
    assert all(p["method"] == "qha" for p in out["points"])
    # 16.5 ppm/K measured; EMT overestimates (bench/tools_accuracy_thermal.py: +26 %).
    assert 12.0 < p300["alpha_linear_ppm_per_k"] < 28.0
    assert p300["alpha_error_ppm_per_k"] < 1.0
    assert p100["alpha_linear_ppm_per_k"] < p300["alpha_linear_ppm_per_k"]  # alpha follows C_v
    # alpha against the lattice constants the same run reports at 290 and 310 K.
    slope = (p310["lattice_constant"] - p290["lattice_constant"]) / 20 / p300["lattice_constant"]
    assert slope * 1e6 == pytest.approx(p300["alpha_linear_ppm_per_k"], rel=0.1)
    # Zero-point motion expands the lattice; heating expands it further.
    assert out["static_lattice_constant"] < out["zero_kelvin_lattice_constant"] < p300["lattice_constant"]
    assert out["supercell_atoms"] == 27 and len(out["volumes_per_atom"]) == 7


@pytest.mark.slow  # three QHA scans, one with a 64-atom supercell
def test_al_expands_more_than_cu_and_the_supercell_is_converged() -> None:
    al = call("thermal_expansion", structure={"formula": "Al", "prototype": "fcc"}, calculator="emt")
    cu3 = call("thermal_expansion", structure=CU, calculator="emt")
    cu4 = call("thermal_expansion", structure=CU, calculator="emt", supercell=4)
    assert al["points"][0]["alpha_linear_ppm_per_k"] > cu3["points"][0]["alpha_linear_ppm_per_k"]
    assert cu4["points"][0]["alpha_linear_ppm_per_k"] == pytest.approx(
        cu3["points"][0]["alpha_linear_ppm_per_k"], rel=0.03
    )


def test_unstable_crystal_and_molecule_are_refused() -> None:
    out = get_tool("thermal_expansion").invoke(
        {"structure": {"formula": "Cu", "prototype": "bcc"}, "calculator": "emt"}
    )
    assert out["error"]["type"] == "SimulationFailed" and "imaginary" in out["error"]["message"]
    out = get_tool("phonons").invoke({"structure": {"molecule": "H2O"}, "calculator": "emt"})
    assert out["error"]["type"] == "ToolInputError" and "crystal" in out["error"]["message"]
    out = get_tool("thermal_expansion").invoke({"structure": CU, "temperatures": [5000]})
    assert out["error"]["type"] == "ToolInputError"


def test_qha_fit_recovers_a_known_minimum() -> None:
    """F(V, T) = (V - V0(T))^2 with V0 = 10 (1 + 3e-5 T): the fitted alpha must be 1e-5 (linear)."""
    vols = np.linspace(9.8, 10.4, 7)
    grid = np.arange(0.0, 400.0, 10.0)
    v0 = 10.0 * (1 + 3e-5 * grid)
    free = (vols[:, None] - v0[None, :]) ** 2
    energies = free[:, 0]
    fvib = free - energies[:, None]
    alpha = qha.minimised_alpha(vols, energies, fvib, grid, 300.0)
    assert alpha == pytest.approx(1e-5 / (1 + 3e-5 * 300), rel=1e-3)
    assert qha.jackknife(qha.minimised_alpha, vols, energies, fvib, grid, 300.0) < 1e-9
    assert qha.stable_volumes([0.0, 0.0, 0.0, 0.0, 0.0, -0.5]) == [0, 1, 2, 3, 4]
    with pytest.raises(Exception, match="imaginary"):
        qha.stable_volumes([0.0, -0.5, 0.0, 0.0, 0.0, 0.0])


@pytest.mark.slow
def test_lead_with_chgnet_expands_via_md_where_qha_breaks_down() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = call("thermal_expansion", structure={"formula": "Pb", "prototype": "fcc"}, calculator="chgnet")
    # no deprecated ASE usage, and CHGNet's note that it drops the FixCom constraint stays quiet
    assert not [w for w in caught if "fixcm" in str(w.message) or "FixAtoms" in str(w.message)]
    p = out["points"][0]
    assert p["method"] == "md" and p["md"]["md_atoms"] == 32
    assert any("imaginary" in w for w in out["warnings"])
    # 28.9 ppm/K measured; the sign must be clear of the statistical error.
    assert p["alpha_linear_ppm_per_k"] > 2 * p["alpha_error_ppm_per_k"]
    assert 10.0 < p["alpha_linear_ppm_per_k"] < 90.0
    lo, hi = p["md"]["pressures_gpa"]
    assert hi > lo  # thermal pressure rises with temperature at fixed volume
