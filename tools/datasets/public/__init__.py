"""Clients of public materials databases: OPTIMADE (any database that speaks it) and the
Materials Project. Both optional, cached, and off when offline."""

from __future__ import annotations

from tools.datasets.public.combined import search_public
from tools.datasets.public.common import PublicEntry
from tools.datasets.public.materials_project import search_materials_project
from tools.datasets.public.optimade_client import search_optimade

__all__ = ["PublicEntry", "search_materials_project", "search_optimade", "search_public"]
