"""How many threads the native engines (pyscf's OpenMP and BLAS, tblite's OpenMP) may use.

The user's choice comes first: ``OMP_NUM_THREADS``, which hypoloop's own Dask and Slurm workers
set to one (agent/batch: the workers are the parallelism there) and which a user sets to share a
machine. Without it pyscf uses the cores this process may run on, a Slurm allocation or the CPU
affinity mask rather than every core of the node, since DFT is the one engine here whose calls
are long enough to gain from threads. tblite keeps one thread (tools/calculator_xtb.py).

Each engine limits only its own OpenMP runtime: pyscf's wheel bundles a libgomp of its own,
tblite uses the system's, and a limit applied to every runtime at once (threadpoolctl's default)
would leave whichever engine was configured second with the other's thread count.

Threads that wait at a barrier sleep instead of spinning (``OMP_WAIT_POLICY=PASSIVE`` unless the
user set a policy): with active waiting, two threads on a 2-core machine that others were using
(load ~3.5) made a DFT thermochemistry of ethanol 1.5x slower than one thread (125 s vs 83 s),
because each spinning thread takes a core from whoever holds it; passive, two threads cost
1.15-1.21x the wall time of one on that machine at every load seen on 2026-12-06 (3.3 to 9.4:
`bench/tools_accuracy_molecules.py --cost-only --baseline`, ethanol and acetone), since the
second thread found no free core. The default assumes the cores it is given are free (a Slurm
allocation, a workstation); on a machine shared with other work, OMP_NUM_THREADS=1 is faster.
"""

from __future__ import annotations

import os

# Environment variables of a Slurm job step that give its cores per task.
SLURM_CPUS = ("SLURM_CPUS_PER_TASK",)


def passive_waiting() -> None:
    """Make OpenMP runtimes loaded from now on sleep while waiting (the module docstring says
    why), unless the user chose a policy. libgomp reads the policy once, when it is loaded, so
    this must run before pyscf is first imported."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def explicit_threads() -> int | None:
    """``OMP_NUM_THREADS`` as a positive int (its first entry for a nested list), or None."""
    raw = (os.environ.get("OMP_NUM_THREADS") or "").split(",")[0].strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


def available_cores() -> int:
    """Cores this process may use: a Slurm task's allocation, else the CPU affinity mask (a cgroup,
    ``taskset``, a batch system's binding), else every core the OS reports."""
    for name in SLURM_CPUS:
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not Linux
        return max(os.cpu_count() or 1, 1)


def pyscf_threads() -> int:
    """Threads for pyscf: the explicit setting, else every available core."""
    return explicit_threads() or available_cores()


def package_folder(name: str) -> str | None:
    """The folder of an installed package, found without importing it (None: not installed)."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    places = list(spec.submodule_search_locations or []) if spec is not None else []
    return os.path.realpath(places[0]) if places else None


def limit_openmp(threads: int, *, inside: str | None = None, outside: str | None = None) -> int:
    """Limit the loaded OpenMP runtimes whose file lies under the folder ``inside``, or every one
    not under ``outside``, to ``threads``; returns how many runtimes it limited."""
    from threadpoolctl import ThreadpoolController

    limited = 0
    for lib in ThreadpoolController().select(user_api="openmp").lib_controllers:
        path = os.path.realpath(lib.filepath)
        if inside is not None and not path.startswith(inside + os.sep):
            continue
        if outside is not None and path.startswith(outside + os.sep):
            continue
        lib.set_num_threads(threads)
        limited += 1
    return limited
