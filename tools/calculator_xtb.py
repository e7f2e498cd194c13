"""GFN2-xTB through tblite: its element range, its OpenMP threads and the ASE calculator.

A module of its own so that code which needs an xTB calculator directly (the DFT optimiser's
xTB start, tools/dft_start.py) does not import the calculator registry, which imports it back.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Elements GFN2-xTB is parametrised for: H to Rn.
XTB_ELEMENTS = frozenset(range(1, 87))


@lru_cache(maxsize=1)
def configure_openmp() -> int:
    """OpenMP threads for tblite: OMP_NUM_THREADS if the user set it, else one. Measured here
    (2 cores shared, load ~6): the three-species N2 + 3 H2 -> 2 NH3 thermochemistry took 18 s
    with OpenMP's default two threads and 0.25 s with one, since idle threads spin against other
    processes and small molecules gain nothing from them. Applied once, after tblite has loaded
    its OpenMP runtime (limits set earlier would not reach it), and not to pyscf's own runtime,
    which has its own count (tools/native_threads.py)."""
    from tools.native_threads import explicit_threads, limit_openmp, package_folder

    threads = explicit_threads() or 1
    limit_openmp(threads, outside=package_folder("pyscf"))
    return threads


def xtb_calculator() -> Any:
    """A GFN2-xTB ASE calculator (tblite), quiet, converged tightly enough for Hessians."""
    from tblite.ase import TBLite

    configure_openmp()
    return TBLite(method="GFN2-xTB", verbosity=0, accuracy=1.0, max_iterations=250)
