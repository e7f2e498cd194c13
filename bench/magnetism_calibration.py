"""CHGNet's 0 K moments of elemental metals against their known magnetic order, and what the
planner's magnetism rule decides from them (agent/judges/magnetism_sources.py).

For each metal of bench/crystal_references.MAGNETIC_ORDER (ferromagnets, an antiferromagnet and
metals with no magnetic order) it runs ``magnetic_moments`` (relaxed prototype, fresh workspace
unless --home) and prints the moment, the reference and the signed error; then
- the moment errors per class: ferromagnets (the calibration tools/accuracy.py records) and the
  false moments of metals with no order (not recorded there yet);
- a leave-one-out check: for each ferromagnet, whether its error lies inside the band the *other*
  ferromagnets give (their range of relative errors; their mean absolute error);
- the planner's verdicts on "X is magnetic / ferromagnetic / non-magnetic" from each real tool
  output alone (no data, no literature), against the truth, and the number wrong at >= 0.7.

    .venv/bin/python bench/magnetism_calibration.py [--home DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

import crystal_references as ref  # noqa: E402

STATES = ("magnetic", "ferromagnetic", "non-magnetic")
NAMES = {"Fe": "Iron", "Co": "Cobalt", "Ni": "Nickel", "Gd": "Gadolinium", "Cr": "Chromium", "Cu": "Copper",
         "Ag": "Silver", "Au": "Gold", "Al": "Aluminium", "Pt": "Platinum", "Pd": "Palladium", "Pb": "Lead",
         "W": "Tungsten", "Mo": "Molybdenum", "V": "Vanadium", "Nb": "Niobium", "Ta": "Tantalum", "Zn": "Zinc",
         "Ti": "Titanium", "Mg": "Magnesium"}  # fmt: skip


def moments(calc: str) -> dict[str, dict[str, Any]]:
    from tools import get_tool

    out: dict[str, dict[str, Any]] = {}
    print(f"{'metal':6} {'order':18} {'reference':>9} {calc + ' 0 K':>10} {'error':>8}  µB/atom")
    for el, (proto, order, _, moment) in ref.MAGNETIC_ORDER.items():
        res = get_tool("magnetic_moments").invoke(
            {"structure": {"formula": el, "prototype": proto}, "calculator": calc}
        )
        if "error" in res:
            print(f"{el:6} refused: {res['error']['message']}")
            continue
        out[el] = res
        m = res["moment_per_atom_mu_b"]
        err = f"{m - moment:+8.3f}" if moment is not None else "       -"
        shown = f"{moment:9.3f}" if moment is not None else "        -"
        print(f"{proto + ' ' + el:6} {order:18} {shown} {m:10.4f} {err}")
    return out


def leave_one_out(got: dict[str, dict[str, Any]]) -> None:
    fm = {el: (got[el]["moment_per_atom_mu_b"], r[3]) for el, r in ref.MAGNETIC_ORDER.items()
          if r[1] == "ferromagnetic" and el in got and r[3]}  # fmt: skip
    none = [got[el]["moment_per_atom_mu_b"] for el, r in ref.MAGNETIC_ORDER.items() if r[1] == "none" and el in got]
    abs_err = {el: c - e for el, (c, e) in fm.items()}
    print(f"\nferromagnets (n={len(fm)}): MAE {statistics.fmean(abs(v) for v in abs_err.values()):.3f} µB; "
          f"worst underestimate {min(abs_err.values()):+.3f} µB")  # fmt: skip
    if none:
        print(f"no order (n={len(none)}): largest false moment {max(none):.4f} µB, mean {statistics.fmean(none):.4f}")
    inside_rel = inside_abs = 0
    print("leave-one-out (band from the other ferromagnets):")
    for el, (c, e) in fm.items():
        rel = {k: c2 / e2 - 1 for k, (c2, e2) in fm.items() if k != el}
        mae = statistics.fmean(abs(abs_err[k]) for k in fm if k != el)
        own_rel = c / e - 1
        in_rel = min(rel.values()) <= own_rel <= max(rel.values())
        in_abs = abs(abs_err[el]) <= mae
        inside_rel += in_rel
        inside_abs += in_abs
        print(f"  {el:3} relative error {100 * own_rel:+6.1f} % in [{100 * min(rel.values()):+.1f}, "
              f"{100 * max(rel.values()):+.1f}] %: {in_rel!s:5}  |error| {abs(abs_err[el]):.3f} <= MAE {mae:.3f} µB: {in_abs}")  # fmt: skip
    n = len(fm)
    print(f"  coverage: relative band {inside_rel}/{n}, absolute band {inside_abs}/{n}")


def verdicts(got: dict[str, dict[str, Any]]) -> None:
    from agent.planner import judge, parse_claim

    none = {"error": {"type": "CollectionNotFound", "message": "no collection"}}
    empty = {"d1": none, "d2": none, "l1": {"error": {"type": "IndexNotFound", "message": "no index"}}}
    wrong = decided = total = 0
    print("\nthe planner's verdict from the moment alone (truth from the reference order):")
    for el, res in got.items():
        order = ref.MAGNETIC_ORDER[el][1]
        cells = []
        for state in STATES:
            truth = {"magnetic": order != "none", "ferromagnetic": order == "ferromagnetic",
                     "non-magnetic": order == "none"}[state]  # fmt: skip
            spec = parse_claim(f"{NAMES[el]} is {state}.")
            if spec is None or spec.kind != "magnetism":
                cells.append(f"{state}: unread")
                continue
            j = judge(spec, {**empty, "c1": res})
            total += 1
            if j.verdict != "inconclusive":
                decided += 1
                bad = (j.verdict == "supported") != truth
                wrong += bad and j.confidence >= 0.7
                cells.append(f"{state}: {j.verdict} {j.confidence:.2f}{' WRONG' if bad else ''}")
            else:
                cells.append(f"{state}: inconclusive")
        print(f"  {el:3} " + "; ".join(cells))
    print(f"decided {decided}/{total}; wrong at confidence >= 0.7: {wrong}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calculator", default="chgnet")
    ap.add_argument("--home", help="HYPOLOOP_HOME to use (default: a fresh temporary one)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HYPOLOOP_HOME"] = args.home or tmp
        got = moments(args.calculator)
        leave_one_out(got)
        verdicts(got)


if __name__ == "__main__":
    main()
