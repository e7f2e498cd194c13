"""Median wall time of `hypoloop --help` (goal: < 0.3 s on 2 cores), against a bare
`python -c pass` baseline measured in the same run, and a check that no heavy package loads.

    python bench/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HEAVY = (
    "torch",
    "pymatgen",
    "faiss",
    "langchain",
    "langchain_core",
    "langgraph",
    "chgnet",
    "sevenn",
    "sentence_transformers",
    "mcp",
)


def _time(cmd: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    exe = shutil.which("hypoloop") or str(Path(sys.executable).parent / "hypoloop")
    cmd = [exe, "--help"]
    _time(cmd, 2)  # warm the page cache
    base = _time([sys.executable, "-c", "pass"], args.runs)
    help_ = _time(cmd, args.runs)
    probe = (
        f"import sys; from agent.cli import app; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"command: {' '.join(cmd)}  runs: {args.runs}")
    print(f"python -c pass      median {statistics.median(base) * 1000:7.1f} ms")
    print(
        f"hypoloop --help     median {statistics.median(help_) * 1000:7.1f} ms  p95 "
        f"{sorted(help_)[int(0.95 * (len(help_) - 1))] * 1000:7.1f} ms  (goal < 300 ms)"
    )
    print(f"ratio to bare python: {statistics.median(help_) / statistics.median(base):.1f}x")
    print(f"heavy modules imported by the CLI: {loaded or 'none'}")


if __name__ == "__main__":
    main()
