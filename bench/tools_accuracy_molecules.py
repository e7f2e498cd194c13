"""Accuracy of the molecular tools (GFN2-xTB) against experiment (issue #12).

Four tables, each with its error per property: gas-phase reaction enthalpies at 298.15 K
(`reaction_energy`) against enthalpies of formation; vibrational frequencies (`thermochemistry`,
harmonic) against experimental fundamentals; standard entropies (`thermochemistry`, ideal gas)
against NIST-JANAF; dipole moments (`electronic_properties`) against the CRC Handbook. HOMO-LUMO
gaps are printed without a reference (no experiment measures an orbital gap). The mean absolute
errors go into tools/accuracy_molecules.py, which the planner reads.

Everything runs through `get_tool(...).invoke(...)` in a fresh temporary workspace unless --home.

    .venv/bin/python bench/tools_accuracy_molecules.py [--home DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# Standard enthalpies of formation of the gases at 298.15 K, kJ/mol.
# CODATA Key Values for Thermodynamics (Cox, Wagman, Medvedev 1989), as listed in the NIST
# Chemistry WebBook (SRD 69): H2O -241.826, CO2 -393.51, CO -110.53, NH3 -45.94, HCl -92.31.
# NIST-JANAF Thermochemical Tables (Chase 1998) via the WebBook: CH4 -74.87, C2H4 +52.47.
# NIST WebBook gas-phase thermochemistry: C2H6 -84.0 (Pittam and Pilcher 1972), CH3OH -201.0.
# Elements in their standard state (H2, N2, O2, Cl2) are zero by definition.
DHF_KJ_MOL = {
    "H2O": -241.826, "CO2": -393.51, "CO": -110.53, "NH3": -45.94, "HCl": -92.31,
    "CH4": -74.87, "C2H4": 52.47, "C2H6": -84.0, "CH3OH": -201.0,
    "H2": 0.0, "N2": 0.0, "O2": 0.0, "Cl2": 0.0,
}  # fmt: skip
REACTIONS = [
    "N2 + 3 H2 -> 2 NH3",
    "CO + H2O -> CO2 + H2",
    "CH4 + H2O -> CO + 3 H2",
    "CO2 + 4 H2 -> CH4 + 2 H2O",
    "2 H2 + O2 -> 2 H2O",
    "CH4 + 2 O2 -> CO2 + 2 H2O",
    "C2H4 + H2 -> C2H6",
    "CO + 2 H2 -> CH3OH",
    "H2 + Cl2 -> 2 HCl",
]
# Experimental fundamentals in cm^-1, NIST CCCBDB (Computational Chemistry Comparison and Benchmark
# DataBase, SRD 101, "experimental vibrational frequencies"), degenerate modes repeated:
# H2O 3657 (a1), 1595 (a1), 3756 (b2); CO2 1333 (sg+), 667 (pu), 2349 (su);
# NH3 3337 (a1), 950 (a1), 3444 (e), 1627 (e); CH4 2917 (a1), 1534 (e), 3019 (t2), 1306 (t2).
FUNDAMENTALS_CM1 = {
    "H2O": [1595, 3657, 3756],
    "CO2": [667, 667, 1333, 2349],
    "NH3": [950, 1627, 1627, 3337, 3444, 3444],
    "CH4": [1306, 1306, 1306, 1534, 1534, 2917, 3019, 3019, 3019],
}
# Standard molar entropies S(298.15 K, 1 bar) in J/(mol K), NIST-JANAF Thermochemical Tables
# (Chase 1998) via the NIST WebBook.
ENTROPY_J_MOL_K = {
    "H2O": 188.835, "CO2": 213.785, "NH3": 192.774, "CH4": 186.251,
    "N2": 191.609, "H2": 130.680, "O2": 205.152, "CO": 197.653,
}  # fmt: skip
# Gas-phase dipole moments in debye, CRC Handbook of Chemistry and Physics (97th ed.), "Dipole
# moments" table: H2O 1.8546, NH3 1.4718, HF 1.826178, HCl 1.1086, CO 0.10980, HCN 2.985188,
# H2CO 2.332, CH3OH 1.70, SO2 1.63305.
DIPOLE_D = {
    "H2O": 1.8546, "NH3": 1.4718, "HF": 1.8262, "HCl": 1.1086, "CO": 0.1098,
    "HCN": 2.9852, "H2CO": 2.332, "CH3OH": 1.70, "SO2": 1.6331,
}  # fmt: skip
KJ_PER_EV = 96.485332
J_MOL_K_PER_EV_K = 96485.332


def invoke(name: str, **args: Any) -> dict[str, Any]:
    from tools import get_tool

    out = get_tool(name).invoke(args)
    if "error" in out:
        raise RuntimeError(f"{name}: {out['error']}")
    return out


def experimental_dh(reaction: str) -> float:
    from tools.reaction_parse import parse_equation

    eq = parse_equation(reaction)
    return sum(t.coefficient * DHF_KJ_MOL[t.species] for t in eq.products) - sum(
        t.coefficient * DHF_KJ_MOL[t.species] for t in eq.reactants
    )


def reaction_table() -> dict[str, float]:
    print(
        f"\nReaction enthalpies at 298.15 K (kJ/mol), GFN2-xTB\n{'reaction':28} {'exp':>8} {'xtb':>8} {'err':>8} sign"
    )
    errors, signs = [], []
    for reaction in REACTIONS:
        exp = experimental_dh(reaction)
        out = invoke("reaction_energy", reaction=reaction, temperature_k=298.15)
        calc = out["delta_h_kj_mol"]
        errors.append(calc - exp)
        signs.append((calc < 0) == (exp < 0))
        print(f"{reaction:28} {exp:8.1f} {calc:8.1f} {calc - exp:+8.1f} {'ok' if signs[-1] else 'WRONG'}")
    mae = statistics.fmean(abs(e) for e in errors)
    print(
        f"MAE {mae:.1f} kJ/mol, max |err| {max(abs(e) for e in errors):.1f}, sign right {sum(signs)}/{len(signs)}"
    )
    return {"reaction_enthalpy_kj_mol": mae, "reaction_sign_accuracy": sum(signs) / len(signs)}


def frequency_and_entropy_tables() -> dict[str, float]:
    print(
        f"\nHarmonic frequencies vs experimental fundamentals (cm^-1), GFN2-xTB\n{'molecule':9} {'xtb':>40}   {'exp':>40}"
    )
    abs_err, rel_err = [], []
    for name, exp in FUNDAMENTALS_CM1.items():
        calc = invoke("thermochemistry", structure={"molecule": name})["frequencies_cm1"]
        if len(calc) != len(exp):
            raise RuntimeError(f"{name}: {len(calc)} modes computed, {len(exp)} expected")
        for c, e in zip(sorted(calc), sorted(exp), strict=True):
            abs_err.append(abs(c - e))
            rel_err.append(abs(c - e) / e)
        print(
            f"{name:9} {' '.join(f'{f:.0f}' for f in sorted(calc)):>40}   {' '.join(map(str, sorted(exp))):>40}"
        )
    mae, mre = statistics.fmean(abs_err), 100 * statistics.fmean(rel_err)
    print(f"MAE {mae:.0f} cm^-1 ({mre:.1f} %) over {len(abs_err)} modes; max {max(abs_err):.0f} cm^-1")
    print(
        f"\nStandard entropies S(298.15 K, 1 bar), J/(mol K)\n{'molecule':9} {'exp':>8} {'xtb':>8} {'err':>7}"
    )
    s_err = []
    for name, exp_s in ENTROPY_J_MOL_K.items():
        s = invoke("thermochemistry", structure={"molecule": name})["entropy_ev_per_k"] * J_MOL_K_PER_EV_K
        s_err.append(s - exp_s)
        print(f"{name:9} {exp_s:8.2f} {s:8.2f} {s - exp_s:+7.2f}")
    s_mae = statistics.fmean(abs(e) for e in s_err)
    print(f"MAE {s_mae:.2f} J/(mol K)")
    return {"frequency_cm1": mae, "frequency_relative_percent": mre, "entropy_j_mol_k": s_mae}


def electronic_table() -> dict[str, float]:
    print(
        f"\nDipole moments (D) and HOMO-LUMO gaps (eV), GFN2-xTB\n{'molecule':9} {'exp':>7} {'xtb':>7} {'err':>7} {'gap':>7}"
    )
    errors = []
    for name, exp in DIPOLE_D.items():
        out = invoke("electronic_properties", structure={"molecule": name}, include_ir=False)
        errors.append(out["dipole_debye"] - exp)
        print(
            f"{name:9} {exp:7.3f} {out['dipole_debye']:7.3f} {errors[-1]:+7.3f} {out['homo_lumo_gap_ev']:7.2f}"
        )
    mae = statistics.fmean(abs(e) for e in errors)
    rel = 100 * statistics.fmean(abs(e) / exp for e, exp in zip(errors, DIPOLE_D.values(), strict=True))
    print(f"MAE {mae:.3f} D ({rel:.0f} %); gaps have no experimental reference (orbital energies)")
    return {"dipole_debye": mae}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--home", help="HYPOLOOP_HOME to use (default: a fresh temporary one, no cache reuse)"
    )
    ns = parser.parse_args(argv)
    os.environ["HYPOLOOP_HOME"] = ns.home or tempfile.mkdtemp(prefix="hypoloop-bench-")
    sys.path.insert(0, str(ROOT))
    start = time.perf_counter()
    summary = {**reaction_table(), **frequency_and_entropy_tables(), **electronic_table()}
    print("\nSummary (GFN2-xTB), for tools/accuracy_molecules.py:")
    for key, value in summary.items():
        print(f"  {key:28} {value:.3f}")
    print(f"wall {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
