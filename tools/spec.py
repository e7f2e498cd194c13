"""The structure argument every tool shares, and the argument fields they have in common.

Only pydantic here: importing this module must stay cheap (the LangChain schemas are built from it).
The model is "flat with nullable fields" rather than a union so that it converts to an OpenAI
*strict* function schema (every property required, no free-form objects); a validator then
enforces that exactly one kind of structure is given.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SpecKind = Literal["bulk", "molecule", "smiles", "cif", "poscar", "xyz", "structure_id", "file"]

# Largest text accepted for inline structure files: bigger inputs belong in the workspace.
MAX_TEXT_CHARS = 2_000_000
# SMILES longer than this describe molecules far beyond what the molecular calculators treat.
MAX_SMILES_CHARS = 500


class StructureSpec(BaseModel):
    """How a tool is told which structure to work on: exactly one of a bulk prototype
    (formula + prototype, optional lattice constants, or formula + space group), a molecule name, a SMILES string, an inline CIF / POSCAR /
    XYZ text, the id of a stored structure, or a file inside the workspace."""

    model_config = ConfigDict(extra="forbid")

    formula: str | None = Field(
        None, description="Chemical formula of a bulk crystal, e.g. 'Cu', 'NaCl', 'ZnO'. Use with prototype."
    )
    prototype: str | None = Field(
        None,
        description="Bulk prototype: fcc, bcc, hcp, diamond, zincblende, rocksalt, cesiumchloride, "
        "fluorite, wurtzite, sc, rutile (AB2), perovskite (cubic ABO3), l12 (A3B), spinel (AB2O4), "
        "graphite, nias. Null for an element picks its reference crystal structure.",
    )
    spacegroup: str | None = Field(
        None,
        description="Space group of a bulk crystal given by formula, instead of a prototype: symbol "
        "('P4_2/mnm', 'Fm-3m') or number ('136'). The structure is taken from the user's data "
        "collection, else from the one built-in prototype with that space group.",
    )
    a: float | None = Field(None, description="Lattice constant a in angstrom; null to estimate it.")
    c: float | None = Field(
        None,
        description="Lattice constant c in angstrom (hcp, wurtzite, rutile, graphite, nias); null to estimate.",
    )
    molecule: str | None = Field(
        None, description="Molecule name or formula from ASE's G2 set, e.g. 'H2O', 'water', 'CO2', 'NH3'."
    )
    smiles: str | None = Field(
        None,
        description="SMILES string of a molecule, e.g. 'O=CO' (formic acid) or 'CCO' (ethanol); hydrogens "
        "are added and a 3D conformer is embedded with a fixed seed.",
    )
    cif: str | None = Field(None, description="Full text of a CIF file.")
    poscar: str | None = Field(None, description="Full text of a VASP POSCAR file.")
    xyz: str | None = Field(None, description="Full text of an XYZ / extended XYZ file.")
    structure_id: str | None = Field(
        None,
        description="Id of a structure stored in the workspace by an earlier tool call, e.g. 's-1a2b3c4d5e6f'.",
    )
    file: str | None = Field(None, description="Path of a structure file inside the workspace directory.")

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: object) -> object:
        # Strict function-calling models fill every field; some send "" instead of null.
        if isinstance(data, dict):
            return {k: (None if v == "" and k != "formula" else v) for k, v in data.items()}
        return data

    @model_validator(mode="after")
    def _exactly_one_kind(self) -> StructureSpec:
        kinds = self.kinds()
        if len(kinds) != 1:
            given = ", ".join(kinds) or "nothing"
            raise ValueError(
                "give exactly one of {formula+prototype}, molecule, smiles, cif, poscar, xyz, structure_id, file "
                f"(got {given})"
            )
        if kinds[0] != "bulk" and (self.a is not None or self.c is not None or self.prototype is not None):
            raise ValueError("prototype, a and c only apply to a formula (bulk crystal)")
        if kinds[0] == "bulk" and not (self.formula or "").strip():
            raise ValueError("formula must not be empty")
        if self.spacegroup is not None and (
            self.prototype is not None or self.a is not None or self.c is not None
        ):
            raise ValueError("give a prototype (with optional a, c) or a spacegroup, not both")
        for name in ("a", "c"):
            value = getattr(self, name)
            if value is not None and (not math.isfinite(value) or value <= 0 or value > 100):
                raise ValueError(f"lattice constant {name} must be a positive length below 100 angstrom")
        if self.smiles is not None and len(self.smiles) > MAX_SMILES_CHARS:
            raise ValueError(f"smiles is longer than {MAX_SMILES_CHARS} characters")
        for name in ("cif", "poscar", "xyz"):
            text = getattr(self, name)
            if text is not None and len(text) > MAX_TEXT_CHARS:
                raise ValueError(
                    f"{name} text is longer than {MAX_TEXT_CHARS} characters; use a workspace file"
                )
        return self

    def kinds(self) -> list[SpecKind]:
        out: list[SpecKind] = []
        if self.formula is not None or self.prototype is not None or self.spacegroup is not None:
            out.append("bulk")
        for name in ("molecule", "smiles", "cif", "poscar", "xyz", "structure_id", "file"):
            if getattr(self, name) is not None:
                out.append(name)  # type: ignore[arg-type]
        return out

    @property
    def kind(self) -> SpecKind:
        return self.kinds()[0]


CALCULATOR_FIELD = Field(
    "auto",
    description="Calculator: 'auto' (xtb for molecules, chgnet for crystals), 'emt', 'chgnet', 'sevennet', 'xtb', "
    "'pyscf' (DFT for molecules, level from the settings) or a plugged-in one.",
)
USE_CACHE_FIELD = Field(True, description="Reuse a cached result for identical inputs.")
STRUCTURE_FIELD_DOC = (
    "The structure: exactly one of formula+prototype, molecule, smiles, cif, poscar, xyz, structure_id, file."
)
