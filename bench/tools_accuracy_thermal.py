"""Accuracy of thermal_expansion against handbook linear expansion coefficients at room
temperature (issue #12), per calculator.

Each material runs the tool through `get_tool("thermal_expansion").invoke(...)` with its defaults
(method 'auto': quasi-harmonic, MD where QHA breaks down) in a fresh temporary workspace unless
--home is given. Prints one row per material (computed alpha with its statistical error, the
route taken, wall time), then per calculator: MAPE, MAE, bias, and whether every computed sign
matches experiment; the summary is what tools/accuracy.py records, the per-material computed values
go into bench/calibration/computed.json (then bench/fit_calibration.py).

    .venv/bin/python bench/tools_accuracy_thermal.py [--calculators emt,chgnet] [--materials Cu,Al]
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Linear thermal expansion coefficients at 25 C (298 K), in 1e-6/K: CRC Handbook of Chemistry and
# Physics, 97th ed. (2016), "Thermal expansion of the elements" (after Touloukian, Kirby, Taylor &
# Desai, Thermophysical Properties of Matter vol. 12-13, TPRC/Plenum 1975-77). Prototype as computed.
ALPHA_PPM_298K: dict[str, tuple[str, float]] = {
    "Cu": ("fcc", 16.5),
    "Al": ("fcc", 23.1),
    "Ni": ("fcc", 13.4),
    "Ag": ("fcc", 18.9),
    "Au": ("fcc", 14.2),
    "Pt": ("fcc", 8.8),
    "Pd": ("fcc", 11.8),
    "Pb": ("fcc", 28.9),
    "Fe": ("bcc", 11.8),
    "W": ("bcc", 4.5),
}


def supported(calc: str, element: str) -> bool:
    from tools.calculators import supported_calculators

    return calc in supported_calculators([element], periodic=True)


WALL_TIME_S = {"value": 600.0}  # --wall-time: the CHGNet MD route needs more on a loaded machine


def run_one(calc: str, el: str, proto: str) -> dict[str, Any]:
    from tools import get_tool
    from tools.settings import SimulationSettings, ToolSettings

    settings = ToolSettings.at_home(
        Path(os.environ["HYPOLOOP_HOME"]), SimulationSettings(wall_time_s=WALL_TIME_S["value"])
    )
    args = {"structure": {"formula": el, "prototype": proto}, "calculator": calc, "temperatures": [300.0]}
    return get_tool("thermal_expansion", settings).invoke(args)  # type: ignore[no-any-return]


def bench(calc: str, materials: list[str]) -> dict[str, tuple[float, float]]:
    """material -> (experiment, computed) in ppm/K."""
    out: dict[str, tuple[float, float]] = {}
    for el in materials:
        proto, exp = ALPHA_PPM_298K[el]
        if not supported(calc, el):
            continue
        t = time.perf_counter()
        res = run_one(calc, el, proto)
        t = time.perf_counter() - t
        if "error" in res:
            print(f"  {el:3} {calc:7} error: {res['error']['message']}")
            continue
        p = res["points"][0]
        a, err = p["alpha_linear_ppm_per_k"], p["alpha_error_ppm_per_k"]
        out[el] = (exp, a)
        print(
            f"  {el:3} {calc:7} exp {exp:5.1f}  calc {a:6.1f} +- {err:4.1f} ppm/K  err {100 * (a - exp) / exp:+6.1f} %"
            f"  {p['method']:4} {t:6.1f} s"
        )
        for w in res["warnings"]:
            print(f"      {el} warning: {w}")
    return out


def summary(calc: str, rows: dict[str, tuple[float, float]]) -> None:
    if not rows:
        return
    pct = {el: 100 * (a - e) / e for el, (e, a) in rows.items()}
    mape = statistics.fmean(abs(v) for v in pct.values())
    mae = statistics.fmean(abs(a - e) for e, a in rows.values())
    bias = statistics.fmean(pct.values())
    signs = sum((a > 0) == (e > 0) for e, a in rows.values())
    print(
        f"{calc}: thermal_expansion (alpha at 300 K) MAPE {mape:.1f} %  MAE {mae:.2f} ppm/K  bias {bias:+.1f} %  "
        f"n {len(rows)}  signs right {signs}/{len(rows)}"
    )
    print(f"  per material (signed %): {', '.join(f'{el}: {v:+.1f}' for el, v in pct.items())}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calculators", default="emt,chgnet", help="comma-separated calculators")
    parser.add_argument("--materials", default=",".join(ALPHA_PPM_298K), help="comma-separated elements")
    parser.add_argument("--home", default=None, help="hypoloop home to use (default: fresh temporary one)")
    parser.add_argument("--wall-time", type=float, default=600.0, help="simulation.wall_time_s per tool call")
    args = parser.parse_args(argv)
    WALL_TIME_S["value"] = args.wall_time
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    materials = [m.strip() for m in args.materials.split(",") if m.strip()]
    unknown = [m for m in materials if m not in ALPHA_PPM_298K]
    if unknown:
        print(f"error: no reference for {', '.join(unknown)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HYPOLOOP_HOME"] = args.home or tmp
        results = {c: bench(c, materials) for c in args.calculators.split(",")}
    print()
    for calc, rows in results.items():
        summary(calc, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
