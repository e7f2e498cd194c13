"""A Materials Project client (mp-api), only when an API key is set.

Optional: needs the ``materials-project`` extra. Asks the summary endpoint for structures and a
few computed properties; values keep MP's units (eV, eV/atom, angstrom^3, g/cm3).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tools.datasets.errors import PublicDataUnavailable, RowError
from tools.datasets.formulas import reduced_formula
from tools.datasets.public.common import PublicEntry, QueryCache, atoms_dict, require_online

FIELDS = [
    "material_id", "formula_pretty", "elements", "nsites", "symmetry", "structure",
    "band_gap", "formation_energy_per_atom", "energy_above_hull", "energy_per_atom",
    "volume", "density",
]  # fmt: skip
PROPERTIES = [
    "band_gap",
    "formation_energy_per_atom",
    "energy_above_hull",
    "energy_per_atom",
    "volume",
    "density",
]
ENTRY_URL = "https://next-gen.materialsproject.org/materials/{id}"


def search_materials_project(
    api_key: str | None,
    *,
    formula: str | None = None,
    elements: list[str] | None = None,
    limit: int = 20,
    endpoint: str = "https://api.materialsproject.org",
    cache_dir: Path | None = None,
    online: bool = True,
) -> list[PublicEntry]:
    """Summary entries for a formula or an element set (all must be present).

    Raises PublicDataUnavailable when offline, without a key, without mp-api, or on a server
    error; RowError for a bad formula."""
    require_online(online, "the Materials Project client")
    if not api_key:
        raise PublicDataUnavailable(
            "the Materials Project client is off: no API key (data.mp_api_key or MP_API_KEY)"
        )
    if not formula and not elements:
        raise RowError("give a formula or elements to search the Materials Project")
    query = {"formula": reduced_formula(formula) if formula else None, "elements": sorted(elements or [])}
    cache = QueryCache(cache_dir) if cache_dir is not None else None
    key = cache.key("materials_project", endpoint, {**query, "limit": limit}) if cache else ""
    if cache and (hit := cache.get(key)) is not None:
        return hit
    docs = _fetch(api_key, endpoint, query, limit)
    entries = [_entry(endpoint, doc) for doc in docs[:limit]]
    if cache:
        cache.put(key, entries)
    return entries


def _fetch(api_key: str, endpoint: str, query: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    try:
        from mp_api.client import MPRester
    except ImportError as e:
        raise PublicDataUnavailable(
            "the Materials Project client needs `pip install hypoloop[materials-project]`"
        ) from e
    from tools.quiet import quiet

    args = {k: v for k, v in query.items() if v}
    try:
        with (
            quiet(),
            MPRester(
                api_key=api_key,
                endpoint=endpoint.rstrip("/") + "/",
                use_document_model=False,
                mute_progress_bars=True,
                include_user_agent=False,
            ) as rester,
        ):
            docs = rester.materials.summary.search(**args, fields=FIELDS, num_chunks=1, chunk_size=limit)
    except Exception as e:  # mp-api raises MPRestError, requests errors, KeyError on odd answers
        detail = " ".join(str(e).split())[:200] or type(e).__name__
        raise PublicDataUnavailable(f"Materials Project query failed: {detail}") from e
    return [d if isinstance(d, dict) else dict(d) for d in docs]


def _entry(endpoint: str, doc: dict[str, Any]) -> PublicEntry:
    symmetry = doc.get("symmetry") or {}
    mid = str(doc.get("material_id"))
    formula = str(doc.get("formula_pretty") or "")
    try:
        formula = reduced_formula(formula)
    except RowError:
        pass
    props = {p: float(doc[p]) for p in PROPERTIES if isinstance(doc.get(p), int | float)}
    return PublicEntry(
        database="materials_project",
        provider=endpoint,
        id=mid,
        url=ENTRY_URL.format(id=mid),
        formula=formula,
        elements=[str(e) for e in doc.get("elements") or []],
        nsites=doc.get("nsites"),
        spacegroup_symbol=symmetry.get("symbol"),
        spacegroup_number=symmetry.get("number"),
        properties=props,
        structure=_structure(doc.get("structure")),
    )


def _structure(data: Any) -> dict[str, Any] | None:
    if not data:
        return None
    try:
        from pymatgen.core import Structure
        from pymatgen.io.ase import AseAtomsAdaptor

        structure = data if isinstance(data, Structure) else Structure.from_dict(data)
        if not structure.is_ordered:
            return None  # a disordered structure has no single set of atoms to hand on
        return atoms_dict(AseAtomsAdaptor.get_atoms(structure))
    except Exception:
        return None
