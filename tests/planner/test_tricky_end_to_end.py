"""End to end over real tools (slow): tricky phrasings of the supported kinds never get a confident
wrong verdict. Each claim carries the real-world truth; the assistant may be inconclusive, but a
supported/refuted verdict that contradicts the truth must stay below confidence 0.7."""

from __future__ import annotations

from pathlib import Path

import pytest

# (claim, the truth) - written by the team; values from Kittel / CRC and standard chemistry.
TRICKY = [
    ("Iron and copper both have bulk moduli above 300 GPa.", "refuted"),  # quantifier: refused
    ("Gold is three times as dense as aluminium.", "refuted"),  # 19.3 vs 2.70: factor 7 (refused)
    ("Platinum is no less dense than gold.", "supported"),  # negation form: refused
    # Now computed (enthalpies at 40 GPa). True as a pairwise statement: close-packed Si lies ~0.5 eV/atom
    # above diamond at 0 GPa but is ~30 % denser, so P*dV ~ 1.4 eV/atom at 40 GPa puts bcc far below.
    ("At 40 GPa silicon is more stable in bcc than in diamond.", "supported"),
    ("Silicon transforms from diamond to beta-tin at about 11 GPa.", "supported"),  # 10-12.5 GPa measured
    ("At 1000 K and 20 GPa silicon is more stable in beta-tin than in diamond.", "supported"),  # temperature: refused
    ("Silicon adopts the diamond structure, with bcc lying well below it in energy.", "refuted"),  # clause
    (
        "Copper crystallizes in the bcc structure with a lattice constant of about 2.9 Å.",
        "refuted",
    ),  # compound
    ("The bulk modulus of aluminium is about 40 GPa.", "refuted"),  # 76 GPa; EMT gives 40
    ("Aluminium is harder to compress than nickel.", "refuted"),
    ("Nickel has a lattice constant of about 3.52 Å and a bulk modulus of about 186 GPa.", "supported"),
    ("The H-O-H angle in water is about 110 degrees.", "refuted"),  # 104.5: xTB says 107
    ("The H-O-H angle in water is larger than the H-N-H angle in ammonia.", "refuted"),  # misrouting guard
    ("Carbon dioxide is not a linear molecule.", "refuted"),
    ("Sodium chloride does not have a negative formation energy.", "refuted"),
    ("Copper is denser than nickel and zinc.", "refuted"),  # 8.96 vs 8.91 and 7.14: three materials
    ("The ground state of titanium is bcc.", "refuted"),
]


@pytest.mark.slow
@pytest.mark.parametrize("claim,truth", TRICKY, ids=[c for c, _ in TRICKY])
def test_no_confident_wrong_verdict(claim: str, truth: str, home: Path) -> None:
    from agent import Assistant, Settings

    settings = Settings.load(llm={"provider": "offline"})
    v = Assistant(settings, record=False).test(claim)
    assert v.tested_as, "every verdict says what was tested"
    wrong = v.verdict in ("supported", "refuted") and v.verdict != truth
    assert not (wrong and v.confidence >= 0.7), (v.verdict, v.confidence, v.tested_as, v.summary)
