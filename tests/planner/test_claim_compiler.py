"""The claim compiler accounts for every word: written by the team, not the dev set or the issue's
examples. Each phrasing has the kind it must parse to, or the reason category it must be refused
for (a refused claim is never computed, so its verdict can never be confidently wrong)."""

from __future__ import annotations

import pytest

from agent.planner import parse_claim
from agent.planner import tested_as as render_tested

# (claim, expected kind, a word the Tested-as sentence or refusal reason must contain)
PARSED = [
    (
        "Palladium has a larger lattice constant than nickel.",
        "property_comparison",
        "larger lattice constant",
    ),
    ("The lattice parameter of bcc tungsten is about 3.16 Å.", "property_value", "about 3.16 Å"),
    ("Platinum's lattice constant is roughly 392 pm.", "property_value", "3.92 Å"),
    ("fcc silver has a lattice constant of 0.409 nm.", "property_value", "4.09 Å"),
    ("The bulk modulus of copper is about 140 GPa.", "property_value", "about 140 GPa"),
    ("Copper is stiffer than silver.", "property_comparison", "larger bulk modulus"),
    ("Aluminium is softer than nickel.", "property_comparison", "smaller bulk modulus"),
    ("Gold is denser than silver.", "property_comparison", "larger density"),
    ("Copper is not denser than gold.", "property_comparison", "not a larger density"),
    ("The bulk modulus of aluminium lies between 60 and 90 GPa.", "property_value", "between 60 and 90 GPa"),
    ("Magnesium oxide prefers the rock-salt structure over wurtzite.", "polymorph", "rock-salt"),
    ("Silicon is less stable in the fcc structure than in diamond.", "polymorph", "diamond"),
    ("The lowest-energy structure of germanium is diamond.", "polymorph", "every common prototype"),
    ("Iron's ground state is bcc.", "polymorph", "every common prototype"),
    ("Zinc sulfide is more stable as zinc blende than as rock salt.", "polymorph", "zinc"),
    # a pressure with a number is part of the spec (issue 9 item 5): enthalpies at that pressure
    ("At 50 GPa silicon prefers the bcc structure over diamond.", "polymorph", "enthalpy H = E + PV per atom in the bcc"),
    ("Magnesium oxide has a negative formation energy.", "formation_energy", "negative"),
    ("Lithium fluoride forms exothermically from its elements.", "formation_energy", "negative"),
    ("Carbon dioxide is linear.", "molecule_shape", "CO2"),
    ("Methane is not a planar molecule.", "molecule_shape", "not planar"),
    ("The water molecule is bent.", "molecule_shape", "not linear"),
    ("Ammonia is pyramidal.", "molecule_shape", "not planar"),
    ("The H-N-H angle in ammonia is about 107 degrees.", "bond_angle", "about 107"),
    ("The C-O bond in carbon monoxide is about 1.13 Å long.", "bond_length_value", "about 1.13 Å"),
    ("The O-H bond in water is shorter than 1.1 Å.", "bond_length_value", "below 1.1"),
    ("The N-N bond in N2 is shorter than the O-O bond in O2.", "bond_length_comparison", "shorter"),
    ("Copper crystallizes in the fcc structure with a lattice constant near 3.6 Å.", "compound", "All of"),
    ("Nickel has a lattice constant of about 3.5 Å and a bulk modulus of about 180 GPa.", "compound", "(2)"),
    ("Aluminium adopts the fcc structure and has a lattice constant of about 4.05 Å.", "compound", "(1)"),
    ("At ambient pressure copper prefers fcc over bcc.", "polymorph", "fcc"),
    ("The lattice constant of copper is about 3.6 Å and its density is 8.9 g/cm3.", "compound", "8.9 g/cm³"),
    ("At 0 K the ground state of iron is bcc.", "polymorph", "bcc"),
    # read by the grammar since the reader issue (#24): lists, hedges, chains, several sentences
    ("Copper and nickel both have lattice constants below 3.7 Å.", "compound", "(2)"),
    ("Copper may be denser than nickel.", "property_comparison", "hedged in the claim: 'may be'"),
    ("Gold could be stiffer than platinum.", "property_comparison", "'could be'"),
    ("Silicon probably prefers diamond over bcc.", "polymorph", "'probably'"),
    ("Nickel is typically stiffer than aluminium.", "property_comparison", "'typically'"),
    ("Titanium tends to prefer hcp over bcc.", "polymorph", "'tends to'"),
    ("Copper is denser than aluminium; silver is denser than copper.", "compound", "Ag"),
    ("Copper is denser than nickel and zinc.", "compound", "Zn"),
]

# (claim, a word the refusal must name)
REFUSED = [
    # quantifiers
    ("The triple bond of N2 is shorter than the double bond in O2.", "triple"),
    ("All fcc metals are denser than aluminium.", "All"),
    ("Every noble metal has a bulk modulus above 100 GPa.", "Every"),
    ("Only gold is denser than platinum.", "Only"),
    ("Each of copper, silver and gold is stiffer than aluminium.", "Each"),
    ("Any transition metal is harder to compress than sodium.", "Any"),
    ("None of the alkali metals is denser than aluminium.", "None"),
    # negation forms
    ("Silver is no denser than copper.", "no denser"),
    ("Nickel is no less stiff than copper.", "no less"),
    ("Copper fails to be denser than gold.", "fails to"),
    ("It is false that gold is denser than silver.", "false"),
    ("Aluminium is hardly less dense than copper.", "hardly"),
    ("Gold is far from being softer than silver.", "far from"),
    ("Nickel is denser than copper, contrary to common belief.", "contrary"),
    ("Neither copper nor silver is denser than gold.", "nor"),
    # factors and differences
    ("Gold is twice as dense as aluminium.", "twice"),
    ("Nickel is 1.5 times stiffer than copper.", "times"),
    ("The bulk modulus of nickel exceeds that of aluminium by 100 GPa.", "100"),
    ("Copper is 20 % denser than nickel.", "%"),
    ("The lattice constant of gold is half that of caesium.", "half"),
    ("Platinum is an order of magnitude stiffer than lead.", "magnitude"),
    # conditions
    ("Under high pressure iron prefers hcp over bcc.", "pressure"),
    ("At 1200 K the lattice constant of copper is about 3.7 Å.", "1200"),
    ("At high temperature titanium prefers bcc over hcp.", "temperature"),
    ("Strained copper has a lattice constant below 3.5 Å.", "Strained"),
    ("Doped silicon is more stable in diamond than in bcc.", "Doped"),
    ("Copper with vacancies is less dense than gold.", "vacancies"),
    ("The surface of platinum is denser than its bulk.", "of platinum"),
    ("Thin films of gold have a lattice constant of about 4.08 Å.", "films"),
    ("Gold nanoparticles are denser than silver.", "nanoparticles"),
    ("Liquid aluminium is less dense than copper.", "Liquid"),
    ("Ferromagnetic iron is stiffer than copper.", "Ferromagnetic"),
    ("When heated, lead is less dense than copper.", "heated"),
    ("Silver is denser than copper if it is annealed.", "annealed"),
    ("The lattice constant of copper-nickel alloy is about 3.56 Å.", "alloy"),
    # modal hedges
                        # clauses and scope
    ("Silicon is most stable in diamond, with fcc lying just above it.", "lying"),
    ("Copper, which is a noble metal, is denser than nickel.", "noble metal"),
    ("Gold is denser than silver, whereas platinum is denser still.", "whereas"),
    ("Nickel is stiffer than copper because its d band is fuller.", "because"),
        # superlatives over a class
    ("Osmium has the highest density of all metals.", "all metals"),
    ("Tungsten is stiffer than any other metal.", "any other"),
    ("Gold is the densest of the noble metals.", "noble metals"),
    # numbers and materials the test would not use
        ("Nickel has a larger bulk modulus than aluminium, about 186 GPa.", "186"),
    ("Silicon is more stable in diamond than in bcc by 0.4 eV per atom.", "0.4"),
    ("Copper has a lattice constant of about 3.6 Å at 300 K.", "300 K"),
    # a comparison of angles between molecules is not a bond-length comparison
    ("The H-O-H angle in water is smaller than the H-N-H angle in ammonia.", "angles of two molecules"),
    # a ground state for a stoichiometry without a prototype set
    ("The ground state of titanium dioxide is rutile.", "rutile"),
]


@pytest.mark.parametrize("claim,kind,word", PARSED, ids=[c for c, _, _ in PARSED])
def test_parsed_and_rendered(claim: str, kind: str, word: str) -> None:
    spec = parse_claim(claim)
    assert spec is not None and spec.kind == kind, spec
    sentence = render_tested(spec)
    assert word in sentence, sentence
    assert not sentence.startswith("Not tested")


@pytest.mark.parametrize("claim,word", REFUSED, ids=[c for c, _ in REFUSED])
def test_refused_with_the_word_named(claim: str, word: str) -> None:
    spec = parse_claim(claim)
    assert spec is not None and spec.kind == "refused", (spec.kind if spec else None, spec)
    reasons = " ".join(spec.reasons)
    assert word.lower() in reasons.lower(), reasons
    assert render_tested(spec).startswith("Not tested:")


def test_refused_claims_plan_no_calls_and_judge_inconclusive() -> None:
    from agent.planner import judge, plan_calls

    spec = parse_claim("All fcc metals are denser than aluminium.")
    assert plan_calls(spec) == []
    j = judge(spec, {})
    assert j.verdict == "inconclusive" and "All fcc metals" in j.summary


def test_the_team_set_is_large_enough() -> None:
    assert len(PARSED) + len(REFUSED) >= 80
