"""Overhead of the tool layer (issue #4): the same calculation through `get_tool(...).invoke`
(cache bypassed) and through raw ASE + CHGNet / EMT in the same run, interleaved, median of
--repeats; prints the ratio (goal <= 1.05) and the cache-hit latency (goal < 10 ms).

    .venv/bin/python bench/tools_overhead.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def rattled_si() -> Any:
    from ase.build import bulk

    atoms = bulk("Si", "diamond", a=5.45, cubic=True)
    atoms.rattle(0.03, seed=7)
    return atoms


def rattled_cu() -> Any:
    from ase.build import bulk

    atoms = bulk("Cu", "fcc", a=3.65, cubic=True).repeat(2)
    atoms.rattle(0.03, seed=7)
    return atoms


def poscar(atoms: Any) -> str:
    from ase.io import write

    buf = io.StringIO()
    write(buf, atoms, format="vasp")
    return buf.getvalue()


def raw_relax(make: Callable[[], Any], calc_factory: Callable[[], Any]) -> Callable[[], float]:
    def run() -> float:
        from ase.filters import FrechetCellFilter
        from ase.io import read
        from ase.optimize import FIRE

        # Same input path as the tool: parse the POSCAR text, relax cell + positions with FIRE.
        atoms = read(io.StringIO(poscar(make())), format="vasp")
        atoms.calc = calc_factory()
        FIRE(FrechetCellFilter(atoms), logfile=None).run(fmax=0.05, steps=200)
        return float(atoms.get_potential_energy())

    return run


def tool_relax(make: Callable[[], Any], calculator: str) -> Callable[[], float]:
    from tools import get_tool

    tool = get_tool("relax_structure")
    args = {"structure": {"poscar": poscar(make())}, "calculator": calculator, "use_cache": False}

    def run() -> float:
        out = tool.invoke(args)
        assert "error" not in out, out
        return float(out["energy_ev"])

    return run


def compare(label: str, raw: Callable[[], float], tool: Callable[[], float], repeats: int) -> None:
    raw(), tool()  # warm-up: imports, model load, first-call allocations
    t_raw: list[float] = []
    t_tool: list[float] = []
    for _ in range(repeats):
        found = []
        for fn, acc in ((raw, t_raw), (tool, t_tool)):
            start = time.perf_counter()
            found.append(fn())
            acc.append(time.perf_counter() - start)
        # Same calculation: same final energy (the tool rounds to 1e-6 eV).
        assert abs(found[0] - found[1]) < 1e-4, found
    r, t = statistics.median(t_raw), statistics.median(t_tool)
    print(f"{label:34} raw {r * 1000:8.1f} ms   tool {t * 1000:8.1f} ms   ratio {t / r:.3f}   (goal <= 1.05)")


def cache_latency(n: int = 50) -> None:
    from tools import get_tool

    tool = get_tool("relax_structure")
    args = {"structure": {"poscar": poscar(rattled_si())}, "calculator": "chgnet"}
    tool.invoke(args)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        out = tool.invoke(args)
        times.append(time.perf_counter() - start)
    assert out["cached"] is True
    times.sort()
    print(
        f"cache hit (relax_structure, 8-atom POSCAR, via LangChain invoke): median {statistics.median(times) * 1000:.2f} ms, "
        f"p95 {times[int(0.95 * n)] * 1000:.2f} ms (goal < 10 ms)"
    )


def batching(n: int = 21) -> None:
    from ase.build import bulk

    from agent.settings import Settings
    from tools.batch_energies import energies
    from tools.call_context import Context, Deadline

    settings = Settings.load()
    ctx = Context(settings, Deadline(600))
    info = __import__("tools.calculators", fromlist=["registry"]).registry()["chgnet"]
    cells = [bulk("Si", "diamond", a=5.2 + 0.02 * i) for i in range(n)]
    energies(cells[:2], info, ctx)
    start = time.perf_counter()
    batched = energies(cells, info, ctx)
    t_batch = time.perf_counter() - start
    start = time.perf_counter()
    single = [energies([c], info, ctx)[0] for c in cells]
    t_single = time.perf_counter() - start
    assert max(abs(a - b) for a, b in zip(batched, single, strict=True)) < 1e-4
    print(
        f"CHGNet energies of {n} Si cells: batched {t_batch * 1000:.0f} ms vs one by one {t_single * 1000:.0f} ms ({t_single / t_batch:.1f}x)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    ns = parser.parse_args(argv)
    os.environ["HYPOLOOP_HOME"] = tempfile.mkdtemp(prefix="hypoloop-overhead-")
    print(f"$ {' '.join([Path(sys.executable).name, *sys.argv])}")

    from ase.calculators.emt import EMT

    from agent.settings import Settings
    from tools.calculators import registry

    sim = Settings.load().simulation
    chgnet = registry()["chgnet"]
    compare(
        "emt relax Cu32 (FIRE, cell)", raw_relax(rattled_cu, EMT), tool_relax(rattled_cu, "emt"), ns.repeats
    )
    compare(
        "chgnet relax Si8 (FIRE, cell)",
        raw_relax(rattled_si, lambda: chgnet.factory(sim)),
        tool_relax(rattled_si, "chgnet"),
        ns.repeats,
    )
    cache_latency()
    batching()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
