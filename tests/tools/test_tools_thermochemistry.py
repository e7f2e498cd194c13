"""Thermochemistry, reaction energies and electronic properties with real GFN2-xTB on small
molecules (each call takes well under a few seconds)."""

from __future__ import annotations

from typing import Any

import pytest

from tools import get_tool

KJ = 96.485332  # kJ/mol per eV
J_MOL_K = 96485.332  # J/(mol K) per eV/K


def call(name: str, **args: Any) -> dict[str, Any]:
    out = get_tool(name).invoke(args)
    assert "error" not in out, out
    return out


def thermo(structure: dict[str, Any], **args: Any) -> dict[str, Any]:
    return call("thermochemistry", structure=structure, **args)


def test_water_thermochemistry() -> None:
    out = thermo({"molecule": "H2O"})
    assert out["calculator"] == "xtb" and out["geometry"] == "nonlinear"
    assert (out["point_group"], out["symmetry_number"], out["spin_multiplicity"]) == ("C2v", 2, 1)
    assert len(out["frequencies_cm1"]) == 3 and min(out["frequencies_cm1"]) > 1000
    assert out["imaginary_frequencies_cm1"] == [] and out["reoptimisations"] == 0
    assert out["zero_point_energy_ev"] == pytest.approx(
        0.5 * sum(out["frequencies_cm1"]) * 1.2398e-4, rel=1e-3
    )
    # Experimental S(298.15 K, 1 bar) = 188.84 J/(mol K) (NIST-JANAF); dominated by translation and
    # rotation, so geometry, symmetry number and masses are all checked here.
    assert out["entropy_ev_per_k"] * J_MOL_K == pytest.approx(188.84, rel=0.01)
    assert out["gibbs_energy_ev"] == pytest.approx(
        out["enthalpy_ev"] - 298.15 * out["entropy_ev_per_k"], abs=1e-5
    )


@pytest.mark.parametrize(
    ("structure", "geometry", "sigma", "n_modes", "s_exp"),
    [
        # Experimental standard entropies in J/(mol K) at 298.15 K (NIST-JANAF tables, Chase 1998).
        ({"molecule": "CO2"}, "linear", 2, 4, 213.79),
        ({"molecule": "NH3"}, "nonlinear", 3, 6, 192.77),
        ({"molecule": "N2"}, "linear", 2, 1, 191.61),
        ({"molecule": "H2"}, "linear", 2, 1, 130.68),
    ],
)
def test_small_molecule_thermochemistry(
    structure: dict[str, Any], geometry: str, sigma: int, n_modes: int, s_exp: float
) -> None:
    out = thermo(structure)
    assert out["geometry"] == geometry and out["symmetry_number"] == sigma
    assert len(out["frequencies_cm1"]) == n_modes and out["spin_multiplicity"] == 1
    assert out["entropy_ev_per_k"] * J_MOL_K == pytest.approx(s_exp, rel=0.015)


@pytest.mark.parametrize(
    "structure", [{"molecule": "O2"}, {"smiles": "O=O"}, {"xyz": "2\n\nO 0 0 0\nO 0 0 1.21\n"}]
)
def test_oxygen_is_a_triplet_however_it_is_given(structure: dict[str, Any]) -> None:
    out = thermo(structure)
    assert out["spin_multiplicity"] == 3
    # S = 205.15 J/(mol K) (NIST-JANAF); as a singlet it would be R ln 3 = 9.1 lower.
    assert out["entropy_ev_per_k"] * J_MOL_K == pytest.approx(205.15, abs=2.0)


def test_nitrogen_dioxide_is_a_doublet() -> None:
    out = thermo({"molecule": "NO2"})
    assert out["spin_multiplicity"] == 2 and out["point_group"] == "C2v"
    assert out["entropy_ev_per_k"] * J_MOL_K == pytest.approx(240.04, rel=0.015)  # NIST-JANAF


def test_temperature_and_pressure_dependence_reuse_the_cached_modes() -> None:
    cold = thermo({"molecule": "NH3"}, temperature_k=298.15)
    hot = thermo({"molecule": "NH3"}, temperature_k=800.0)
    squeezed = thermo({"molecule": "NH3"}, temperature_k=298.15, pressure_bar=10.0)
    assert cold["cached"] is False and hot["cached"] is True and squeezed["cached"] is True
    assert hot["enthalpy_ev"] > cold["enthalpy_ev"] and hot["gibbs_energy_ev"] < cold["gibbs_energy_ev"]
    assert hot["zero_point_energy_ev"] == cold["zero_point_energy_ev"]
    # Ideal gas: S(10 bar) = S(1 bar) - k ln 10.
    assert cold["entropy_ev_per_k"] - squeezed["entropy_ev_per_k"] == pytest.approx(
        8.617333e-5 * 2.302585, rel=1e-3
    )


PLANAR_NH3 = "4\n\nN 0 0 0\nH 1.01 0 0\nH -0.505 0.8747 0\nH -0.505 -0.8747 0\n"


def test_saddle_point_is_reoptimised_to_the_minimum() -> None:
    # Planar ammonia is the inversion transition state: its imaginary mode is followed downhill.
    out = thermo({"xyz": PLANAR_NH3})
    assert out["reoptimisations"] >= 1
    assert out["point_group"] == "C3v" and out["imaginary_frequencies_cm1"] == []
    assert len(out["frequencies_cm1"]) == 6


def test_persistent_imaginary_mode_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import tools.harmonic

    monkeypatch.setattr(tools.harmonic, "MAX_REOPTIMISATIONS", 0)
    out = get_tool("thermochemistry").invoke({"structure": {"xyz": PLANAR_NH3}, "use_cache": False})
    assert out["error"]["type"] == "SimulationFailed"
    assert "imaginary modes -" in out["error"]["message"] and "saddle point" in out["error"]["message"]


def test_thermochemistry_refuses_a_crystal() -> None:
    out = get_tool("thermochemistry").invoke({"structure": {"formula": "Cu"}})
    assert out["error"]["type"] == "ToolInputError" and "molecule" in out["error"]["message"]


def test_ammonia_synthesis_is_exothermic_and_reuses_species() -> None:
    parts = {n: thermo({"molecule": n}) for n in ("N2", "H2", "NH3")}
    out = call("reaction_energy", reaction="N2 + 3 H2 -> 2 NH3", temperature_k=298.15)
    assert out["cached"] is True  # every species came from the thermochemistry calls above
    assert out["exothermic"] is True and out["delta_h_kj_mol"] < 0
    expected = 2 * parts["NH3"]["enthalpy_ev"] - parts["N2"]["enthalpy_ev"] - 3 * parts["H2"]["enthalpy_ev"]
    assert out["delta_h_ev"] == pytest.approx(expected, abs=1e-5)
    assert out["delta_h_kj_mol"] == pytest.approx(out["delta_h_ev"] * KJ, abs=1e-2)
    # Gas molecules are consumed (4 -> 2), so entropy falls and Delta G > Delta H at 298 K.
    assert out["delta_g_ev"] > out["delta_h_ev"]
    assert [(s["species"], s["side"], s["coefficient"]) for s in out["species"]] == [
        ("N2", "reactant", 1.0),
        ("H2", "reactant", 3.0),
        ("NH3", "product", 2.0),
    ]


def test_water_gas_shift_is_exothermic_at_500_k() -> None:
    # CO + H2O -> CO2 + H2: Delta H(298 K) = -41.2 kJ/mol from NIST-JANAF enthalpies of formation.
    out = call("reaction_energy", reaction="carbon monoxide + water -> CO2 + H2", temperature_k=500)
    assert out["exothermic"] is True and out["delta_h_ev"] < 0
    assert out["temperature_k"] == 500 and out["reaction"] == "carbon monoxide + water -> CO2 + H2"
    # |Delta H| is inside twice xTB's measured error: the result says its sign is uncertain.
    assert any("measured MAE" in w and "sign is uncertain" in w for w in out["warnings"])


def test_reaction_with_smiles_species_and_triplet_oxygen() -> None:
    out = call("reaction_energy", reaction="2 [H][H] + O=O -> 2 smiles:O")
    spins = {s["species"]: s["spin_multiplicity"] for s in out["species"]}
    assert spins == {"[H][H]": 1, "O=O": 3, "smiles:O": 1}
    assert {s["formula"] for s in out["species"]} == {"H2", "O2", "H2O"}
    assert out["exothermic"] is True
    assert out["delta_h_kj_mol"] < -400 and not any("measured MAE" in w for w in out["warnings"])


@pytest.mark.parametrize(
    ("reaction", "message"),
    [
        ("N2 + H2 -> NH3", "unbalanced reaction 'N2 + H2 -> NH3': reactants H2 N2, products H3 N1"),
        ("CO + H2O -> CO2", "off in H"),
        ("N2 + 3 H2 -> 2 unobtainium", "unknown species 'unobtainium'"),
        ("N2 and H2 make NH3", "exactly one arrow"),
        # Without the prefix "O" is the oxygen atom, and the balance check catches the slip.
        ("2 H2 + O2 -> 2 O", "off in H"),
        ("H2 + smiles:C1CC -> CH4", "invalid SMILES"),
    ],
)
def test_bad_reactions_are_refused_before_any_calculation(reaction: str, message: str) -> None:
    out = get_tool("reaction_energy").invoke({"reaction": reaction})
    assert out["error"]["type"] == "ToolInputError"
    assert message in out["error"]["message"]


def test_electronic_properties_of_water() -> None:
    out = call("electronic_properties", structure={"molecule": "H2O"})
    assert out["calculator"] == "xtb"
    assert out["homo_ev"] < out["lumo_ev"] and out["homo_lumo_gap_ev"] > 5
    assert out["dipole_debye"] == pytest.approx(1.85, abs=0.5)  # experiment 1.8546 D (CRC Handbook)
    assert len(out["ir_modes"]) == 3 and len(out["ir_active_frequencies_cm1"]) == 3


def test_ir_activity_follows_symmetry() -> None:
    co2 = call("electronic_properties", structure={"smiles": "O=C=O"})
    assert co2["dipole_debye"] < 0.01
    modes = co2["ir_modes"]
    assert len(modes) == 4
    # The symmetric stretch (third by frequency) keeps the dipole zero: IR-inactive.
    assert [m["ir_active"] for m in modes] == [True, True, False, True]
    n2 = call("electronic_properties", structure={"molecule": "N2"})
    assert n2["ir_active_frequencies_cm1"] == [] and n2["dipole_debye"] < 0.01


def test_electronic_properties_without_ir_and_for_an_open_shell() -> None:
    out = call("electronic_properties", structure={"molecule": "O2"}, include_ir=False)
    assert out["ir_modes"] is None and out["spin_multiplicity"] == 3
    assert any("open shell" in w for w in out["warnings"])


def test_monatomic_gas_has_translational_entropy_only() -> None:
    argon = thermo({"smiles": "[Ar]"})
    assert argon["geometry"] == "monatomic" and argon["frequencies_cm1"] == []
    assert argon["zero_point_energy_ev"] == 0.0
    # Sackur-Tetrode: S(Ar, 298.15 K, 1 bar) = 154.85 J/(mol K) (NIST-JANAF 154.846).
    assert argon["entropy_ev_per_k"] * J_MOL_K == pytest.approx(154.85, abs=0.05)
    # H - E = 5/2 kT for an ideal monatomic gas.
    assert argon["enthalpy_correction_ev"] == pytest.approx(2.5 * 8.617333e-5 * 298.15, rel=1e-4)
    oxygen = thermo({"molecule": "O"})
    assert oxygen["spin_multiplicity"] == 3 and any("orbital" in w for w in oxygen["warnings"])
