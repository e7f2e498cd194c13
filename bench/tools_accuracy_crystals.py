"""Accuracy of the crystal property tools against experiment (issue #12), per calculator.

Elastic constants C11, C12, C44 of cubic metals, monovacancy formation energies, close-packed
surface energies, cohesive energies and ferromagnetic moments, each from its tool through
`get_tool(...).invoke(...)` in a fresh temporary workspace (no cache reuse) unless --home is given.
References and their sources are in bench/crystal_references.py. Prints one row per material,
then the error table (MAPE and MAE per calculator and property) that tools/accuracy.py records; the
per-material computed values go into bench/calibration/computed.json (then bench/fit_calibration.py).

The same properties side by side with the equation of state, for every calculator in one run:
bench/tools_accuracy_side_by_side.py.

    .venv/bin/python bench/tools_accuracy_crystals.py [--calculators emt,chgnet,sevennet] [--properties elastic,vacancy,...]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

import crystal_references as ref  # noqa: E402

PROPERTIES = ("elastic", "vacancy", "surface", "cohesive", "magnetic")
# (calculator, property) -> list of (material, experiment, calculated)
Errors = dict[tuple[str, str], list[tuple[str, float, float]]]


def invoke(name: str, **args: Any) -> dict[str, Any]:
    from tools import get_tool

    return get_tool(name).invoke(args)


def supported(calc: str, element: str) -> bool:
    from tools.calculators import supported_calculators

    return calc in supported_calculators([element], periodic=True)


def row(
    errors: Errors, calc: str, prop: str, material: str, exp: float, out: float, unit: str, t: float
) -> None:
    errors.setdefault((calc, prop), []).append((material, exp, out))
    pct = 100 * (out - exp) / exp
    print(
        f"  {material:4} {calc:7} {prop:13} exp {exp:8.3f} calc {out:8.3f} {unit:6} err {pct:+7.1f} %  {t:5.1f} s"
    )


MAX_STRAIN = {"value": 0.01}  # elastic_constants' default; --max-strain changes it


def elastic(calc: str, errors: Errors) -> None:
    for el, (proto, c11, c12, c44) in ref.ELASTIC_GPA.items():
        if supported(calc, el):
            t = time.perf_counter()
            out = invoke(
                "elastic_constants",
                structure={"formula": el, "prototype": proto},
                calculator=calc,
                max_strain=MAX_STRAIN["value"],
            )
            if "error" in out:
                print(f"  {el:4} {calc:7} elastic       error: {out['error']['message']}")
                continue
            t = time.perf_counter() - t
            if out["warnings"]:
                print(f"      {el} warnings: {'; '.join(out['warnings'])}")
            for name, exp in (("c11", c11), ("c12", c12), ("c44", c44)):
                row(errors, calc, name, el, exp, out[f"{name}_gpa"], "GPa", t)


def vacancy(calc: str, errors: Errors) -> None:
    for el, (proto, exp) in ref.VACANCY_EV.items():
        if supported(calc, el):
            t = time.perf_counter()
            args = {"structure": {"formula": el, "prototype": proto}, "calculator": calc}
            out = invoke(
                "vacancy_formation_energy", supercell_atoms=[32, 64] if proto == "fcc" else [16, 54], **args
            )
            note = "" if out.get("converged") else "  (NOT CONVERGED)"
            row(errors, calc, "vacancy", el, exp, out["energy_ev"], "eV", time.perf_counter() - t)
            if note:
                print(f"      series {[(p['n_atoms'], p['energy_ev']) for p in out['series']]}{note}")


def surface(calc: str, errors: Errors) -> None:
    for el, (proto, miller, exp) in ref.SURFACE_J_M2.items():
        if supported(calc, el):
            t = time.perf_counter()
            out = invoke(
                "surface_energy",
                structure={"formula": el, "prototype": proto},
                calculator=calc,
                miller=list(miller),
                planes=[4, 6],
                vacuum_a=[10.0, 14.0],
            )
            row(errors, calc, "surface", el, exp, out["gamma_j_m2"], "J/m2", time.perf_counter() - t)
            if not out["converged"]:
                print(f"      NOT CONVERGED: {out['warnings']}")


def cohesive(calc: str, errors: Errors) -> None:
    for el, (proto, exp) in ref.COHESIVE_EV.items():
        if supported(calc, el):
            t = time.perf_counter()
            out = invoke("cohesive_energy", structure={"formula": el, "prototype": proto}, calculator=calc)
            if "error" in out:
                print(f"  {calc:7} cohesive: refused ({out['error']['message'][:110]}...)")
                return
            row(
                errors,
                calc,
                "cohesive",
                el,
                exp,
                out["cohesive_energy_ev_per_atom"],
                "eV",
                time.perf_counter() - t,
            )


def magnetic(calc: str, errors: Errors) -> None:
    for el, (proto, exp) in ref.MAGNETIC_MU_B.items():
        if supported(calc, el):
            t = time.perf_counter()
            out = invoke("magnetic_moments", structure={"formula": el, "prototype": proto}, calculator=calc)
            if "error" in out:
                print(f"  {calc:7} magnetic: refused ({out['error']['message']})")
                return
            row(
                errors,
                calc,
                "magnetic",
                el,
                exp,
                out["moment_per_atom_mu_b"],
                "mu_B",
                time.perf_counter() - t,
            )


RUNNERS: dict[str, Callable[[str, Errors], None]] = {
    "elastic": elastic,
    "vacancy": vacancy,
    "surface": surface,
    "cohesive": cohesive,
    "magnetic": magnetic,
}


def summary(errors: Errors) -> None:
    print(f"\n{'calculator':10} {'property':10} {'n':>3} {'MAPE %':>8} {'MAE':>9} {'mean signed %':>14}")
    for (calc, prop), rows in sorted(errors.items()):
        pct = [100 * (c - e) / e for _, e, c in rows]
        mae = sum(abs(c - e) for _, e, c in rows) / len(rows)
        mape = sum(abs(p) for p in pct) / len(pct)
        print(f"{calc:10} {prop:10} {len(rows):3d} {mape:8.1f} {mae:9.3f} {sum(pct) / len(pct):+14.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calculators", default="emt,chgnet,sevennet", help="comma-separated calculators")
    parser.add_argument(
        "--properties", default=",".join(PROPERTIES), help="comma-separated: " + ", ".join(PROPERTIES)
    )
    parser.add_argument("--max-strain", type=float, default=0.01, help="largest strain for elastic_constants")
    parser.add_argument("--home", default=None, help="hypoloop home to use (default: fresh temporary one)")
    ns = parser.parse_args(argv)
    os.environ["HYPOLOOP_HOME"] = ns.home or tempfile.mkdtemp(prefix="hypoloop-bench-")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    print(f"$ {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"workspace {os.environ['HYPOLOOP_HOME']}; references: bench/crystal_references.py")
    MAX_STRAIN["value"] = ns.max_strain
    errors: Errors = {}
    start = time.perf_counter()
    for prop in ns.properties.split(","):
        print(f"\n{prop}")
        for calc in ns.calculators.split(","):
            RUNNERS[prop](calc, errors)
    summary(errors)
    print(f"\ntotal {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
