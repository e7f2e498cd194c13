"""Silicon under pressure with CHGNet (slow): diamond -> beta-tin, the classic transition, measured at
10-12.5 GPa (Hennig et al., Phys. Rev. B 82, 014101 (2010), and references there; PBE gives ~8.5 GPa)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_silicon_diamond_to_beta_tin_with_chgnet() -> None:
    from tools import get_tool

    out = get_tool("enthalpy_vs_pressure").invoke(
        {
            "formula": "Si",
            "prototypes": ["diamond", "beta-tin"],
            "pressures_gpa": [0, 20],
            "calculator": "chgnet",
        }
    )
    assert "error" not in out, out
    assert [p["most_stable"] for p in out["points"]] == ["diamond", "betatin"]
    [t] = out["transitions"]
    assert (t["below"], t["above"]) == ("diamond", "betatin")
    # CHGNet (trained on PBE) lands near PBE's 8.5 GPa, below the measured 10-12.5 GPa
    assert 5.0 < t["pressure_gpa"] < 13.0
    assert t["volume_below_a3"] - t["volume_above_a3"] > 2.0  # the metallic phase is ~20 % denser
    tin = next(ph for ph in out["phases"] if ph["prototype"] == "betatin")
    assert "shape and positions relaxed" in tin["method"]
    assert not any("changed symmetry" in w for w in out["warnings"])  # stayed beta-tin at every volume


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("At 20 GPa silicon is more stable in beta-tin than in diamond.", "supported"),
        ("At 2 GPa silicon is more stable in beta-tin than in diamond.", "refuted"),
        ("Silicon transforms from diamond to beta-tin at about 50 GPa.", "refuted"),
        # CHGNet says ~8 GPa, the truth is ~11: within the transition-pressure error, so not decided
        ("Silicon transforms from diamond to beta-tin at about 11 GPa.", "inconclusive"),
    ],
)
def test_silicon_pressure_claims_offline(claim: str, verdict: str, home: Path) -> None:
    from agent import Assistant, Settings

    v = Assistant(Settings.load(llm={"provider": "offline"}), record=False).test(claim)
    assert v.verdict == verdict, (v.summary, v.tested_as)
    assert "GPa" in v.tested_as and "H = E + PV" in v.tested_as
    if verdict != "inconclusive":
        # Decided, but not confidently from CHGNet alone: its fitted ordering band for main-group elements is its
        # worst error on known ground states (Sn, 131 meV/atom; agent/judges/polymorph_bands.py).
        assert v.confidence > 0.5
