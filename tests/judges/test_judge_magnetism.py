"""Magnetism claims are decided by a computation that represents spin (CHGNet's 0 K moments with
their measured error), the user's data or the literature; never by a table of magnetic elements.

The tool outputs are shaped like the tools' real outputs (magnetic_moments' dict as CHGNet 0.4.2
returned it on this project's machines; data_query rows; literature_search passages). The CHGNet
moments are the tool's real values here (Fe 2.44, Co 1.61, Ni 0.068, Cu 0.034, Ag 0.008, Al 0.021
µB/atom); the truths are textbook facts (Kittel ch. 11; CRC Handbook), kept in the tests only.
"""

from __future__ import annotations

from typing import Any

import pytest

from agent import planner
from agent.judges.magnetism_sources import MOMENT_CAP, curie_rule, moment_rule
from agent.planner import judge, parse_claim, plan_calls

rendered = planner.tested_as  # a module-level "test*" name would be collected by pytest
CHGNET = {"Fe": 2.4422, "Co": 1.6127, "Ni": 0.068, "Cu": 0.0344, "Ag": 0.0081, "Al": 0.0205}
NO_INDEX = {"error": {"type": "IndexNotFound", "message": "no literature index at /tmp/home/index"}}
NO_COLLECTION = {"error": {"type": "CollectionNotFound", "message": "no data collection yet"}}


def _spec(text: str) -> Any:
    spec = parse_claim(text)
    assert spec is not None and spec.kind == "magnetism", spec
    return spec


def moments(el: str, m: float, calculator: str = "chgnet") -> dict[str, Any]:
    """magnetic_moments' output for a one-atom cell (the shape the tool returns)."""
    return {
        "calculator": calculator, "calculator_version": "chgnet 0.4.2 (weights 0.3.0 sha256:d14ab7c0f093efe6)",
        "parameters": {"relax": True, "threshold_mu_b": 0.1, "initial_moment_mu_b": 2.0}, "wall_s": 1.2,
        "cached": False, "warnings": [], "sites": [{"index": 0, "element": el, "moment_mu_b": m}],
        "total_moment_mu_b": m, "moment_per_atom_mu_b": m, "mean_moment_by_element": {el: m},
        "magnetic": m > 0.1, "signed": False, "spin_comparison": None,
        "notes": [f"{calculator} takes no spin state as input", f"{calculator} predicts magnitudes of site moments"],
        "structure_id": "s-90e1c0c7da84",
    }  # fmt: skip


def rows(
    formula: str, prop: str, value: float, unit: str, uncertainty: float | None = None
) -> dict[str, Any]:
    """data_query's output with one measured row."""
    row = {"id": "d-0123456789ab", "kind": "measurement", "formula": formula, "material": formula,
           "property": prop, "value": value, "unit": unit, "uncertainty": uncertainty, "conditions": None,
           "provenance": [{"file": "magnets.csv", "line": 2, "source": "lab notebook 7"}]}  # fmt: skip
    return {"collection": "/tmp/data.db", "total": 1, "rows": [row], "public": [], "warnings": []}


def passages(text: str) -> dict[str, Any]:
    p = {"citation": "m1#0", "doc_id": "m1", "chunk_id": 0, "title": "Magnetism of the elements", "authors": [],
         "year": 2020, "doi": None, "page": None, "source": "m1.txt", "score": 0.5, "text": text, "flags": []}  # fmt: skip
    return {"query": text, "mode": "hybrid", "passages": [p]}


def results(
    el: str | None = None, m: float | None = None, **extra: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """What the plan's calls return with no collection and no index, plus ``extra`` by call id."""
    out: dict[str, dict[str, Any]] = {"d1": NO_COLLECTION, "d2": NO_COLLECTION, "l1": NO_INDEX}
    if el is not None:
        out["c1"] = moments(el, CHGNET[el] if m is None else m)
    return {**out, **extra}


def test_plan_computes_the_moment_and_asks_data_and_literature() -> None:
    calls = plan_calls(_spec("Iron is ferromagnetic at 300 K."))
    assert [(c.id, c.name) for c in calls] == [
        ("c1", "magnetic_moments"), ("c2", "magnetic_states"), ("d1", "data_query"), ("d2", "data_query"),
        ("l1", "literature_search"),
    ]  # fmt: skip
    assert (
        calls[0].args["structure"] == {"formula": "Fe", "prototype": "bcc"}
        and calls[0].args["calculator"] == "chgnet"
    )
    assert calls[1].args == {"element": "Fe", "prototype": "bcc"}  # spin-polarised DFT of the ordered states
    assert [c.args["property"] for c in calls[2:4]] == ["magnetic_moment", "curie_temperature"]


def test_gadolinium_at_250_k_is_not_supported_without_a_computation() -> None:
    spec = _spec("Gadolinium is ferromagnetic at 250 K.")
    calls = plan_calls(spec)
    assert "magnetic_moments" not in [c.name for c in calls]  # no crystal structure known for Gd here
    j = judge(spec, results())
    assert j.verdict == "inconclusive" and not j.evidence, j
    assert "no computation" in rendered(spec)


def test_a_measured_curie_temperature_decides_a_finite_temperature_claim() -> None:
    spec = _spec("Gadolinium is ferromagnetic at 250 K.")
    j = judge(spec, results(d2=rows("Gd", "curie_temperature", 292.0, "K", 1.0)))
    assert j.verdict == "supported" and j.confidence == 0.6, j
    assert j.evidence[0].citation == "d-0123456789ab" and j.evidence[0].supports is True
    j = judge(
        _spec("Gadolinium is ferromagnetic at 350 K."),
        results(d2=rows("Gd", "curie_temperature", 292.0, "K")),
    )
    assert j.verdict == "refuted", j


@pytest.mark.parametrize("t,state,holds", [
    (250.0, "ferromagnetic", True), (250.0, "non-magnetic", False), (250.0, "antiferromagnetic", False),
    (350.0, "ferromagnetic", False), (350.0, "magnetic", None), (350.0, "non-magnetic", None),  # e.g. Dy's helix
    (291.5, "ferromagnetic", None),  # within the stated uncertainty
])  # fmt: skip
def test_curie_rule(t: float, state: str, holds: bool | None) -> None:
    spec = _spec(f"Gadolinium is {state} at {t:g} K.")
    assert curie_rule(spec, 292.0, 1.0)[0] is holds


def test_a_claim_decided_by_a_moment_shows_the_tool_run() -> None:
    j = judge(_spec("Iron is magnetic."), results("Fe"))
    assert j.verdict == "supported" and 0.5 < j.confidence <= MOMENT_CAP < 0.7, j
    sim = [e for e in j.evidence if e.kind == "simulation"]
    assert len(sim) == 1 and sim[0].tool_run_id == "c1" and sim[0].supports is True and sim[0].value == 2.4422
    assert "relaxed bcc Fe at 0 K" in sim[0].statement and "unsigned" in sim[0].statement
    assert j.values == {"moment_mu_b": 2.4422}
    j = judge(_spec("Iron is non-magnetic."), results("Fe"))
    assert j.verdict == "refuted" and j.evidence[0].supports is False


def test_an_unsigned_moment_does_not_tell_ferro_from_antiferro() -> None:
    for claim in ("Iron is ferromagnetic.", "Cobalt is antiferromagnetic.", "Iron is not ferromagnetic."):
        el = "Co" if "Cobalt" in claim else "Fe"
        j = judge(_spec(claim), results(el))
        assert j.verdict == "inconclusive" and "antiferromagnetic" in j.summary, (claim, j.summary)
        assert all(e.supports is None for e in j.evidence)


def test_a_0_k_moment_does_not_decide_a_finite_temperature() -> None:
    j = judge(_spec("Iron is magnetic at 300 K."), results("Fe"))
    assert j.verdict == "inconclusive" and "ordering" in j.summary, j.summary


@pytest.mark.parametrize("claim,el,truth", [
    ("Nickel is ferromagnetic.", "Ni", "supported"),  # CHGNet 0.068 µB against 0.606 measured
    ("Nickel is not ferromagnetic.", "Ni", "refuted"),
    ("Nickel is non-magnetic.", "Ni", "refuted"),
    ("Nickel is magnetic.", "Ni", "supported"),
    ("Copper is ferromagnetic.", "Cu", "refuted"),
    ("Copper is not magnetic.", "Cu", "supported"),
    ("Aluminium is ferromagnetic.", "Al", "refuted"),
    ("Silver is ferromagnetic at room temperature.", "Ag", "refuted"),
    ("Cobalt is ferromagnetic.", "Co", "supported"),
    ("Iron is ferromagnetic.", "Fe", "supported"),
    ("Iron is non-magnetic.", "Fe", "refuted"),
])  # fmt: skip
def test_never_confidently_wrong_on_chgnet_moments(claim: str, el: str, truth: str) -> None:
    j = judge(_spec(claim), results(el))
    assert j.verdict in ("inconclusive", truth), (claim, j.verdict, j.summary)
    assert j.confidence < 0.7


def test_nickel_ferromagnetic_is_not_refuted_and_says_why() -> None:
    j = judge(_spec("Nickel is ferromagnetic."), results("Ni"))
    assert j.verdict == "inconclusive", j
    assert "neither a moment nor its absence" in j.summary and "underestimated Ni's by 89 %" in j.summary
    assert j.evidence[0].tool_run_id == "c1" and j.evidence[0].supports is None


@pytest.mark.parametrize("state,ground,said,holds", [
    ("ferromagnetic", True, "absent", False), ("ferromagnetic", False, "absent", False),
    ("antiferromagnetic", False, "absent", False), ("magnetic", False, "absent", False),
    ("non-magnetic", False, "absent", True), ("non-magnetic", True, "absent", True),
    ("magnetic", True, "present", True), ("non-magnetic", True, "present", False),
    ("ferromagnetic", True, "present", None), ("antiferromagnetic", True, "present", None),
    ("magnetic", False, "present", None), ("non-magnetic", False, "present", None),
    ("ferromagnetic", True, "undecided", None),
])  # fmt: skip
def test_moment_rule(state: str, ground: bool, said: Any, holds: bool | None) -> None:
    """No moment at 0 K refutes an order at any temperature; a moment decides only 'magnetic' (or
    its negation) in the ground state."""
    spec = _spec(f"Iron is {state}." if ground else f"Iron is {state} at 300 K.")
    assert moment_rule(spec, said)[0] is holds


def test_a_measured_moment_agrees_with_the_computed_one() -> None:
    j = judge(
        _spec("Iron is magnetic."), results("Fe", d1=rows("Fe", "magnetic_moment", 2.22, "mu_B/atom", 0.02))
    )
    assert j.verdict == "supported" and j.confidence == pytest.approx(MOMENT_CAP + 0.03), j
    assert {e.kind for e in j.evidence} == {"simulation", "data"} and all(e.supports for e in j.evidence)


def test_a_small_measured_moment_is_not_read_as_absence() -> None:
    j = judge(
        _spec("Gadolinium is ferromagnetic."),
        results(d1=rows("Gd", "magnetic_moment", 0.0, "mu_B/atom", 0.01)),
    )
    assert j.verdict == "inconclusive", j


def test_sources_that_disagree_make_it_inconclusive() -> None:
    j = judge(_spec("Iron is magnetic."), results("Fe", l1=passages("Iron is not magnetic.")))
    assert j.verdict == "inconclusive" and "disagree" in j.summary, j.summary
    assert {e.kind: e.supports for e in j.evidence} == {"simulation": True, "literature": False}


def test_the_literature_decides_modestly_what_the_moment_cannot() -> None:
    j = judge(
        _spec("Iron is ferromagnetic."),
        results("Fe", l1=passages("Iron is ferromagnetic at room temperature.")),
    )
    assert j.verdict == "supported" and j.confidence < 0.7, j
    lit = [e for e in j.evidence if e.kind == "literature"]
    assert lit and lit[0].tool_run_id == "l1" and lit[0].citation == "m1#0"


def test_moment_values_against_chgnet_error_and_the_users_data() -> None:
    assert (
        judge(_spec("The magnetic moment of iron is about 5 µB per atom."), results("Fe")).verdict
        == "refuted"
    )
    # ±0.29 µB of measured error is wider than a 5 % hedge around 2.2: too close to call.
    assert (
        judge(_spec("The magnetic moment of iron is about 2.2 µB per atom."), results("Fe")).verdict
        == "inconclusive"
    )
    data = rows("Fe", "magnetic_moment", 2.22, "mu_B/atom", 0.01)
    j = judge(_spec("The magnetic moment of iron is about 2.2 µB per atom."), results("Fe", d1=data))
    assert j.verdict == "supported" and j.confidence == 0.6, j


def test_failed_or_uncalibrated_moments_decide_nothing() -> None:
    failed = {"error": {"type": "SimulationFailed", "message": "relaxation did not converge"}}
    j = judge(_spec("Iron is magnetic."), results(c1=failed))
    assert j.verdict == "inconclusive" and "relaxation did not converge" in j.summary
    j = judge(_spec("Iron is magnetic."), results(c1=moments("Fe", 2.4, calculator="plugin-potential")))
    assert j.verdict == "inconclusive" and "never measured" in j.summary


def test_tested_as_says_what_was_computed() -> None:
    said = rendered(_spec("Iron is ferromagnetic at 300 K."))
    assert "CHGNet's 0 K moment per atom of relaxed bcc Fe" in said and "unsigned" in said
    assert "ordering temperature" in said and "handbook" not in said
    said = rendered(_spec("Copper is non-magnetic."))
    assert said.startswith("Cu is non-magnetic. Computed as: fcc Cu (its known ground-state structure, assumed) has no magnetic order")
    assert "unsigned" not in said and "ordering temperature" not in said


def test_a_0_k_moment_does_not_decide_a_moment_at_a_temperature() -> None:
    spec = _spec("The magnetic moment of iron at 300 K is about 5 µB per atom.")
    j = judge(spec, results("Fe"))
    assert j.verdict == "inconclusive" and "not the moment at 300 K" in j.summary, j.summary
    assert "bcc Fe (its known ground-state structure, assumed) at 300 K is about 5" in rendered(spec)


def test_a_serious_tool_warning_lowers_the_confidence() -> None:
    warned = moments("Fe", 2.4422)
    warned["warnings"] = ["relaxation did not converge in 200 steps"]
    j = judge(_spec("Iron is magnetic."), results(c1=warned))
    assert j.verdict == "supported" and j.confidence < 0.8 * MOMENT_CAP + 1e-9, j
    assert "did not converge" in j.summary
