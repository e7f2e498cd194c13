"""magnetic_states with cheap real physics: the 2-atom cells, the spin-biased starting density and
the refusals need no SCF; one test (~15 s) runs the whole tool on hydrogen in a stretched bcc lattice
(one basis function per atom), whose atoms keep ~1 µB each and align antiparallel, and Li, a metal
whose ferromagnetic start collapses."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from tools import get_tool
from tools.magnetic_states import compare, kmesh_for
from tools.spin_cells import lattice, supported, two_atom_cell
from tools.spin_dft import SpinMethod, biased_guess, build_cell


def invoke(**args: Any) -> dict[str, Any]:
    return get_tool("magnetic_states").invoke(args)


@pytest.mark.parametrize("proto,per_atom_volume,nn", [
    ("bcc", lambda a: a**3 / 2, lambda a: a * math.sqrt(3) / 2),
    ("fcc", lambda a: a**3 / 4, lambda a: a / math.sqrt(2)),
])  # fmt: skip
def test_two_atom_cells_keep_the_lattice(proto: str, per_atom_volume: Any, nn: Any) -> None:
    a = 3.5
    cell = two_atom_cell("Fe", proto, a)  # type: ignore[arg-type]
    assert len(cell) == 2 and cell.get_volume() / 2 == pytest.approx(per_atom_volume(a))
    d = cell.get_all_distances(mic=True)[0, 1]
    assert d == pytest.approx(nn(a))
    # Each site's nearest neighbours are all on the other sublattice for bcc (8 of them); for fcc
    # the layered cell puts 4 of 12 on its own sublattice: the AFM-I order.
    big = cell.repeat(3)
    dist = big.get_distances(0, range(len(big)), mic=True)
    near = [i for i in range(1, len(big)) if abs(dist[i] - nn(a)) < 1e-6]
    same = [i for i in near if i % 2 == 0]
    assert (len(near), len(same)) == ((8, 0) if proto == "bcc" else (12, 4))


def test_hcp_cell_and_lattice_defaults() -> None:
    a, c = lattice("Co", "hcp", None, None)
    assert a == pytest.approx(2.51, abs=0.01) and c / a == pytest.approx(1.62, abs=0.01)  # ASE's reference
    assert len(two_atom_cell("Co", "hcp", a, c)) == 2
    assert lattice("Fe", "fcc", 3.6, None) == (3.6, None)


def test_kmesh_has_equal_spacing() -> None:
    assert kmesh_for(two_atom_cell("Fe", "bcc", 2.87), 3) == (3, 3, 3)
    assert kmesh_for(two_atom_cell("Ni", "fcc", 3.52), 3) == (3, 3, 2)


def test_what_it_refuses() -> None:
    assert supported("Fe", "bcc") is None
    assert "f-block" in (supported("Gd", "hcp") or "")
    assert "only fcc, bcc and hcp" in (supported("Si", "diamond") or "")
    assert "not an element" in (supported("FeO", "bcc") or "")
    for args, words in (({"element": "Gd", "prototype": "hcp"}, "f-block"),
                        ({"element": "FeO", "prototype": "bcc"}, "not an element"),
                        ({"element": "Si", "prototype": "diamond"}, "prototype")):  # fmt: skip
        out = invoke(**args)
        assert out["error"]["type"] == "ToolInputError" and words in out["error"]["message"], out


def test_the_starting_density_carries_each_states_moments() -> None:
    from pyscf.pbc import dft

    atoms = two_atom_cell("H", "bcc", 3.0)
    for signs, want in (([0, 0], [0.0, 0.0]), ([1, 1], [0.9, 0.9]), ([1, -1], [0.9, -0.9])):
        cell = build_cell(atoms, SpinMethod(), signs)
        mf = dft.KUKS(cell, cell.make_kpts([1, 1, 1]))
        dm = biased_guess(mf, signs)
        s = np.asarray(mf.get_ovlp())
        spin = np.einsum("kij,kji->i", dm[0] - dm[1], s).real
        assert list(np.round(spin, 3)) == pytest.approx(want, abs=0.02)
        # Sites of opposite sign carry different labels, so no symmetry maps one onto the other.
        assert (cell.atom_symbol(0) == cell.atom_symbol(1)) == (signs[0] == signs[1])


def test_compare_names_the_lowest_state_and_the_differences() -> None:
    def state(e: float | None) -> dict[str, Any]:
        return {"converged": e is not None, "energy_per_atom_ev": e}

    out = compare({"non-magnetic": state(-1.0), "ferromagnetic": state(-1.1), "antiferromagnetic": state(-1.05)})
    assert out == {"lowest": "ferromagnetic", "magnetic_gain_mev": pytest.approx(100.0),
                   "afm_minus_fm_mev": pytest.approx(50.0)}  # fmt: skip
    out = compare({"non-magnetic": state(-1.0), "ferromagnetic": state(None), "antiferromagnetic": state(-1.05)})
    assert out == {"lowest": "antiferromagnetic", "magnetic_gain_mev": None, "afm_minus_fm_mev": None}


def test_stretched_hydrogen_keeps_antiparallel_moments_and_lithium_none() -> None:
    out = invoke(element="H", prototype="bcc", a=3.0, kmesh=2)
    assert "error" not in out, out
    st = out["states"]
    assert all(s["converged"] for s in st.values())
    assert st["non-magnetic"]["moment_per_atom_mu_b"] == 0.0
    fm, afm = st["ferromagnetic"]["site_moments_mu_b"], st["antiferromagnetic"]["site_moments_mu_b"]
    assert min(fm) > 0.5 and afm[0] > 0.5 > -0.5 > afm[1]
    assert out["lowest"] == "antiferromagnetic" and out["afm_minus_fm_mev"] < -50 < 0 < out["magnetic_gain_mev"]
    assert out["kmesh"] == [2, 2, 2] and "gth-szv-molopt-sr" in out["method"] and out["structure_id"]
    li = invoke(element="Li", prototype="bcc", kmesh=2)
    assert all(s["converged"] and s["moment_per_atom_mu_b"] < 0.01 for s in li["states"].values()), li
    assert abs(li["states"]["ferromagnetic"]["energy_per_atom_ev"] - li["states"]["non-magnetic"]["energy_per_atom_ev"]) < 1e-4


def test_the_antiferromagnetic_start_alone_is_held_at_zero_total_moment() -> None:
    from tools.spin_dft import _mean_field, fixed_zero_moment, site_moments

    method = SpinMethod(kmesh=(2, 2, 2))
    assert [fixed_zero_moment(method, s) for s in ([0, 0], [1, 1], [1, -1])] == [False, False, True]
    assert not fixed_zero_moment(SpinMethod(afm_zero_moment=False), [1, -1])
    assert "held at zero total moment" in method.words()
    # Stretched hydrogen's parallel start keeps ~1 µB a site with one Fermi level for both spins;
    # held at zero total moment, the same start cannot: what keeps an antiferromagnetic start from
    # drifting to a parallel or ferrimagnetic state.
    atoms = two_atom_cell("H", "bcc", 3.0)
    totals = []
    for zero in (False, True):
        cell = build_cell(atoms, method, [1, 1])
        mf = _mean_field(cell, method, zero)
        mf.kernel(dm0=biased_guess(mf, [1, 1]))
        assert mf.converged
        totals.append(sum(site_moments(mf)))
    assert totals[0] > 1.5 and abs(totals[1]) < 0.05, totals
