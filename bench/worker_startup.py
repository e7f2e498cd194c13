"""Start-up of a batch worker: the imports a Dask worker makes before it takes a task (the
modules of agent.batch.preload.worker_preload(), as `dask worker --preload
agent.batch.worker_setup` and Slurm/PBS job workers import them), each in a fresh process.

Usage: .venv/bin/python bench/worker_startup.py [--repeat 5]

Prints, per run and as medians: wall and CPU seconds of the imports, the module count, and
whether LangChain and matplotlib were imported; beside it, in alternation in the same run, the
same imports plus the LangChain tool adapter (tools.adapter), which workers imported before they
ran tool definitions, as the baseline. Goal (issue 26): a worker ready in <= 3 s of imports.
CPU seconds are the steadier figure on a shared machine; wall seconds include waiting for a core.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_S = 3.0
PROBE = """
import importlib, json, sys, time
extra = sys.argv[1:]
t0, c0 = time.perf_counter(), time.process_time()
from agent.batch.preload import worker_preload
for name in [*worker_preload()[:-1], *extra]:  # the last one only registers an exit handler
    try:
        importlib.import_module(name)
    except ImportError:
        pass
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0,
                  "modules": len(sys.modules),
                  "langchain": any(m.startswith("langchain") for m in sys.modules),
                  "matplotlib": "matplotlib" in sys.modules}))
"""


def probe(extra: list[str]) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", PROBE, *extra], capture_output=True, text=True,
                         env=env, check=True).stdout  # fmt: skip
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(f"command: {' '.join(sys.argv)}")
    probe([])  # warm the file cache once, so neither side pays for the first read from disk
    runs: dict[str, list[dict[str, float]]] = {"worker": [], "with LangChain adapter": []}
    for i in range(args.repeat):
        for label, extra in (("worker", []), ("with LangChain adapter", ["tools.adapter"])):
            r = probe(extra)
            runs[label].append(r)
            print(f"run {i + 1} {label:24s} wall {r['wall']:5.2f} s  cpu {r['cpu']:5.2f} s  "
                  f"modules {r['modules']:5.0f}  langchain {bool(r['langchain'])}  matplotlib {bool(r['matplotlib'])}")  # fmt: skip
    med = {k: {f: statistics.median(r[f] for r in v) for f in ("wall", "cpu")} for k, v in runs.items()}
    for label, m in med.items():
        print(f"median {label:24s} wall {m['wall']:.2f} s  cpu {m['cpu']:.2f} s")
    saved = med["with LangChain adapter"]["cpu"] - med["worker"]["cpu"]
    print(f"LangChain kept out of workers saves {saved:.2f} s of CPU per worker start")
    ok = med["worker"]["cpu"] <= GOAL_S
    print(f"goal: worker imports <= {GOAL_S:g} s (CPU): {'met' if ok else 'NOT met'} ({med['worker']['cpu']:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
