"""build_structure and analyze_structure: structures in, ids and calculator-free analysis out."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from tools import analysis
from tools.call_context import SimResult, new_context
from tools.definition import make_tool
from tools.settings import ToolSettings
from tools.spec import STRUCTURE_FIELD_DOC, StructureSpec


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


def build_structure(params: BuildInput, settings: ToolSettings) -> BuildResult:
    """Build a structure (bulk prototype, molecule, CIF/POSCAR/XYZ text or workspace file), check it,
    store it in the workspace and return its structure_id, formula, atom count, cell and spacegroup.
    Use the id in later calls instead of repeating the structure."""
    ctx = new_context(settings)
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


def analyze_structure(params: AnalyzeInput, settings: ToolSettings) -> AnalyzeResult:
    """Analyse a structure without any calculator: spacegroup symbol and number, density (g/cm3),
    volume per atom, lattice parameters, mean first-shell coordination number per element and the
    strongest powder XRD peaks (Cu K-alpha, 2-theta in degrees)."""
    ctx = new_context(settings)
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
analyze_structure_tool = make_tool("analyze_structure", analyze_structure, AnalyzeInput)
