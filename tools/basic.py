"""build_structure, single_point and analyze_structure."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tools import analysis
from tools.adapter import make_tool
from tools.runtime import SimResult, checked_energy, checked_forces, new_context, run_cached
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec

GPA_PER_EV_A3 = 160.21766208


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BuildInput(_Input):
    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC)


class BuildResult(SimResult):
    structure_id: str
    formula: str
    n_atoms: int
    cell: list[list[float]]
    pbc: bool
    spacegroup_symbol: str | None
    spacegroup_number: int | None


def build_structure(params: BuildInput) -> BuildResult:
    """Build a structure (bulk prototype, molecule, CIF/POSCAR/XYZ text or workspace file), check it,
    store it in the workspace and return its structure_id, formula, atom count, cell and spacegroup.
    Use the id in later calls instead of repeating the structure."""
    ctx = new_context()
    atoms = ctx.atoms(params.structure)
    symbol, number = analysis.spacegroup(atoms)
    return BuildResult(
        structure_id=ctx.save(atoms),
        formula=atoms.get_chemical_formula(mode="metal"),
        n_atoms=len(atoms),
        cell=[[round(float(x), 6) for x in row] for row in atoms.cell.array],
        pbc=bool(atoms.pbc.all()),
        spacegroup_symbol=symbol,
        spacegroup_number=number,
        wall_s=round(ctx.deadline.elapsed(), 4),
    )


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


def single_point(params: SinglePointInput) -> SinglePointResult:
    """Compute the energy (eV and eV/atom), the largest atomic force (eV/angstrom) and, for crystals,
    the stress (GPa) of a structure as given, without relaxing it."""
    ctx = new_context()
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


class AnalyzeInput(_Input):
    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC)


class XrdPeak(BaseModel):
    two_theta: float
    intensity: float
    hkl: list[int]


class AnalyzeResult(SimResult):
    structure_id: str
    formula: str
    spacegroup_symbol: str | None
    spacegroup_number: int | None
    density_g_cm3: float | None
    volume_per_atom_a3: float | None
    lattice_parameters: dict[str, float] | None
    coordination_numbers: dict[str, float]
    xrd_peaks: list[XrdPeak] | None = Field(description="Strongest Cu K-alpha peaks; null for molecules.")


def analyze_structure(params: AnalyzeInput) -> AnalyzeResult:
    """Analyse a structure without any calculator: spacegroup symbol and number, density (g/cm3),
    volume per atom, lattice parameters, mean first-shell coordination number per element and the
    strongest powder XRD peaks (Cu K-alpha, 2-theta in degrees)."""
    ctx = new_context()
    atoms = ctx.atoms(params.structure)
    symbol, number = analysis.spacegroup(atoms)
    return AnalyzeResult(
        structure_id=ctx.save(atoms),
        formula=atoms.get_chemical_formula(mode="metal"),
        spacegroup_symbol=symbol,
        spacegroup_number=number,
        density_g_cm3=analysis.density_g_cm3(atoms),
        volume_per_atom_a3=analysis.volume_per_atom(atoms),
        lattice_parameters=analysis.lattice_parameters(atoms) if atoms.pbc.all() else None,
        coordination_numbers=analysis.coordination_numbers(atoms),
        xrd_peaks=[XrdPeak(**p) for p in analysis.xrd_peaks(atoms) or []] if atoms.pbc.all() else None,
        wall_s=round(ctx.deadline.elapsed(), 4),
    )


build_structure_tool = make_tool("build_structure", build_structure, BuildInput)
single_point_tool = make_tool("single_point", single_point, SinglePointInput, ["emt", "chgnet", "xtb"])
analyze_structure_tool = make_tool("analyze_structure", analyze_structure, AnalyzeInput)
