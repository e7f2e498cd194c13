"""Spin-polarised DFT as a magnetism source: the magnetic_states tool's output, fed at the tool
seam in the shape the tool returns, decides a moment present or absent and the lower order, with
the confidence of its measured record (agent/judges/magnetism_dft_calibration.json, written by
bench/magnetism_dft.py); it combines with CHGNet, the user's data and the literature under the
magnetism judge's rule.

The energies and moments below are the tool's real outputs for these metals (MEASURED, from
bench/calibration/magnetism_dft_computed.json); the truths are textbook facts (Kittel ch. 11; CRC
Handbook), kept in the tests only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from agent.judges import magnetism_dft as dft
from agent.planner import judge, parse_claim, plan_calls

rendered = __import__("agent.planner", fromlist=["tested_as"]).tested_as
COMPUTED = Path(__file__).resolve().parents[2] / "bench" / "calibration" / "magnetism_dft_computed.json"
NO_INDEX = {"error": {"type": "IndexNotFound", "message": "no literature index at /tmp/home/index"}}
NO_COLLECTION = {"error": {"type": "CollectionNotFound", "message": "no data collection yet"}}
FIVE = ["Iron is ferromagnetic.", "Aluminium is ferromagnetic.", "Copper is not magnetic.",
        "Silver is ferromagnetic at room temperature.", "Cobalt is ferromagnetic."]  # fmt: skip


def measured(el: str) -> dict[str, Any]:
    """The tool's stored output for ``el`` (what bench/magnetism_dft.py --measure recorded)."""
    return dict(json.loads(COMPUTED.read_text())["metals"][el]["result"])


def states(nm: float | None, fm: tuple[float | None, float], afm: tuple[float | None, float],
           afm_sites: list[float] | None = None) -> dict[str, Any]:
    """magnetic_states' output shape for energies (eV/atom, None: not converged) and moments (µB);
    the AFM sites are +m and -m unless given."""
    def one(e: float | None, m: float, sites: list[float]) -> dict[str, Any]:
        return {"converged": e is not None, "energy_per_atom_ev": e, "moment_per_atom_mu_b": m if e is not None else None,
                "site_moments_mu_b": sites if e is not None else [], "scf_cycles": 12, "wall_s": 40.0}  # fmt: skip

    st = {"non-magnetic": one(nm, 0.0, [0.0, 0.0]), "ferromagnetic": one(fm[0], fm[1], [fm[1], fm[1]]),
          "antiferromagnetic": one(afm[0], afm[1], afm_sites or [afm[1], -afm[1]])}  # fmt: skip
    from tools.magnetic_states import compare

    return {"calculator": None, "calculator_version": None, "calculator_variant": None,
            "parameters": {"element": "Fe", "prototype": "bcc"}, "wall_s": 120.0, "cached": False, "warnings": [],
            "element": "Fe", "prototype": "bcc", "a": 2.87, "c": None,
            "cell": "simple-cubic 2-atom cell of bcc (CsCl-type antiferromagnet)", "kmesh": [3, 3, 3],
            "method": "spin-polarised PBE (PySCF periodic KUKS, gth-pbe pseudopotentials, gth-szv-molopt-sr basis, "
                      "3x3x3 k-mesh, Fermi smearing 0.01 Ha)",
            "states": st, **compare(st), "structure_id": "s-0123456789ab"}  # fmt: skip


def results(**extra: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {"d1": NO_COLLECTION, "d2": NO_COLLECTION, "l1": NO_INDEX, **extra}


def _spec(text: str) -> Any:
    spec = parse_claim(text)
    assert spec is not None and spec.kind == "magnetism", spec
    return spec


E0 = -100.0
COLLAPSED = states(E0, (E0 + 1e-7, 0.0), (E0 + 2e-7, 0.0))
FERRO = states(E0, (E0 - 0.3, 2.6), (E0 - 0.1, 1.5))
ANTIFERRO = states(E0, (E0 + 1e-7, 0.0), (E0 - 0.02, 1.0))
THIN = states(E0, (E0 - 0.002, 0.4), (E0 + 1e-7, 0.0))


@pytest.mark.parametrize("out,said,order", [
    (COLLAPSED, "absent", "undecided"), (FERRO, "present", "ferromagnetic"),
    (ANTIFERRO, "present", "antiferromagnetic"), (THIN, "undecided", "undecided"),
    (states(E0, (E0 + 1e-7, 0.0), (E0 + 0.035, 2.3)), "undecided", "undecided"),  # a moment above NM (Cr's AFM)
    (states(E0, (E0 - 0.18, 1.9), (E0 + 0.23, 0.97), [1.26, -0.68]), "present", "undecided"),  # Fe's: ferrimagnetic
    (states(None, (E0 - 0.3, 2.6), (E0 - 0.1, 1.5)), "undecided", "ferromagnetic"),  # no NM energy
    (states(E0, (E0 + 1e-7, 0.0), (None, 0.0)), "undecided", "undecided"),  # AFM not converged
])  # fmt: skip
def test_the_rule_reads_states_against_the_band(out: dict[str, Any], said: str, order: str) -> None:
    assert dft.moment_said(out, 5.0) == said
    assert dft.order_said(out, 5.0) == order


@pytest.mark.parametrize("claim,said,order,holds", [
    ("Iron is ferromagnetic.", "present", "ferromagnetic", True),
    ("Iron is ferromagnetic.", "present", "antiferromagnetic", False),
    ("Iron is ferromagnetic.", "present", "undecided", None),
    ("Iron is antiferromagnetic.", "present", "antiferromagnetic", True),
    ("Iron is magnetic.", "present", "undecided", True),
    ("Iron is non-magnetic.", "present", "ferromagnetic", False),
    ("Iron is ferromagnetic at 300 K.", "present", "ferromagnetic", None),  # no ordering temperature
    ("Iron is ferromagnetic at 300 K.", "absent", "undecided", False),  # no moment: no order at any T
    ("Iron is non-magnetic at 300 K.", "absent", "undecided", True),
    ("Iron is antiferromagnetic.", "absent", "undecided", False),
    ("Iron is magnetic.", "undecided", "undecided", None),
])  # fmt: skip
def test_dft_rule(claim: str, said: Any, order: Any, holds: bool | None) -> None:
    assert dft.dft_rule(_spec(claim), said, order)[0] is holds


def test_the_five_claims_plan_the_spin_polarised_calculation() -> None:
    for claim in FIVE:
        spec = _spec(claim)
        calls = {c.id: c for c in plan_calls(spec)}
        assert calls["c2"].name == "magnetic_states", claim
        assert calls["c2"].args == {"element": spec.material.formula, "prototype": spec.material.prototype}
        assert "spin-polarised PBE" in rendered(spec) and "gth-szv-molopt-sr" in rendered(spec)
    for claim in ("Gadolinium is ferromagnetic.", "The magnetic moment of iron is about 2.2 µB per atom."):
        assert "magnetic_states" not in [c.name for c in plan_calls(_spec(claim))], claim


def test_failed_or_unconverged_states_decide_nothing() -> None:
    failed = {"error": {"type": "SimulationFailed", "message": "no spin state of bcc Fe converged in 80 SCF cycles"}}
    j = judge(_spec("Iron is ferromagnetic."), results(c2=failed))
    assert j.verdict == "inconclusive" and "converged" in j.summary, j
    j = judge(_spec("Iron is ferromagnetic."), results(c2=states(E0, (None, 0.0), (None, 0.0))))
    assert j.verdict == "inconclusive" and "not converged" in j.evidence[0].statement, j


def test_an_uncalibrated_or_thin_record_decides_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _spec("Iron is ferromagnetic.")
    monkeypatch.setattr(dft, "_doc", lambda: {})
    j = judge(spec, results(c2=FERRO))
    assert j.verdict == "inconclusive" and "never calibrated" in j.summary, j
    thin = {"band_mev": 5.0, "records": {"moment": {"n": 9, "right": 9, "confidence": 0.79},
                                          "order": {"n": 2, "right": 2, "confidence": 0.46}}}  # fmt: skip
    monkeypatch.setattr(dft, "_doc", lambda: thin)
    j = judge(spec, results(c2=FERRO))
    assert j.verdict == "inconclusive" and "too thin" in j.summary, j
    j = judge(_spec("Iron is magnetic."), results(c2=FERRO))  # the moment record alone suffices
    assert j.verdict == "supported" and j.confidence == 0.79, j


def test_a_judged_metal_gets_the_record_without_itself() -> None:
    doc = dft._doc()
    for kind, rec in doc["records"].items():
        for el, bound in rec["without"].items():
            assert dft.record_confidence(kind, el) == bound
        assert dft.record_confidence(kind, "Xx") == rec["confidence"]


CHGNET = {"Fe": 2.4422, "Co": 1.6127, "Cu": 0.0344, "Ag": 0.0081, "Al": 0.0205}  # test_judge_magnetism.py's
TRUTH = dict(zip(FIVE, ["supported", "refuted", "supported", "refuted", "supported"], strict=True))
# What the measured states decide (bench/magnetism_dft.py): Al, Cu and Ag collapse to no moment in
# every start; Fe and Co keep a moment and their antiferromagnetic starts, held at zero total
# moment, end antiferromagnetic (±1.12 µB) well above the ferromagnet, so every claim is decided.
# (With one Fermi level for both spins Fe's start had ended ferrimagnetic, 1.27 / -0.67 µB, and
# Co's run had exceeded the 600 s wall-time limit under load: both stayed undecided.)
DECIDED = TRUTH
ORDER_CLAIMS = {"Iron is ferromagnetic.", "Cobalt is ferromagnetic."}
CO_TIMEOUT = {"error": {"type": "SimulationTimeout", "message": "wall-time limit of 600 s exceeded "
              "(simulation.wall_time_s); the engine call was interrupted: use a smaller system, fewer steps or "
              "a faster calculator"}}  # fmt: skip


def chgnet(el: str) -> dict[str, Any]:
    """magnetic_moments' output for a one-atom cell (as in tests/judges/test_judge_magnetism.py)."""
    m = CHGNET[el]
    return {"calculator": "chgnet", "calculator_version": "chgnet 0.4.2", "calculator_variant": None,
            "parameters": {"relax": True, "threshold_mu_b": 0.1, "initial_moment_mu_b": 2.0}, "wall_s": 1.2,
            "cached": False, "warnings": [], "sites": [{"index": 0, "element": el, "moment_mu_b": m}],
            "total_moment_mu_b": m, "moment_per_atom_mu_b": m, "mean_moment_by_element": {el: m},
            "magnetic": m > 0.1, "signed": False, "spin_comparison": None, "notes": [], "structure_id": "s-90e1c0c7da84"}  # fmt: skip


@pytest.mark.parametrize("claim", FIVE)
def test_the_five_claims_with_the_measured_spin_polarised_states(claim: str) -> None:
    """The tool's stored outputs for Fe, Co, Al, Cu and Ag, with CHGNet's moments beside them."""
    spec = _spec(claim)
    el = spec.material.formula
    j = judge(spec, results(c1=chgnet(el), c2=measured(el)))
    assert j.verdict == DECIDED[claim] == TRUTH[claim], (claim, j.summary)
    ev = [e for e in j.evidence if e.tool_run_id == "c2"]
    assert ev and ev[0].supports is (TRUTH[claim] == "supported") and "spin-polarised PBE" in ev[0].statement
    # An order is decided with the order record, a moment's absence with the moment record.
    assert j.confidence == dft.record_confidence("order" if claim in ORDER_CLAIMS else "moment", el), j
    # A calibration metal is judged by the record of the others, and its words count those only.
    kind = "order" if claim in ORDER_CLAIMS else "moment"
    rec = dft._doc()["records"][kind]
    others = f"{kind} record {rec['right'] - 1}/{rec['n'] - 1} right on the other calibration metals ({el}'s own run left out)"
    assert others in j.summary, j.summary


def test_a_run_past_the_wall_time_decides_nothing() -> None:
    j = judge(_spec("Cobalt is ferromagnetic."), results(c1=chgnet("Co"), c2=CO_TIMEOUT))
    assert j.verdict == "inconclusive" and "wall-time" in j.summary, j.summary


def test_a_moment_decides_magnetic_but_not_the_order_when_the_afm_start_is_not_antiferromagnetic() -> None:
    # Fe's states as measured with one Fermi level for both spins: the antiferromagnetic start
    # ended ferrimagnetic (1.27 / -0.67 µB), whose energy says nothing of the antiferromagnet's.
    ferri = states(-1000.0, (-1000.190, 1.76), (-1000.010, 0.97), afm_sites=[1.2736, -0.6724])
    assert dft.afm_kind(ferri) == "other" and dft.afm_kind(measured("Fe")) == "antiferromagnetic"
    j = judge(_spec("Iron is magnetic."), results(c2=ferri))
    assert j.verdict == "supported" and j.confidence == dft.record_confidence("moment", "Fe"), j
    j = judge(_spec("Iron is ferromagnetic."), results(c2=ferri))
    assert j.verdict == "inconclusive" and "ferrimagnetic" in j.summary, j.summary
