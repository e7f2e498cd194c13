"""Ask every configured public database at once; a database that is off or fails becomes a
warning, never the failure of the whole query (the local collection still answers)."""

from __future__ import annotations

import os
from pathlib import Path

from tools.datasets.errors import PublicDataUnavailable
from tools.datasets.public.common import PublicEntry
from tools.datasets.public.materials_project import search_materials_project
from tools.datasets.public.optimade_client import search_optimade


def search_public(
    *,
    formula: str | None,
    elements: list[str],
    limit: int,
    optimade_urls: list[str],
    mp_api_key: str | None,
    mp_endpoint: str,
    online: bool,
    timeout_s: float,
    cache_dir: Path | None,
) -> tuple[list[PublicEntry], list[str]]:
    """(entries from OPTIMADE databases and the Materials Project, warnings). The MP key falls
    back to $MP_API_KEY. Raises RowError for a bad formula or element (the caller's input)."""
    key = mp_api_key or os.environ.get("MP_API_KEY") or None
    if not online:
        return [], ["public databases not asked: offline"]
    if not optimade_urls and not key:
        return [], [
            "no public database configured (settings data.optimade_urls, data.mp_api_key or MP_API_KEY)"
        ]
    entries: list[PublicEntry] = []
    warnings: list[str] = []
    if optimade_urls:
        try:
            found, failed = search_optimade(
                optimade_urls, formula=formula, elements=elements, limit=limit,
                timeout_s=timeout_s, cache_dir=cache_dir, online=online,
            )  # fmt: skip
            entries += found
            warnings += failed
        except PublicDataUnavailable as e:
            warnings.append(str(e))
    if key:
        try:
            entries += search_materials_project(
                key, formula=formula, elements=elements, limit=limit,
                endpoint=mp_endpoint, cache_dir=cache_dir, online=online,
            )  # fmt: skip
        except PublicDataUnavailable as e:
            warnings.append(str(e))
    return entries, warnings
