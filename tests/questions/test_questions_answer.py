"""The answer renderer of the question compiler on tool outputs of each shape: errors, unexpected
shapes, uncalibrated calculators (the real tools are exercised in tests/agent/test_ask_questions.py)."""

from __future__ import annotations

import pytest

from agent.questions.compile import QuestionSpec, answer_question, compile_question


def spec(text: str) -> QuestionSpec:
    got = compile_question(text)
    assert isinstance(got, QuestionSpec), got
    return got


def test_tool_error_is_reported_with_the_run() -> None:
    s = spec("vacancy formation energy of Al with EMT")
    out = {"error": {"type": "SimulationFailed", "message": "relaxation diverged"}}
    text = answer_question(s, {"q1": out}, {"q1": "q1-t1"})
    assert text.startswith("Could not compute this: relaxation diverged.")
    assert "Assumed: no crystal structure was named" in text and "Ledger run: q1-t1." in text


def test_missing_result_and_unexpected_shape() -> None:
    s = spec("dipole moment of water")
    assert answer_question(s, {}, {}).startswith("Could not compute this: the tool did not run.")
    text = answer_question(s, {"q1": {"calculator": "xtb", "energy_ev": 1.0}}, {"q1": "r1"})
    assert text.startswith("Could not read the electronic_properties result (KeyError")


def test_uncalibrated_calculator_is_said() -> None:
    s = spec("vacancy formation energy of Al with EMT")
    out = {
        "calculator": "plugin-calc", "parameters": {"supercell_atoms": [32, 64]}, "warnings": [],
        "energy_ev": 0.61, "converged": True, "series": [{"n_atoms": 32, "energy_ev": 0.6}, {"n_atoms": 64, "energy_ev": 0.61}],
    }  # fmt: skip
    text = answer_question(s, {"q1": out}, {"q1": "r1"})
    assert "vacancy formation energy 0.610 eV" in text and "supercell_atoms=[32, 64]" in text
    assert "No measured error of plugin-calc" in text and "uncalibrated" in text


def test_measured_error_of_vacancies_with_emt() -> None:
    s = spec("vacancy formation energy of Al with EMT")
    out = {
        "calculator": "emt",
        "energy_ev": 0.61,
        "converged": False,
        "series": [{"n_atoms": 108, "energy_ev": 0.61}],
    }
    text = answer_question(s, {"q1": out}, {"q1": "r1"})
    assert "NOT converged" in text and "vacancy_formation_energy MAE 0.306 eV (24.3 %, n=7)" in text


def test_every_quantity_has_a_renderer_and_a_registered_tool() -> None:
    from agent.questions.spec import QUANTITIES
    from agent.questions.values import VALUES
    from tools.registry import TOOLS

    assert set(QUANTITIES) == set(VALUES)
    assert all(q.tool in TOOLS and (q.crystal_tool or q.tool) in TOOLS for q in QUANTITIES.values())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("the geometry of ammonia", "Å"),
        ("zero-point energy of water", "kJ/mol"),
        ("IR spectrum of water", "km/mol"),
        ("entropy of water at 500 K", "J/(mol K)"),
        ("enthalpy of CO2 at 400 K", "eV"),
        ("Gibbs free energy of CO2 at 800 K", "eV"),
        ("HOMO-LUMO gap of benzene", "eV"),
        ("enthalpy of reaction of 2 H2 + O2 -> 2 H2O", "kJ/mol"),
        ("reaction energy of N2 + 3 H2 -> 2 NH3", "kJ/mol"),
        ("Relax the structure of fcc Cu with EMT", "eV/atom"),
        ("lattice constant of Cu with EMT", "Å"),
        ("elastic constants of Cu with EMT", "GPa"),
        ("shear modulus of Cu with EMT", "GPa"),
        ("vacancy formation energy of Cu with EMT", "eV"),
        ("surface energy of Cu(111) with EMT", "J/m^2"),
        ("formation energy of l12 Cu3Au with EMT", "eV/atom"),
        ("cohesive energy of Cu with EMT", "eV/atom"),
    ],
)
def test_each_quantity_renders_its_real_tool_output(text: str, unit: str) -> None:
    """Every renderer on the real tool's output (cheap calculators), not on a hand-made dict."""
    from agent.questions.compile import plan_question
    from tools import get_tool

    s = spec(text)
    call = plan_question(s)[0]
    out = get_tool(call.name).invoke(call.args)
    answer = answer_question(s, {"q1": out}, {"q1": "r1"})
    assert "computed offline:" in answer and unit in answer, answer
    assert "Could not" not in answer and "Ledger run: r1." in answer
