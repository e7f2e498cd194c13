from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from agent.results import Answer, Evidence, Hypothesis, StressCheck, ToolRun, Verdict


def full_verdict() -> Verdict:
    return Verdict(
        hypothesis_id="h2",
        claim="Al is less dense than Cu.",
        verdict="supported",
        confidence=0.9,
        summary="2.70 vs 8.96 g/cm3.",
        tolerance="5 %",
        evidence=[
            Evidence(
                kind="simulation",
                statement="rho(Al)=2.7",
                supports=True,
                tool_run_id="h2-t1",
                value=2.7,
                unit="g/cm3",
            ),
            Evidence(
                kind="literature",
                statement="handbook",
                supports=None,
                citation="d1#c3",
                quote="Al has density 2.7",
            ),
        ],
        citations=["d1#c3"],
        tool_runs=["h2-t1"],
        stress_tests=[
            StressCheck(
                name="second_calculator",
                description="chgnet",
                outcome="agrees",
                detail="ok",
                tool_run_ids=["h2-t2"],
            ),
            StressCheck(
                name="rule_based_cross_check",
                description="the planner judged the claim",
                outcome="undecided",
                verdict="inconclusive",
            ),
        ],
        open_questions=["temperature effects"],
    )


@pytest.mark.parametrize(
    "obj",
    [
        full_verdict(),
        Hypothesis(id="h1", claim="c", rationale="r", predictions=["p"], score=-0.5, score_basis="eV/atom"),
        Answer(question="q", answer="a", evidence=[], citations=["x#y"], tool_runs=["q1-t1"]),
        ToolRun(
            id="h1-t1",
            tool="single_point",
            args={"a": 1},
            output={"energy_ev": -1.0},
            wall_s=0.1,
            purpose="stress_test",
        ),
    ],
)
def test_json_round_trip(obj: object) -> None:
    cls = type(obj)
    text = obj.model_dump_json()  # type: ignore[attr-defined]
    again = cls.model_validate(json.loads(text))  # type: ignore[attr-defined]
    assert again == obj


def test_verdict_rejects_bad_values() -> None:
    with pytest.raises(ValidationError):
        Verdict(claim="c", verdict="maybe", confidence=0.5, summary="s")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Verdict(claim="c", verdict="supported", confidence=1.5, summary="s")
    with pytest.raises(ValidationError):
        Evidence(kind="simulation", statement="s", supports=True, surprise=1)  # type: ignore[call-arg]
