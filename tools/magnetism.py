"""magnetic_moments: per-site magnetic moments predicted by the calculator, and a ferromagnetic vs
non-magnetic energy comparison only where the calculator takes a spin state as input.

CHGNet predicts site moments as a readout of its charge-informed features (trained on the
magnitudes of MPtrj's DFT moments) but its energy does not depend on a spin input: it cannot
compare spin states, and its moments carry no sign, so ferro- and antiferromagnetic order are
not told apart. The result says so instead of inventing a comparison.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from tools.call_context import SimResult, checked_energy, new_context, run_cached
from tools.definition import make_tool
from tools.errors import SimulationFailed, ToolInputError, UnsupportedCalculator
from tools.ground_state import relaxed_crystal, standardized
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context

NO_SPIN_INPUT = (
    "{name} takes no spin state as input (its energy does not depend on initial moments), so a "
    "ferromagnetic vs non-magnetic energy comparison is not possible with it"
)
UNSIGNED = (
    "{name} predicts magnitudes of site moments, so ferro- and antiferromagnetic order are not distinguished"
)


class MagnetismInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC + " Must be a crystal.")
    calculator: str = CALCULATOR_FIELD
    relax: bool = Field(True, description="Relax the crystal (cell and positions) before predicting moments.")
    threshold_mu_b: float = Field(
        0.1, gt=0, le=2, description="A site with a moment above this (Bohr magnetons) counts as magnetic."
    )
    initial_moment_mu_b: float = Field(
        2.0,
        gt=0,
        le=7,
        description="Initial moment per atom of the ferromagnetic state, where spin is an input.",
    )
    use_cache: bool = USE_CACHE_FIELD


class SiteMoment(BaseModel):
    index: int
    element: str
    moment_mu_b: float


class SpinComparison(BaseModel):
    ferromagnetic_energy_per_atom_ev: float
    nonmagnetic_energy_per_atom_ev: float
    delta_ev_per_atom: float = Field(description="E(non-magnetic) - E(ferromagnetic); positive favours FM.")


class MagnetismResult(SimResult):
    sites: list[SiteMoment]
    total_moment_mu_b: float = Field(
        description="Sum of site moments per cell (of magnitudes when unsigned)."
    )
    moment_per_atom_mu_b: float
    mean_moment_by_element: dict[str, float] = Field(
        description="Mean site moment per element, Bohr magnetons."
    )
    magnetic: bool = Field(description="Some site's moment exceeds threshold_mu_b.")
    signed: bool = Field(description="False when the calculator predicts magnitudes only.")
    spin_comparison: SpinComparison | None = Field(description="FM vs NM energies; null when unsupported.")
    notes: list[str] = Field(description="Limits of what this calculator can say about magnetism.")
    structure_id: str


def site_moments(atoms: Atoms, info: CalculatorInfo, ctx: Context) -> list[float]:
    import numpy as np

    work = ctx.attach(atoms.copy(), info)
    checked_energy(work, info)
    raw = work.calc.results.get("magmoms") if work.calc is not None else None
    if raw is None:
        raw = work.get_magnetic_moments()
    moments = np.asarray(raw, float).reshape(-1)
    if len(moments) != len(atoms) or not np.isfinite(moments).all():
        raise SimulationFailed(f"{info.name} returned no usable magnetic moments")
    return [float(m) for m in moments]


def spin_comparison(atoms: Atoms, info: CalculatorInfo, ctx: Context, moment: float) -> dict[str, float]:
    fm, nm = atoms.copy(), atoms.copy()
    fm.set_initial_magnetic_moments([moment] * len(atoms))
    nm.set_initial_magnetic_moments([0.0] * len(atoms))
    e_fm = checked_energy(ctx.attach(fm, info), info) / len(atoms)
    e_nm = checked_energy(ctx.attach(nm, info), info) / len(atoms)
    return {
        "ferromagnetic_energy_per_atom_ev": round(e_fm, 6),
        "nonmagnetic_energy_per_atom_ev": round(e_nm, 6),
        "delta_ev_per_atom": round(e_nm - e_fm, 6),
    }


def compute_moments(
    atoms: Atoms, info: CalculatorInfo, ctx: Context, params: MagnetismInput
) -> dict[str, Any]:
    crystal = relaxed_crystal(standardized(atoms), info, ctx)[0] if params.relax else atoms.copy()
    moments = site_moments(crystal, info, ctx)
    symbols = crystal.get_chemical_symbols()
    by_element = {
        s: [m for m, t in zip(moments, symbols, strict=True) if t == s] for s in dict.fromkeys(symbols)
    }
    notes = [] if info.takes_spin else [NO_SPIN_INPUT.format(name=info.name)]
    if not info.magmoms_signed:
        notes.append(UNSIGNED.format(name=info.name))
    total = sum(moments)
    crystal.calc = None
    return {
        "sites": [
            {"index": i, "element": s, "moment_mu_b": round(m, 4)}
            for i, (s, m) in enumerate(zip(symbols, moments, strict=True))
        ],
        "total_moment_mu_b": round(total, 4),
        "moment_per_atom_mu_b": round(total / len(moments), 4),
        "mean_moment_by_element": {s: round(sum(v) / len(v), 4) for s, v in by_element.items()},
        "magnetic": max(abs(m) for m in moments) > params.threshold_mu_b,
        "signed": info.magmoms_signed,
        "spin_comparison": spin_comparison(crystal, info, ctx, params.initial_moment_mu_b)
        if info.takes_spin
        else None,
        "notes": notes,
        "structure_id": ctx.save(crystal),
    }


def magnetic_moments(params: MagnetismInput, settings: ToolSettings) -> MagnetismResult:
    """Magnetic moments of a crystal predicted by the calculator (CHGNet): per site, per element and in
    total (Bohr magnetons), and whether it is magnetic. A ferromagnetic vs non-magnetic energy comparison
    is made only with calculators that take spin as input; otherwise spin_comparison is null and the
    notes say why (CHGNet takes no spin input and predicts unsigned moments)."""
    ctx = new_context(settings)
    atoms = ctx.atoms(params.structure)
    if not atoms.pbc.all():
        raise ToolInputError("magnetic_moments needs a periodic crystal, not a molecule")
    info = ctx.calculator(params.calculator, atoms)
    if not info.predicts_magmoms:
        from tools.calculators import registry

        able = [n for n, c in registry().items() if c.predicts_magmoms]
        raise UnsupportedCalculator(
            f"{info.name} predicts no magnetic moments; calculators that do: {', '.join(able) or 'none'}"
        )
    parameters = params.model_dump(exclude={"structure", "calculator", "use_cache"})

    def compute() -> dict[str, Any]:
        return compute_moments(atoms, info, ctx, params)

    return MagnetismResult(
        **run_cached("magnetic_moments", ctx, atoms, info, parameters, compute, params.use_cache)
    )


magnetic_moments_tool = make_tool("magnetic_moments", magnetic_moments, MagnetismInput, ["chgnet"])
