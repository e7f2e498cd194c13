"""The goal grammar and offline generation: families, shapes, refusals, claims the planner
parses into the intended typed spec, spread and neighbours."""

from __future__ import annotations

import pytest

from agent.campaign.candidates import eligible, generate, refine, spread
from agent.campaign.goal_reader import read_goal
from agent.campaign.grammar import GoalRefused
from agent.campaign.naming import formula_of
from agent.language.specs import PolymorphClaim, PropertyComparisonClaim, PropertyValueClaim
from agent.planner import parse_claim
from agent.settings import Settings


def test_structure_goal_over_a_composition_family() -> None:
    spec = read_goal("which alkali halides take the CsCl structure")
    assert spec.shape == "structure" and spec.prototype == "cesiumchloride"
    members, notes = eligible(spec, Settings.load())
    assert len(members) == 20 and {"CsCl", "LiF", "RbI"} <= set(members) and not notes
    cands = generate(spec, 20, members)
    parsed = [parse_claim(c.claim, literature=False) for c in cands]
    assert all(isinstance(p, PolymorphClaim) and p.ground == "cesiumchloride" for p in parsed)
    assert {tuple(sorted(p.others)) for p in parsed} == {("rocksalt", "wurtzite", "zincblende")}  # type: ignore[union-attr]


def test_element_family_and_the_three_metal_structures() -> None:
    spec = read_goal("Which 3d transition metals are bcc at 0 K?")
    members, _ = eligible(spec, Settings.load())
    assert members[0] == "Sc" and members[-1] == "Zn" and len(members) == 10
    p = parse_claim(generate(spec, 10, members)[5].claim, literature=False)
    assert isinstance(p, PolymorphClaim) and p.formula == "Fe" and sorted(p.others) == ["fcc", "hcp"]


def test_property_shapes() -> None:
    ref = read_goal("fcc metals with a higher bulk modulus than copper")
    assert (ref.shape, ref.reference, ref.prop, ref.greater) == ("reference", "Cu", "bulk_modulus", True)
    low = read_goal("fcc metals with a smaller lattice constant than silver")
    assert (low.shape, low.prop, low.greater) == ("reference", "lattice_constant", False)
    ext = read_goal("which of Cu, Ag, Au and Pt has the largest bulk modulus")
    assert ext.shape == "extreme" and ext.family.members() == ["Cu", "Ag", "Au", "Pt"]
    thr = read_goal("noble metals with a bulk modulus above 200 GPa")
    assert (thr.shape, thr.threshold, thr.greater) == ("threshold", 200.0, True)
    members, _ = eligible(thr, Settings.load())
    p = parse_claim(generate(thr, 1, members)[0].claim, literature=False)
    assert isinstance(p, PropertyValueClaim) and p.relation == "above" and p.value == 200.0
    c = generate(ref, 1, eligible(ref, Settings.load())[0])[0]
    q = parse_claim(c.claim, literature=False)
    assert isinstance(q, PropertyComparisonClaim) and q.second.formula == "Cu" and q.relation == "greater"


def test_calculator_limits_the_family_with_a_note() -> None:
    spec = read_goal("fcc metals with a higher bulk modulus than copper")
    members, notes = eligible(spec, Settings.load(simulation={"default_calculator": "emt"}))
    assert set(members) == {"Ag", "Au", "Al", "Ni", "Pd", "Pt"}
    assert any("emt calculator cannot treat" in n and "Ce" in n for n in notes)


# The refusals name the span the reader could not read (the regex reader named a missing part).
@pytest.mark.parametrize("goal,span", [
    ("write me a poem about catalysis", "could not read: 'write me a poem about catalysis'"),
    ("what about the alkali metals", "could not read: 'about the alkali metals'"),
    ("alkali metals with a large bulk modulus", "could not read: 'large bulk modulus'"),
])  # fmt: skip
def test_unsupported_goals_are_refused_in_one_line(goal: str, span: str) -> None:
    with pytest.raises(GoalRefused) as e:
        read_goal(goal)
    msg = str(e.value)
    assert span in msg and "\n" not in msg and "cannot propose hypotheses" in msg
    assert e.value.exit_code == 1


def test_spread_and_neighbours() -> None:
    assert spread(list("abcdefghi"), 3) == ["a", "e", "i"]
    assert spread(list("ab"), 5) == ["a", "b"]
    spec = read_goal("which alkali halides take the CsCl structure")
    assert sorted(spec.family.neighbours("KCl")) == ["KBr", "KF", "NaCl", "RbCl"]
    assert spec.family.neighbours("CsI") == ["RbI", "CsBr"]
    settings = Settings.load()
    members, _ = eligible(spec, settings)
    parent = generate(spec, 1, ["KCl"])[0]
    seen = {"KCl", "NaCl"}
    kids = refine(spec, parent, seen, 10, 2, settings)
    assert [formula_of(k) for k in kids] == ["RbCl", "KF", "KBr"]  # axis by axis: cation, then anion
    assert all(k.origin == "refined" and k.parent == parent.id and k.round == 2 for k in kids)
    assert [k.id for k in kids] == ["c10", "c11", "c12"] and {"KF", "KBr", "RbCl"} <= seen
