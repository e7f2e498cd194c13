"""The goal reader: each goal shape reads to its typed spec and "Read as" sentence (which reads
back to the same spec); goals with a word the reader cannot account for are refused naming it,
never run with the part dropped."""

from __future__ import annotations

import pytest

from agent.campaign.goal_reader import read_goal
from agent.campaign.grammar import GoalRefused, GoalSpec


def fields(s: GoalSpec) -> tuple[object, ...]:
    return (s.shape, s.prop, s.greater, s.reference, s.threshold, s.prototype, s.target, s.tolerance_pct,
            tuple(s.family.members()))


@pytest.mark.parametrize("goal,shape,prop,greater,ref,threshold,proto,family,read_as", [
    ("which alkali halides take the CsCl structure", "structure", None, True, None, None, "cesiumchloride",
     "alkali halides", "which of the alkali halides adopt the CsCl-type structure"),
    ("Which 3d transition metals are bcc at 0 K?", "structure", None, True, None, None, "bcc",
     "3d transition metals", "which of the 3d transition metals adopt the bcc structure"),
    ("fcc metals with a higher bulk modulus than copper", "reference", "bulk_modulus", True, "Cu", None, None,
     "fcc metals", "which of the fcc metals have a larger bulk modulus than Cu"),
    ("which of Cu, Ag, Au and Pt has the largest bulk modulus", "extreme", "bulk_modulus", True, None, None, None,
     "the listed materials", "which of Cu, Ag, Au and Pt has the largest bulk modulus"),
    ("rank the noble metals that have the smallest lattice constant", "extreme", "lattice_constant", False, None,
     None, None, "noble metals", "which of the noble metals has the smallest lattice constant"),
    ("list the III-V semiconductors with a lattice constant above 5.8 Å", "threshold", "lattice_constant", True,
     None, 5.8, None, "III-V compounds", "which of the III-V compounds have a lattice constant above 5.8 Å"),
    ("alkaline earth oxides with a bulk modulus below 120 GPa", "threshold", "bulk_modulus", False, None, 120.0,
     None, "alkaline-earth oxides", "which of the alkaline-earth oxides have a bulk modulus below 120 GPa"),
    # A superlative over two candidates is one comparison, still the candidate set's extreme (it was
    # read as 'larger than Ag', a reference goal, before the reader passed on the range).
    ("which of Cu and Ag has the largest bulk modulus", "extreme", "bulk_modulus", True, None, None, None,
     "the listed materials", "which of Cu and Ag has the largest bulk modulus"),
    ("which of CO and H2S has the smallest dipole moment", "extreme", "dipole", False, None, None, None,
     "the listed materials", "which of CO and H2S has the smallest dipole moment"),
    # Compared with a reference (#28 item 4): a number, or another material's property computed alike.
    ("which fcc metals have the lattice constant nearest to 3.9 Å", "closest", "lattice_constant", True, None, None,
     None, "fcc metals", "which of the fcc metals has the lattice constant closest to 3.9 Å"),
    ("which of the coinage metals has the bulk modulus closest to that of platinum", "closest", "bulk_modulus", True,
     "Pt", None, None, "coinage metals", "which of the coinage metals has the bulk modulus closest to that of Pt"),
    ("which of Cu, Ag and Au have a lattice constant within 2% of that of Pt", "match", "lattice_constant", True,
     "Pt", None, None, "the listed materials", "which of Cu, Ag and Au have a lattice constant within 2 % of that of Pt"),
    # Molecules (#28 item 3), by name or formula or as a family.
    ("which of water, ammonia and methane has the largest dipole moment", "extreme", "dipole", True, None, None,
     None, "the listed materials", "which of H2O, NH3 and CH4 has the largest dipole moment"),
    ("second-row hydrides with a dipole moment above 1.5 D", "threshold", "dipole", True, None, 1.5, None,
     "second-row hydrides", "which of the second-row hydrides have a dipole moment above 1.5 D"),
    ("which of the third row hydrides has the smallest HOMO-LUMO gap", "extreme", "homo_lumo_gap", False, None, None,
     None, "third-row hydrides", "which of the third-row hydrides has the smallest HOMO-LUMO gap"),
])  # fmt: skip
def test_each_shape_reads_to_its_spec_and_read_as(goal: str, shape: str, prop: str | None, greater: bool,
                                                  ref: str | None, threshold: float | None, proto: str | None,
                                                  family: str, read_as: str) -> None:  # fmt: skip
    spec = read_goal(goal)
    assert (spec.shape, spec.prop, spec.greater, spec.reference, spec.threshold, spec.prototype) == (
        shape, prop, greater, ref, threshold, proto)  # fmt: skip
    assert spec.family.name == family and spec.sentence() == read_as
    assert fields(read_goal(spec.sentence())) == fields(spec)  # the rendering reads back to the spec
    # "Read as" is the sentence, and where a candidate is set against another material's property,
    # that the reference is computed in the same run by the same method.
    if ref is None:
        assert spec.read_as() == read_as
    else:
        assert spec.read_as() == f"{read_as} [the {spec.prop.replace('_', ' ')} of {ref} is computed in the same run " \
            "by the same method as each candidate's, so the systematic error they share cancels]"  # fmt: skip


def test_a_named_rival_is_the_claim_not_the_candidate_sets_ranking() -> None:
    spec = read_goal("which of Cu, Ag and Au have a lattice constant closer to that of Pt than that of Ni")
    assert spec.shape == "judged"
    assert spec.objective == "The lattice constant of X is closer to that of Pt than that of Ni."


def test_a_reference_material_is_stated_as_computed_alike() -> None:
    spec = read_goal("which of Cu, Ag and Au have a lattice constant within 2 % of that of Pt")
    assert spec.read_as() == ("which of Cu, Ag and Au have a lattice constant within 2 % of that of Pt [the lattice "
                              "constant of Pt is computed in the same run by the same method as each candidate's, so "
                              "the systematic error they share cancels]")  # fmt: skip
    assert spec.target is None and spec.tolerance_pct == 2.0 and "Pt" not in spec.family.members()
    closest = read_goal("which of the fcc metals has the lattice constant closest to 3.9 Å")
    assert (closest.target, closest.reference) == (3.9, None) and closest.read_as() == closest.sentence()


def test_the_predicate_is_the_claim_about_each_candidate() -> None:
    spec = read_goal("noble metals with a bulk modulus above 200 GPa")
    assert spec.claim == "{X} has a bulk modulus above 200 GPa"
    assert read_goal("which of V, Cr and copper are bcc").family.members() == ["V", "Cr", "Cu"]


@pytest.mark.parametrize("goal,span", [
    # The objective is not a computed property: refused, never run as "which noble metals are fcc".
    ("which noble metals with a high melting point are fcc", "could not read: 'high melting point are fcc'"),
    ("which alkali halides dissolve well in water", "could not read: 'dissolve well in water'"),
    ("which shiny metals are fcc", "could not read: 'shiny metals are fcc'"),
    ("which alkali halides take the CsCl structure and glow", "could not read: 'glow'"),
    # a molecular property of a list with a crystal in it: the reason is the crystal, not a missing range
    ("which of water, ammonia and copper has the largest dipole moment",
     "'Cu' is not a molecule the tools build (ASE's G2 set) (in the claim about each of the listed materials: "
     "'X has the largest dipole moment of H2O, NH3 and Cu')"),
    # a reference must be a crystal computed like the candidates, at the same (0 K) conditions
    ("which of Cu, Ag and Au have a lattice constant within 2 % of that of water",
     "'water' is not a crystal the tools build (in the claim about each of the listed materials:"),
    ("which of Cu, Ag and Au have a lattice constant within 2 % of that of Pt at 300 K",
     "the condition 'at 300 K' is not one this test represents"),
])  # fmt: skip
def test_an_unread_word_is_refused_with_its_span(goal: str, span: str) -> None:
    with pytest.raises(GoalRefused) as e:
        read_goal(goal)
    assert span in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize("goal,nearest", [
    ("which noble metals with a high melting point are fcc", "which of the noble metals adopt the fcc structure"),
    ("which alkali halides take the CsCl structure and glow", "which of the alkali halides adopt the CsCl-type structure"),
])  # fmt: skip
def test_a_refusal_offers_the_nearest_goal_that_reads(goal: str, nearest: str) -> None:
    with pytest.raises(GoalRefused) as e:
        read_goal(goal)
    assert str(e.value).endswith(f"the nearest goal that reads (not run): '{nearest}'")
