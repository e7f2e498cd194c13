"""A second method's check counts by its own measured error: one too close to call caps a verdict
when it is as accurate as the main method, says nothing when it is less accurate (xTB checking
DFT), and a decided opposite verdict from either makes the verdict inconclusive."""

from __future__ import annotations

from agent.graph.drivers.offline import _compare_judgements
from agent.graph.stress_effects import WITHIN_ERROR_CAP, apply_stress
from agent.judges.models import Judgement

MAIN = Judgement(verdict="refuted", confidence=0.9, summary="Refuted: DFT dH = +95 kJ/mol.")
UNDECIDED = Judgement(verdict="inconclusive", confidence=0.2, summary="Too close to call.",
                      values={"delta_h_kj_mol": 120.0}, undecided_within_error=True)  # fmt: skip
OPPOSITE = Judgement(verdict="supported", confidence=0.8, summary="Supported.", values={"delta_h_kj_mol": -500.0})


def _after(got: Judgement, *, weaker: bool) -> tuple[str, str, float]:
    check = _compare_judgements("second_calculator", "repeat with xtb", MAIN, got, ["r1"], weaker=weaker)
    label, conf, _ = apply_stress(MAIN.verdict, MAIN.confidence, [check])
    return check.outcome, label, conf


def test_a_less_accurate_method_too_close_to_call_leaves_the_verdict() -> None:
    assert _after(UNDECIDED, weaker=True) == ("not_applicable", "refuted", 0.9)


def test_an_equally_accurate_method_too_close_to_call_caps_it() -> None:
    outcome, label, conf = _after(UNDECIDED, weaker=False)
    assert (outcome, label) == ("undecided", "refuted") and conf == WITHIN_ERROR_CAP


def test_a_decided_opposite_verdict_overturns_it_whatever_the_method() -> None:
    for weaker in (True, False):
        outcome, label, _ = _after(OPPOSITE, weaker=weaker)
        assert (outcome, label) == ("disagrees", "inconclusive")
