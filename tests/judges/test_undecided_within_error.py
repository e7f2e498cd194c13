"""Judgement.undecided_within_error: the planner says in a structured field whether an
inconclusive judgement is "too close to call within the calculator's measured error" (the check
computed the claim) or "could not judge" (a tool failed, nothing to compute). The model path reads
that field to hold a model's verdict below decided confidence (tests/agent/test_model_cross_check.py).

Results are real EMT outputs or tool-output dicts shaped as the tools return them."""

from __future__ import annotations

from typing import Any

from agent.planner import judge, parse_claim, plan_calls


def _emt(text: str) -> tuple[Any, dict[str, dict[str, Any]]]:
    from tools import get_tool

    spec = parse_claim(text)
    assert spec is not None and spec.kind != "refused", spec
    return spec, {c.id: get_tool(c.name).invoke(c.args) for c in plan_calls(spec, calculator="emt")}


def test_a_value_within_the_calculators_error_is_undecided_within_error() -> None:
    # EMT puts fcc Cu at 3.59 Å: 3.8 lies outside the 5 % hedge by less than EMT's measured error.
    spec, results = _emt("The lattice constant of fcc copper is about 3.8 Å.")
    j = judge(spec, results)
    assert j.verdict == "inconclusive" and j.undecided_within_error, j.summary
    decided = judge(parse_claim("The lattice constant of fcc copper is about 3.6 Å."), results)
    assert decided.verdict == "supported" and not decided.undecided_within_error


def test_an_energy_ordering_within_the_band_is_undecided_within_error() -> None:
    spec, results = _emt("Copper is more stable in fcc than in hcp")  # EMT: a few meV/atom apart
    j = judge(spec, results)
    assert j.verdict == "inconclusive" and j.undecided_within_error, j.summary


def test_a_failed_tool_is_not_within_error() -> None:
    spec = parse_claim("The lattice constant of fcc copper is about 3.8 Å.")
    failed = {
        "c1": {"error": {"type": "UnsupportedCalculator", "message": "calculator 'emt' cannot treat it"}}
    }
    j = judge(spec, failed)
    assert j.verdict == "inconclusive" and not j.undecided_within_error, j.summary


def _reaction(dh: float) -> dict[str, dict[str, Any]]:
    return {"c1": {"calculator": "xtb", "reaction": "N2 + 3 H2 -> 2 NH3", "temperature_k": 298.15,
                   "delta_h_kj_mol": dh, "delta_g_kj_mol": dh + 60.0}}  # fmt: skip


def test_a_reaction_sign_within_the_mean_error_is_undecided_within_error() -> None:
    spec = parse_claim("Ammonia synthesis from N2 and H2 is exothermic.")
    close = judge(spec, _reaction(-120.0))  # inside xTB's 178 kJ/mol mean absolute error
    assert close.verdict == "inconclusive" and close.undecided_within_error, close.summary
    assert not judge(
        spec, {"c1": {"error": {"type": "SimulationFailed", "message": "scf"}}}
    ).undecided_within_error


def test_a_compound_claim_with_a_part_within_error_is_undecided_within_error() -> None:
    spec = parse_claim("Copper crystallizes in an fcc lattice with a lattice constant of about 3.6 Å")
    assert spec is not None and spec.kind == "compound"
    lattice = {"calculator": "emt", "warnings": [], "lattice_a_angstrom": 3.59}

    def ranking(fcc: float, hcp: float) -> dict[str, Any]:
        energies = {"fcc": fcc, "hcp": hcp, "bcc": fcc + 0.05, "diamond": fcc + 1.0, "sc": fcc + 0.4}
        return {"calculator": "emt", "warnings": [], "ranking": [
            {"prototype": p, "energy_per_atom_ev": e} for p, e in energies.items()]}  # fmt: skip

    close = judge(spec, {"p1-c1": ranking(-4.0, -4.002), "p2-c1": lattice})
    assert close.verdict == "inconclusive" and close.undecided_within_error, close.summary
    broken = judge(spec, {"p1-c1": {"error": {"type": "SimulationFailed", "message": "x"}}, "p2-c1": lattice})
    assert broken.verdict == "inconclusive" and not broken.undecided_within_error, broken.summary
