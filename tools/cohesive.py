"""cohesive_energy: energy per atom to take a crystal apart into free atoms,
E_coh = mean(E_atom) - E_bulk / N, positive for a bound crystal.

Only calculators that declare meaningful isolated-atom energies (``CalculatorInfo.isolated_atoms``)
are used; others are refused with the calculator's own reason, never a wrong number. Each free atom
is a single atom in a periodic cubic box of ``simulation.vacuum_a``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from tools.call_context import SimResult, checked_energy, new_context, run_cached
from tools.definition import make_tool
from tools.errors import ToolInputError, UnsupportedCalculator
from tools.ground_state import relaxed_crystal, standardized
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context


class CohesiveInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC + " Must be a crystal.")
    calculator: str = CALCULATOR_FIELD
    use_cache: bool = USE_CACHE_FIELD


class CohesiveResult(SimResult):
    cohesive_energy_ev_per_atom: float = Field(description="mean(E_atom) - E_bulk/N; positive when bound.")
    bulk_energy_per_atom_ev: float
    atom_energies_ev: dict[str, float] = Field(description="Energy of each free atom, eV.")
    reference_note: str = Field(description="Why this calculator's isolated-atom energies are meaningful.")
    structure_id: str = Field(description="Id of the relaxed crystal.")


def require_isolated_atoms(info: CalculatorInfo, atoms: Atoms) -> None:
    """Refuse a calculator whose isolated-atom energies mean nothing, naming its reason and the ones
    that can."""
    if info.isolated_atoms:
        return
    from tools.calculators import registry

    symbols = set(atoms.numbers)
    able = [
        n for n, c in registry().items() if c.isolated_atoms and c.can_treat(sorted(symbols), periodic=True)
    ]
    raise UnsupportedCalculator(
        f"cohesive_energy refuses {info.name}: {info.isolated_atoms_note}; "
        f"calculators that can: {', '.join(able) or 'none for these elements'}"
    )


def free_atom_energy(symbol: str, info: CalculatorInfo, ctx: Context) -> float:
    from ase import Atoms

    box = ctx.settings.simulation.vacuum_a
    atom = Atoms(symbol, cell=[box, box, box], positions=[[box / 2] * 3], pbc=True)
    return checked_energy(ctx.attach(atom, info), info)


def cohesive_energy(params: CohesiveInput, settings: ToolSettings) -> CohesiveResult:
    """Cohesive energy per atom of a crystal (eV): energy of the free atoms minus that of the relaxed
    crystal, per atom (positive = bound). Only with calculators whose isolated-atom energies are
    meaningful (EMT: its own fitted reference); others such as CHGNet are refused with the reason."""
    ctx = new_context(settings)
    atoms = ctx.atoms(params.structure)
    if not atoms.pbc.all():
        raise ToolInputError("cohesive_energy needs a periodic crystal, not a molecule")
    info = ctx.calculator(params.calculator, atoms)
    require_isolated_atoms(info, atoms)
    parameters = {"vacuum_a": ctx.settings.simulation.vacuum_a}

    def compute() -> dict[str, Any]:
        bulk, e_pa, _ = relaxed_crystal(standardized(atoms), info, ctx)
        symbols = bulk.get_chemical_symbols()
        free = {s: free_atom_energy(s, info, ctx) for s in dict.fromkeys(symbols)}
        e_atoms = sum(free[s] for s in symbols) / len(symbols)
        return {
            "cohesive_energy_ev_per_atom": round(e_atoms - e_pa, 5),
            "bulk_energy_per_atom_ev": round(e_pa, 6),
            "atom_energies_ev": {s: round(e, 6) for s, e in free.items()},
            "reference_note": info.isolated_atoms_note,
            "structure_id": ctx.save(bulk),
        }

    return CohesiveResult(
        **run_cached("cohesive_energy", ctx, atoms, info, parameters, compute, params.use_cache)
    )


cohesive_energy_tool = make_tool("cohesive_energy", cohesive_energy, CohesiveInput, ["emt"])
