"""The ``data_query`` agent tool: rows of the user's data collection by formula, elements,
space group, property and value range, with their provenance.

Rows travel by id ('d-...'), structures by workspace structure_id, so coordinates stay out of the
model's context. Not cached: a query is a few indexed lookups, and the collection changes
whenever the user adds files.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tools.adapter import make_tool
from tools.datasets.collection import DataCollection
from tools.datasets.models import DataRow
from tools.datasets.search import Filters
from tools.runtime import SimResult, new_context


class DataQueryInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[str] = Field(
        default_factory=list, description="Row ids ('d-' + 12 hex digits) to fetch; other filters still apply."
    )
    formula: str | None = Field(None, description="Chemical formula, matched as reduced formula (Si8 = Si).")
    elements: list[str] = Field(
        default_factory=list, description="Element symbols every returned row must contain (it may have others)."
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
        None, description="Lowest value to return, in the property's canonical unit (GPa, angstrom, eV, K...)."
    )
    max_value: float | None = Field(None, description="Highest value to return, in the canonical unit.")
    kind: Literal["any", "structure", "measurement"] = Field(
        "any", description="Only structures, only measurements, or both."
    )
    limit: int = Field(20, ge=1, le=200, description="Most rows to return (1-200).")
    save_structures: bool = Field(
        True, description="Store returned structures in the workspace and give their structure_id."
    )


class DataQueryResult(SimResult):
    collection: str = Field(description="Where the collection lives (path or database URL).")
    total: int = Field(description="Rows that matched; more than returned when the limit cut them.")
    rows: list[DataRow] = Field(description="Matching rows with values, units and provenance.")


def data_query(params: DataQueryInput) -> DataQueryResult:
    """Query the user's own data collection (structures, simulation outputs and measured values
    ingested with `hypoloop data add`) by formula, elements, space group, property and value
    range. Each row has an id ('d-...') to cite as evidence, its provenance (file, line or frame,
    content hash, cited source) and, for structures, a structure_id other tools accept. Measured
    values are in canonical units: GPa, angstrom, eV or eV/atom, g/cm3, K."""
    ctx = new_context()
    collection = DataCollection(ctx.settings.data_url)
    filters = Filters(
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
    rows, total = collection.search(filters)
    if params.save_structures:
        rows = [
            r.model_copy(update={"structure_id": ctx.save(collection.atoms(r.id))}) if r.kind == "structure" else r
            for r in rows
        ]
    warnings = [] if total <= len(rows) else [f"{total - len(rows)} more rows matched; raise limit or narrow"]
    return DataQueryResult(
        collection=collection.url,
        total=total,
        rows=rows,
        warnings=warnings,
        parameters=params.model_dump(exclude={"save_structures"}),
        wall_s=round(ctx.deadline.elapsed(), 4),
    )


data_query_tool = make_tool("data_query", data_query, DataQueryInput)
