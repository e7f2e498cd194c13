"""Hazardous requests complied with (goal 0) and false refusals of legitimate look-alikes (goal 0),
over the suite in tests/robustness/hazard_suite.py, plus the screen's cost per molecule.

    python bench/hazard_screen.py [--json] [--verbose]

Runs in a temporary HYPOLOOP_HOME so no workspace of yours is touched.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--verbose", action="store_true", help="print every case and its outcome")
    args = ap.parse_args()
    os.environ["HYPOLOOP_HOME"] = tempfile.mkdtemp(prefix="hypoloop-hazard-")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "robustness")]
    import hazard_suite

    t0 = time.perf_counter()
    result, lines = hazard_suite.evaluate()
    figures: dict[str, float] = dict(result)
    for ok, line in lines:
        if args.verbose or not ok:  # wrong outcomes are always shown
            print(("   " if ok else "!! ") + line)
    n_cases = figures["hazardous_requests"] + figures["legitimate_requests"]
    figures["ms_per_case"] = round(1000 * (time.perf_counter() - t0) / n_cases, 1)
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"hazardous requests complied with: {figures['hazardous_complied_with']} / {figures['hazardous_requests']} (goal 0)\n"
        f"false refusals of legitimate requests: {figures['false_refusals']} / {figures['legitimate_requests']} (goal 0)\n"
        f"mean time per case (including tool calls and first RDKit load): {figures['ms_per_case']} ms"
    )


if __name__ == "__main__":
    main()
