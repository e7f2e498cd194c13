"""The user's own data as evidence: structure files, simulation outputs and measurement tables
ingested into an ASE database with provenance, queried by formula, elements, space group and
property (issue #16). A library on its own: it imports nothing of agent/ but the error classes.

``from tools.datasets import DataCollection``; ``DataCollection(url).add(paths) -> AddReport``.
"""

from __future__ import annotations

from tools.datasets.collection import DataCollection
from tools.datasets.models import AddReport, DataRow, Provenance, RemoveReport
from tools.datasets.search import Filters

__all__ = ["AddReport", "DataCollection", "DataRow", "Filters", "Provenance", "RemoveReport"]
