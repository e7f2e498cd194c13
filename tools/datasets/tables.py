"""CSV/TSV tables of measurements -> MeasurementRecords, one checked row at a time.

Columns (header names are case-insensitive, with a few synonyms): material and/or formula,
property, value, unit, and optionally conditions, source, uncertainty. A bad row (unparseable
formula or value, unknown property or unit) is skipped with its line number and the reason;
a file whose header lacks a required column fails as a whole.
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

from tools.datasets import units
from tools.datasets.errors import DataFileError, RowError
from tools.datasets.formulas import reduced_formula
from tools.datasets.models import FileContent, MeasurementRecord, Provenance, ReportItem

_COLUMNS = {
    "material": "material", "name": "material", "compound": "material", "system": "material",
    "formula": "formula", "composition": "formula",
    "property": "property", "quantity": "property",
    "value": "value", "unit": "unit", "units": "unit",
    "conditions": "conditions", "condition": "conditions",
    "source": "source", "reference": "source", "ref": "source", "citation": "source",
    "uncertainty": "uncertainty", "error": "uncertainty", "sigma": "uncertainty", "std": "uncertainty",
}  # fmt: skip


def read_table(path: Path, sha: str) -> FileContent:
    """Every good row of the table as a record; bad rows land in ``skipped`` with file:line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(f"{path}: cannot read as UTF-8 text: {e}") from e
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(path, text))
    out = FileContent()
    header: dict[str, int] | None = None
    width = 0
    for fields in reader:
        line = reader.line_num
        if not any(f.strip() for f in fields) or fields[0].lstrip().startswith("#"):
            continue
        if header is None:
            header, width = _header(path, line, fields), len(fields)
            continue
        prov = Provenance(file=str(path), sha256=sha, line=line)
        try:
            if len(fields) != width:
                raise RowError(f"expected {width} fields, found {len(fields)}")
            out.measurements.append(_record(header, fields, prov))
        except RowError as e:
            out.skipped.append(ReportItem(where=prov.where(), reason=str(e)))
    if header is None:
        raise DataFileError(f"{path}: empty table (no header row)")
    return out


def _delimiter(path: Path, text: str) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    first = next((ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")), "")
    return "\t" if "\t" in first and "," not in first else ","


def _header(path: Path, line: int, fields: list[str]) -> dict[str, int]:
    header: dict[str, int] = {}
    for i, name in enumerate(fields):
        key = _COLUMNS.get(name.strip().lower())
        if key is not None and key not in header:
            header[key] = i
    missing = [c for c in ("property", "value", "unit") if c not in header]
    if "material" not in header and "formula" not in header:
        missing.insert(0, "material or formula")
    if missing:
        raise DataFileError(
            f"{path}:{line}: table header lacks column(s) {', '.join(missing)} "
            "(expected: material or formula, property, value, unit, conditions, source)"
        )
    return header


def _record(header: dict[str, int], fields: list[str], prov: Provenance) -> MeasurementRecord:
    def get(col: str) -> str:
        return fields[header[col]].strip() if col in header else ""

    material = get("material")
    formula_text = get("formula") or _formula_from_label(material)
    if not formula_text:
        raise RowError("no material or formula")
    formula = reduced_formula(formula_text)
    prop = units.canonical_property(get("property") or "(empty)")
    raw_value, raw_unit = get("value"), get("unit")
    value, unit = units.normalise(prop, _number(raw_value, "value"), raw_unit)
    unc_text = get("uncertainty")
    uncertainty = None
    if unc_text:
        # An uncertainty is a difference: scale it, never shift it (a 1 degC error is 1 K).
        scale = units.PROPERTIES[prop][1].get(units._unit_key(raw_unit))
        uncertainty = abs(_number(unc_text, "uncertainty")) * (scale.scale if scale else 1.0)
    return MeasurementRecord(
        formula=formula,
        material=material or formula_text,
        property=prop,
        value=value,
        unit=unit,
        prov=prov.model_copy(update={"source": get("source") or None}),
        raw_value=raw_value,
        raw_unit=raw_unit,
        uncertainty=uncertainty,
        conditions=" ".join(get("conditions").split()),
    )


def _formula_from_label(label: str) -> str:
    # "Si (diamond)" or "Cu, fcc" -> "Si", "Cu": the formula is the label's first word.
    match = re.match(r"\s*([A-Za-z0-9().]+?)(?:\s|,|\(|$)", label)
    return match.group(1) if match else ""


def _number(text: str, what: str) -> float:
    try:
        value = float(text.replace("\u2212", "-"))
    except ValueError:
        raise RowError(f"{what} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise RowError(f"{what} {text!r} is not finite")
    return value
