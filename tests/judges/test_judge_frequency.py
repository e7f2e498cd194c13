"""Frequency claims of diatomic molecules: read, planned and judged against the real
`vibrational_modes` tool (GFN2-xTB on CO and N2: about a second each), at the planner's seam."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from agent import planner
from agent.planner import judge, parse_claim, plan_calls

rendered = planner.tested_as  # a module-level "test*" name would be collected by pytest


def _spec(text: str) -> Any:
    spec = parse_claim(text)
    assert spec is not None and spec.kind == "frequency", spec
    return spec


@cache
def _modes(molecule: str) -> dict[str, Any]:
    from tools import get_tool

    return get_tool("vibrational_modes").invoke({"structure": {"molecule": molecule}, "calculator": "xtb"})


def _results(spec: Any) -> dict[str, dict[str, Any]]:
    (call,) = plan_calls(spec)
    assert call.name == "vibrational_modes" and call.args["structure"] == {"molecule": spec.molecule}
    return {call.id: _modes(spec.molecule)}


def test_a_far_value_is_refuted_and_its_negation_supported() -> None:
    spec = _spec("The stretching frequency of N2 is below 1000 cm-1.")
    j = judge(spec, _results(spec))
    assert j.verdict == "refuted" and j.confidence >= 0.7, j
    assert j.evidence and j.evidence[0].unit == "cm-1" and 2000 < j.evidence[0].value < 2800
    spec = _spec("The stretching frequency of N2 is not below 1000 cm-1.")
    assert judge(spec, _results(spec)).verdict == "supported"


def test_a_value_within_the_measured_error_is_too_close_to_call() -> None:
    """xTB's CO frequency is ~2220 cm-1 against 2143 measured: within its 5 % error either way."""
    spec = _spec("The C-O stretching frequency of carbon monoxide is near 2143 cm-1.")
    j = judge(spec, _results(spec))
    assert j.verdict == "inconclusive" and "5 % measured calculator error" in (j.tolerance or ""), j


def test_a_calculator_without_a_measured_frequency_error_decides_nothing() -> None:
    spec = _spec("The stretching frequency of N2 is below 1000 cm-1.")
    out = {**_modes("N2"), "calculator": "emt"}
    j = judge(spec, {"c1": out})
    assert j.verdict == "inconclusive" and "not measured" in j.summary


def test_a_scaled_level_is_compared_after_scaling() -> None:
    spec = _spec("The stretching frequency of CO is above 2200 cm-1.")
    out = _modes("CO")
    unscaled = judge(spec, {"c1": out})
    scaled = judge(spec, {"c1": {**out, "frequency_scale": 0.9}})
    assert unscaled.evidence[0].value == pytest.approx(0.9 ** -1 * scaled.evidence[0].value)
    assert scaled.verdict == "refuted"


def test_tested_as_reads_first_and_names_the_harmonic_method() -> None:
    text = rendered(_spec("The vibrational frequency of N2 is about 2330 cm-1."))
    assert text.startswith("The stretching frequency of N2 is about 2330 cm-1. Computed as: The harmonic")
