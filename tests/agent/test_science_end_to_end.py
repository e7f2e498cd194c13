"""End to end through `Assistant` offline on real tools (issue #12): the done-when claims of the
vacancy, surface, magnetism and reaction kinds are decided correctly, with evidence that points
to the tool runs of the verdict, and a Tested-as sentence naming the method."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def _test(claim: str) -> Any:
    from agent import Assistant, Settings

    settings = Settings.load(llm={"provider": "offline"})
    return Assistant(settings, record=False).test(claim)


@pytest.fixture(scope="module")
def _module_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("science-store")


@pytest.fixture
def shared_cache(home: Path, _module_store: Path) -> Path:
    """The module's claims share one content-addressed cache and the workspace its results refer
    to (a cached result is reused only while its structures are there): the spin-polarised DFT of
    bcc Fe and fcc Ni (about 2 min each) then runs once for every claim about that metal, as it
    would for a user asking several. Runs and checkpoints stay each claim's own."""
    for part in ("cache", "workspace"):
        (_module_store / part).mkdir(exist_ok=True)
        (home / part).symlink_to(_module_store / part, target_is_directory=True)
    return home


def _check(v: Any, verdict: str, method: str) -> None:
    assert v.verdict == verdict, (v.verdict, v.confidence, v.summary)
    assert method in v.tested_as, v.tested_as
    computed = [e for e in v.evidence if e.kind == "simulation"]
    assert computed, v.evidence
    assert all(e.tool_run_id in v.tool_runs for e in computed), (v.tool_runs, [e.tool_run_id for e in computed])


def test_ammonia_synthesis_is_exothermic_with_dft_checked_by_xtb(home: Path) -> None:
    v = _test("Ammonia synthesis from N2 and H2 is exothermic.")
    _check(v, "supported", "DFT (PySCF)")
    # |dH| ~ 100 kJ/mol (experiment 92) is ~5x DFT's measured 20.5 kJ/mol error: confident; xTB,
    # the independent check, also decides the sign (~290 kJ/mol beyond its 178) and agrees.
    assert v.confidence >= 0.7
    assert "N2 + 3 H2 -> 2 NH3" in v.tested_as and "GFN2-xTB as the independent check" in v.tested_as
    second = [c for c in v.stress_tests if c.name == "second_calculator"]
    assert second and second[0].outcome == "agrees", v.stress_tests


DONE_WHEN = [
    ("Creating a vacancy in aluminium costs less than 1 eV.", "supported", "EMT, CHGNet and SevenNet"),
    ("Platinum's (111) surface is lower in energy than its (110) surface.", "supported", "EMT, CHGNet and SevenNet"),
    ("Iron is magnetic.", "supported", "CHGNet's 0 K moment per atom of relaxed bcc Fe"),
    ("Ammonia synthesis from N2 and H2 is exothermic at 500 K.", "supported", "DFT (PySCF)"),
]


@pytest.mark.slow
@pytest.mark.parametrize("claim,verdict,method", DONE_WHEN, ids=[c for c, _, _ in DONE_WHEN])
def test_done_when_claims(claim: str, verdict: str, method: str, shared_cache: Path) -> None:
    v = _test(claim)
    _check(v, verdict, method)
    # None rests on a margin that earns more: every one is decided below 0.9.
    assert v.confidence < 0.9, v.confidence


@pytest.mark.slow
def test_nickel_is_called_ferromagnetic_by_the_spin_polarised_states_not_by_a_moment(shared_cache: Path) -> None:
    """Nickel's moment, which CHGNet misses (0.068 µB), is shown as a tool run and decides nothing;
    spin-polarised DFT (~1.5 min) finds the ferromagnet below the antiferromagnetic start (held at
    zero total moment), and the order record of the other calibration metals gives the confidence
    (bench/magnetism_dft.py)."""
    from agent.judges.magnetism_dft import record_confidence

    v = _test("Nickel is ferromagnetic.")
    assert v.verdict == "supported" and v.confidence == record_confidence("order", "Ni"), (v.verdict, v.summary)
    sims = {e.tool_run_id: e for e in v.evidence if e.kind == "simulation"}
    assert len(sims) == 2 and all(i in v.tool_runs for i in sims)
    chgnet, dft = (e for e in v.evidence if e.kind == "simulation")
    assert chgnet.supports is None and dft.supports is True and "spin-polarised PBE" in dft.statement
    assert not [e for e in v.evidence if e.kind == "data"]


def test_magnetism_without_a_table(home: Path) -> None:
    """Gadolinium, with no structure to compute (and 4f moments the spin-polarised tool refuses),
    is no longer supported from a table."""
    v = _test("Gadolinium is ferromagnetic at 250 K.")
    assert v.verdict == "inconclusive" and not v.evidence, (v.verdict, v.summary)
    assert "no computation" in v.tested_as


def test_water_is_polar_and_co2_is_not_with_dft(home: Path) -> None:
    v = _test("Water is a polar molecule.")
    _check(v, "supported", "DFT (PySCF)")
    v = _test("Carbon dioxide is a polar molecule.")
    _check(v, "refuted", "DFT (PySCF)")


@pytest.mark.parametrize("label", ["refuted", "supported"])
def test_model_path_cross_checks_a_reaction_claim(openai_server: Any, label: str) -> None:
    """On the model path the planner reads the same claim into a reaction spec and checks it with
    its own method (DFT): a model verdict it contradicts becomes inconclusive."""
    from agent import Assistant, Settings

    openai_server.tool_calls([("reaction_energy", {"reaction": "N2 + 3 H2 -> 2 NH3"})])
    openai_server.reply("Computed the reaction enthalpy.")
    evidence = [{"kind": "simulation", "statement": "dH from xTB", "supports": label == "supported",
                 "tool_run_id": "h1-t1", "citation": None}]  # fmt: skip
    openai_server.tool_calls([("submit_verdict", {"verdict": label, "confidence": 0.9, "summary": "Judged.",
                                                  "evidence": evidence, "open_questions": []})])  # fmt: skip
    settings = Settings.load(llm=openai_server.llm_settings(max_retries=1), agent={"stress_test": True})
    v = Assistant(settings).test("Ammonia synthesis from N2 and H2 is exothermic.")
    cross = [c for c in v.stress_tests if c.name == "rule_based_cross_check"]
    assert len(cross) == 1 and "planner verdict: supported" in cross[0].detail, cross
    assert "DFT (PySCF)" in v.tested_as
    if label == "refuted":
        assert cross[0].outcome == "disagrees" and v.verdict == "inconclusive"
    else:
        assert cross[0].outcome == "agrees" and v.verdict == "supported"


# (claim, the real-world truth): handbook facts (Kittel, CRC, NIST). The assistant may be
# inconclusive; a verdict that contradicts the truth must stay below 0.7.
TRICKY = [
    ("Copper is ferromagnetic.", "refuted"),
    ("Iron is non-magnetic.", "refuted"),
    ("Nickel is ferromagnetic at 1000 K.", "refuted"),  # Curie temperature 627 K
    ("Creating a vacancy in aluminium costs more than 2 eV.", "refuted"),  # 0.67 eV
    ("Vacancies form more easily in nickel than in aluminium.", "refuted"),  # 1.79 vs 0.67 eV
    ("Steam reforming of methane is exothermic.", "refuted"),  # +206 kJ/mol
    ("The water-gas shift reaction is endothermic at 500 K.", "refuted"),  # -40 kJ/mol
    ("Methane is a polar molecule.", "refuted"),
    ("The dipole moment of water is about 1.85 D.", "supported"),
]


@pytest.mark.slow
@pytest.mark.parametrize("claim,truth", TRICKY, ids=[c for c, _ in TRICKY])
def test_no_confident_wrong_science_verdict(claim: str, truth: str, shared_cache: Path) -> None:
    v = _test(claim)
    assert v.tested_as
    wrong = v.verdict in ("supported", "refuted") and v.verdict != truth
    assert not (wrong and v.confidence >= 0.7), (v.verdict, v.confidence, v.tested_as, v.summary)


@pytest.mark.slow
def test_copper_is_mechanically_stable_in_fcc(home: Path) -> None:
    v = _test("Copper is mechanically stable in fcc.")
    _check(v, "supported", "Born mechanical stability")
