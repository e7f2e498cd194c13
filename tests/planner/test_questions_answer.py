"""The answer renderer of the question compiler on tool outputs of each shape: errors, unexpected
shapes, uncalibrated calculators (the real tools are exercised in tests/agent/test_ask_questions.py)."""

from __future__ import annotations

from agent.planner.questions import QuestionSpec, answer_question, compile_question


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
