"""agent/batch/malloc_threshold.py: a process started as Dask's nanny starts its workers
(MALLOC_TRIM_THRESHOLD_ set) maps every block above 128 KiB afresh until the worker preload fixes
the mmap threshold; a threshold the user set is kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent.batch.malloc_threshold import needs_fixed_threshold, restore_mmap_threshold

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
# Before, the fix, after: one fresh process, as a spawned worker is.
SCRIPT = (
    "from malloc_probe import mapped_blocks\n"
    "from agent.batch.malloc_threshold import restore_mmap_threshold\n"
    "print(mapped_blocks(), restore_mmap_threshold(), mapped_blocks())\n"
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")


def _run(**env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    environ |= {"PYTHONPATH": f"{TESTS}{os.pathsep}{ROOT}", **env}
    return subprocess.run([sys.executable, "-c", SCRIPT], env=environ, capture_output=True, text=True,
                          check=True).stdout.strip()  # fmt: skip


def test_a_worker_started_as_the_nanny_starts_it_gets_the_heap_back() -> None:
    # Dask's pre-spawn value: every 4 MiB block is a fresh mmap until the threshold is fixed.
    assert _run(MALLOC_TRIM_THRESHOLD_="65536") == "1 True 0"


def test_nothing_changes_without_the_nannys_variable_or_against_the_users_choice() -> None:
    assert _run().split()[1] == "False"
    assert _run(MALLOC_TRIM_THRESHOLD_="65536", MALLOC_MMAP_THRESHOLD_="131072") == "1 False 1"
    assert needs_fixed_threshold({"MALLOC_TRIM_THRESHOLD_": "65536"})
    assert not needs_fixed_threshold({"MALLOC_TRIM_THRESHOLD_": "1", "MALLOC_MMAP_THRESHOLD_": "1"})
    assert not needs_fixed_threshold({})
    assert restore_mmap_threshold({}) is False
