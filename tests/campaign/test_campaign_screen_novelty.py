"""The screen's figures from typed specs (EMT), its fallback when an EOS fit fails, and novelty
against a real literature index."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.campaign.models import CampaignCandidate
from agent.campaign.novelty import check_novelty
from agent.campaign.screen import figure_of, plan_for, run_screen
from agent.planner import parse_claim
from agent.settings import Settings
from tools.errors import SimulationFailed


@pytest.fixture
def emt(home: object) -> Settings:
    return Settings.load(simulation={"default_calculator": "emt"})


def test_figures_follow_the_claim_and_errors_stay_per_structure(emt: Settings) -> None:
    poly = plan_for(parse_claim("Cu is more stable in the fcc structure than in bcc.", literature=False))
    cmp_ = plan_for(parse_claim("Pt has a larger bulk modulus than Cu.", literature=False))
    thr = plan_for(parse_claim("The bulk modulus of fcc Cu is below 100 GPa.", literature=False))
    assert poly and cmp_ and thr
    table, stats = run_screen([*poly.needs, *cmp_.needs, *thr.needs, ("Fe", "bcc")], emt)
    assert stats.structures == 4 and stats.calculator == "emt"  # Cu fcc shared by the three plans
    assert isinstance(table[("Fe", "bcc")], str) and "emt" in str(table[("Fe", "bcc")])
    margin, err, _ = figure_of(poly, table)
    assert err is None and margin is not None and margin > 0 and poly.unit == "meV/atom"
    diff, _, _ = figure_of(cmp_, table)
    assert diff is not None and diff > 100  # EMT: Pt ~278 GPa, Cu ~134 GPa
    below, _, _ = figure_of(thr, table)
    assert below is not None and below < 0  # 134 GPa is not below 100 GPa
    fe = plan_for(parse_claim("Fe is more stable in the bcc structure than in fcc.", literature=False))
    assert fe and figure_of(fe, table)[0] is None and "Fe" in (figure_of(fe, table)[1] or "")


def test_a_failed_fit_falls_back_to_the_lowest_scanned_point(emt: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fit(*args: object, **kwargs: object) -> None:
        raise SimulationFailed("equation of state has no minimum in the scanned range")

    monkeypatch.setattr("tools.eos.birch_murnaghan", no_fit)
    plan = plan_for(parse_claim("Cu is more stable in the fcc structure than in bcc.", literature=False))
    assert plan is not None
    table, _ = run_screen(plan.needs, emt)
    assert all(not p.fitted and p.bulk_modulus_gpa is None for p in table.values())  # type: ignore[union-attr]
    margin, err, basis = figure_of(plan, table)
    assert err is None and margin is not None and margin > 0 and "lowest scanned point" in basis and "Cu bcc" in basis
    stiff = plan_for(parse_claim("The bulk modulus of fcc Cu is below 100 GPa.", literature=False))
    assert stiff is not None and "fit failed" in (figure_of(stiff, table)[1] or "")


def cand(cid: str, claim: str) -> CampaignCandidate:
    return CampaignCandidate(id=cid, claim=claim)


def test_no_index_is_said_once(home: object) -> None:
    cs = [cand("c1", "CsBr is more stable in the CsCl-type structure than in rock-salt.")]
    notes = check_novelty(cs, Settings.load())
    assert cs[0].novelty == "no index" and "no literature index" in notes[0]


@pytest.mark.slow  # builds a real index (bundled MiniLM)
def test_known_candidates_are_labelled_with_the_passage(tmp_path: Path, home: object) -> None:
    from retrieval import LiteratureIndex

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "b2.txt").write_text("Caesium halides\n\nCsCl, CsBr and CsI crystallize in the CsCl-type (B2) structure "
                                   "at ambient pressure; the other alkali halides take the rock-salt structure.")  # fmt: skip
    (corpus / "moduli.txt").write_text("Elastic data\n\nThe bulk modulus of platinum is 278 GPa, of copper 137 GPa.")
    index = tmp_path / "index"
    LiteratureIndex.create(index).add([corpus])
    settings = Settings.load(retrieval={"index_path": index})
    cs = [cand("c1", "CsBr is more stable in the CsCl-type structure than in rock-salt, zinc-blende or wurtzite."),
          cand("c2", "LiF is more stable in the CsCl-type structure than in rock-salt, zinc-blende or wurtzite."),
          cand("c3", "KCl has a larger bulk modulus than NaCl.")]  # fmt: skip
    assert check_novelty(cs, settings) == []
    assert cs[0].novelty == "known" and (cs[0].novelty_passage or "").startswith("b2")
    assert cs[1].novelty == "not found in your index" and cs[1].novelty_passage is None
    assert cs[2].novelty == "not found in your index"


def test_batched_and_one_by_one_scans_compute_the_same_points(emt: Settings) -> None:
    keys = [("Cu", "fcc"), ("Cu", "bcc"), ("Al", "fcc"), ("Pt", "hcp")]
    batched, b = run_screen(keys, emt, batched=True)
    single, s = run_screen(keys, emt, batched=False)
    assert b.batched and not s.batched and batched == single
    cu = batched[("Cu", "fcc")]
    assert not isinstance(cu, str) and cu.fitted and cu.lattice_a == pytest.approx(3.59, abs=0.02)
