"""Give Dask's spawned workers back glibc's large-allocation behaviour, which Dask's nanny turns
off: torch ran 2.8x slower without it.

The nanny starts every worker it spawns with ``MALLOC_TRIM_THRESHOLD_=65536``
(``distributed.nanny.pre-spawn-environ``) so that freed memory returns to the OS. Setting any
malloc threshold by hand also switches off glibc's *dynamic* mmap threshold (mallopt(3)): every
block above 128 KiB, which is most of torch's tensors, is then a fresh ``mmap`` whose pages fault
in again on every call, where glibc would otherwise raise the threshold and reuse heap memory.

Measured here on 2026-12-07, ten CHGNet force calls on a 64-atom Cu cell (one torch thread):

- 3.4-3.6 s in a process started from a shell, in its main thread or another;
- 9.3-9.8 s in a Slurm job's Dask worker, in a spawned LocalCluster worker, or in a shell process
  started with ``MALLOC_TRIM_THRESHOLD_=65536`` (so it is the variable, not Dask or Slurm);
- 3.7 s in that last process after ``mallopt(M_MMAP_THRESHOLD, 32 MiB)``.

In a 1-job Slurm batch of the science hold-out claims it made the CHGNet vacancy energies take
150 s against 20 s on an embedded worker. Embedded workers fork from a server started before the
nanny set the variable (agent/batch/cluster.py), so they kept glibc's defaults.

The fix, applied by the job workers' preload (agent/batch/worker_setup.py): fix the mmap
threshold at 32 MiB, the ceiling glibc's dynamic threshold grows to on 64-bit systems, keeping
Dask's trim threshold (memory still goes back to the OS). A threshold the user set is kept.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Mapping

# mallopt(3) parameter number of M_MMAP_THRESHOLD in glibc's malloc.h.
M_MMAP_THRESHOLD = -3
# glibc's DEFAULT_MMAP_THRESHOLD_MAX on 64-bit systems (4 * 1024 * 1024 * sizeof(long)).
MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024


def needs_fixed_threshold(environ: Mapping[str, str]) -> bool:
    """Whether this process started with a hand-set trim threshold (glibc then keeps a fixed
    128 KiB mmap threshold) and no mmap threshold of the user's."""
    return "MALLOC_TRIM_THRESHOLD_" in environ and "MALLOC_MMAP_THRESHOLD_" not in environ


def restore_mmap_threshold(environ: Mapping[str, str] | None = None) -> bool:
    """Fix glibc's mmap threshold at :data:`MMAP_THRESHOLD_BYTES` where :func:`needs_fixed_threshold`
    says so. Returns whether it was set; False off Linux or without glibc's ``mallopt`` (musl has
    none), where there is nothing to undo."""
    if not sys.platform.startswith("linux") or not needs_fixed_threshold(os.environ if environ is None else environ):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
