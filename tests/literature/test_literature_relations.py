"""Literature judging reads relations (subject, role or direction, polarity), not co-occurrence.

Each case is a claim and the passages retrieved for it; the verdict must follow from what the
passage says about the claim's own subject, never from the claim's words appearing somewhere."""

from __future__ import annotations

from typing import Any

import pytest

from agent.judges.models import Judgement
from agent.language.specs import LiteratureClaim
from agent.literature.frames import claim_frame
from agent.planner import judge, literature_claim

SWAP = "The button cell used lanthanum strontium manganite as the cathode and nickel as the anode."
STACK = "The cell consisted of a Ni-YSZ anode, a YSZ electrolyte and an LSM cathode."


def passage(text: str, doc: str = "d1") -> dict[str, Any]:
    return {
        "citation": f"{doc}#0", "doc_id": doc, "chunk_id": 0, "title": "A paper", "authors": [], "year": 2021,
        "doi": None, "page": None, "source": f"{doc}.txt", "score": 0.5, "text": text, "flags": [],
    }  # fmt: skip


def verdict(claim: str, *texts: str) -> Judgement:
    spec = literature_claim(claim)
    assert isinstance(spec, LiteratureClaim), claim
    passages = [passage(t, f"d{i}") for i, t in enumerate(texts)]
    return judge(spec, {"c1": {"query": claim, "mode": "hybrid", "passages": passages}})


@pytest.mark.parametrize(
    "claim",
    ["Nickel is a widely used cathode material.", "Lanthanum strontium manganite is an anode material."],
)
def test_swapped_roles_are_refuted_not_supported(claim: str) -> None:
    j = verdict(claim, SWAP)
    assert j.verdict == "refuted", j.summary
    assert j.evidence and not j.evidence[0].supports and j.evidence[0].quote == SWAP
    assert "states the opposite" in j.evidence[0].statement


@pytest.mark.parametrize("claim", ["Nickel is an anode material.", "LSM is a cathode material."])
def test_the_roles_the_passage_states_are_supported(claim: str) -> None:
    assert verdict(claim, SWAP).verdict == "supported"


def test_list_of_cell_components_binds_each_to_its_own_role() -> None:
    assert verdict("Yttria-stabilized zirconia is an electrolyte material.", STACK).verdict == "supported"
    # "YSZ" inside "Ni-YSZ" is part of the anode's name, not YSZ itself; YSZ is the electrolyte
    assert verdict("YSZ is an anode material.", STACK).verdict == "refuted"
    assert verdict("LSM is an electrolyte.", STACK).verdict == "refuted"


def test_insulator_versus_metal() -> None:
    text = "Copper is a metal with a very high electrical conductivity."
    assert verdict("Copper is an insulator.", text).verdict == "refuted"
    assert verdict("Copper is a metal.", text).verdict == "supported"
    assert (
        verdict(
            "Diamond is an electrical insulator.", "Diamond is an excellent electrical insulator."
        ).verdict
        == "supported"
    )


def test_words_that_are_not_the_role_do_not_contradict() -> None:
    # "metal oxide" is not "a metal"; an oxide-ion conductor is not an electronic conductor
    assert (
        verdict("Nickel oxide is an insulator.", "Nickel oxide is a transition metal oxide.").verdict
        == "inconclusive"
    )
    assert (
        verdict("YSZ is an insulator.", "YSZ is an oxide-ion conductor at 800 C.").verdict == "inconclusive"
    )


def test_increases_versus_decreases() -> None:
    claim = "Strontium doping increases the conductivity of lanthanum manganite."
    up = "In our films, strontium doping increased the conductivity of lanthanum manganite by two orders."
    down = "In our films, strontium doping decreased the conductivity of lanthanum manganite markedly."
    passive = "The conductivity of lanthanum manganite is increased by strontium doping."
    assert verdict(claim, up).verdict == "supported"
    assert verdict(claim, down).verdict == "refuted"
    assert verdict(claim, passive).verdict == "supported"


def test_higher_versus_lower() -> None:
    claim = "Ceria has a higher ionic conductivity than zirconia."
    assert verdict(claim, "Ceria has a lower ionic conductivity than zirconia.").verdict == "refuted"
    assert verdict(claim, "Ceria has a higher ionic conductivity than zirconia.").verdict == "supported"


def test_negation_in_the_passage_contradicts() -> None:
    j = verdict("Silicon is a metal.", "Silicon is not a metal, it is a semiconductor.")
    assert j.verdict == "refuted" and j.confidence < 0.7
    assert (
        verdict("Aspirin reduces the risk of stroke.", "Aspirin did not reduce the risk of stroke.").verdict
        == "refuted"
    )


def test_negated_claim_is_refuted_by_the_positive_statement() -> None:
    j = verdict("LSM is not a cathode material.", "LSM is the most widely used cathode material.")
    assert j.verdict == "refuted"
    # and "a cathode, not an anode" is a positive claim about the cathode
    assert (
        verdict("LSM is a cathode, not an anode.", "LSM is the most widely used cathode.").verdict
        == "supported"
    )


def test_another_entity_with_the_same_role_does_not_support() -> None:
    text = "LSM is the most common cathode material; nickel is used in the current collector."
    assert verdict("Nickel is a cathode material.", text).verdict == "inconclusive"
    assert (
        verdict(
            "Chromium is a cathode material.", "Cr from the interconnect poisons the LSM cathode."
        ).verdict
        == "inconclusive"
    )
    other = "Warfarin reduces the risk of stroke, and aspirin was given to the control group."
    assert verdict("Aspirin reduces the risk of stroke.", other).verdict == "inconclusive"


def test_n_type_versus_p_type() -> None:
    text = "Undoped ZnO is an n-type semiconductor because of native donors."
    assert verdict("ZnO is a p-type semiconductor.", text).verdict == "refuted"
    assert verdict("ZnO is an n-type semiconductor.", text).verdict == "supported"


def test_binding_shapes_that_state_a_role() -> None:
    claim = "LSM is a cathode material."
    for text in (
        "LSM, which is the most widely used cathode, degrades below 700 C.",
        "Cathode materials such as LSCF and LSM were screened.",
        "Here LSM serves as the cathode.",
        "We used an LSM-based cathode.",
    ):
        assert verdict(claim, text).verdict == "supported", text


def test_respectively_and_hedges_are_not_read() -> None:
    text = "LSM and YSZ are used as the cathode and the electrolyte, respectively."
    assert verdict("YSZ is a cathode material.", text).verdict == "inconclusive"
    assert (
        verdict("LSM is a cathode material.", "It is unclear whether LSM is a good cathode.").verdict
        == "inconclusive"
    )


def test_a_different_value_does_not_support_a_value_claim() -> None:
    claim = "Gold has a lattice constant of 5.0 Å."
    assert (
        verdict(claim, "Gold has a lattice constant of 4.08 Å at room temperature.").verdict == "inconclusive"
    )
    assert verdict(claim, "In our table, gold has a lattice constant of 5.0 Å.").verdict == "supported"


def test_conflicting_passages_give_inconclusive_with_both_shown() -> None:
    j = verdict("Nickel is an anode material.", SWAP, "Nickel is the cathode of this cell.")
    assert j.verdict == "inconclusive" and "disagrees" in j.summary
    assert {e.supports for e in j.evidence} == {True, False}


def test_lexical_verdicts_stay_below_0_7_and_say_so() -> None:
    text = "LSM is the most widely used cathode material for solid oxide fuel cells."
    claim = "LSM is a widely used cathode material for solid oxide fuel cells."
    many = verdict(claim, *[text] * 6)
    assert many.verdict == "supported" and many.confidence < 0.7
    refuted = verdict("LSM is an anode material.", *[text] * 6)
    assert refuted.verdict == "refuted" and refuted.confidence < 0.7
    for j in (many, refuted):
        assert "lexical match" in j.summary


def test_claim_frames() -> None:
    f = claim_frame("Lanthanum strontium manganite is a widely used cathode material.")
    assert f is not None and f.kind == "role" and f.relation == "cathode" and not f.negated
    assert [c.label for c in f.subject] == ["lanthanum strontium manganite"]
    g = claim_frame("Aspirin does not reduce the risk of stroke.")
    assert g is not None and g.kind == "direction" and g.relation == "down" and g.negated
    assert [c.label for c in g.subject] == ["Aspirin"]
    h = claim_frame("Nickel-based anodes degrade by carbon deposition.")
    assert h is not None and h.kind == "role" and [c.label for c in h.subject] == ["Nickel"]


def test_contrasts_and_scoped_negations_state_nothing() -> None:
    claim = "LSM is a cathode material."
    # the negation denies "good", not the role; "rather than" names the one *not* chosen
    assert verdict(claim, "Unlike LSCF, LSM is not a good cathode below 700 C.").verdict == "inconclusive"
    assert verdict(claim, "LSCF rather than LSM was chosen as the cathode.").verdict == "inconclusive"
    # a comparison with the entities swapped is not read as agreement
    swapped = "Zirconia has a higher ionic conductivity than ceria."
    assert verdict("Ceria has a higher ionic conductivity than zirconia.", swapped).verdict != "supported"


def test_comparatives_are_not_roles_and_quantities_are_not_directions() -> None:
    # "less stable" vs "more stable" is a reversed comparison, never the role "stable" twice
    claim = "Pre-mRNAs bound to spliceosomes are less stable than free pre-mRNAs."
    f = claim_frame(claim)
    assert f is not None and f.kind == "direction" and f.relation == "down"
    assert (
        verdict(claim, "Pre-mRNAs bound to spliceosomes are more stable than free pre-mRNAs.").verdict
        != "supported"
    )
    q = claim_frame("Most deaths happen in newborns aged less than 6 months.")
    assert q is not None and q.kind == "generic"


def test_composites_and_parenthesised_abbreviations_are_not_the_entity() -> None:
    text = "A NiO-yttria-stabilized zirconia (YSZ) anode and an LSM/YSZ cathode were co-sintered."
    assert verdict("Yttria-stabilized zirconia is an anode material.", text).verdict == "inconclusive"
    assert verdict("YSZ is a cathode material.", text).verdict == "inconclusive"
    # an element set that merely contains the claim's elements is another compound (BZY is not YSZ)
    bzy = "Electrolytes such as yttrium-doped barium zirconate conduct protons."
    assert verdict("Yttria-stabilized zirconia is an electrolyte.", bzy).verdict == "inconclusive"


def test_a_negation_before_any_predicate_term_opposes() -> None:
    """'bent molecule, not a linear one': the nearest 'molecule' comes before the negation, but
    'linear' comes after it, so the passage denies 'water is a linear molecule'."""
    from agent.literature.frames import claim_frame, read

    s = "Water is a bent molecule, not a linear one."
    assert read(claim_frame("Water is a linear molecule."), s, s) == "opposes"
    assert read(claim_frame("Water is a bent molecule."), s, s) == "states"
