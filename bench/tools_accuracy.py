"""Accuracy of the simulation tools against experiment (issue #4).

Per material and calculator (CHGNet, SevenNet; EMT where it applies): lattice constant and bulk modulus from
`equation_of_state` against the handbook values in ../shared/bench/reference-properties.csv, with
the MAPE per calculator (goals with CHGNet: lattice <= 2 %, bulk modulus <= 20 %). Then the
polymorph orderings the offline planner relies on, the NaCl formation energy and xTB molecule
geometries. Everything runs through `get_tool(...).invoke(...)`, in a fresh temporary workspace
(no cache reuse) unless --home is given.

    .venv/bin/python bench/tools_accuracy.py [path/to/reference-properties.csv] [--calculators chgnet,sevennet,emt]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CSV = ROOT.parent / "shared" / "bench" / "reference-properties.csv"
POLYMORPH_CHECKS = [
    ("Si", "diamond", ["bcc", "fcc"]),
    ("NaCl", "rocksalt", ["cesiumchloride"]),
    ("Fe", "bcc", ["fcc"]),
    ("Ti", "hcp", ["bcc"]),
    ("MgO", "rocksalt", ["zincblende"]),
    ("ZnO", "wurtzite", ["rocksalt"]),
]


def invoke(name: str, **args: Any) -> dict[str, Any]:
    from tools import get_tool

    out = get_tool(name).invoke(args)
    if "error" in out:
        raise RuntimeError(f"{name}: {out['error']}")
    return out


def eos_table(rows: list[dict[str, str]], calculators: list[str]) -> None:
    from ase.formula import Formula

    from tools.calculators import supported_calculators

    print(
        f"{'material':9} {'proto':9} {'calc':7} {'a_exp':>7} {'a_calc':>7} {'err%':>6} {'B_exp':>6} {'B_calc':>7} {'err%':>6} {'s':>6}"
    )
    errors: dict[str, tuple[list[float], list[float]]] = {}
    for row in rows:
        symbols = list(Formula(row["material"]).count())
        for calc in calculators:
            if calc not in supported_calculators(symbols, periodic=True):
                continue
            t = time.perf_counter()
            out = invoke(
                "equation_of_state",
                structure={"formula": row["material"], "prototype": row["prototype"]},
                calculator=calc,
            )
            a_exp, b_exp = float(row["lattice_a_angstrom"]), float(row["bulk_modulus_gpa"])
            a, b = out["lattice_a_angstrom"], out["bulk_modulus_gpa"]
            ea, eb = 100 * (a - a_exp) / a_exp, 100 * (b - b_exp) / b_exp
            errors.setdefault(calc, ([], []))[0].append(abs(ea))
            errors[calc][1].append(abs(eb))
            print(
                f"{row['material']:9} {row['prototype']:9} {calc:7} {a_exp:7.3f} {a:7.3f} {ea:+6.2f} {b_exp:6.0f} {b:7.1f} {eb:+6.1f} {time.perf_counter() - t:6.1f}"
            )
    for calc, (ea, eb) in errors.items():
        goal = "  (goals: <= 2 %, <= 20 %)" if calc == "chgnet" else ""
        print(
            f"MAPE {calc}: lattice {sum(ea) / len(ea):.2f} %  bulk modulus {sum(eb) / len(eb):.1f} %  (n={len(ea)}){goal}"
        )


def polymorph_checks(calculator: str) -> None:
    print(f"\npolymorph checks ({calculator}): expected ground state below the others")
    for formula, expected, others in POLYMORPH_CHECKS:
        t = time.perf_counter()
        out = invoke(
            "compare_polymorphs", formula=formula, prototypes=[expected, *others], calculator=calculator
        )
        deltas = ", ".join(f"{r['prototype']} {r['delta_ev_per_atom'] * 1000:+.0f}" for r in out["ranking"])
        ok = "PASS" if out["ground_state"] == expected else "FAIL"
        print(
            f"  {ok} {formula:5} ground state {out['ground_state']:9} (meV/atom: {deltas})  {time.perf_counter() - t:.1f} s"
        )


def other_checks() -> None:
    print("\nformation energy (chgnet): NaCl vs Na metal and Cl2")
    out = invoke(
        "formation_energy", structure={"formula": "NaCl", "prototype": "rocksalt"}, calculator="chgnet"
    )
    refs = "; ".join(f"{r['reference']} {r['energy_per_atom_ev']:.3f}" for r in out["references"])
    sign = "PASS negative" if out["formation_energy_ev_per_atom"] < 0 else "FAIL"
    print(
        f"  {sign}: {out['formation_energy_ev_per_atom']:.3f} eV/atom (experiment -2.14); references: {refs}"
    )
    print("\nmolecule geometries (xtb, GFN2-xTB)")
    geo = {
        m: invoke("molecule_geometry", structure={"molecule": m}) for m in ("water", "CO2", "NH3", "N2", "O2")
    }
    hoh = geo["water"]["bond_angles"][0]["angle_deg"]
    print(
        f"  water H-O-H {hoh:.1f} deg (experiment 104.5), O-H {geo['water']['bond_lengths'][0]['length_angstrom']:.3f} A, bent={not geo['water']['is_linear']}"
    )
    print(f"  CO2 linear={geo['CO2']['is_linear']} O-C-O {geo['CO2']['bond_angles'][0]['angle_deg']:.1f} deg")
    hnh = geo["NH3"]["bond_angles"][0]["angle_deg"]
    print(f"  NH3 planar={geo['NH3']['is_planar']} H-N-H {hnh:.1f} deg (experiment 106.7)")
    n2, o2 = (geo[m]["bond_lengths"][0]["length_angstrom"] for m in ("N2", "O2"))
    print(f"  N2 {n2:.3f} A (exp 1.098) < O2 {o2:.3f} A (exp 1.208): {n2 < o2}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", default=str(DEFAULT_CSV), help="reference-properties.csv")
    parser.add_argument("--calculators", default="chgnet,sevennet,emt", help="comma-separated calculators")
    parser.add_argument("--home", default=None, help="hypoloop home to use (default: fresh temporary one)")
    parser.add_argument("--skip-extra", action="store_true", help="only the EOS table")
    ns = parser.parse_args(argv)
    os.environ["HYPOLOOP_HOME"] = ns.home or tempfile.mkdtemp(prefix="hypoloop-bench-")
    with open(ns.csv, newline="") as f:
        rows = list(csv.DictReader(f))
    print(f"$ {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"data: {ns.csv} ({len(rows)} materials); workspace {os.environ['HYPOLOOP_HOME']}")
    start = time.perf_counter()
    eos_table(rows, ns.calculators.split(","))
    if not ns.skip_extra:
        polymorph_checks("chgnet")
        other_checks()
    print(f"\ntotal {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
