"""Re-measure the equation-of-state part of the calibration set (lattice constant, bulk modulus) with
one calculator, compare with bench/calibration/computed.json, and with --write replace those blocks
(with this command and today's date). The other properties are re-measured by their own bench
commands (named in each block of computed.json); then run bench/fit_calibration.py.

    PYTHONPATH=. .venv/bin/python bench/calibration_measure.py --calculator emt [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import calibration_set as cs  # noqa: E402

EOS = {"lattice_constant": "lattice_a_angstrom", "bulk_modulus": "bulk_modulus_gpa"}


def measure(calculator: str) -> dict[str, dict[str, dict[str, Any]]]:
    """quantity -> material -> {prototype, computed} for the EOS quantities of the set."""
    from tools import get_tool
    from tools.calculators import supported_calculators

    refs = cs.references()
    out: dict[str, dict[str, dict[str, Any]]] = {q: {} for q in EOS}
    for material, (proto, _) in refs["lattice_constant"].items():
        from ase.formula import Formula

        if calculator not in supported_calculators(list(Formula(material).count()), periodic=True):
            continue
        args = {"structure": {"formula": material, "prototype": proto}, "calculator": calculator}
        res = get_tool("equation_of_state").invoke(args)
        if "error" in res:
            print(f"  {material}: {res['error']['message']}")
            continue
        for q, key in EOS.items():
            out[q][material] = {"prototype": proto, "computed": float(f"{res[key]:.5g}")}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--calculator", default="emt")
    ap.add_argument("--write", action="store_true", help="replace the blocks in computed.json")
    a = ap.parse_args()
    command = f"PYTHONPATH=. python bench/calibration_measure.py --calculator {a.calculator}"
    print(f"$ {command}{' --write' if a.write else ''}")
    os.environ.setdefault("HYPOLOOP_HOME", tempfile.mkdtemp(prefix="calib-"))
    fresh = measure(a.calculator)
    doc = json.loads(cs.COMPUTED.read_text())
    for run in doc["runs"]:
        if run["calculator"] != a.calculator or run["quantity"] not in fresh:
            continue
        for m, got in fresh[run["quantity"]].items():
            old = run["values"].get(m, {}).get("computed")
            print(f"  {run['quantity']:17} {m:5} stored {old} measured {got['computed']}")
        if a.write:
            run.update(values=fresh[run["quantity"]], command=command, date=dt.date.today().isoformat())
    if a.write:
        cs.COMPUTED.write_text(cs.dump(doc))


if __name__ == "__main__":
    main()
