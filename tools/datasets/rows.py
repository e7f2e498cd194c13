"""Records -> ASE database rows (new or merged into a duplicate) and rows -> DataRow.

Row layout: every row has key-value pairs ``kind`` ('structure' | 'measurement'), ``uid``
(the 'd-...' id), ``reduced`` (reduced formula) and the first source's ``file``/``sha``/``line``
or ``frame``; ``data['sources']`` lists every provenance merged into it. Structure rows carry
the atoms with the file's energies/forces/stress as ASE results, ``sg``/``sg_symbol``, ``epa``
(energy per atom), ``vpa`` (volume per atom) and ``engine``; ``data`` holds settings and info.
Measurement rows carry an empty Atoms and ``property``, ``value``, ``unit`` (canonical),
``conditions``, ``uncertainty`` and ``source``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tools.datasets import dedup
from tools.datasets.formulas import elements_of, reduced_formula
from tools.datasets.models import (
    AddReport,
    DataRow,
    MeasurementRecord,
    Provenance,
    ReportItem,
    StructureRecord,
)

if TYPE_CHECKING:
    from ase import Atoms
    from ase.db.core import Database
    from ase.db.row import AtomsRow

GPA_PER_EV_A3 = 160.21766208  # CODATA 2018: 1 eV/angstrom^3 = 160.21766208 GPa

# Stored rows per lookup bucket compared with a new record, at most (a bucket is one tolerance
# wide, so more than this means thousands of near-identical rows; beyond it only exact
# content-hash duplicates are found).
MAX_MATCH_CANDIDATES = 200


def stored_energy(atoms: Atoms) -> float | None:
    results = getattr(atoms.calc, "results", None) or {}
    energy = results.get("energy", results.get("free_energy"))
    return None if energy is None else float(energy)


def _labelled(atoms: Atoms) -> bool:
    return bool(getattr(atoms.calc, "results", None))


def put_structure(db: Database, rec: StructureRecord, report: AddReport) -> None:
    from tools import analysis

    atoms = rec.atoms
    energy = stored_energy(atoms)
    epa = None if energy is None else energy / len(atoms)
    uid = dedup.structure_uid(atoms, energy)
    formula = reduced_formula(atoms.get_chemical_formula())
    labelled = _labelled(atoms)
    vpa = float(atoms.get_volume()) / len(atoms) if atoms.pbc.all() else None
    buckets = dedup.structure_buckets(formula, labelled, epa, vpa)
    duplicate = _structure_duplicate(db, uid, buckets, atoms, epa, labelled)
    if duplicate is not None:
        why = "same structure, no computed results" if not labelled else "same structure and stored energy"
        _merge(db, duplicate, rec.prov, report, why)
        return
    kvp: dict[str, Any] = {"kind": "structure", "uid": uid, "reduced": formula, "labelled": labelled}
    kvp.update(_prov_keys(rec.prov), bucket=buckets[0], **element_keys(formula))
    symbol, number = analysis.spacegroup(atoms)
    if number is not None:
        kvp.update(sg=number, sg_symbol=symbol)
    if vpa is not None:
        kvp["vpa"] = vpa
    if epa is not None:
        kvp["epa"] = epa
    if rec.engine:
        kvp["engine"] = rec.engine
    data = {"sources": [rec.prov.model_dump()], "settings": rec.settings, "info": rec.info}
    db.write(atoms, key_value_pairs=kvp, data=data)
    report.added.append(uid)


def _structure_duplicate(
    db: Database, uid: str, buckets: list[str], atoms: Atoms, epa: float | None, labelled: bool
) -> AtomsRow | None:
    exact = next(iter(db.select(uid=uid, limit=1)), None)
    if exact is not None:
        return exact
    if labelled and epa is None:
        return None  # forces without an energy (LAMMPS dumps): only the exact geometry is the same datum
    for row in _in_buckets(db, buckets):
        if not dedup.same_energy(row.get("epa"), epa) or not _same_max_force(row, atoms):
            continue
        if dedup.same_structure(row.toatoms(), atoms):
            return row
    return None


def _in_buckets(db: Database, buckets: list[str]) -> list[AtomsRow]:
    return [row for b in buckets for row in db.select(bucket=b, limit=MAX_MATCH_CANDIDATES)]


def _same_max_force(row: AtomsRow, atoms: Atoms) -> bool:
    """Cheap reject before the matcher: one computation written twice has the same largest force."""
    import numpy as np

    forces = (getattr(atoms.calc, "results", None) or {}).get("forces")
    stored = row.get("forces")
    if forces is None or stored is None:
        return forces is None and stored is None
    a = float(np.linalg.norm(forces, axis=1).max())
    b = float(np.linalg.norm(stored, axis=1).max())
    return abs(a - b) <= dedup.FORCE_TOL


def put_measurement(db: Database, rec: MeasurementRecord, report: AddReport) -> None:
    from ase import Atoms

    uid = dedup.measurement_uid(rec)
    buckets = dedup.measurement_buckets(rec.formula, rec.property, rec.value)
    for row in [*db.select(uid=uid, limit=1), *_in_buckets(db, buckets)]:
        same = row.get("uid") == uid or (
            dedup.same_value(float(row.get("value")), rec.value)
            and str(row.get("conditions", "")).lower() == rec.conditions.lower()
        )
        if same:
            _merge(db, row, rec.prov, report, "same formula, property, value and conditions")
            return
    kvp: dict[str, Any] = {
        "kind": "measurement",
        "uid": uid,
        "reduced": rec.formula,
        "property": rec.property,
        "value": rec.value,
        "unit": rec.unit,
        "bucket": buckets[0],
        **_prov_keys(rec.prov),
        **element_keys(rec.formula),
    }
    if rec.conditions:
        kvp["conditions"] = rec.conditions
    if rec.uncertainty is not None:
        kvp["uncertainty"] = rec.uncertainty
    if rec.prov.source:
        kvp["source"] = rec.prov.source
    data = {
        "sources": [rec.prov.model_dump()],
        "material": rec.material,
        "raw": {"value": rec.raw_value, "unit": rec.raw_unit},
    }
    db.write(Atoms(), key_value_pairs=kvp, data=data)
    report.added.append(uid)


def element_keys(formula: str) -> dict[str, bool]:
    """``el_Cu=True`` per element: element filters run in SQL for measurements too (their rows
    hold no atoms, and ASE reserves the bare symbols as keys)."""
    return {f"el_{e}": True for e in sorted(elements_of(formula))}


def _prov_keys(prov: Provenance) -> dict[str, Any]:
    keys: dict[str, Any] = {"file": prov.file, "sha": prov.sha256}
    if prov.line is not None:
        keys["line"] = prov.line
    if prov.frame is not None:
        keys["frame"] = prov.frame
    return keys


def sources_of(row: AtomsRow) -> list[Provenance]:
    return [Provenance(**s) for s in (row.get("data") or {}).get("sources", [])]


def _merge(db: Database, row: AtomsRow, prov: Provenance, report: AddReport, why: str) -> None:
    sources = sources_of(row)
    if any(s.same_origin(prov) for s in sources):
        report.unchanged += 1  # the same file content added again: nothing new to record
        return
    sources.append(prov)
    db.update(row.id, data={"sources": [s.model_dump() for s in sources]})
    uid = str(row.get("uid"))
    report.merged.append(ReportItem(where=prov.where(), reason=f"duplicate of {uid}: {why}", id=uid))


def to_data_row(row: AtomsRow) -> DataRow:
    """A database row as the public DataRow (plain floats, provenance, no coordinates)."""
    data = row.get("data") or {}
    common: dict[str, Any] = {
        "id": row.get("uid"),
        "kind": row.get("kind"),
        "formula": row.get("reduced"),
        "provenance": sources_of(row),
    }
    if row.get("kind") == "measurement":
        return DataRow(
            **common,
            material=data.get("material"),
            property=row.get("property"),
            value=float(row.get("value")),
            unit=row.get("unit"),
            uncertainty=row.get("uncertainty"),
            conditions=row.get("conditions"),
        )
    energy = row.get("energy")
    fmax = row.get("fmax") if row.get("forces") is not None else None
    stress = row.get("stress")
    return DataRow(
        **common,
        n_atoms=int(row.natoms),
        spacegroup_symbol=row.get("sg_symbol"),
        spacegroup_number=row.get("sg"),
        energy_ev=None if energy is None else float(energy),
        energy_per_atom_ev=row.get("epa"),
        max_force_ev_a=None if fmax is None else float(fmax),
        stress_gpa=None if stress is None else [round(float(x) * GPA_PER_EV_A3, 6) for x in stress],
        engine=row.get("engine"),
        settings=data.get("settings") or {},
        info=data.get("info") or {},
    )
