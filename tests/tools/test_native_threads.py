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


def test_each_engine_sets_only_its_own_runtime(
    clean_env: None, restored_pools: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyscf import lib

    from tools.calculator_xtb import configure_openmp
    from tools.dft_calculator import configure_threads

    monkeypatch.setattr(nt, "available_cores", lambda: 3)
    pyscf_runtime = _pyscf_runtime()
    others = [p for p in _runtimes() if p != pyscf_runtime]
    assert others, "tblite's OpenMP runtime is not loaded"
    # xTB's one thread first, then pyscf's three (the order of a DFT optimisation's xTB start) ...
    assert configure_openmp() == 1 and configure_threads() == 3
    runtimes = _runtimes()
    assert lib.num_threads() == 3 and runtimes[pyscf_runtime] == 3
    assert all(runtimes[p] == 1 for p in others)
    # ... and the other way round.
    configure_openmp.cache_clear()
    assert configure_openmp() == 1
    assert lib.num_threads() == 3 and all(_runtimes()[p] == 1 for p in others)
