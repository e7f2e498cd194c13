"""The offline question compiler's parser: phrasings -> QuestionSpec, refusals with their reason,
and what is not a computation question at all (None: answered from the literature)."""

from __future__ import annotations

import pytest

from agent.questions.compile import (
    QuestionRefusal,
    QuestionSpec,
    compile_question,
    plan_question,
)


def spec(text: str) -> QuestionSpec:
    got = compile_question(text)
    assert isinstance(got, QuestionSpec), got
    return got


def refusal(text: str) -> QuestionRefusal:
    got = compile_question(text)
    assert isinstance(got, QuestionRefusal), got
    return got


@pytest.mark.parametrize(
    ("text", "quantity", "field", "value"),
    [
        ("Report the vibrational frequencies of ethanol using GFN2-xTB", "vibrational_frequencies", "molecule", "CH3CH2OH"),
        ("What are the harmonic frequencies of H2O?", "vibrational_frequencies", "molecule", "H2O"),
        ("What is the vibrational frequency of CO?", "vibrational_frequencies", "molecule", "CO"),
        ("the C-O stretching frequency of carbon monoxide", "vibrational_frequencies", "molecule", "CO"),
        ("Which IR-active modes does CO2 have", "ir_frequencies", "molecule", "CO2"),
        ("the Gibbs free energy of CO2 at 800 K", "gibbs_energy", "molecule", "CO2"),
        ("Calculate the free energy of carbon dioxide at 800 kelvin", "gibbs_energy", "molecule", "CO2"),
        ("the dipole moment of the molecule with SMILES O=CO", "dipole_moment", "smiles", "O=CO"),
        ("Dipole of the SMILES string 'CCO'?", "dipole_moment", "smiles", "CCO"),
        ("HOMO-LUMO gap of benzene", "homo_lumo_gap", "molecule", "C6H6"),
        ("What's the HOMO/LUMO gap of formaldehyde?", "homo_lumo_gap", "molecule", "H2CO"),
        ("relax/optimise the geometry of ammonia", "geometry", "molecule", "NH3"),
        ("What is the H-O-H angle in water?", "geometry", "molecule", "H2O"),
        ("What is the C-H bond length of methane?", "geometry", "molecule", "CH4"),
        ("bulk modulus of diamond", "bulk_modulus", "formula", "C"),
        ("lattice constant of fcc copper at 0 K with EMT", "lattice_constant", "formula", "Cu"),
        ("Optimize the structure of methane", "geometry", "molecule", "CH4"),
        ("zero-point energy of methane", "zero_point_energy", "molecule", "CH4"),
        ("Compute the IR spectrum of CO2", "ir_frequencies", "molecule", "CO2"),
        ("the entropy of water at room temperature", "entropy", "molecule", "H2O"),
        ("What are the vibrational modes of the molecule with SMILES C1=CC=CC=C1?", "vibrational_frequencies", "smiles", "C1=CC=CC=C1"),
        ("the bulk modulus of bcc tungsten with CHGNet", "bulk_modulus", "formula", "W"),
        ("What is the lattice constant of fcc copper?", "lattice_constant", "formula", "Cu"),
        ("lattice parameter of rock-salt MgO", "lattice_constant", "formula", "MgO"),
        ("vacancy formation energy of Al with EMT", "vacancy_formation_energy", "formula", "Al"),
        ("How large is the energy to create a vacancy in nickel?", "vacancy_formation_energy", "formula", "Ni"),
        ("surface energy of Pt(111)", "surface_energy", "formula", "Pt"),
        ("elastic constants of Cu", "elastic_constants", "formula", "Cu"),
        ("Give me C11 of aluminium with EMT", "elastic_constants", "formula", "Al"),
        ("What is the shear modulus of gold?", "shear_modulus", "formula", "Au"),
        ("formation energy of rocksalt MgO", "formation_energy", "formula", "MgO"),
        ("cohesive energy of silver with EMT", "cohesive_energy", "formula", "Ag"),
        ("magnetic moment of bcc iron", "magnetic_moment", "formula", "Fe"),
        ("Relax the structure of bcc iron with CHGNet", "geometry", "formula", "Fe"),
        ("the lattice constant of rutile TiO2", "lattice_constant", "formula", "TiO2"),
        ("the Gibbs energy of reaction for N2 + 3 H2 -> 2 NH3 at 400 K", "reaction_gibbs", "reaction", "N2 + 3 H2 -> 2 NH3"),
        ("What is the enthalpy of reaction of CO + H2O -> CO2 + H2?", "reaction_enthalpy", "reaction", "CO + H2O -> CO2 + H2"),
        ("ΔH of CH4 + 2 O2 → CO2 + 2 H2O at 298 K", "reaction_enthalpy", "reaction", "CH4 + 2 O2 → CO2 + 2 H2O"),
        ("Gibbs free energy of 2 H2 + O2 -> 2 H2O", "reaction_gibbs", "reaction", "2 H2 + O2 -> 2 H2O"),
        ("reaction energy of N2 + 3 H2 -> 2 NH3 with GFN2-xTB", "reaction_energy", "reaction", "N2 + 3 H2 -> 2 NH3"),
    ],
)  # fmt: skip
def test_phrasings_compile(text: str, quantity: str, field: str, value: str) -> None:
    s = spec(text)
    assert s.quantity == quantity
    assert getattr(s.subject, field) == value


def test_conditions_and_calculator() -> None:
    s = spec("the Gibbs free energy of CO2 at 800 K and 2 bar with xTB")
    assert (s.temperature_k, s.pressure_bar, s.calculator) == (800.0, 2.0, "xtb")
    s = spec("What is the entropy of water at 25 °C and 1 atm?")
    assert s.temperature_k == pytest.approx(298.15) and s.pressure_bar == pytest.approx(1.01325)
    s = spec("bulk modulus of bcc tungsten with CHGNet")
    assert (s.subject.prototype, s.calculator, s.assumptions) == ("bcc", "chgnet", [])


def test_space_group_instead_of_a_prototype() -> None:
    s = spec("lattice constant of TiO2 in space group P4_2/mnm")
    assert (s.subject.formula, s.subject.spacegroup, s.subject.prototype) == ("TiO2", "P4_2/mnm", None)
    assert s.assumptions == [] and s.subject.describe() == "TiO2 (space group P4_2/mnm)"
    call = plan_question(spec("bulk modulus of TiO2 with space group 136 with CHGNet"))[0]
    assert call.args["structure"] == {"formula": "TiO2", "spacegroup": "136"}
    assert (
        "both a structure (rutile) and a space group"
        in refusal("lattice constant of rutile TiO2 in space group 136").reason
    )


def test_assumptions_are_stated_not_silent() -> None:
    s = spec("vacancy formation energy of Al with EMT")
    assert s.subject.prototype == "fcc" and any(
        "fcc" in a and "no crystal structure" in a for a in s.assumptions
    )
    s = spec("surface energy of tungsten")
    assert s.subject.miller == [1, 1, 0] and any("(110)" in a for a in s.assumptions)
    s = spec("the Gibbs free energy of CO2")
    assert any("298.15 K" in a for a in s.assumptions) and any("1 bar" in a for a in s.assumptions)
    s = spec("surface energy of Cu (100) with EMT")
    assert s.subject.miller == [1, 0, 0] and not any("facet" in a for a in s.assumptions)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("What is the lattice constant of copper at 10 GPa?", "not represented"),
        ("lattice constant of fcc copper at 1000 K", "static structure"),
        ("What is the band gap of silicon?", "band gap"),
        ("dipole moment of water with EMT", "runs with xtb"),
        ("lattice constant of TiO2", "no crystal structure for TiO2"),
        ("dipole moment of acetone in aqueous solution", "solvation"),
        ("dipole moment of acetone in water", "several molecules"),
        ("What is the enthalpy of combustion of methane?", "process energy"),
        ("the Gibbs energy of activation of CO2 dissociation", "process energy"),
        ("What is the lattice constant of fcc copper with DFT?", "not pyscf"),  # DFT here is molecular
        ("What is the dipole moment of water with B3LYP?", "B3LYP is not available"),
        ("lattice constant and bulk modulus of Cu", "several quantities"),
        ("bulk modulus of copper and nickel", "several materials"),
        ("dipole moment of water and ammonia", "several molecules"),
        ("vacancy formation energy of bcc W with EMT", "EMT does not treat W"),
        ("bulk modulus of Cu with EMT and CHGNet", "several calculators"),
        ("the Gibbs energy of reaction for ammonia synthesis", "needs a reaction equation"),
        ("the dipole moment of the cation of water", "charged"),
        ("lattice constant of strained copper", "strain"),
        ("the lattice constant of the molecule with SMILES CCO", "crystal property"),
        ("the dipole moment of caffeine", "no molecule"),
        ("the dipole moment of NaCl", "not a molecule the tools know"),
        ("surface energy of hcp Mg (0001)", "four-index"),
        ("surface energy of rocksalt MgO", "name the facet"),
        ("the Gibbs free energy of CO2 at 9000 K", "outside"),
        ("bulk modulus of fcc Cu with 32 atoms", "'32 atoms' is not represented"),
        ("lattice constant of copper in fcc and bcc", "several structures"),
        ("the Gibbs energy of reaction for N2 + 3 H2 => at 400 K", "cannot be read"),
        ("What is the enthalpy of the cation at high temperature", "charged"),
        ("the formation energy of NH3", "NH3 is a molecule; the formation energy is computed for crystals"),
        ("bulk modulus of water", "is a molecule"),
    ],
)
def test_refusals_have_a_one_line_reason(text: str, why: str) -> None:
    r = refusal(text)
    assert why in r.reason and "\n" not in r.reason


@pytest.mark.parametrize(
    "text",
    [
        "Is the lattice constant of copper 3.6 Å?",
        "Does water have a dipole moment?",
        "Why is the bulk modulus of tungsten so high?",
        "Which cathode materials are used in solid oxide fuel cells?",
        "How do perovskite cathodes degrade?",
        "Copper is denser than aluminium.",
        "What is the experimental lattice constant of copper?",
        "the bulk modulus of tungsten according to the literature",
    ],
)
def test_not_computation_questions(text: str) -> None:
    assert compile_question(text) is None


def test_plan_uses_the_named_calculator_or_the_default() -> None:
    call = plan_question(spec("bulk modulus of bcc tungsten with CHGNet"), calculator="emt")[0]
    assert call.name == "equation_of_state"
    assert call.args == {"structure": {"formula": "W", "prototype": "bcc"}, "calculator": "chgnet"}
    call = plan_question(spec("lattice constant of fcc copper"), calculator="emt")[0]
    assert call.args["calculator"] == "emt"
    # a crystal default cannot treat a molecule: the method with the smallest measured frequency
    # error (DFT) is chosen; xTB when the question asks for it
    call = plan_question(spec("vibrational frequencies of water"), calculator="chgnet")[0]
    assert call.name == "vibrational_modes" and call.args["calculator"] == "pyscf"
    call = plan_question(spec("vibrational frequencies of water with xTB"), calculator="chgnet")[0]
    assert call.args["calculator"] == "xtb"
    # a default the tool cannot run (EMT has no orbitals) is not forced on it
    call = plan_question(spec("dipole moment of water"), calculator="emt")[0]
    assert call.args["calculator"] == "pyscf"


def test_plan_carries_conditions_and_facet() -> None:
    call = plan_question(spec("the Gibbs energy of reaction for N2 + 3 H2 -> 2 NH3 at 400 K"))[0]
    assert call.name == "reaction_energy"
    assert call.args["reaction"] == "N2 + 3 H2 -> 2 NH3" and call.args["temperature_k"] == 400.0
    call = plan_question(spec("surface energy of Pt(111) with EMT"))[0]
    assert call.args["miller"] == [1, 1, 1] and call.args["calculator"] == "emt"
    call = plan_question(spec("IR spectrum of water"))[0]
    assert call.name == "electronic_properties" and call.args["include_ir"] is True
    assert call.args["calculator"] == "pyscf"  # the smallest measured frequency error
    call = plan_question(spec("Relax the structure of bcc iron"))[0]
    assert call.name == "relax_structure"


def test_every_planned_call_validates_against_its_tool() -> None:
    """The compiler's calls are valid inputs of the real tools (schemas, not stubs)."""
    from tools import get_tool

    texts = [
        "vibrational frequencies of water", "IR spectrum of CO2", "Gibbs free energy of CO2 at 500 K and 2 bar",
        "dipole moment of the molecule with SMILES O=CO", "geometry of ammonia", "Relax the structure of bcc Fe",
        "Gibbs energy of reaction for N2 + 3 H2 -> 2 NH3 at 400 K", "lattice constant of Cu",
        "elastic constants of Cu", "vacancy formation energy of Al", "surface energy of Pt(111)",
        "formation energy of rocksalt MgO", "cohesive energy of Au with EMT", "magnetic moment of bcc Fe",
        "lattice constant of TiO2 in space group P4_2/mnm",
    ]  # fmt: skip
    for text in texts:
        call = plan_question(spec(text))[0]
        schema = get_tool(call.name).args_schema
        assert schema is not None
        schema.model_validate(call.args)  # type: ignore[union-attr]
