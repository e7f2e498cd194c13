"""Whether glibc serves a block of a few MiB from a fresh ``mmap`` in this process: what Dask's
nanny caused in the workers it spawns, and agent/batch/malloc_threshold.py undoes."""

from __future__ import annotations

import ctypes

# Above glibc's fixed 128 KiB threshold, below the 32 MiB one restore_mmap_threshold() sets.
PROBE_BYTES = 4 * 1024 * 1024


def mapped_blocks(n_bytes: int = PROBE_BYTES) -> int:
    """How many new mmap'd blocks one ``malloc(n_bytes)`` made (1: mapped, 0: from the heap).
    Self-contained, so it can travel to a Slurm job's worker by value (cloudpickle)."""

    class _MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost",
        )]  # fmt: skip

    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = _MallInfo2
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    before = libc.mallinfo2().hblks
    block = libc.malloc(n_bytes)
    after = libc.mallinfo2().hblks
    libc.free(block)
    return int(after - before)
