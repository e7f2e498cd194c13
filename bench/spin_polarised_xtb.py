"""Can GFN2-xTB (tblite, spin-polarised) tell magnetic from non-magnetic metals? A probe for a
spin-polarised magnetism check, which the planner does not use (see the result below).

For each metal of bench/crystal_references.MAGNETIC_ORDER it builds a 16-32-atom supercell of
the prototype (ASE's lattice constants), and computes the energy per atom at fixed total spin
moments of 0, 0.5 and 1 µB/atom (``multiplicity`` with ``spin_polarization=1``; tblite is
Gamma-point only, hence the supercell; 1000 K electronic smearing for the metals' SCF). A metal
counts as "moment favoured" when a spin moment lowers the energy by more than --band meV/atom.

    OMP_NUM_THREADS=1 .venv/bin/python bench/spin_polarised_xtb.py [--band 5] [--elements Fe,Cu]

Measured 2026-12-06 with an earlier draft of this probe (tblite 0.8.0, 16-54-atom cells, seconds
to minutes per point on one core): E(1 µB) - E(0) in meV/atom: Fe -87, Co -137, Ni -60 (right),
but also V -64, Ti -127, Cr -31 (a ferromagnetic moment favoured in Pauli paramagnets and in an
antiferromagnet) and Pd, Pt ~-2 at 0.5 µB; Cu, Ag, Au, Al, W, Mo, Zn, Mg unfavoured. This script
(`--elements Fe,V,Cu`, 16-atom bcc cells): Fe -105, V -126, Cu +3300 meV/atom at 1 µB/atom. GFN2-xTB (parametrised for molecules) cannot separate V or Ti from Ni,
so no magnetism claim is decided with it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import crystal_references as ref  # noqa: E402

MOMENTS = (0.0, 0.5, 1.0)


def supercell(el: str, proto: str, atoms_wanted: int = 32):  # type: ignore[no-untyped-def]
    from ase.build import bulk

    cell = bulk(el, proto, orthorhombic=True) if proto == "hcp" else bulk(el, proto, cubic=True)
    rep = max(1, int((atoms_wanted / len(cell)) ** (1 / 3) + 1e-9))
    return cell.repeat((rep, rep, rep))


def energies(el: str, proto: str) -> dict[float, float | None]:
    from tblite.ase import TBLite

    atoms = supercell(el, proto)
    n = len(atoms)
    out: dict[float, float | None] = {}
    for per_atom in MOMENTS:
        unpaired = int(round(per_atom * n))
        unpaired += unpaired % 2  # an even electron count in these cells: even unpaired numbers
        atoms.calc = TBLite(method="GFN2-xTB", multiplicity=unpaired + 1, spin_polarization=1.0, verbosity=0,
                            electronic_temperature=1000.0, max_iterations=400)  # fmt: skip
        try:
            out[per_atom] = atoms.get_potential_energy() / n
        except Exception:  # tblite raises a bare exception when the SCF does not converge
            out[per_atom] = None
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--band", type=float, default=5.0, help="meV/atom a spin moment must gain to count")
    ap.add_argument("--elements", default=",".join(ref.MAGNETIC_ORDER), help="comma-separated symbols")
    args = ap.parse_args()
    right = total = 0
    print(f"{'metal':8} {'order':18} " + " ".join(f"{m:>7.1f}" for m in MOMENTS[1:]) + "  meV/atom vs 0 µB")
    for el in args.elements.split(","):
        proto, order, _, _ = ref.MAGNETIC_ORDER[el]
        t = time.perf_counter()
        e = energies(el, proto)
        e0 = e[0.0]
        gains = [None if v is None or e0 is None else 1000 * (v - e0) for k, v in e.items() if k > 0]
        favoured = any(g is not None and g < -args.band for g in gains)
        ok = favoured == (order == "ferromagnetic")
        total += 1
        right += ok
        cells = " ".join(f"{g:7.1f}" if g is not None else "   n.c." for g in gains)
        print(f"{proto + ' ' + el:8} {order:18} {cells}  moment favoured: {favoured!s:5} "
              f"{'ok' if ok else 'WRONG'}  {time.perf_counter() - t:.0f} s", flush=True)  # fmt: skip
    print(f"right {right}/{total} (a moment favoured exactly for the ferromagnets)")


if __name__ == "__main__":
    main()
