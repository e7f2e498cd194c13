"""single_point: energy, forces and stress of a structure as given."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tools.call_context import SimResult, checked_energy, checked_forces, new_context, run_cached
from tools.definition import make_tool
from tools.eos import GPA_PER_EV_A3
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SinglePointInput(_Input):
    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC)
    calculator: str = CALCULATOR_FIELD
    use_cache: bool = USE_CACHE_FIELD


class SinglePointResult(SimResult):
    structure_id: str
    energy_ev: float
    energy_per_atom_ev: float
    max_force_ev_a: float
    stress_gpa: list[float] | None = Field(description="Voigt xx yy zz yz xz xy in GPa; null for molecules.")


def single_point(params: SinglePointInput, settings: ToolSettings) -> SinglePointResult:
    """Compute the energy (eV and eV/atom), the largest atomic force (eV/angstrom) and, for crystals,
    the stress (GPa) of a structure as given, without relaxing it."""
    ctx = new_context(settings)
    atoms = ctx.atoms(params.structure)
    info = ctx.calculator(params.calculator, atoms)
    sid = ctx.save(atoms)

    def compute() -> dict[str, Any]:
        import numpy as np

        ctx.attach(atoms, info)
        e = checked_energy(atoms, info)
        f = checked_forces(atoms, info)
        stress = None
        if atoms.pbc.all() and "stress" in atoms.calc.implemented_properties:
            stress = [round(float(s) * GPA_PER_EV_A3, 5) for s in atoms.get_stress(voigt=True)]
        return {
            "structure_id": sid,
            "energy_ev": round(e, 6),
            "energy_per_atom_ev": round(e / len(atoms), 6),
            "max_force_ev_a": round(float(np.linalg.norm(f, axis=1).max()), 6),
            "stress_gpa": stress,
        }

    return SinglePointResult(**run_cached("single_point", ctx, atoms, info, {}, compute, params.use_cache))


single_point_tool = make_tool(
    "single_point", single_point, SinglePointInput, ["emt", "chgnet", "sevennet", "xtb", "pyscf"]
)
