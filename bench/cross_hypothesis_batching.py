"""Would batching CHGNet/SevenNet evaluations *across* hypotheses pay? (issue 26, item 5)

The tools already batch within one call (tools/batch_energies.py: an EOS scan or a polymorph
ranking evaluates all its cells in one graph batch). Across hypotheses, two kinds of evaluation
could still be merged when several wait at once:

1. two calls' batches (two EOS scans) merged into one batch;
2. the single-cell evaluations of relaxation, MD and elastic steps (energy, forces and stress of
   one cell), paired with another hypothesis's step.

Part 1 measures what merging saves on the cells the tools make, in one process, alternating the
two ways in each repeat (medians; CPU seconds of this process, one torch thread as a batch worker
runs). Part 2 runs a batch file in this process (``run_batch(workers=0)``, a fresh home, so
nothing is cached) and times every CHGNet/SevenNet evaluation by kind and cell size, then prints
the largest whole-batch speedup merging could give: every single-cell step paired at part 1's
measured ratio for its size, every batched call merged at its ratio (Amdahl's bound; the
coordination a real merger costs is not counted, so the true figure is lower).

Usage: HF_HUB_OFFLINE=1 .venv/bin/python bench/cross_hypothesis_batching.py [--repeat 5]
       [--set ../shared/bench/hypotheses-dev.yaml] [--skip-batch]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")  # a batch worker's thread count

# Cell sizes of the single-cell steps, as the tools make them: a primitive cell (relaxations,
# elastic strains), a conventional cell (hcp / rock salt), and a vacancy supercell.
SIZES = {"1-4 atoms": 2, "5-16 atoms": 8, "17+ atoms": 31}


def bucket(n_atoms: int) -> str:
    return "1-4 atoms" if n_atoms <= 4 else "5-16 atoms" if n_atoms <= 16 else "17+ atoms"


def _cells(n: int) -> list[Any]:
    """Two different cells of ``n`` atoms (Cu and Al based; a vacancy for 31)."""
    from ase.build import bulk

    out = []
    for sym, a in (("Cu", 3.61), ("Al", 4.05)):
        if n == 2:
            cell = bulk(sym, "hcp", a=a / 2**0.5)
        elif n == 8:
            cell = bulk(sym, "fcc", a=a, cubic=True).repeat((2, 1, 1))
        else:
            cell = bulk(sym, "fcc", a=a, cubic=True).repeat(2)
            del cell[0]
        cell.rattle(0.02, seed=1)
        out.append(cell)
    return out


def _eos_sets() -> list[list[Any]]:
    """Two polymorph EOS scans (fcc, bcc, hcp x 7 volumes), as compare_polymorphs batches them."""
    from ase.build import bulk

    sets = []
    for sym, a in (("Cu", 3.61), ("Al", 4.05)):
        cells = []
        for proto, lat in (("fcc", a), ("bcc", a * 0.795), ("hcp", a / 2**0.5)):
            for i in range(7):
                cells.append(bulk(sym, proto, a=lat * (0.97 + 0.01 * i)))
        sets.append(cells)
    return sets


def evaluators(calculator: str, forces: bool) -> Callable[[list[Any]], None]:
    """One batched forward pass of a list of cells: energies only, as tools/batch_energies.py
    evaluates EOS scans, or with forces (and CHGNet's stress), as a relaxation step needs."""
    import torch

    torch.set_num_threads(1)
    if calculator == "chgnet":
        from pymatgen.io.ase import AseAtomsAdaptor

        from tools.calculators import chgnet_model

        model = chgnet_model()
        task = "efs" if forces else "e"
        return lambda cells: model.predict_structure(
            [AseAtomsAdaptor.get_structure(c) for c in cells], task=task, batch_size=32
        )
    from sevenn.atom_graph_data import AtomGraphData
    from sevenn.train.dataload import unlabeled_atoms_to_graph
    from sevenn.util import load_checkpoint
    from torch_geometric.data import Batch

    from tools.calculator_sevennet import checkpoint_path, sevennet_model
    from tools.settings import SimulationSettings

    name = SimulationSettings().sevennet_model  # the default checkpoint, as batches run it
    if forces:  # the product's batched instance is energy-only: a full one, batched, here
        model = load_checkpoint(str(checkpoint_path(name))).build_model()
        model.set_is_batch_data(True)
        model.eval()
    else:
        model = sevennet_model(name, "cpu", batched=True)
    cutoff = float(model.cutoff)

    def run(cells: list[Any]) -> None:
        graphs = [AtomGraphData.from_numpy_dict(unlabeled_atoms_to_graph(c, cutoff, with_shift=False)) for c in cells]
        with torch.set_grad_enabled(forces):
            model(Batch.from_data_list(graphs))

    return run


def _cpu(fn: Callable[[], None]) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def merge_ratio(
    run: Callable[[list[Any]], None], a: list[Any], b: list[Any], repeat: int, inner: int = 1
) -> tuple[float, float, float]:
    """(apart, merged, apart/merged): median CPU s of a and b evaluated as two batches vs one
    (each way ``inner`` times per repeat, so a few-ms step is timed over many)."""
    run(a + b)  # warm-up: first-call allocations
    apart, merged = [], []
    for i in range(repeat):
        pair = [lambda: [(run(a), run(b)) for _ in range(inner)], lambda: [run(a + b) for _ in range(inner)]]
        order = pair if i % 2 == 0 else pair[::-1]
        times = [_cpu(f) for f in order]  # type: ignore[arg-type]
        sep, mer = times if i % 2 == 0 else times[::-1]
        apart.append(sep)
        merged.append(mer)
    s, m = statistics.median(apart), statistics.median(merged)
    return s, m, s / m


def micro(calculator: str, repeat: int) -> dict[str, float]:
    """Part 1 for one calculator: the merge ratio per kind of evaluation; prints a line each."""
    ratios: dict[str, float] = {}
    a, b = _eos_sets()
    s, m, r = merge_ratio(evaluators(calculator, forces=False), a, b, repeat)
    ratios["batched call"] = r
    print(f"{calculator:9} two EOS scans (2 x 21 cells)    apart {s:6.3f} s  merged {m:6.3f} s  saving x{r:.2f}")
    if calculator == "sevennet":  # what the force-free batched instance saves (tools/calculator_sevennet.py)
        with_forces, energies_only = evaluators(calculator, forces=True), evaluators(calculator, forces=False)
        full = statistics.median(_cpu(lambda: with_forces(a)) for _ in range(repeat))
        fast = statistics.median(_cpu(lambda: energies_only(a)) for _ in range(repeat))
        print(f"{calculator:9} one EOS scan (21 cells): with forces {full:6.3f} s, energies only {fast:6.3f} s: x{full / fast:.2f}")
    run = evaluators(calculator, forces=True)
    for label, n in SIZES.items():
        x, y = _cells(n)
        # Ten steps of two relaxations: twenty single-cell evaluations against ten pairs.
        s, m, r = merge_ratio(run, [x], [y], repeat, inner=10)
        ratios[label] = r
        print(f"{calculator:9} 10 steps of two {n:2d}-atom cells   apart {s:6.3f} s  paired {m:6.3f} s  saving x{r:.2f}")
    return ratios


class Timer:
    """Wall seconds of CHGNet/SevenNet evaluations by kind ('batched call' or a cell-size bucket)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, owner: Any, attr: str, kind_of: Callable[..., str]) -> None:
        original = getattr(owner, attr)

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                kind = kind_of(*args, **kwargs)
                self.seconds[kind] += time.perf_counter() - t0
                self.calls[kind] += 1

        setattr(owner, attr, timed)


def macro(batch_file: Path, ratios: dict[str, dict[str, float]]) -> None:
    """Part 2: one in-process batch with every evaluation timed; prints the Amdahl bound."""
    import tools.batch_energies as be
    from agent.assistant import Assistant
    from agent.batch import load_batch, run_batch
    from agent.settings import Settings

    timer = Timer()
    # energies() looks its batched functions up by module name at each call: wrapped here, timed.
    for name in ("_chgnet_energies", "sevennet_energies"):
        calc = "chgnet" if "chgnet" in name else "sevennet"
        timer.wrap(be, name, lambda *a, calc=calc, **k: f"{calc} batched call")
    from chgnet.model.dynamics import CHGNetCalculator
    from sevenn.calculator import SevenNetCalculator

    for cls, calc in ((CHGNetCalculator, "chgnet"), (SevenNetCalculator, "sevennet")):
        timer.wrap(cls, "calculate", lambda self, atoms=None, *a, calc=calc, **k:
                   f"{calc} {bucket(len(atoms if atoms is not None else self.atoms))}")  # fmt: skip
    with tempfile.TemporaryDirectory() as home:
        os.environ["HYPOLOOP_HOME"] = home
        settings = Settings.load()
        t0 = time.perf_counter()
        run_batch(load_batch(batch_file), assistant=Assistant(settings), workers=0)
        total = time.perf_counter() - t0
    print(f"\nbatch {batch_file.name}, in one process, fresh home: {total:.0f} s")
    saved = 0.0
    for kind in sorted(timer.seconds):
        calc, _, size = kind.partition(" ")
        r = ratios.get(calc, {}).get(size, 1.0)
        secs = timer.seconds[kind]
        saved += secs * (1 - 1 / r) if r > 1 else 0.0
        print(f"  {kind:28s} {timer.calls[kind]:6d} calls {secs:7.1f} s ({100 * secs / total:4.1f} %)  merge saving x{r:.2f}")
    print(f"time in CHGNet/SevenNet evaluations: {sum(timer.seconds.values()):.0f} s of {total:.0f} s")
    print(f"largest whole-batch speedup from merging across hypotheses (Amdahl, coordination free): "
          f"x{total / (total - saved):.3f}")  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--set", default=str(ROOT.parent / "shared/bench/hypotheses-dev.yaml"))
    ap.add_argument("--skip-batch", action="store_true", help="part 1 only")
    args = ap.parse_args()
    print(f"command: {' '.join(sys.argv)}  (load {os.getloadavg()[0]:.2f})")
    ratios = {calc: micro(calc, args.repeat) for calc in ("chgnet", "sevennet")}
    if not args.skip_batch:
        macro(Path(args.set), ratios)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
