"""An equation of state is fitted only where the energy shows a minimum (tools/eos.py check_minimum).

SevenNet's energy of bcc Rb is exactly flat over the scan (its neighbours sit at the edge of the
model's cutoff), and the Birch-Murnaghan fit of that flat line used to report B = 0.02 GPa
(experiment: 3.1 GPa) with a tiny fit residual: a number that looked computed and was not.
"""

from __future__ import annotations

import pytest

from tools.eos import MIN_RISE_EV, birch_murnaghan, check_minimum
from tools.errors import SimulationFailed


def _parabola(
    b_ev_a3: float, v0: float = 100.0, strain: float = 0.06, n: int = 7
) -> tuple[list[float], list[float]]:
    vols = [v0 * (1 - strain + 2 * strain * i / (n - 1)) for i in range(n)]
    return vols, [0.5 * b_ev_a3 * (v - v0) ** 2 / v0 for v in vols]


def test_a_soft_real_minimum_passes() -> None:
    # Caesium, the softest elemental solid (B ~ 2 GPa = 0.0125 eV/Å^3), over the tools' ±6 % scan.
    vols, es = _parabola(0.0125)
    check_minimum(es)
    assert birch_murnaghan(vols, es).b_gpa == pytest.approx(2.0, rel=0.05)


@pytest.mark.parametrize(
    "energies",
    [
        [-0.941448, -0.941478, -0.941478, -0.941478, -0.941478, -0.941478, -0.941478],  # SevenNet, bcc Rb
        [-1.0] * 7,
        [-1.0, -1.00002, -1.00003, -1.00003, -1.00002, -1.0, -0.99999],  # curved, but by 30 µeV
    ],
)
def test_a_flat_curve_is_refused(energies: list[float]) -> None:
    with pytest.raises(SimulationFailed, match="does not rise on both sides"):
        check_minimum(energies)


def test_the_threshold_sits_far_below_the_softest_solid() -> None:
    _, es = _parabola(0.0125)
    rise = min(es[0], es[-1]) - min(es)
    assert rise > 10 * MIN_RISE_EV


@pytest.mark.slow
def test_sevennet_refuses_rubidium_instead_of_a_flat_fit(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HYPOLOOP_HOME", str(tmp_path))
    from tools import get_tool

    out = get_tool("equation_of_state").invoke(
        {"structure": {"formula": "Rb", "prototype": "bcc"}, "calculator": "sevennet"}
    )
    assert "error" in out, out
    assert "does not rise on both sides" in out["error"]["message"]
