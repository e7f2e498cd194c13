"""Side by side: each crystal calculator's error against the cited references, same materials, one run (issue #25).

Lattice constants and bulk moduli (``equation_of_state``) of two sets: the 20 reference solids (the
8 of ../shared/bench/reference-properties.csv, room-temperature handbook values, plus the 12
held-out solids of bench/data/held_out_solids.csv) and the 27 Sol27LC elements
(bench/data/sol27lc.csv); both bench/data files hold zero-point-corrected 0 K values, cited in
bench/data/README.md. Then C11/C12/C44, monovacancy and close-packed surface energies of
bench/crystal_references.py (the runners of bench/tools_accuracy_crystals.py, same settings) and
linear thermal expansion at 300 K (bench/tools_accuracy_thermal.py, CRC Handbook). Every
calculator that can treat a material computes it (EMT only its metals). Prints one row per
material, the error table per calculator and property, and the same table restricted to the
materials every calculator treated. A calculator spec ``sevennet:<checkpoint>`` evaluates one
SevenNet checkpoint (equation of state only); that comparison chose the ``sevennet_model``
default. ``--write-calibration sevennet`` stores that calculator's values of the calibration set
(reference-properties.csv and crystal_references.py) in bench/calibration/computed.json. The
calibration set's own Sol27LC rows use the measured values of bench/data/sol27lc_measured.csv (Kittel), on the
same footing as reference-properties.csv, since the claims it calibrates are about measured values;
this bench compares with the zero-point-corrected ones, as the literature on these sets does.

    PYTHONPATH=. python bench/tools_accuracy_side_by_side.py [--calculators emt,chgnet,sevennet]
        [--properties eos,elastic,vacancy,surface,thermal] [--sets reference20,sol27lc]
        [--thermal-calculators sevennet] [--write-calibration sevennet]
"""

from __future__ import annotations

import argparse
import csv
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
import tools_accuracy_thermal as thermal  # noqa: E402
from tools_accuracy_crystals import Errors, row  # noqa: E402

PROPERTIES = ("eos", "elastic", "vacancy", "surface", "thermal")
DATA = HERE / "data"
# set -> its reference files; the 20 reference solids are the team's 8 and 12 held out.
SETS = {"reference20": (cs.REFERENCE_CSV, DATA / "held_out_solids.csv"), "sol27lc": (DATA / "sol27lc.csv",)}
# bench property -> (calibration quantity, unit as computed.json names it)
CALIBRATION = {
    "lattice_a": ("lattice_constant", "angstrom"), "bulk_mod": ("bulk_modulus", "GPa"),
    "c11": ("c11", "GPa"), "c12": ("c12", "GPa"), "c44": ("c44", "GPa"),
    "vacancy": ("vacancy_formation_energy", "eV"), "surface": ("surface_energy", "J/m^2"),
    "thermal": ("thermal_expansion", "ppm/K"),
}  # fmt: skip


def bound_invoke(spec: str, tool: str, args: dict[str, Any]) -> dict[str, Any]:
    """Call a tool with ``calc`` or ``sevennet:<checkpoint>`` (settings bound to that checkpoint)."""
    from tools import get_tool
    from tools.settings import SimulationSettings, ToolSettings, default_home

    calc, _, model = spec.partition(":")
    sim = SimulationSettings(sevennet_model=model) if model else SimulationSettings()  # type: ignore[arg-type]
    return get_tool(tool, ToolSettings.at_home(default_home(), sim)).invoke({**args, "calculator": calc})


def read_set(name: str) -> list[dict[str, str]]:
    rows = []
    for path in SETS[name]:
        with open(path, newline="") as f:
            rows += list(csv.DictReader(f))
    return rows


def eos(spec: str, errors: Errors, rows: list[dict[str, str]], suffix: str = "") -> None:
    """Lattice constant and bulk modulus of every row; properties named with ``suffix`` (the set)."""
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
        m = r["material"]
        row(
            errors,
            spec,
            "lattice_a" + suffix,
            m,
            float(r["lattice_a_angstrom"]),
            out["lattice_a_angstrom"],
            "A",
            t,
        )
        row(
            errors,
            spec,
            "bulk_mod" + suffix,
            m,
            float(r["bulk_modulus_gpa"]),
            out["bulk_modulus_gpa"],
            "GPa",
            t,
        )


def thermal_expansion(calc: str, errors: Errors) -> None:
    """alpha at 300 K of bench/tools_accuracy_thermal.py's elements (its rows print as they run)."""
    for material, (exp, computed) in thermal.bench(calc, list(thermal.ALPHA_PPM_298K)).items():
        errors.setdefault((calc, "thermal"), []).append((material, exp, computed))


def _stats(rows: list[tuple[str, float, float]]) -> tuple[float, float, float]:
    pct = [100 * (c - e) / e for _, e, c in rows]
    return sum(map(abs, pct)) / len(pct), sum(abs(c - e) for _, e, c in rows) / len(rows), sum(pct) / len(pct)


def _order(prop: str) -> tuple[str, int]:
    """Sets apart (the 20 reference solids first), then the properties in CALIBRATION's order."""
    base, _, name = prop.partition("@")
    return name, list(CALIBRATION).index(base)


def summary(errors: Errors, calcs: list[str]) -> None:
    props = sorted({p for _, p in errors}, key=_order)
    print(
        f"\nall materials each calculator treats\n{'property':18} {'calculator':18} {'n':>3} {'MAPE %':>8} {'MAE':>9} {'signed %':>9}"
    )
    for prop in props:
        for calc in calcs:
            if rows := errors.get((calc, prop)):
                mape, mae, signed = _stats(rows)
                print(f"{prop:18} {calc:18} {len(rows):3d} {mape:8.2f} {mae:9.3f} {signed:+9.2f}")
    print(
        f"\nsame materials (those every calculator above treated)\n{'property':18} {'calculator':18} {'n':>3} {'MAPE %':>8} {'MAE':>9} {'signed %':>9}  materials"
    )
    for prop in props:
        have = [errors.get((c, prop), []) for c in calcs]
        common = set.intersection(*({m for m, _, _ in rows} for rows in have))
        for calc, rows in zip(calcs, have, strict=True):
            if picked := [r for r in rows if r[0] in common]:
                mape, mae, signed = _stats(picked)
                print(
                    f"{prop:18} {calc:18} {len(picked):3d} {mape:8.2f} {mae:9.3f} {signed:+9.2f}  {','.join(sorted(common))}"
                )


def write_calibration(errors: Errors, calc: str, command: str) -> None:
    """Replace (or add) ``calc``'s blocks in computed.json with this run's values."""
    doc = json.loads(cs.COMPUTED.read_text())
    refs = cs.references()
    for prop, (quantity, unit) in CALIBRATION.items():
        rows = [
            r for r in errors.get((calc, prop), []) if r[0] in refs[quantity]
        ]  # the calibration set's only
        if not rows:
            continue
        # Only the calibration set's materials (the held-out solids stay out of it).
        values = {
            m: {"prototype": refs[quantity][m][0], "computed": float(f"{c:.5g}")}
            for m, _, c in rows
            if m in refs.get(quantity, {})
        }
        block = {"calculator": calc, "quantity": quantity, "unit": unit, "date": dt.date.today().isoformat(),
                 "command": command, "values": values}  # fmt: skip
        doc["runs"] = [r for r in doc["runs"] if (r["calculator"], r["quantity"]) != (calc, quantity)] + [
            block
        ]
    cs.COMPUTED.write_text(cs.dump(doc))
    print(f"\nwrote {calc}'s blocks to {cs.COMPUTED}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--thermal-calculators",
        default="",
        help="calculators of the thermal property (default: --calculators)",
    )
    parser.add_argument("--sets", default=",".join(SETS), help="equation-of-state sets: " + ", ".join(SETS))
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
        f"$ PYTHONPATH=. {command}\nworkspace {os.environ['HYPOLOOP_HOME']}; load average {os.getloadavg()[0]:.2f}; "
        f"references: {', '.join(str(p) for paths in SETS.values() for p in paths)}, bench/crystal_references.py, "
        "bench/tools_accuracy_thermal.py"
    )
    calcs, errors = ns.calculators.split(","), Errors()
    start = time.perf_counter()
    for prop in ns.properties.split(","):
        print(f"\n{prop}")
        for calc in calcs:
            if prop == "eos":
                for name in ns.sets.split(","):
                    eos(calc, errors, read_set(name), "" if name == "reference20" else f"@{name}")
            elif prop == "thermal":
                if ":" not in calc and calc in (ns.thermal_calculators or ns.calculators).split(","):
                    thermal_expansion(calc, errors)
            elif ":" not in calc:
                crystals.RUNNERS[prop](calc, errors)
    summary(errors, calcs)
    for calc in filter(None, ns.write_calibration.split(",")):
        write_calibration(errors, calc, command)
    print(f"\ntotal {time.perf_counter() - start:.0f} s; load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
