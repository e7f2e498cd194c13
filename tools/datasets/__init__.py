"""The user's own data as evidence: structure files, simulation outputs and measurement tables
ingested into an ASE database with provenance, queried by formula, elements, space group and
property (issue #16). Part of the tools library: it imports nothing of agent/.

``from tools.datasets import DataCollection``; ``DataCollection(url).add(paths) -> AddReport``.
Names resolve lazily (PEP 562): the settings section is imported at start-up, ASE is not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.datasets.collection import DataCollection
    from tools.datasets.models import AddReport, DataRow, Provenance, RemoveReport
    from tools.datasets.search import Filters

__all__ = ["AddReport", "DataCollection", "DataRow", "Filters", "Provenance", "RemoveReport"]

_EXPORTS = {
    "DataCollection": "tools.datasets.collection",
    "AddReport": "tools.datasets.models",
    "DataRow": "tools.datasets.models",
    "Provenance": "tools.datasets.models",
    "RemoveReport": "tools.datasets.models",
    "Filters": "tools.datasets.search",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tools.datasets' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
