"""An OPTIMADE client (optimade-python-tools) for the open databases that speak OPTIMADE.

Optional: needs the ``optimade`` extra. The filter is built from a formula, elements and an
element count, so no user text is pasted into the OPTIMADE filter language unchecked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tools.datasets.errors import PublicDataUnavailable, RowError
from tools.datasets.formulas import reduced_formula
from tools.datasets.public.common import PublicEntry, QueryCache, atoms_dict, require_online

RESPONSE_FIELDS = [
    "chemical_formula_reduced", "elements", "nsites", "nelements", "lattice_vectors",
    "cartesian_site_positions", "species_at_sites", "species", "dimension_types",
    "nperiodic_dimensions", "space_group_symbol_hermann_mauguin", "space_group_it_number",
    "structure_features", "last_modified",
]  # fmt: skip


def optimade_formula(formula: str) -> str:
    """OPTIMADE's chemical_formula_reduced: elements alphabetical, counts reduced, 1 omitted
    (SiO2 -> O2Si)."""
    from pymatgen.core import Composition

    comp = Composition(reduced_formula(formula)).reduced_composition
    parts = sorted((el.symbol, int(round(n))) for el, n in comp.items())
    return "".join(f"{s}{n if n != 1 else ''}" for s, n in parts)


def build_filter(formula: str | None, elements: list[str], nelements: int | None) -> str:
    """An OPTIMADE filter from checked parts; raises RowError for a bad formula or element."""
    from ase.data import chemical_symbols

    parts = []
    if formula:
        parts.append(f'chemical_formula_reduced="{optimade_formula(formula)}"')
    if elements:
        bad = [e for e in elements if e not in chemical_symbols[1:]]
        if bad:
            raise RowError(f"unknown element(s) {', '.join(bad)}")
        parts.append("elements HAS ALL " + ",".join(f'"{e}"' for e in elements))
    if nelements is not None:
        parts.append(f"nelements={int(nelements)}")
    if not parts:
        raise RowError("give a formula, elements or an element count to search a public database")
    return " AND ".join(parts)


def search_optimade(
    base_urls: list[str],
    *,
    formula: str | None = None,
    elements: list[str] | None = None,
    nelements: int | None = None,
    limit: int = 20,
    timeout_s: float = 30.0,
    cache_dir: Path | None = None,
    online: bool = True,
) -> tuple[list[PublicEntry], list[str]]:
    """Entries from every OPTIMADE database in ``base_urls`` and warnings for those that failed.

    Raises PublicDataUnavailable when offline, without the optimade package, with no URL, or
    when every database failed."""
    require_online(online, "the OPTIMADE client")
    if not base_urls:
        raise PublicDataUnavailable("no OPTIMADE database configured (settings data.optimade_urls)")
    filter_ = build_filter(formula, elements or [], nelements)
    cache = QueryCache(cache_dir) if cache_dir is not None else None
    entries: list[PublicEntry] = []
    warnings: list[str] = []
    for url in base_urls:
        key = cache.key("optimade", url, {"filter": filter_, "limit": limit}) if cache else ""
        found = cache.get(key) if cache else None
        if found is None:
            try:
                found = _query(url, filter_, limit, timeout_s)
            except PublicDataUnavailable as e:
                warnings.append(str(e))
                continue
            if cache:
                cache.put(key, found)
        entries += found
    if warnings and len(warnings) == len(base_urls):
        raise PublicDataUnavailable("; ".join(warnings))
    return entries, warnings


def _query(url: str, filter_: str, limit: int, timeout_s: float) -> list[PublicEntry]:
    try:
        from optimade.client import OptimadeClient
    except ImportError as e:
        raise PublicDataUnavailable("the OPTIMADE client needs `pip install hypoloop[optimade]`") from e
    import contextlib
    import io

    from tools.quiet import quiet

    client = OptimadeClient(
        base_urls=[url],
        use_async=False,
        silent=True,
        max_results_per_provider=limit,
        max_attempts=1,
        http_timeout=timeout_s,
    )
    # The client prints provider errors through rich even when silent; inside quiet()'s lock.
    with quiet(), contextlib.redirect_stderr(io.StringIO()):
        answer = client.get(filter_, response_fields=RESPONSE_FIELDS)
    response = answer.get("structures", {}).get(filter_, {}).get(url, {})
    errors = response.get("errors") or []
    if errors or "data" not in response:
        detail = " ".join(str(errors[0] if errors else "no data in the response").split())[:200]
        raise PublicDataUnavailable(f"OPTIMADE database {url} failed: {detail}")
    return [_entry(url, item) for item in response["data"][:limit]]


def _entry(url: str, item: dict[str, Any]) -> PublicEntry:
    attrs = item.get("attributes", {})
    formula = attrs.get("chemical_formula_reduced") or "".join(attrs.get("elements") or [])
    try:
        formula = reduced_formula(formula)
    except RowError:
        pass  # keep the database's own spelling rather than drop the entry
    return PublicEntry(
        database="optimade",
        provider=url,
        id=str(item.get("id")),
        url=f"{url.rstrip('/')}/v1/structures/{item.get('id')}",
        formula=formula,
        elements=list(attrs.get("elements") or []),
        nsites=attrs.get("nsites"),
        spacegroup_symbol=attrs.get("space_group_symbol_hermann_mauguin"),
        spacegroup_number=attrs.get("space_group_it_number"),
        structure=_structure(item),
    )


def _structure(item: dict[str, Any]) -> dict[str, Any] | None:
    """The entry's structure, or None when it is disordered or incomplete (never guessed)."""
    try:
        from optimade.adapters import Structure

        atoms = Structure(item).as_ase
    except Exception:
        return None
    return atoms_dict(atoms)
