"""formation_energy: energy per atom of a compound against elemental references computed with
the same calculator (elemental ground-state crystals; O, N, H, F, Cl as dimers in a box)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from tools.cache import ResultCache, cache_key
from tools.call_context import SimResult, checked_energy, new_context, run_cached
from tools.definition import make_tool
from tools.eos import fixed_by_symmetry, prepare, scan_many
from tools.errors import ToolInputError
from tools.prototypes import BUILDABLE_REFERENCE
from tools.relax import relax_atoms
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec
from tools.structures import build_bulk

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context

GAS_DIMERS = frozenset({"H", "N", "O", "F", "Cl", "Br", "I"})
FALLBACK_PROTOTYPES = ("fcc", "bcc", "hcp")


class FormationInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC + " Must be a crystal.")
    calculator: str = CALCULATOR_FIELD
    relax: bool = Field(True, description="Relax the compound before computing its energy.")
    use_cache: bool = USE_CACHE_FIELD


class Reference(BaseModel):
    element: str
    reference: str = Field(description="What the reference is, e.g. 'Na bcc (relaxed)'.")
    energy_per_atom_ev: float


class FormationResult(SimResult):
    structure_id: str = Field(description="Id of the (relaxed) compound structure.")
    formula: str
    formation_energy_ev_per_atom: float
    energy_per_atom_ev: float
    references: list[Reference]


def _min_energy(atoms: Atoms, info: CalculatorInfo, ctx: Context) -> tuple[Atoms, float]:
    """Lowest energy per atom of a crystal: volume scan if symmetry fixes the positions, else a
    cell + positions relaxation."""
    if fixed_by_symmetry(atoms, info, ctx):
        from tools.eos import scaled

        fit = scan_many([atoms], info, ctx, 7, 0.06, relax_positions=False)[0]
        return scaled(atoms, fit.v0), fit.e0
    r = relax_atoms(atoms.copy(), info, ctx, 0.02, 400, relax_cell=True, optimizer="LBFGS")
    if not r.converged:
        ctx.warnings.append(
            f"not converged: relaxation of {atoms.get_chemical_formula()} stopped at {r.steps} steps"
        )
    r.atoms.calc = None
    return r.atoms, r.energy / len(r.atoms)


def _dimer(symbol: str, info: CalculatorInfo, ctx: Context) -> tuple[str, float]:
    from ase import Atoms
    from ase.build import molecule
    from ase.data import atomic_numbers, covalent_radii

    box = ctx.settings.simulation.vacuum_a
    try:
        atoms = molecule(f"{symbol}2")
    except KeyError:
        d = 2 * covalent_radii[atomic_numbers[symbol]]
        atoms = Atoms(f"{symbol}2", positions=[[0, 0, 0], [0, 0, d]])
    atoms.set_cell([box, box, box])
    atoms.center()
    atoms.pbc = True
    r = relax_atoms(atoms, info, ctx, 0.02, 200, relax_cell=False, optimizer="BFGS")
    return f"{symbol}2 molecule in {box:g} A box (relaxed)", r.energy / 2


def _reference(symbol: str, info: CalculatorInfo, ctx: Context) -> tuple[str, float]:
    from ase.data import atomic_numbers, reference_states

    if symbol in GAS_DIMERS:
        return _dimer(symbol, info, ctx)
    ref = reference_states[atomic_numbers[symbol]] or {}
    sym = ref.get("symmetry")
    if sym in BUILDABLE_REFERENCE:
        _, e = _min_energy(build_bulk(symbol, str(sym), None, None), info, ctx)
        return f"{symbol} {sym} (relaxed)", e
    best = min((_min_energy(build_bulk(symbol, p, None, None), info, ctx)[1], p) for p in FALLBACK_PROTOTYPES)
    ctx.warnings.append(
        f"{symbol}: its ground-state structure ({sym}) is not built in; used the lowest of fcc/bcc/hcp"
    )
    return f"{symbol} {best[1]} (lowest of fcc/bcc/hcp, relaxed)", best[0]


def reference_energy(symbol: str, info: CalculatorInfo, ctx: Context, use_cache: bool) -> Reference:
    """Elemental reference energy per atom, cached on (element, calculator version)."""
    cache = ResultCache(ctx.settings.cache_dir / "simulations")
    key = cache_key(
        "reference_energy",
        symbol,
        info.version(ctx.settings.simulation),
        {"vacuum_a": ctx.settings.simulation.vacuum_a},
    )

    def compute() -> dict[str, Any]:
        label, e = _reference(symbol, info, ctx)
        return {"element": symbol, "reference": label, "energy_per_atom_ev": round(e, 6)}

    if not (use_cache and ctx.settings.simulation.cache):
        return Reference(**compute())
    # Hypotheses run in parallel often need the same elemental reference: computed once.
    hit, _ = cache.get_or_compute(key, "reference_energy", compute)
    return Reference(**hit)


def formation_energy(params: FormationInput, settings: ToolSettings) -> FormationResult:
    """Formation energy per atom of a crystal relative to its elements, all computed with the same
    calculator: metals and semiconductors in their ground-state crystal structure (relaxed), O, N, H, F
    and Cl as dimers in a box. Negative means stable against decomposition into the elements. The
    references used are listed."""
    ctx = new_context(settings)
    atoms = ctx.atoms(params.structure)
    if not atoms.pbc.all():
        raise ToolInputError("formation_energy needs a periodic crystal, not a molecule")
    info = ctx.calculator(params.calculator, atoms)
    parameters = {"relax": params.relax, "vacuum_a": ctx.settings.simulation.vacuum_a}

    def compute() -> dict[str, Any]:
        if params.relax:
            start, _ = prepare(atoms.copy(), info, ctx)
            final, e_pa = _min_energy(start, info, ctx)
        else:
            final = ctx.attach(atoms.copy(), info)
            e_pa = checked_energy(final, info) / len(final)
            final.calc = None
        symbols = final.get_chemical_symbols()
        refs = {s: reference_energy(s, info, ctx, params.use_cache) for s in dict.fromkeys(symbols)}
        e_ref = sum(refs[s].energy_per_atom_ev for s in symbols) / len(symbols)
        return {
            "structure_id": ctx.save(final),
            "formula": final.get_chemical_formula(mode="metal"),
            "formation_energy_ev_per_atom": round(e_pa - e_ref, 6),
            "energy_per_atom_ev": round(e_pa, 6),
            "references": [r.model_dump() for r in refs.values()],
        }

    return FormationResult(
        **run_cached("formation_energy", ctx, atoms, info, parameters, compute, params.use_cache)
    )


def unrelaxed_compound(args: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    """Stress-test variant: the compound at its estimated geometry (references unchanged)."""
    if args.get("relax") is False:
        return None
    return {**args, "relax": False}, (
        "the compound at its estimated geometry without relaxation (elemental references unchanged)"
    )


formation_energy_tool = make_tool(
    "formation_energy",
    formation_energy,
    FormationInput,
    ["emt", "chgnet", "sevennet"],
    sensitivity=unrelaxed_compound,
)
