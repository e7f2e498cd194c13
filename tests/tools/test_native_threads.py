"""Threads of the native engines (tools/native_threads.py) with the real pyscf and tblite OpenMP
runtimes: the user's OMP_NUM_THREADS (which hypoloop's Dask and Slurm workers set to one) wins,
else pyscf takes the cores this process may use (a Slurm allocation, the affinity mask); and
configuring one engine never changes the other's runtime."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tools import native_threads as nt

pytest.importorskip("pyscf")
pytest.importorskip("tblite")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OMP_NUM_THREADS", *nt.SLURM_CPUS):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def restored_pools() -> Iterator[None]:
    """Both engines' thread counts put back as they were (they are process-wide)."""
    import tblite.ase  # noqa: F401  loads the system OpenMP runtime tblite uses
    from pyscf import lib
    from threadpoolctl import ThreadpoolController

    from tools.calculator_xtb import configure_openmp
    from tools.dft_calculator import configure_threads

    before = {c.filepath: c.num_threads for c in ThreadpoolController().lib_controllers}
    configure_openmp.cache_clear()
    configure_threads.cache_clear()
    yield
    configure_openmp.cache_clear()
    configure_threads.cache_clear()
    for c in ThreadpoolController().lib_controllers:
        c.set_num_threads(before.get(c.filepath, c.num_threads))
    assert lib.num_threads() == before[_pyscf_runtime()]


def _runtimes() -> dict[str, int]:
    """OpenMP runtime file -> its thread count."""
    from threadpoolctl import ThreadpoolController

    return {
        c.filepath: c.num_threads for c in ThreadpoolController().select(user_api="openmp").lib_controllers
    }


def _pyscf_runtime() -> str:
    folder = nt.package_folder("pyscf")
    assert folder is not None
    (path,) = [p for p in _runtimes() if os.path.realpath(p).startswith(folder + os.sep)]
    return path


def test_explicit_setting_wins(clean_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert nt.explicit_threads() is None and nt.pyscf_threads() == 4
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # what agent/batch gives each worker
    assert nt.pyscf_threads() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "3,1")  # nested levels: the outer one counts
    assert nt.pyscf_threads() == 3
    monkeypatch.setenv("OMP_NUM_THREADS", "lots")  # not a count: ignored
    assert nt.pyscf_threads() == 4


def test_allocation_before_the_whole_machine(clean_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert nt.available_cores() == 4  # the affinity mask, not the node's 64 cores
    monkeypatch.setenv("SLURM_CPUS_PER_TASK", "2")
    assert nt.available_cores() == 2


def test_user_wait_policy_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    nt.passive_waiting()
    assert os.environ["OMP_WAIT_POLICY"] == "PASSIVE"
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    nt.passive_waiting()
    assert os.environ["OMP_WAIT_POLICY"] == "ACTIVE"


# In a fresh interpreter: which OpenMP runtime each engine binds depends on what loaded first. In
# the whole test session torch's libgomp is already loaded (CHGNet), tblite then shares it, and
# pyscf's lib.num_threads lands on it too; this checks the premise the module is written for
# (tblite's runtime and pyscf's bundled one, nothing else).
_RUNTIMES_PROBE = """
import json, os, sys
sys.path.insert(0, {root!r})
import tblite.ase
from pyscf import lib
from threadpoolctl import ThreadpoolController
from tools import native_threads as nt
from tools.calculator_xtb import configure_openmp
from tools.dft_calculator import configure_threads
nt.available_cores = lambda: 3
def runtimes():
    return {{c.filepath: c.num_threads for c in ThreadpoolController().select(user_api="openmp").lib_controllers}}
steps = [configure_openmp(), configure_threads(), lib.num_threads(), runtimes()]
configure_openmp.cache_clear()
steps += [configure_openmp(), lib.num_threads(), runtimes(), nt.package_folder("pyscf")]
print(json.dumps(steps))
"""


def test_each_engine_sets_only_its_own_runtime() -> None:
    import json
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root / "tests"))
    from fresh_python import fresh_python

    xtb, dft, n1, first, xtb_again, n2, second, folder = json.loads(
        fresh_python(_RUNTIMES_PROBE.format(root=str(root)))
    )
    pyscf_runtime = [p for p in first if os.path.realpath(p).startswith(folder + os.sep)]
    others = [p for p in first if p not in pyscf_runtime]
    assert len(pyscf_runtime) == 1 and others, first  # pyscf's bundled runtime and tblite's
    # xTB's one thread first, then pyscf's three (the order of a DFT optimisation's xTB start) ...
    assert (xtb, dft, n1) == (1, 3, 3) and first[pyscf_runtime[0]] == 3
    assert all(first[p] == 1 for p in others), first
    # ... and the other way round.
    assert (xtb_again, n2) == (1, 3) and all(second[p] == 1 for p in others), second
