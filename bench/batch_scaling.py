"""Batch throughput on Dask: the dev hypotheses with 1 and 2 workers in the same run, then the
same against clusters reached by address (`dask scheduler` + `dask worker` started here on
127.0.0.1, with 1 worker and then 2). Each run starts from an empty workspace and cache, so
real work is measured.

Usage: .venv/bin/python bench/batch_scaling.py [--set ../shared/bench/hypotheses-dev.yaml]
       [--workers 2] [--skip-address] [--repeat 5] [--max-claim-s 60] [--slurm]

Prints wall time (cluster start included, and without it), hypotheses per minute and the
speedup of N workers over 1, and Amdahl's bound that the embedded cluster's start-up puts on
it. Each LocalCluster run is a fresh Python process, as a user's `hypoloop batch` is: the
workers' fork server (which imports torch and CHGNet once) is started anew for each, so neither
run inherits the other's warm imports. A cluster reached by address is up before its batch
starts, as on Slurm, so those runs count no worker start-up; each is run from a cold driver (a
fresh `hypoloop batch`, its ~4 s of imports timed) and from a warm one (a notebook's or a
script's second batch). `--slurm` adds the pair on 1 and 2 Slurm worker jobs of one core
(`--cluster slurm`; job start included in the wall time). With 2 workers it ends with the goal:
the speedup of each pair as a fraction of the 2-process ceiling of this shared machine measured
just before that pair (bench/two_process_ceiling.py), median >= 0.85, for the steady-state and
the cold figures. Offline planner, default calculators (CHGNet for crystals,
GFN2-xTB for molecules); no literature index, so literature checks return nothing and cost
~nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from dask_harness import DescendantsCpu, cpu_times, start_cluster  # noqa: E402
from two_process_ceiling import describe, two_process_ceiling  # noqa: E402

# The goal (#26 item 6): 2 workers over 1 reach this fraction of the speedup two plain
# processes get on this machine at the same moment (bench/two_process_ceiling.py).
GOAL_OF_CEILING = 0.85


def run(items: list[Any], home: Path, warm: bool = False, **where: Any) -> dict[str, Any]:
    """One batch, timed. ``warm``: the driver imports what a run needs (LangGraph, the planner,
    the tools, Dask's client) before the clock starts, as a notebook's or a script's second batch
    has it; the batch itself, its Dask client and every simulation are timed as usual."""
    from agent import Settings
    from agent.batch import run_batch

    settings = Settings.load(home=home, llm={"provider": "offline"})
    if warm:
        import distributed  # noqa: F401

        from agent.graph.warm import import_run_modules

        import_run_modules(settings)
    started: list[float] = []
    cpu0 = cpu_times()
    t0 = time.perf_counter()
    with DescendantsCpu() as workers_cpu:
        records = run_batch(
            items,
            settings,
            out=home / "results.jsonl",
            on_plan=lambda total, done: started.append(time.perf_counter()),
            **where,
        )
    wall = time.perf_counter() - t0
    cpu1 = cpu_times()
    return {
        "driver_cpu_s": cpu1[0] - cpu0[0],
        # Worker processes descend from this one (fork server -> workers): sampled while alive
        "worker_cpu_s": workers_cpu.total(),
        "wall_s": wall,
        "batch_s": time.perf_counter() - (started[0] if started else t0),
        "failed": sum(bool(r["error"]) for r in records),
        "verdicts": {r["id"]: r["verdict"] for r in records},
        "tool_calls": sum(r["tool_calls"] for r in records),
        "cache_hits": sum(r["cache_hits"] for r in records),
    }


def run_fresh(
    items_path: str,
    home: Path,
    workers: int,
    spawn: bool = False,
    scheduler: str | None = None,
    warm: bool = False,
    slurm: bool = False,
) -> dict[str, Any]:
    """:func:`run` in a new interpreter (see the module docstring), on an embedded cluster of
    ``workers``, on the cluster at ``scheduler``, or (``slurm``) on ``workers`` Slurm worker
    jobs of one core each."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if slurm:
        env |= {"HYPOLOOP_CLUSTER__JOBS": str(workers), "HYPOLOOP_CLUSTER__CORES": "1",
                "HYPOLOOP_CLUSTER__MEMORY": "3GB", "HYPOLOOP_CLUSTER__JOB_NAME": "hl-scaling"}  # fmt: skip
    out = subprocess.run(
        [sys.executable, __file__, "--set", items_path, "--one", str(workers), "--home", str(home)]
        + (["--spawn"] if spawn else [])
        + (["--warm"] if warm else [])
        + (["--slurm"] if slurm else [])
        + (["--scheduler", scheduler] if scheduler else []),
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def show(label: str, r: dict[str, Any], n: int, base: dict[str, Any] | None) -> None:
    speed = (
        f"  speedup {base['wall_s'] / r['wall_s']:.2f}x (batch only {base['batch_s'] / r['batch_s']:.2f}x)"
        if base
        else ""
    )
    print(
        f"{label:<36} wall {r['wall_s']:6.1f} s  batch {r['batch_s']:6.1f} s  "
        f"{n / r['wall_s'] * 60:5.1f} hypotheses/min  tool calls {r['tool_calls']}  cache hits {r['cache_hits']}  "
        f"failed {r['failed']}{speed}",
        flush=True,
    )
    workers = f"{r['worker_cpu_s']:.0f} s" if r["worker_cpu_s"] > 0 else "not counted (not our children)"
    print(f"{'':<36} CPU: driver {r['driver_cpu_s']:.0f} s, workers {workers}")


def show_medians(
    pairs: list[tuple[dict[str, Any], dict[str, Any]]],
    n: int,
    workers: int,
    label: str = "",
    ceiling: bool = True,
) -> None:
    """Median wall and batch times of each side, and the median of the per-pair speedups."""
    from statistics import median

    for side, count in ((0, "1 worker"), (1, f"{workers} workers")):
        wall = median(p[side]["wall_s"] for p in pairs)
        batch = median(p[side]["batch_s"] for p in pairs)
        print(
            f"median, {label + count:<28} wall {wall:6.1f} s  batch {batch:6.1f} s  {n / wall * 60:5.1f} hypotheses/min"
        )
    walls = [p[0]["wall_s"] / p[1]["wall_s"] for p in pairs]
    batches = [p[0]["batch_s"] / p[1]["batch_s"] for p in pairs]
    print(
        f"median {label}speedup over {len(pairs)} pairs: {median(walls):.2f}x wall, {median(batches):.2f}x "
        f"batch only (range {min(walls):.2f}-{max(walls):.2f}x, {min(batches):.2f}-{max(batches):.2f}x)"
    )
    if ceiling:
        show_ceiling([p[0] for p in pairs], workers)


def show_ceiling(ones: list[dict[str, Any]], workers: int) -> None:
    """Amdahl's bound on the wall speedup: the start-up (fork server importing torch and CHGNet,
    workers connecting) is the same for 1 and N workers, so even a batch phase that scaled
    perfectly gives at most wall / (start-up + batch / N)."""
    from statistics import median

    wall = median(r["wall_s"] for r in ones)
    batch = median(r["batch_s"] for r in ones)
    start = wall - batch
    print(
        f"start-up {start:.1f} s of the 1-worker run's {wall:.1f} s: a batch phase that scaled perfectly "
        f"would give at most {wall / (start + batch / workers):.2f}x wall with {workers} workers"
    )


def shorter_claims(items: list[Any], max_s: float, tmp: Path) -> tuple[str, list[Any]]:
    """The items expected to take at most ``max_s`` seconds, written to a batch file in ``tmp``."""
    import yaml

    from agent.batch.schedule import expected_cost

    kept = [it for it in items if expected_cost(it.claim) <= max_s]
    left = [it.id for it in items if it not in kept]
    print(f"left out (expected > {max_s:g} s): {', '.join(left) or 'none'}")
    path = tmp / "kept.yaml"
    path.write_text(yaml.safe_dump([{"id": it.id, "claim": it.claim} for it in kept]))
    return str(path), kept


def by_address(
    items_path: str, tmp: Path, n: int, workers: int, repeat: int, ceilings: list[float]
) -> dict[bool, list[tuple[dict[str, Any], dict[str, Any]]]]:
    """The batch against clusters started by hand (`dask scheduler` + `dask worker --preload`),
    with 1 worker and then ``workers``, first from a cold driver (a fresh `hypoloop batch`), then
    from a warm one (a notebook's or a script's second batch), ``repeat`` times. Every run gets a
    cluster of its own that is up before its batch starts, as on Slurm, so none counts worker
    start-up. Returns the (1-worker, N-worker) pairs of each: {warm: pairs}."""
    pairs: dict[bool, list[tuple[dict[str, Any], dict[str, Any]]]] = {False: [], True: []}
    for k in range(repeat):
        ceilings.append(two_process_ceiling())
        print(f"{'':<36} this machine's 2-process ceiling now: {ceilings[-1]:.2f}x", flush=True)
        for warm in (False, True):
            mode = "warm" if warm else "cold"
            pair: list[dict[str, Any]] = []
            for count in (1, workers):
                t0 = time.perf_counter()
                address, procs = start_cluster(tmp / f"cluster{count}-{k}-{mode}", count)
                up = time.perf_counter() - t0
                try:
                    r = run_fresh(
                        items_path, tmp / f"addr{count}-{k}-{mode}", count, scheduler=address, warm=warm
                    )
                finally:
                    for p in procs:
                        p.terminate()
                        p.wait(timeout=60)
                label = f"by address, {mode} driver, {count} worker{'s' if count > 1 else ''}"
                show(label, r, n, pair[0] if pair else None)
                print(f"{'':<36} (the cluster took {up:.1f} s to come up before the batch, not counted)")
                pair.append(r)
            pairs[warm].append((pair[0] | {"ceiling": ceilings[-1]}, pair[1]))
    if repeat > 1:
        for warm in (False, True):
            show_medians(
                pairs[warm],
                n,
                workers,
                label=f"by address, {'warm' if warm else 'cold'} driver, ",
                ceiling=False,
            )
    return pairs


def show_goal(
    embedded: list[tuple[dict[str, Any], dict[str, Any]]],
    address: dict[bool, list[tuple[dict[str, Any], dict[str, Any]]]],
    ceilings: list[float],
    slurm: list[tuple[dict[str, Any], dict[str, Any]]] | None = None,
) -> None:
    """The issue's goal: the speedup of 2 workers over 1 as a fraction of what two processes
    gain on this machine at that moment (the ceiling measured just before each pair), median
    over the pairs, >= GOAL_OF_CEILING. The raw speedups are printed beside it.

    Steady state is what a batch of hundreds of claims runs at: workers up and the driver's
    imports done. Cold adds the fixed start-up to this small file's simulations, which bounds
    it (Amdahl; the bound is printed above)."""
    from statistics import median

    def of_ceiling(
        pairs: list[tuple[dict[str, Any], dict[str, Any]]], key: str
    ) -> tuple[float, float] | None:
        if not pairs:
            return None
        speedups = [p[0][key] / p[1][key] for p in pairs]
        # The ceiling measured before pair k (each series measured its own, in order).
        beside = [p[0].get("ceiling", median(ceilings)) for p in pairs]
        return median(speedups), median(s / c for s, c in zip(speedups, beside, strict=True))

    rows = [
        ("steady state, embedded cluster (batch phase)", of_ceiling(embedded, "batch_s")),
        ("steady state, by address (warm driver, wall)", of_ceiling(address.get(True, []), "wall_s")),
        ("steady state, Slurm worker jobs (batch phase)", of_ceiling(slurm or [], "batch_s")),
        ("cold, embedded cluster (wall, start-up included)", of_ceiling(embedded, "wall_s")),
        ("cold, by address (wall, driver's imports included)", of_ceiling(address.get(False, []), "wall_s")),
        ("cold, Slurm worker jobs (wall, job start included)", of_ceiling(slurm or [], "wall_s")),
    ]
    print(
        f"\ngoal: 2 workers over 1 >= {GOAL_OF_CEILING} of this machine's 2-process ceiling (medians of the pairs)"
    )
    for label, r in rows:
        if r is not None:
            speedup, fraction = r
            verdict = "met" if fraction >= GOAL_OF_CEILING else "not met"
            print(f"  {label:<52} {speedup:.2f}x = {fraction:.2f} of the ceiling  {verdict}")
    print(f"  this machine, beside each pair: {describe(ceilings)}")


def slurm_pairs(
    items_path: str, tmp: Path, n: int, repeat: int, ceilings: list[float]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The batch on 1 and then 2 Slurm worker jobs of one core (`--cluster slurm`), ``repeat``
    times, each from a fresh driver; the job start and the workers' imports are in the wall time,
    the batch phase starts when the first worker has connected. Needs sbatch (a login node, or
    `make slurm-start` here)."""
    pairs = []
    for k in range(repeat):
        ceilings.append(two_process_ceiling())
        print(f"{'':<36} this machine's 2-process ceiling now: {ceilings[-1]:.2f}x", flush=True)
        one = run_fresh(items_path, tmp / f"slurm1-{k}", 1, slurm=True) | {"ceiling": ceilings[-1]}
        show("Slurm, 1 worker job", one, n, None)
        two = run_fresh(items_path, tmp / f"slurm2-{k}", 2, slurm=True)
        show("Slurm, 2 worker jobs", two, n, one)
        pairs.append((one, two))
    if repeat > 1:
        show_medians(pairs, n, 2, label="Slurm, ", ceiling=False)
    return pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default=str(ROOT.parent / "shared/bench/hypotheses-dev.yaml"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip-address", action="store_true")
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run the 1- and N-worker pair this many times (LocalCluster, then by address), "
        "alternating, and print the median of each and of the speedups (this machine is shared "
        "and noisy)",
    )
    ap.add_argument(
        "--spawn",
        action="store_true",
        help="baseline: start LocalCluster workers by spawn (each imports torch/CHGNet itself), "
        "as before the fork server",
    )
    ap.add_argument(
        "--max-claim-s",
        type=float,
        help="leave out the claims the batch scheduler expects to take longer than this many "
        "seconds on one core (agent/batch/schedule.py), naming them: a hold-out set's thermal "
        "expansions take ~5 min each",
    )
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: one run, JSON out
    ap.add_argument("--home", help=argparse.SUPPRESS)
    ap.add_argument("--scheduler", help=argparse.SUPPRESS)
    ap.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--slurm", action="store_true",
                    help="also run the pair on Slurm worker jobs (1 and 2 jobs of one core; needs sbatch)")  # fmt: skip
    args = ap.parse_args()
    from agent.batch import load_batch

    items = load_batch(Path(args.set))
    if args.one is not None:
        if args.spawn:
            import agent.batch.cluster as cluster

            cluster._start_method = lambda: "spawn"
        where: dict[str, Any] = {"scheduler": args.scheduler} if args.scheduler else {"workers": args.one}
        if args.slurm:
            where = {"cluster": "slurm"}
        print(json.dumps(run(items, Path(args.home), warm=args.warm, **where)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        if args.max_claim_s is not None:
            args.set, items = shorter_claims(items, args.max_claim_s, Path(tmp))
        n = len(items)
        print(
            f"command: {' '.join(sys.argv)}\n{n} hypotheses from {args.set}; cores: {os.cpu_count()}; "
            f"load average before: {os.getloadavg()[0]:.1f}\n"
        )
        pairs = []
        ceilings: list[float] = []
        for k in range(args.repeat):
            ceilings.append(two_process_ceiling())
            print(f"{'':<36} this machine's 2-process ceiling now: {ceilings[-1]:.2f}x", flush=True)
            one = run_fresh(args.set, Path(tmp) / f"w1-{k}", 1, args.spawn) | {"ceiling": ceilings[-1]}
            show("LocalCluster, 1 worker", one, n, None)
            many = run_fresh(args.set, Path(tmp) / f"w{args.workers}-{k}", args.workers, args.spawn)
            show(f"LocalCluster, {args.workers} workers", many, n, one)
            pairs.append((one, many))
        if args.repeat > 1:
            show_medians(pairs, n, args.workers)
        else:
            show_ceiling([pairs[0][0]], args.workers)
        one = sorted((p[0] for p in pairs), key=lambda r: r["wall_s"])[len(pairs) // 2]  # baseline
        for r in (r for pair in pairs for r in pair):
            if r["verdicts"] != one["verdicts"]:
                diff = {
                    k: (v, r["verdicts"].get(k))
                    for k, v in one["verdicts"].items()
                    if r["verdicts"].get(k) != v
                }
                print("  verdicts differ between runs:", diff)
        address = (
            {}
            if args.skip_address
            else by_address(args.set, Path(tmp), n, args.workers, args.repeat, ceilings)
        )
        slurm = slurm_pairs(args.set, Path(tmp), n, args.repeat, ceilings) if args.slurm else None
        if args.workers == 2:
            show_goal(pairs, address, ceilings, slurm)
    print(f"\nload average after: {os.getloadavg()[0]:.1f} (the machine is shared with other jobs)")


if __name__ == "__main__":
    main()
