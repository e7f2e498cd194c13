"""The ``data_query`` agent tool: rows of the user's data collection by formula, elements,
space group, property and value range, with their provenance.

Rows travel by id ('d-...'), structures by workspace structure_id, so coordinates stay out of the
model's context. Not cached: a query is a few indexed lookups, and the collection changes
whenever the user adds files.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tools.call_context import Context, SimResult, new_context
from tools.datasets.collection import DataCollection
from tools.datasets.errors import CollectionNotFound, RowError
from tools.datasets.models import DataRow
from tools.datasets.public.common import PublicEntry
from tools.datasets.search import Filters
from tools.definition import make_tool
from tools.errors import ToolInputError
from tools.settings import ToolSettings


class DataQueryInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[str] = Field(
        default_factory=list,
        description="Row ids ('d-' + 12 hex digits) to fetch; other filters still apply.",
    )
    formula: str | None = Field(None, description="Chemical formula, matched as reduced formula (Si8 = Si).")
    elements: list[str] = Field(
        default_factory=list,
        description="Element symbols every returned row must contain (it may have others).",
    )
    spacegroup: str | None = Field(
        None, description="Space-group number ('225') or international symbol ('Fm-3m'); structures only."
    )
    property: str | None = Field(
        None,
        description="Property name: a measured one ('bulk_modulus', 'lattice_constant', 'cohesive_energy', "
        "'band_gap', 'density', 'melting_point'...) or one stored with structures ('energy_per_atom', "
        "'volume_per_atom').",
    )
    min_value: float | None = Field(
        None,
        description="Lowest value to return, in the property's canonical unit (GPa, angstrom, eV, K...).",
    )
    max_value: float | None = Field(None, description="Highest value to return, in the canonical unit.")
    kind: Literal["any", "structure", "measurement"] = Field(
        "any", description="Only structures, only measurements, or both."
    )
    limit: int = Field(20, ge=1, le=200, description="Most rows to return (1-200).")
    save_structures: bool = Field(
        True, description="Store returned structures in the workspace and give their structure_id."
    )
    public: bool = Field(
        False,
        description="Also ask the configured public databases (OPTIMADE, Materials Project) for "
        "structures of this formula or these elements; off when offline.",
    )


class DataQueryResult(SimResult):
    collection: str = Field(description="Where the collection lives (path or database URL).")
    total: int = Field(description="Rows that matched; more than returned when the limit cut them.")
    rows: list[DataRow] = Field(description="Matching rows with values, units and provenance.")
    public: list[PublicEntry] = Field(
        default_factory=list, description="Public-database entries (when asked), cite them by url."
    )


def data_query(params: DataQueryInput, settings: ToolSettings) -> DataQueryResult:
    """Query the user's own data collection (structures, simulation outputs and measured values
    ingested with `hypoloop data add`) by formula, elements, space group, property and value
    range. Each row has an id ('d-...') to cite as evidence, its provenance (file, line or frame,
    content hash, cited source) and, for structures, a structure_id other tools accept. Measured
    values are in canonical units: GPa, angstrom, eV or eV/atom, g/cm3, K."""
    ctx = new_context(settings)
    collection = DataCollection(ctx.settings.data_url)
    warnings: list[str] = []
    rows: list[DataRow] = []
    total = 0
    try:
        rows, total = collection.search(_filters(params))
    except CollectionNotFound as e:
        if not params.public:
            raise
        warnings.append(str(e))
    if params.save_structures:
        rows = [_with_structure_id(r, collection, ctx) for r in rows]
    if total > len(rows):
        warnings.append(f"{total - len(rows)} more rows matched; raise limit or narrow the query")
    public: list[PublicEntry] = []
    if params.public:
        public, more = _public(params, ctx)
        warnings += more
    return DataQueryResult(
        collection=collection.display_url,
        total=total,
        rows=rows,
        public=public,
        warnings=warnings,
        parameters=params.model_dump(exclude={"save_structures"}),
        wall_s=round(ctx.deadline.elapsed(), 4),
    )


def _filters(params: DataQueryInput) -> Filters:
    return Filters(
        ids=params.ids,
        formula=params.formula,
        elements=params.elements,
        spacegroup=params.spacegroup,
        property=params.property,
        min_value=params.min_value,
        max_value=params.max_value,
        kind=params.kind,
        limit=params.limit,
    )


def _with_structure_id(row: DataRow, collection: DataCollection, ctx: Context) -> DataRow:
    if row.kind != "structure":
        return row
    return row.model_copy(update={"structure_id": ctx.save(collection.atoms(row.id))})


def _public(params: DataQueryInput, ctx: Context) -> tuple[list[PublicEntry], list[str]]:
    from tools import workspace as store
    from tools.datasets.public.combined import search_public

    if not params.formula and not params.elements:
        raise ToolInputError("public=true needs a formula or elements to ask the public databases")
    data = ctx.settings.data
    try:
        entries, warnings = search_public(
            formula=params.formula,
            elements=params.elements,
            limit=params.limit,
            optimade_urls=data.optimade_urls,
            mp_api_key=data.mp_api_key.get_secret_value() if data.mp_api_key else None,
            mp_endpoint=data.mp_endpoint,
            online=data.online,
            timeout_s=data.timeout_s,
            cache_dir=ctx.settings.cache_dir / "public",
        )
    except RowError as e:
        raise ToolInputError(str(e)) from e
    out = []
    for entry in entries:
        sid = (
            ctx.save(store.from_dict(entry.structure)) if entry.structure and params.save_structures else None
        )
        out.append(entry.model_copy(update={"structure": None, "structure_id": sid}))
    return out, warnings


data_query_tool = make_tool("data_query", data_query, DataQueryInput)
