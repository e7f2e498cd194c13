"""Accuracy of the molecular tools against experiment, side by side per calculator (issues #12, #25).

Per calculator column (GFN2-xTB; pyscf DFT at its default level; pyscf at its screening level):
gas-phase reaction enthalpies at 298.15 K (`reaction_energy`) against enthalpies of formation;
harmonic frequencies (`thermochemistry`), raw and scaled by the level's literature factor, against
experimental fundamentals; standard entropies (`thermochemistry`, ideal gas) against NIST-JANAF;
dipole moments (`electronic_properties`) against the CRC Handbook; HOMO-LUMO gaps (no reference);
bond lengths and angles (`molecule_geometry`) against experimental equilibrium structures, with the
error bands the geometry judges use (bench/molecule_geometry.py, --write-geometry-calibration);
Delta G of N2 + 3 H2 -> 2 NH3 at 400 K against NIST-JANAF; and the wall time per molecule of
optimisation plus frequencies, wall and CPU seconds (the first, uncached thermochemistry call; also
for ethanol and acetone, the issue's molecules of 9 and 10 atoms). The mean absolute errors go into
tools/accuracy_molecules.py, which the planner reads. References stay in this file.

Everything runs through `get_tool(...).bound(settings).invoke(...)` in a fresh temporary workspace
unless --home (a second run with the same --home reuses the cache: pass a fresh one for timings).

    PYTHONPATH=. .venv/bin/python bench/tools_accuracy_molecules.py [--calculators xtb,pyscf,pyscf:screening] [--home DIR]

--cost-only prints the cost table alone. With --baseline SRC (another source tree, e.g. an export
of main: `git archive main | tar -x -C /tmp/main-src`) each molecule of the cost table runs once
with SRC and once with this tree, alternating which goes first, each in a fresh process and home:
on a shared machine only a ratio measured this way means anything. CPU seconds are the process's
own, summed over its threads (each tree's pyscf thread count is printed); every row also prints
the 1-minute load average before it ran, since other work on the machine inflates wall time.

    PYTHONPATH=. .venv/bin/python bench/tools_accuracy_molecules.py --calculators pyscf --cost-only \
        --baseline /tmp/main-src [--molecules CH3CH2OH,CH3COCH3,H2O]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import molecule_geometry as mg  # noqa: E402

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
# H2CO 2.332, CH3OH 1.70, SO2 1.63305. (HCN, 2.985188, left out: the tools refuse it as a CWC
# Schedule 3 chemical, tools/hazards.py.)
DIPOLE_D = {
    "H2O": 1.8546, "NH3": 1.4718, "HF": 1.8262, "HCl": 1.1086, "CO": 0.1098,
    "H2CO": 2.332, "CH3OH": 1.70, "SO2": 1.6331,
}  # fmt: skip
# Delta_f G of NH3(g) at 400 K, 1 bar: -5.980 kJ/mol (NIST-JANAF Thermochemical Tables, Chase 1998,
# ammonia table); N2 and H2 are reference states (zero). Delta G of N2 + 3 H2 -> 2 NH3 = 2 x that.
HABER_DG_400K_KJ_MOL = 2 * -5.980
# Molecules timed beside the references: the cost goal is for up to 10 atoms.
COST_EXTRA = ["CH3CH2OH", "CH3COCH3"]
KJ_PER_EV = 96.485332
J_MOL_K_PER_EV_K = 96485.332
DEFAULT_COLUMNS = "xtb,pyscf,pyscf:screening"


@dataclass
class Column:
    """One calculator at one level: ``label`` names the column, ``settings`` the bound tools."""

    label: str
    calculator: str
    settings: Any
    frequency_scale: float
    walls: dict[str, float]
    spec: str = ""  # as given on the command line ("pyscf:default")


def columns(spec: str, home: Path) -> list[Column]:
    from tools.dft_levels import LEVELS
    from tools.settings import SimulationSettings, ToolSettings

    out = []
    for item in spec.split(","):
        name, _, level = item.strip().partition(":")
        level = level or "default"
        sim = SimulationSettings(dft_level=level) if name == "pyscf" else SimulationSettings()
        scale = LEVELS[level].frequency_scale if name == "pyscf" else 1.0
        label = f"{name}:{level}" if name == "pyscf" else name
        out.append(Column(label, name, ToolSettings.at_home(home, sim), scale, {}, item.strip()))
    return out


def invoke(col: Column, name: str, **args: Any) -> dict[str, Any]:
    from tools import get_tool

    out = get_tool(name).bound(col.settings).invoke({**args, "calculator": col.calculator})
    if "error" in out:
        raise RuntimeError(f"{col.label} {name}: {out['error']}")
    return out


def experimental_dh(reaction: str) -> float:
    from tools.reaction_parse import parse_equation

    eq = parse_equation(reaction)
    return sum(t.coefficient * DHF_KJ_MOL[t.species] for t in eq.products) - sum(
        t.coefficient * DHF_KJ_MOL[t.species] for t in eq.reactants
    )


def cost_molecules() -> list[str]:
    return list(dict.fromkeys([*DHF_KJ_MOL, *FUNDAMENTALS_CM1, *ENTROPY_J_MOL_K, *COST_EXTRA]))


def cost_table(cols: list[Column], names: list[str] | None = None) -> dict[str, dict[str, float]]:
    """Optimisation + frequencies per molecule: the uncached thermochemistry call, which the
    reaction, frequency and entropy tables then reuse from the cache."""
    from ase.build import molecule

    print(f"\nOptimisation + frequencies per molecule, wall / CPU (s)\n{'molecule':9} {'atoms':>5}", end="")
    print("".join(f" {c.label:>16}" for c in cols))
    for name in names or cost_molecules():
        row = ""
        for c in cols:
            cpu = time.process_time()
            out = invoke(c, "thermochemistry", structure={"molecule": name})
            cpu = time.process_time() - cpu
            c.walls[name] = out["wall_s"] if not out["cached"] else float("nan")
            row += f" {c.walls[name]:8.1f} / {cpu:5.1f}"
        print(f"{name:9} {len(molecule(name)):5d}{row}", flush=True)
    out = {}
    for c in cols:
        fresh = [w for w in c.walls.values() if w == w]  # NaN: a cached result, no timing
        if fresh:
            out[c.label] = {"wall_mean_s": statistics.fmean(fresh), "wall_max_s": max(fresh)}
    return out


# One thermochemistry call in a fresh process on the source tree argv[1]: prints wall and CPU s.
# The engines are imported before the clock starts, so both trees time the calculation alone; each
# tree first sets pyscf's threads its own way (its OpenMP runtime may depend on that, at import).
CHILD = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tools.dft_calculator import configure_threads
threads = configure_threads()
import pyscf.dft, pyscf.hessian, tblite.ase
from tools import get_tool
from tools.settings import SimulationSettings, ToolSettings
name, _, level = sys.argv[2].partition(":")
sim = SimulationSettings(dft_level=level or "default") if name == "pyscf" else SimulationSettings()
tool = get_tool("thermochemistry").bound(ToolSettings.at_home(Path(sys.argv[4]), sim))
wall, cpu = time.perf_counter(), time.process_time()
out = tool.invoke({"structure": {"molecule": sys.argv[3]}, "calculator": name})
cost = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "error": out.get("error")}
print(json.dumps(cost | {"steps": out.get("optimisation_steps"), "threads": threads}))
"""


def child_cost(src: Path, spec: str, name: str) -> dict[str, Any]:
    import json
    import subprocess

    with tempfile.TemporaryDirectory(prefix="hypoloop-cost-") as home:
        env = {**os.environ, "HYPOLOOP_HOME": home, "PYTHONPATH": str(src)}
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(src), spec, name, home], env=env, capture_output=True, text=True
        )
    if done.returncode:
        raise RuntimeError(f"{src} {spec} {name} failed:\n{done.stderr[-3000:]}")
    cost: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if cost["error"]:
        raise RuntimeError(f"{src} {spec} {name}: {cost['error']}")
    return cost


def baseline_table(cols: list[Column], names: list[str], baseline: Path) -> None:
    """Each molecule with ``baseline`` and with this tree, alternating which runs first."""
    from ase.build import molecule

    for c in cols:
        print(f"\n{c.label}: optimisation + frequencies, wall / CPU (s), baseline {baseline} vs this tree")
        heads = f"{'baseline':>16} {'steps':>5} {'this tree':>16} {'steps':>5} {'ratio wall / CPU':>16}"
        print(f"{'molecule':9} {'atoms':>5} {heads} {'threads':>7} {'load':>5}")
        ratios: dict[str, list[float]] = {"wall": [], "cpu": []}
        for i, name in enumerate(names):
            trees, load = [("baseline", baseline), ("this", ROOT)], os.getloadavg()[0]
            runs = {label: child_cost(src, c.spec, name) for label, src in (trees[::-1] if i % 2 else trees)}
            old, new = runs["baseline"], runs["this"]
            for key, values in ratios.items():
                values.append(new[key] / old[key])
            print(
                f"{name:9} {len(molecule(name)):5d} {old['wall']:8.1f} / {old['cpu']:5.1f} {old['steps'] or '-':>5} "
                f"{new['wall']:8.1f} / {new['cpu']:5.1f} {new['steps'] or '-':>5} "
                f"{ratios['wall'][-1]:9.2f} / {ratios['cpu'][-1]:4.2f} "
                f"{old.get('threads', '?')!s:>3}/{new.get('threads', '?')!s:<3} {load:5.2f}",
                flush=True,
            )
        means = " / ".join(f"{statistics.geometric_mean(v):.2f}" for v in ratios.values())
        print(f"{c.label}: ratio this tree / baseline, wall / CPU, geometric mean {means}")


def reaction_table(cols: list[Column]) -> dict[str, dict[str, float]]:
    print(f"\nReaction enthalpies at 298.15 K (kJ/mol): value (error)\n{'reaction':28} {'exp':>8}", end="")
    print("".join(f" {c.label:>22}" for c in cols))
    errors: dict[str, list[float]] = {c.label: [] for c in cols}
    signs: dict[str, list[bool]] = {c.label: [] for c in cols}
    for reaction in REACTIONS:
        exp = experimental_dh(reaction)
        row = ""
        for c in cols:
            calc = invoke(c, "reaction_energy", reaction=reaction, temperature_k=298.15)["delta_h_kj_mol"]
            errors[c.label].append(calc - exp)
            signs[c.label].append((calc < 0) == (exp < 0))
            row += f" {calc:9.1f} ({calc - exp:+7.1f}){' ' if signs[c.label][-1] else '!'}"
        print(f"{reaction:28} {exp:8.1f}{row}", flush=True)
    out = {}
    for c in cols:
        e = errors[c.label]
        mae, worst, right = statistics.fmean(abs(x) for x in e), max(abs(x) for x in e), sum(signs[c.label])
        print(f"{c.label:16} MAE {mae:6.1f} kJ/mol, max |err| {worst:6.1f}, sign right {right}/{len(e)}")
        out[c.label] = {
            "reaction_enthalpy_kj_mol": mae,
            "reaction_enthalpy_max_kj_mol": worst,
            "reaction_sign_accuracy": right / len(e),
        }
    return out


def frequency_table(cols: list[Column]) -> dict[str, dict[str, float]]:
    print("\nHarmonic frequencies vs experimental fundamentals (cm^-1)")
    out = {}
    for c in cols:
        raw, scaled, rel, srel = [], [], [], []
        for name, exp in FUNDAMENTALS_CM1.items():
            calc = sorted(invoke(c, "thermochemistry", structure={"molecule": name})["frequencies_cm1"])
            if len(calc) != len(exp):
                raise RuntimeError(f"{c.label} {name}: {len(calc)} modes computed, {len(exp)} expected")
            for f, e in zip(calc, sorted(exp), strict=True):
                raw.append(abs(f - e))
                scaled.append(abs(c.frequency_scale * f - e))
                rel.append(abs(f - e) / e)
                srel.append(abs(c.frequency_scale * f - e) / e)
            print(f"{c.label:16} {name:5} {' '.join(f'{f:.0f}' for f in calc)}")
        print(
            f"{'experiment':16} "
            + "; ".join(f"{n} {' '.join(map(str, sorted(e)))}" for n, e in FUNDAMENTALS_CM1.items())
        )
        mae, smae = statistics.fmean(raw), statistics.fmean(scaled)
        print(
            f"{c.label:16} MAE {mae:.0f} cm^-1 harmonic, {smae:.0f} cm^-1 scaled by {c.frequency_scale:g} "
            f"over {len(raw)} modes; max {max(raw):.0f}"
        )
        out[c.label] = {
            "frequency_cm1": mae,
            "frequency_scaled_cm1": smae,
            "frequency_relative_percent": 100 * statistics.fmean(rel),
            "frequency_scaled_relative_percent": 100 * statistics.fmean(srel),
        }
    return out


def entropy_table(cols: list[Column]) -> dict[str, dict[str, float]]:
    print(f"\nStandard entropies S(298.15 K, 1 bar), J/(mol K)\n{'molecule':9} {'exp':>8}", end="")
    print("".join(f" {c.label:>16}" for c in cols))
    errors: dict[str, list[float]] = {c.label: [] for c in cols}
    for name, exp_s in ENTROPY_J_MOL_K.items():
        row = ""
        for c in cols:
            s = (
                invoke(c, "thermochemistry", structure={"molecule": name})["entropy_ev_per_k"]
                * J_MOL_K_PER_EV_K
            )
            errors[c.label].append(s - exp_s)
            row += f" {s:8.2f} ({s - exp_s:+5.2f})"
        print(f"{name:9} {exp_s:8.2f}{row}")
    print("MAE  " + ", ".join(f"{k} {statistics.fmean(abs(x) for x in v):.2f}" for k, v in errors.items()))
    return {k: {"entropy_j_mol_k": statistics.fmean(abs(x) for x in v)} for k, v in errors.items()}


def electronic_table(cols: list[Column]) -> dict[str, dict[str, float]]:
    print(f"\nDipole moments (D) and HOMO-LUMO gaps (eV): dipole / gap\n{'molecule':9} {'exp':>7}", end="")
    print("".join(f" {c.label:>16}" for c in cols))
    errors: dict[str, list[float]] = {c.label: [] for c in cols}
    for name, exp in DIPOLE_D.items():
        row = ""
        for c in cols:
            out = invoke(c, "electronic_properties", structure={"molecule": name}, include_ir=False)
            errors[c.label].append(out["dipole_debye"] - exp)
            row += f" {out['dipole_debye']:7.3f} / {out['homo_lumo_gap_ev']:5.2f}"
        print(f"{name:9} {exp:7.3f}{row}", flush=True)
    print("MAE (D) " + ", ".join(f"{k} {statistics.fmean(abs(x) for x in v):.3f}" for k, v in errors.items()))
    print("gaps have no experimental reference (orbital energies)")
    return {k: {"dipole_debye": statistics.fmean(abs(x) for x in v)} for k, v in errors.items()}


def haber_table(cols: list[Column]) -> dict[str, dict[str, float]]:
    print(f"\nDelta G of N2 + 3 H2 -> 2 NH3 at 400 K, 1 bar (kJ/mol); NIST-JANAF {HABER_DG_400K_KJ_MOL:.2f}")
    out = {}
    for c in cols:
        dg = invoke(c, "reaction_energy", reaction="N2 + 3 H2 -> 2 NH3", temperature_k=400.0)[
            "delta_g_kj_mol"
        ]
        print(f"{c.label:16} {dg:8.2f} (error {dg - HABER_DG_400K_KJ_MOL:+.2f})")
        out[c.label] = {"haber_dg_400k_error_kj_mol": dg - HABER_DG_400K_KJ_MOL}
    return out


TABLES = {
    "cost": cost_table, "reactions": reaction_table, "frequencies": frequency_table, "entropies": entropy_table,
    "electronic": electronic_table, "haber": haber_table, "geometry": lambda cols: mg.geometry_table(cols, invoke),
}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--home", help="HYPOLOOP_HOME to use (default: a fresh temporary one, no cache reuse)"
    )
    parser.add_argument("--calculators", default=DEFAULT_COLUMNS, help="columns: xtb, pyscf[:level], ...")
    parser.add_argument("--cost-only", action="store_true", help="print the cost table alone")
    parser.add_argument("--molecules", help="comma-separated molecules of the cost table (default: all)")
    parser.add_argument("--baseline", type=Path, help="source tree to time against (with --cost-only)")
    parser.add_argument("--tables", default=",".join(TABLES), help="comma-separated: " + ", ".join(TABLES))
    parser.add_argument(
        "--write-geometry-calibration", action="store_true",
        help=f"store the geometry table's error bands in {mg.OUT.relative_to(ROOT)}",
    )  # fmt: skip
    ns = parser.parse_args(argv)
    home = Path(ns.home or tempfile.mkdtemp(prefix="hypoloop-bench-"))
    os.environ["HYPOLOOP_HOME"] = str(home)
    sys.path.insert(0, str(ROOT))
    print(f"command: {' '.join([Path(sys.argv[0]).name, *(argv or sys.argv[1:])])}\nhome: {home}")
    start = time.perf_counter()
    cols = columns(ns.calculators, home)
    if ns.cost_only:
        names = ns.molecules.split(",") if ns.molecules else cost_molecules()
        if ns.baseline:
            baseline_table(cols, names, ns.baseline.resolve())
        else:
            cost_table(cols, names)
        print(f"wall {time.perf_counter() - start:.0f} s")
        return 0
    summary: dict[str, dict[str, float]] = {c.label: {} for c in cols}
    for name in ns.tables.split(","):
        for label, values in TABLES[name](cols).items():
            summary[label].update(values)
    if ns.write_geometry_calibration:
        mg.write_calibration(" ".join(["bench/tools_accuracy_molecules.py", *(argv or sys.argv[1:])]))
    print("\nSummary, for tools/accuracy_molecules.py:")
    for label, values in summary.items():
        print(f"  {label}:")
        for key, value in values.items():
            print(f"    {key:30} {value:.3f}")
    print(f"wall {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
