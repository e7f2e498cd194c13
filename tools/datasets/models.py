"""Data objects of the collection: what a reader yields (records), what the collection returns
(rows, reports). They serialize and do not compute."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from ase import Atoms

RowKind = Literal["structure", "measurement"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Provenance(_Data):
    """Where a row's content came from: a file (with its content hash) and the line or frame."""

    file: str = Field(description="Absolute path of the file at ingest time.")
    sha256: str = Field(description="sha256 of the file's bytes when it was ingested.")
    line: int | None = Field(None, description="1-based line of a table row.")
    frame: int | None = Field(None, description="0-based frame of a trajectory (row id for an ASE database).")
    source: str | None = Field(
        None, description="The citation the table gives for the value (its 'source' column)."
    )

    def where(self) -> str:
        if self.line is not None:
            return f"{self.file}:{self.line}"
        return f"{self.file}@{self.frame}" if self.frame is not None else self.file

    def same_origin(self, other: Provenance) -> bool:
        return (self.sha256, self.line, self.frame) == (other.sha256, other.line, other.frame)


class ReportItem(_Data):
    """A file, row or frame and what happened to it."""

    where: str = Field(description="file, file:line (table row) or file@frame (trajectory frame).")
    reason: str = Field(description="Why it was skipped or merged.")
    id: str | None = Field(None, description="The row it was merged into.")


class FileRead(_Data):
    """One file that was read: which reader read it, what chose that reader, what it held."""

    where: str = Field(description="The file's path.")
    reader: str = Field(description="The reader: an ASE format name ('vasp', 'vasp-out'...), 'table' or 'ase-db'.")
    detected_by: Literal["name", "content"] = Field(
        description="Whether the file's name or its content (ASE's detection) chose the reader."
    )
    structures: int = Field(0, description="Structures (frames) the file held, before deduplication.")
    measurements: int = Field(0, description="Measured values the file held, before deduplication.")


class AddReport(_Data):
    """What one ``DataCollection.add`` call did."""

    read: list[FileRead] = Field(default_factory=list, description="Each file read, with its reader.")

    added: list[str] = Field(default_factory=list, description="Ids of new rows.")
    merged: list[ReportItem] = Field(
        default_factory=list, description="Duplicates merged into existing rows."
    )
    unchanged: int = Field(0, description="Rows already in the collection from the same file content.")
    skipped: list[ReportItem] = Field(
        default_factory=list, description="Rows, frames or files skipped, with reasons."
    )
    errors: list[ReportItem] = Field(
        default_factory=list, description="Files that failed; nothing of them was written."
    )
    files: int = Field(0, description="Files read.")

    def summary(self) -> str:
        return (
            f"{self.files} files: {len(self.added)} added, {len(self.merged)} merged, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped, {len(self.errors)} failed files"
        )


class RemoveReport(_Data):
    """What one ``DataCollection.remove`` call did."""

    removed: list[str] = Field(default_factory=list, description="Ids of rows removed.")
    not_found: list[str] = Field(default_factory=list, description="Ids or paths that matched nothing.")


class DataRow(_Data):
    """One row of the collection as the CLI, the notebook API and the data_query tool see it."""

    id: str = Field(description="Stable row id ('d-' + 12 hex digits), cite it as evidence.")
    kind: RowKind = Field(
        description="'structure' (a structure, maybe with computed energy) or 'measurement'."
    )
    formula: str = Field(description="Reduced formula.")
    material: str | None = Field(None, description="Material label from the table (measurements).")
    property: str | None = Field(None, description="Measured property (measurements).")
    value: float | None = Field(None, description="Value in the canonical unit (measurements).")
    unit: str | None = Field(None, description="Canonical unit of the value.")
    uncertainty: float | None = Field(None, description="Stated uncertainty in the canonical unit.")
    conditions: str | None = Field(
        None, description="Measurement conditions as given (temperature, pressure...)."
    )
    n_atoms: int | None = Field(None, description="Atoms in the cell (structures).")
    spacegroup_symbol: str | None = Field(None, description="International symbol (periodic structures).")
    spacegroup_number: int | None = Field(None, description="Space-group number (periodic structures).")
    energy_ev: float | None = Field(None, description="Stored total energy (eV), if the file had one.")
    energy_per_atom_ev: float | None = Field(None, description="Stored energy per atom (eV/atom).")
    max_force_ev_a: float | None = Field(None, description="Largest stored force (eV/angstrom).")
    stress_gpa: list[float] | None = Field(None, description="Stored stress, Voigt xx yy zz yz xz xy (GPa).")
    engine: str | None = Field(
        None, description="Code that produced the energies (VASP 6.4, Quantum ESPRESSO...)."
    )
    settings: dict[str, Any] = Field(default_factory=dict, description="Settings that produced the energies.")
    info: dict[str, Any] = Field(default_factory=dict, description="Per-frame info fields of the file.")
    provenance: list[Provenance] = Field(
        default_factory=list, description="Every file/line/frame it came from."
    )
    structure_id: str | None = Field(
        None, description="Workspace id of the structure (set by data_query); pass it to simulation tools."
    )


@dataclass
class StructureRecord:
    """One structure (frame) read from a file, with whatever the file computed for it."""

    atoms: Atoms
    prov: Provenance
    engine: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)


@dataclass
class MeasurementRecord:
    """One measured value from a table row, already normalised to the canonical unit."""

    formula: str
    material: str
    property: str
    value: float
    unit: str
    prov: Provenance
    raw_value: str = ""
    raw_unit: str = ""
    uncertainty: float | None = None
    conditions: str = ""


@dataclass
class FileContent:
    """Everything one file yielded: good records and the rows or frames skipped with reasons."""

    structures: list[StructureRecord] = field(default_factory=list)
    measurements: list[MeasurementRecord] = field(default_factory=list)
    skipped: list[ReportItem] = field(default_factory=list)
