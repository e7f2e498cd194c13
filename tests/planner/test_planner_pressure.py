"""Pressure in claims (issue 9 item 5): the condition of a polymorph claim and the transition-pressure
kind are parsed into the spec (phrasings, units, negation, ranges), rendered in Tested as, and the
conditions the tools do not compute stay refused with the reason."""

from __future__ import annotations

import pytest

from agent.judges.pressure_points import checked_pressures
from agent.language.specs import PolymorphClaim, RefusedClaim, TransitionPressureClaim
from agent.planner import parse_claim, plan_calls, spec_from_dict
from agent.planner import tested_as as render

ATM = 1.01325e-4
# (claim, mode, pressure GPa, upper GPa, ground, others, negated)
POLYMORPH = [
    ("At 40 GPa silicon is more stable in beta-tin than in diamond.", "at", 40, None, "betatin", ["diamond"], False),
    ("Under 20 GPa of pressure, silicon is more stable in the β-tin structure than in diamond.", "at", 20, None,
     "betatin", ["diamond"], False),
    ("Above 15 GPa silicon is more stable in beta-tin than in diamond", "above", 15, None, "betatin", ["diamond"], False),
    ("At 400 kbar silicon is not more stable in diamond than in beta-tin.", "at", 40, None, "diamond", ["betatin"], True),
    ("At 12000 MPa silicon is more stable in beta-tin than in diamond.", "at", 12, None, "betatin", ["diamond"], False),
    ("When compressed to 20 GPa, silicon is more stable in beta-tin than in diamond.", "at", 20, None, "betatin",
     ["diamond"], False),
    ("Silicon is more stable in diamond than in beta-tin at 1 atm.", "at", ATM, None, "diamond", ["betatin"], False),
    ("At pressures between 20 and 30 GPa copper is more stable in fcc than in bcc.", "between", 20, 30, "fcc",
     ["bcc"], False),
    ("Below 5 GPa silicon is more stable in diamond than in beta-tin.", "below", 5, None, "diamond", ["betatin"], False),
    ("Copper is more stable in fcc than in bcc at 50 GPa.", "at", 50, None, "fcc", ["bcc"], False),
    ("At 0.4 Mbar, gold prefers fcc over bcc.", "at", 40, None, "fcc", ["bcc"], False),
    ("At a pressure of 30 GPa, copper is less stable in bcc than in fcc.", "at", 30, None, "fcc", ["bcc"], False),
    ("Under a pressure of about 25 GPa copper is more stable in fcc than in diamond.", "at", 25, None, "fcc",
     ["diamond"], False),
]  # fmt: skip


@pytest.mark.parametrize("claim,mode,p,upper,ground,others,negated", POLYMORPH, ids=[c[0] for c in POLYMORPH])
def test_pressure_polymorph_parsed(claim, mode, p, upper, ground, others, negated) -> None:
    spec = parse_claim(claim)
    assert isinstance(spec, PolymorphClaim), spec
    assert spec.pressure_mode == mode and spec.pressure_gpa == pytest.approx(p)
    assert spec.pressure_upper_gpa == (None if upper is None else pytest.approx(upper))
    assert (spec.ground, spec.others, spec.negated) == (ground, others, negated)
    sentence = render(spec)
    assert "enthalpy H = E + PV" in sentence and "GPa" in sentence, sentence
    assert "zero pressure" not in sentence
    assert spec_from_dict(spec.model_dump()) == spec  # the spec round-trips with its pressure
    [call] = plan_calls(spec, calculator="emt")
    assert call.name == "enthalpy_vs_pressure"
    assert call.args["pressures_gpa"] == checked_pressures(spec)
    assert call.args["prototypes"] == [ground, *others]


def test_checked_pressures_per_mode() -> None:
    def spec(mode: str, p: float, upper: float | None = None) -> PolymorphClaim:
        return PolymorphClaim(text="t", formula="Si", ground="betatin", others=["diamond"], pressure_gpa=p,
                              pressure_upper_gpa=upper, pressure_mode=mode)  # type: ignore[arg-type]  # fmt: skip

    assert checked_pressures(spec("at", 40)) == [40]
    # 'above 15': strictly above, up to 15 + max(7.5, 10)
    assert checked_pressures(spec("above", 15)) == [17.5, 20, 22.5, 25]
    assert checked_pressures(spec("below", 8)) == [0, 2, 4, 6]
    assert (
        checked_pressures(spec("between", 20, 30))[0] == 20
        and checked_pressures(spec("between", 20, 30))[-1] == 30
    )
    assert "at every pressure above 15 GPa (checked at 17.5, 20, 22.5, 25 GPa)" in render(spec("above", 15))


TRANSITION = [
    ("Silicon transforms from diamond to beta-tin at about 11 GPa.", "diamond", "betatin", "about", 11, None, False),
    ("The diamond-to-β-tin transition pressure of silicon is about 11 GPa.", "diamond", "betatin", "about", 11, None,
     False),
    ("Silicon undergoes a phase transition from the diamond structure to β-tin at 110 kbar.", "diamond", "betatin",
     "equal", 11, None, False),
    ("Silicon transforms into beta-tin from diamond at about 11 GPa.", "diamond", "betatin", "about", 11, None, False),
    ("Silicon converts from diamond to β-Sn between 10 and 13 GPa.", "diamond", "betatin", "between", 10, 13, False),
    ("Silicon does not transform from diamond to beta-tin below 5 GPa.", "diamond", "betatin", "below", 5, None, True),
    ("Copper transforms from fcc to bcc at about 300 kbar.", "fcc", "bcc", "about", 30, None, False),
]  # fmt: skip


@pytest.mark.parametrize("claim,low,high,rel,value,upper,negated", TRANSITION, ids=[c[0] for c in TRANSITION])
def test_transition_parsed(claim, low, high, rel, value, upper, negated) -> None:
    spec = parse_claim(claim)
    assert isinstance(spec, TransitionPressureClaim), spec
    assert (spec.low, spec.high, spec.relation, spec.negated) == (low, high, rel, negated)
    assert spec.value == pytest.approx(value)
    assert spec.upper == (None if upper is None else pytest.approx(upper))
    sentence = render(spec)
    assert "falls below that in the" in sentence and "GPa" in sentence, sentence
    assert spec_from_dict(spec.model_dump()) == spec
    [call] = plan_calls(spec, calculator="emt")
    assert call.name == "enthalpy_vs_pressure" and call.args["prototypes"] == [low, high]
    # 0, the claim and well beyond it, so the crossing is searched around the claimed value
    assert call.args["pressures_gpa"][0] == 0 and call.args["pressures_gpa"][-1] >= 2 * (upper or value)


REFUSED = [
    ("At 40 GPa the most stable structure of silicon is beta-tin.", "ambient structures only"),
    ("At 1000 K and 40 GPa silicon is more stable in beta-tin than in diamond.", "1000 K"),
    ("At 20 GPa and 300 K silicon is more stable in beta-tin than in diamond.", "300 K"),
    ("At high pressure silicon is more stable in beta-tin than in diamond.", "high pressure"),
    ("At 40 GPa and 60 GPa silicon is more stable in beta-tin than in diamond.", "60"),
    ("At 40 GPa silicon is more stable in beta-tin than in diamond in thin films.", "thin"),
    ("At 20 GPa doped silicon is more stable in beta-tin than in diamond.", "doped"),
    ("Under pressure, silicon prefers beta-tin over diamond.", "pressure"),
]


@pytest.mark.parametrize("claim,word", REFUSED, ids=[c for c, _ in REFUSED])
def test_untestable_conditions_refused(claim: str, word: str) -> None:
    spec = parse_claim(claim)
    assert isinstance(spec, RefusedClaim), spec
    assert word in " ".join(spec.reasons), spec.reasons


def test_zero_pressure_claims_unchanged() -> None:
    spec = parse_claim("Silicon is more stable in diamond than in beta-tin.")
    assert isinstance(spec, PolymorphClaim) and spec.pressure_gpa is None
    assert "zero pressure" in render(spec)
    assert plan_calls(spec, calculator="emt")[0].name == "compare_polymorphs"
