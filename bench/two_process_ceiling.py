"""How much faster two processes go than one on this machine right now, with nothing shared.

The same CPU-bound pure-Python loop runs in one process alone, then in two processes at once;
the throughput ratio (2 x time alone / time of the pair) is about the most a 2-process job
gets here at that moment. On this shared virtual machine it moves from minute to minute as other
tenants load the host: medians of 3-10 measured within one hour ranged from 1.1x to 2.0x, single
measurements from 1.0x to 3.2x (when the lone copy happened to be slowed). bench/batch_scaling.py
measures it beside each of its own pairs, so that a low speedup can be told from a busy host.
A pure-Python loop hardly touches memory: CHGNet's tensors contend more for the shared cache.

Usage: .venv/bin/python bench/two_process_ceiling.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from statistics import median

# ~2 s of one core here: long enough that process start-up (~20 ms) is noise, short enough to
# be measured beside every benchmark pair without adding much to it.
LOOP = "s = 0\nfor i in range(12_000_000):\n    s += i * i\n"


def _time_together(copies: int) -> float:
    """Wall seconds until ``copies`` processes, started together, have all run the loop."""
    t0 = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-S", "-c", LOOP]) for _ in range(copies)]
    for p in procs:
        if p.wait() != 0:
            raise RuntimeError("the CPU-bound loop failed")
    return time.perf_counter() - t0


def two_process_ceiling() -> float:
    """Throughput of two copies at once over one copy alone, measured once now."""
    return 2 * _time_together(1) / _time_together(2)


def describe(ratios: list[float]) -> str:
    spread = f" (median of {len(ratios)}, range {min(ratios):.2f}-{max(ratios):.2f}x)" if len(ratios) > 1 else ""
    return f"two copies of one CPU-bound loop ran {median(ratios):.2f}x as fast as one{spread}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ratios = [two_process_ceiling() for _ in range(ap.parse_args().repeat)]
    print(describe(ratios) + ": about the most any 2-process job gets on this machine now")


if __name__ == "__main__":
    main()
