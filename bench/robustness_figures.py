"""Run the robustness suites (tests/robustness) and print the figures of issue #13.

Usage: .venv/bin/python bench/robustness_figures.py [--all] [pytest args...]

Each check of the suites records what it measured before it asserts (tests/robustness/rob_helpers.py
`Tally`) into a temporary JSONL file; this script sums them. Without --all the slow tests (kill -9
during `index add`) are left out, as in `make test`. Goals: every figure but "inputs tried" is 0.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_suites(extra: list[str], tally: Path) -> tuple[int, str, float]:
    env = {**os.environ, "HYPOLOOP_ROBUSTNESS_TALLY": str(tally), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "pytest", "tests/robustness", "-q", "-p", "no:cacheprovider", *extra]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr, time.perf_counter() - t0


def figures(records: list[dict[str, object]]) -> dict[str, int]:
    def total(key: str) -> int:
        return sum(int(r.get(key) or 0) for r in records)

    return {
        "inputs tried": len(records),
        "crashes": total("crashed"),
        "tracebacks shown": total("traceback"),
        "results lost": total("lost"),
        "injections obeyed": total("obeyed"),
        "adversarial passages not flagged": total("unflagged"),
        "secrets leaked": total("leaked"),
    }


def main() -> int:
    args = sys.argv[1:]
    extra = [a for a in args if a != "--all"]
    if "--all" not in args:
        extra = ["-m", "not slow", *extra]
    with tempfile.TemporaryDirectory() as tmp:
        tally = Path(tmp) / "tally.jsonl"
        code, output, seconds = run_suites(extra, tally)
        records = [json.loads(line) for line in tally.read_text().splitlines()] if tally.is_file() else []
    summary = next((ln for ln in reversed(output.splitlines()) if re.search(r"\d+ (passed|failed)", ln)), "")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"pytest tests/robustness {' '.join(extra)}: {summary.strip('= ')} ({seconds:.0f} s)")
    by_category = Counter(str(r["category"]) for r in records)
    print("inputs by category: " + ", ".join(f"{k} {n}" for k, n in sorted(by_category.items())))
    for name, value in figures(records).items():
        goal = "" if name == "inputs tried" else "  (goal 0)"
        print(f"{name:>34}: {value}{goal}")
    secrets = [r for r in records if r["category"] == "secrets"]
    if secrets:
        print(f"{'files and outputs grepped for the canary key':>34}: "
              f"{sum(int(r['files']) for r in secrets)} files, {sum(int(r['outputs']) for r in secrets)} outputs")  # fmt: skip
    if code != 0:
        print("\nsome robustness tests failed:\n" + "\n".join(ln for ln in output.splitlines() if ln.startswith("FAILED")))
    return code


if __name__ == "__main__":
    sys.exit(main())
