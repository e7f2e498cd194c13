"""Bond lengths and angles of optimised molecules against experimental equilibrium structures (issue #25).

A table of bench/tools_accuracy_molecules.py: `molecule_geometry` with each calculator at the
settings the geometry judges use (agent/judges/molecules.py: fmax 0.01 eV/angstrom), the same
bond or angle averaging as those judges (every bond between the named elements), and the error
bands they then apply, written with --write-geometry-calibration to
agent/judges/geometry_calibration.json. The product reads only that file.

Out of sample: the band used to judge a claim about a molecule of this set is fitted on the other
molecules (leave one out), so no molecule's own error ever widens or narrows its own verdict; a
molecule outside the set gets the band of the whole set. A band is |bias| + t x spread x
sqrt(1 + 1/n) (the ~90 % prediction interval of agent/judges/calibration.py, with the bias folded
in because the judges take a symmetric tolerance): in ln(computed / experiment) for lengths, in
degrees for angles.

References, equilibrium (r_e) structures, angstrom and degrees:
- diatomics: K. P. Huber and G. Herzberg, Constants of Diatomic Molecules (Van Nostrand 1979), via
  the NIST Chemistry WebBook (SRD 69): H2 0.74144, N2 1.09768, O2 1.20752, CO 1.12832, HF 0.91680,
  HCl 1.27455, Cl2 1.9879;
- H2O 0.95782 and 104.48: W. S. Benedict, N. Gailar, E. K. Plyler, J. Chem. Phys. 24, 1139 (1956)
  as refined by A. R. Hoy and P. R. Bunker, J. Mol. Spectrosc. 74, 1 (1979);
- NH3 1.012 and 106.7, CH4 1.087, CO2 1.160, SO2 1.4308 and 119.33, H2S 1.3356 and 92.11, O3 1.2717
  and 116.78: NIST CCCBDB (SRD 101), "Experimental geometry data" (listed experimental structures).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "agent" / "judges" / "geometry_calibration.json"
FMAX = 0.01  # agent/judges/molecules.py DEFAULT_FMAX: the geometry the judges see
LEVEL = 0.9  # agent/judges/calibration_model.json "level"
BOND_A: dict[str, dict[str, float]] = {
    "H2": {"H-H": 0.74144}, "N2": {"N-N": 1.09768}, "O2": {"O-O": 1.20752}, "CO": {"C-O": 1.12832},
    "HF": {"H-F": 0.91680}, "HCl": {"H-Cl": 1.27455}, "Cl2": {"Cl-Cl": 1.9879},
    "H2O": {"O-H": 0.95782}, "NH3": {"N-H": 1.012}, "CH4": {"C-H": 1.087}, "CO2": {"C-O": 1.160},
    "SO2": {"S-O": 1.4308}, "H2S": {"S-H": 1.3356}, "O3": {"O-O": 1.2717},
}  # fmt: skip
ANGLE_DEG: dict[str, dict[str, float]] = {
    "H2O": {"H-O-H": 104.48}, "NH3": {"H-N-H": 106.7}, "SO2": {"O-S-O": 119.33},
    "H2S": {"H-S-H": 92.11}, "O3": {"O-O-O": 116.78},
}  # fmt: skip
Invoke = Callable[..., dict[str, Any]]


def _same(a: str, b: str) -> bool:
    return a == b or a.split("-")[::-1] == b.split("-")


def _mean(items: list[dict[str, Any]], elements: str, key: str) -> float:
    chosen = [float(x[key]) for x in items if _same(str(x["elements"]), elements)]
    if not chosen:
        raise RuntimeError(f"no {elements} in {items}")
    return statistics.fmean(chosen)


def _band(errors: list[float]) -> float:
    """|bias| + t x spread x sqrt(1 + 1/n) of ``errors``: the symmetric ~LEVEL prediction band."""
    from scipy.stats import t

    n = len(errors)
    spread = statistics.stdev(errors)
    return abs(statistics.fmean(errors)) + float(t.ppf(0.5 + LEVEL / 2, n - 1)) * spread * math.sqrt(
        1 + 1 / n
    )


def bands(errors: dict[str, list[float]]) -> dict[str, float]:
    """'*': the band of every molecule's errors; each molecule (Hill formula): without its own."""
    every = [e for errs in errors.values() for e in errs]
    out = {"*": _band(every)}
    for formula in errors:
        out[formula] = _band([e for f, errs in errors.items() if f != formula for e in errs])
    return out


def measure(label: str, invoke: Invoke) -> dict[str, dict[str, list[float]]]:
    """quantity -> Hill formula -> errors (ln ratio for bonds, degrees for angles), printing rows."""
    errors: dict[str, dict[str, list[float]]] = {"bond_length": {}, "bond_angle": {}}
    for name in dict.fromkeys([*BOND_A, *ANGLE_DEG]):
        out = invoke(name)
        formula, row = out["formula"], ""
        for elements, ref in BOND_A.get(name, {}).items():
            got = _mean(out["bond_lengths"], elements, "length_angstrom")
            errors["bond_length"].setdefault(formula, []).append(math.log(got / ref))
            row += f" {elements} {got:.4f} ({100 * (got / ref - 1):+.2f} %)"
        for elements, ref in ANGLE_DEG.get(name, {}).items():
            got = _mean(out["bond_angles"], elements, "angle_deg")
            errors["bond_angle"].setdefault(formula, []).append(got - ref)
            row += f" {elements} {got:.2f} ({got - ref:+.2f} deg)"
        print(f"{label:16} {name:5}{row}", flush=True)
    return errors


def summary(label: str, errors: dict[str, dict[str, list[float]]]) -> dict[str, float]:
    lengths = [e for errs in errors["bond_length"].values() for e in errs]
    angles = [e for errs in errors["bond_angle"].values() for e in errs]
    pct = [100 * math.expm1(e) for e in lengths]
    length_mae, angle_mae = statistics.fmean(map(abs, pct)), statistics.fmean(map(abs, angles))
    print(
        f"{label:16} bond lengths: MAE {length_mae:.2f} %, mean signed {statistics.fmean(pct):+.2f} %, "
        f"max {max(map(abs, pct)):.2f} % (n={len(pct)}); angles: MAE {angle_mae:.2f} deg, "
        f"mean signed {statistics.fmean(angles):+.2f}, max {max(map(abs, angles)):.2f} (n={len(angles)})"
    )
    return {"bond_length_percent": length_mae, "bond_angle_deg": angle_mae}


def geometry_table(
    cols: list[Any], invoke_tool: Callable[..., dict[str, Any]]
) -> dict[str, dict[str, float]]:
    """Errors per calculator column (bench/tools_accuracy_molecules.py's Column and invoke)."""
    print(f"\nBond lengths (angstrom) and angles (deg) at fmax {FMAX}: value (error)")
    out, measured = {}, {}
    for c in cols:
        errors = measure(c.label, lambda name, c=c: invoke_tool(c, "molecule_geometry",
                                                                structure={"molecule": name}, fmax=FMAX))  # fmt: skip
        measured[c.label] = errors
        out[c.label] = summary(c.label, errors)
    LAST_RUN.clear()
    LAST_RUN.update(measured)
    return out


LAST_RUN: dict[str, dict[str, dict[str, list[float]]]] = {}


def write_calibration(command: str, path: Path = OUT) -> None:
    """The bands of the last :func:`geometry_table` run per calculator column, with provenance."""
    models = {
        label.removesuffix(":default"): {
            q: {k: round(v, 6) for k, v in bands(errs).items()} for q, errs in errors.items()
        }
        for label, errors in LAST_RUN.items()
    }
    doc = {
        "provenance": {"command": command, "date": dt.date.today().isoformat(), "level": LEVEL,
                       "rule": "bench/molecule_geometry.py: |bias| + t spread sqrt(1 + 1/n); per formula "
                               "the band without that molecule; bond_length in ln units, bond_angle in degrees"},
        "bands": models,
    }  # fmt: skip
    path.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"\nwrote {path}")
