"""``dask worker ... --preload agent.batch.worker_setup``: a worker started by hand or by
dask-jobqueue imports torch, CHGNet and every simulation tool as it starts, not during its first
tool call. (Embedded LocalCluster workers get the same from their fork server.) It first gives
the worker back glibc's large-allocation behaviour, which Dask's nanny switched off
(agent/batch/malloc_threshold.py: torch ran 2.8x slower without it).

Dask calls :func:`dask_setup` once per worker process before the worker takes tasks.
"""

from __future__ import annotations

import importlib


def dask_setup(worker: object) -> None:
    """Import :func:`agent.batch.preload.worker_preload`; a module that is missing (an optional
    calculator's package) is skipped, as the fork server skips it."""
    from agent.batch.malloc_threshold import restore_mmap_threshold
    from agent.batch.preload import worker_preload

    restore_mmap_threshold()
    for name in worker_preload():
        try:
            importlib.import_module(name)
        except ImportError:
            continue
