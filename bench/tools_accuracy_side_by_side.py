"""Side by side: each crystal calculator's error against the cited references, same materials, one run (issue #25).

Lattice constants and bulk moduli (``equation_of_state``) of ../shared/bench/reference-properties.csv,
then C11/C12/C44, monovacancy and close-packed surface energies of bench/crystal_references.py (the
runners of bench/tools_accuracy_crystals.py, same settings). Every calculator that can treat a
material computes it (EMT only its metals). Prints one row per material, the error table per
calculator and property, and the same table restricted to the materials every calculator treated.
A calculator spec ``sevennet:<checkpoint>`` evaluates one SevenNet checkpoint (equation of state
only); that comparison chose the ``sevennet_model`` default. The solids are the eight of reference-properties.csv
and the 27 Sol27LC elements of bench/references/sol27lc_elements.csv (Kittel's values).
``--write-calibration sevennet`` stores that calculator's values in bench/calibration/computed.json.

    PYTHONPATH=. python bench/tools_accuracy_side_by_side.py [--calculators emt,chgnet,sevennet]
        [--properties eos,elastic,vacancy,surface] [--write-calibration sevennet]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import calibration_set as cs  # noqa: E402
import tools_accuracy_crystals as crystals  # noqa: E402
from tools_accuracy_crystals import Errors, row  # noqa: E402

PROPERTIES = ("eos", "elastic", "vacancy", "surface")
# bench property -> (calibration quantity, unit as computed.json names it)
CALIBRATION = {
    "lattice_a": ("lattice_constant", "angstrom"), "bulk_mod": ("bulk_modulus", "GPa"),
    "c11": ("c11", "GPa"), "c12": ("c12", "GPa"), "c44": ("c44", "GPa"),
    "vacancy": ("vacancy_formation_energy", "eV"), "surface": ("surface_energy", "J/m^2"),
}  # fmt: skip


def bound_invoke(spec: str, tool: str, args: dict[str, Any]) -> dict[str, Any]:
    """Call a tool with ``calc`` or ``sevennet:<checkpoint>`` (settings bound to that checkpoint)."""
    from tools import get_tool
    from tools.settings import SimulationSettings, ToolSettings, default_home

    calc, _, model = spec.partition(":")
    sim = SimulationSettings(sevennet_model=model) if model else SimulationSettings()  # type: ignore[arg-type]
    return get_tool(tool, ToolSettings.at_home(default_home(), sim)).invoke({**args, "calculator": calc})


def eos(spec: str, errors: Errors, rows: list[dict[str, str]]) -> None:
    from ase.formula import Formula

    from tools.calculators import supported_calculators

    for r in rows:
        if spec.partition(":")[0] not in supported_calculators(list(Formula(r["material"]).count()), True):
            continue
        t = time.perf_counter()
        out = bound_invoke(
            spec, "equation_of_state", {"structure": {"formula": r["material"], "prototype": r["prototype"]}}
        )
        if "error" in out:
            print(f"  {r['material']:4} {spec:7} eos error: {out['error']['message']}")
            continue
        t = time.perf_counter() - t
        row(
            errors,
            spec,
            "lattice_a",
            r["material"],
            float(r["lattice_a_angstrom"]),
            out["lattice_a_angstrom"],
            "A",
            t,
        )
        if r["bulk_modulus_gpa"]:
            row(
                errors,
                spec,
                "bulk_mod",
                r["material"],
                float(r["bulk_modulus_gpa"]),
                out["bulk_modulus_gpa"],
                "GPa",
                t,
            )


def _stats(rows: list[tuple[str, float, float]]) -> tuple[float, float, float]:
    pct = [100 * (c - e) / e for _, e, c in rows]
    return sum(map(abs, pct)) / len(pct), sum(abs(c - e) for _, e, c in rows) / len(rows), sum(pct) / len(pct)


def summary(errors: Errors, calcs: list[str]) -> None:
    props = sorted({p for _, p in errors}, key=list(CALIBRATION).index)
    print(
        f"\nall materials each calculator treats\n{'property':10} {'calculator':18} {'n':>3} {'MAPE %':>8} {'MAE':>9} {'signed %':>9}"
    )
    for prop in props:
        for calc in calcs:
            if rows := errors.get((calc, prop)):
                mape, mae, signed = _stats(rows)
                print(f"{prop:10} {calc:18} {len(rows):3d} {mape:8.2f} {mae:9.3f} {signed:+9.2f}")
    print(
        f"\nsame materials (those every calculator above treated)\n{'property':10} {'calculator':18} {'n':>3} {'MAPE %':>8} {'MAE':>9} {'signed %':>9}  materials"
    )
    for prop in props:
        have = [errors.get((c, prop), []) for c in calcs]
        common = set.intersection(*({m for m, _, _ in rows} for rows in have))
        for calc, rows in zip(calcs, have, strict=True):
            if picked := [r for r in rows if r[0] in common]:
                mape, mae, signed = _stats(picked)
                print(
                    f"{prop:10} {calc:18} {len(picked):3d} {mape:8.2f} {mae:9.3f} {signed:+9.2f}  {','.join(sorted(common))}"
                )


def write_calibration(errors: Errors, calc: str, command: str) -> None:
    """Replace (or add) ``calc``'s blocks in computed.json with this run's values."""
    doc = json.loads(cs.COMPUTED.read_text())
    refs = cs.references()
    for prop, (quantity, unit) in CALIBRATION.items():
        rows = errors.get((calc, prop))
        if not rows:
            continue
        values = {m: {"prototype": refs[quantity][m][0], "computed": float(f"{c:.5g}")} for m, _, c in rows}
        block = {"calculator": calc, "quantity": quantity, "unit": unit, "date": dt.date.today().isoformat(),
                 "command": command, "values": values}  # fmt: skip
        doc["runs"] = [r for r in doc["runs"] if (r["calculator"], r["quantity"]) != (calc, quantity)] + [
            block
        ]
    cs.COMPUTED.write_text(cs.dump(doc))
    print(f"\nwrote {calc}'s blocks to {cs.COMPUTED}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--csv", default=str(cs.REFERENCE_CSV), help="reference-properties.csv")
    parser.add_argument(
        "--calculators", default="emt,chgnet,sevennet", help="comma-separated; sevennet:<checkpoint> too"
    )
    parser.add_argument(
        "--properties", default=",".join(PROPERTIES), help="comma-separated: " + ", ".join(PROPERTIES)
    )
    parser.add_argument(
        "--write-calibration", default="", help="comma-separated calculators to store in computed.json"
    )
    parser.add_argument("--home", default=None, help="hypoloop home to use (default: fresh temporary one)")
    ns = parser.parse_args(argv)
    os.environ["HYPOLOOP_HOME"] = ns.home or tempfile.mkdtemp(prefix="hypoloop-bench-")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    command = " ".join(["python", "bench/tools_accuracy_side_by_side.py", *sys.argv[1:]])
    print(
        f"$ PYTHONPATH=. {command}\nworkspace {os.environ['HYPOLOOP_HOME']}; references: {ns.csv}, bench/crystal_references.py"
    )
    # The Sol27LC elements and the shared table (whose values win for a material in both).
    merged = {**cs.eos_rows(cs.SOL27LC_CSV), **cs.eos_rows(Path(ns.csv))}
    rows = [
        {
            "material": m,
            "prototype": p,
            "lattice_a_angstrom": str(a),
            "bulk_modulus_gpa": "" if b is None else str(b),
        }
        for m, (p, a, b) in merged.items()
    ]
    calcs, errors = ns.calculators.split(","), Errors()
    start = time.perf_counter()
    for prop in ns.properties.split(","):
        print(f"\n{prop}")
        for calc in calcs:
            if prop == "eos":
                eos(calc, errors, rows)
            elif ":" not in calc:
                crystals.RUNNERS[prop](calc, errors)
    summary(errors, calcs)
    for calc in filter(None, ns.write_calibration.split(",")):
        write_calibration(errors, calc, command)
    print(f"\ntotal {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
