"""Energy bands of polymorph orderings (agent/judges/polymorph_bands.py): fitted by
bench/polymorph_calibration.py from known ground states (signs only), out of sample for the set's
own materials, and the band the polymorph judge decides with."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from agent.judges import polymorph_bands as pb
from agent.judges import uncertainty as un
from agent.planner import judge, parse_claim

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import polymorph_calibration as pc  # noqa: E402


def test_score_is_how_far_another_structure_lies_below_the_true_one() -> None:
    assert pc.score({"fcc": -3.0, "bcc": -2.9, "hcp": -2.99}, "fcc") == 0.0
    assert pc.score({"fcc": -3.0, "bcc": -3.02, "hcp": -2.99}, "fcc") == pytest.approx(0.02)
    assert pc.score({"bcc": -3.0}, "fcc") is None  # the ground state was not computed


def test_band_is_the_worst_score_with_a_floor() -> None:
    scores = [0.0] * 15 + [0.008, 0.012, 0.03, 0.05]
    assert pc.band_of(scores) == pytest.approx(0.05)
    assert pc.band_of([0.0] * 19) == pc.RESOLUTION_EV  # a perfect record is not a zero band
    assert pc.band_of([0.0] * (pc.MIN_MATERIALS - 1)) is None  # too few to fit


def test_would_be_verdicts() -> None:
    assert pc.judged(0.005, 0.01, True) == "inconclusive"
    assert pc.judged(0.05, 0.01, True) == "right"
    assert pc.judged(0.015, 0.01, False) == "wrong"  # r = 1.5: wrong but not confident
    assert pc.judged(0.05, 0.01, False) == "confidently_wrong"


def test_family_by_stoichiometry_and_block() -> None:
    assert pb.family("ZnO") == "ab" and pb.family("NaCl") == "ab" and pb.family("Zn1O1") == "ab"
    assert pb.family("TiO2") is None and pb.family("zno") is None
    # An element's family is its block: d (Zn and Cd included) apart from s and p; f has none.
    assert [pb.family(e) for e in ("Ti", "Zn", "Hf")] == ["transition_metal"] * 3
    assert [pb.family(e) for e in ("Sn", "Ba", "Al")] == ["main_group_element"] * 3
    assert pb.family("Gd") is None and pb.family("Xx") is None


def test_an_element_is_judged_with_its_own_blocks_band() -> None:
    """A transition metal never borrows the main-group band (CHGNet's Sn error) nor the reverse."""
    fits = pb._doc()["bands"]["chgnet"]
    assert pb.band("chgnet", "Tc") == fits["transition_metal"]["band_ev"] < fits["main_group_element"]["band_ev"]
    assert pb.band("chgnet", "In") == fits["main_group_element"]["band_ev"]
    assert "transition metals" in (pb.describe("chgnet", "Ti") or "")
    assert "main-group elements" in (pb.describe("chgnet", "Si") or "")


def test_stored_bands_have_provenance_and_leave_the_judged_material_out() -> None:
    doc = pb._doc()
    fits = doc["bands"]["chgnet"]
    assert "bench/polymorph_calibration.py" in fits["provenance"]["energies"]
    for fam in ("transition_metal", "main_group_element", "ab"):
        fit = fits[fam]
        assert fit["n"] >= pc.MIN_MATERIALS and fit["band_ev"] >= pc.RESOLUTION_EV
        for material, own in fit["without"].items():
            assert pb.band("chgnet", material) == own != fit["band_ev"]
    # A material outside the set gets its family's whole band; an unmeasured calculator none.
    assert pb.band("chgnet", "Tc") == fits["transition_metal"]["band_ev"]
    assert pb.band("chgnet", "GaN2") is None and pb.band("never-measured", "Cu") is None


def test_the_judge_decides_with_the_fitted_band() -> None:
    spec = parse_claim("Zirconium is more stable in bcc than in hcp.")
    band = un.polymorph_band_ev("chgnet", "bcc", "hcp", "Zr")
    assert band == pb.band("chgnet", "Zr")

    def ranking(gap: float) -> dict:
        return {"c1": {"calculator": "chgnet", "warnings": [], "ranking": [
            {"prototype": "hcp", "energy_per_atom_ev": -8.5}, {"prototype": "bcc", "energy_per_atom_ev": -8.5 + gap}]}}  # fmt: skip

    assert judge(spec, ranking(0.9 * band)).verdict == "inconclusive"
    beyond = judge(spec, ranking(1.5 * band))
    assert beyond.verdict == "refuted" and beyond.confidence == un.confidence(1.5)
    # The tolerance states the rule, not an outcome: a decided verdict is never called too close.
    assert "decided only beyond" in (beyond.tolerance or "") and "too close" not in (beyond.tolerance or "")
    # The tolerance says where the band came from.
    assert pb.describe("chgnet", "Zr") in (beyond.tolerance or "") and "bench/polymorph_calibration.py" in (beyond.tolerance or "")
