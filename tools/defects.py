"""vacancy_formation_energy, substitution_energy and interstitial_energy: point defects in
supercells of increasing size.

E_f(vacancy) = E(defect, N-1) - E(bulk, N) + mu_X, E(substitution) = E(defect) - E(bulk) + mu_host
- mu_dopant and E(interstitial) = E(defect, N+1) - E(bulk, N) - mu_X. For an element, mu_X = E(bulk)/N, so E_f = E(N-1) - (N-1)/N E(N). For a compound
the chemical potentials are the elemental references of the same calculator (element-rich limit),
as in formation_energy. The defect cells are relaxed at fixed volume (ions only: the constant-
volume formation energy, which converges to the constant-pressure one as the supercell grows),
and every size is reported so the convergence is visible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tools.call_context import SimResult, new_context, run_cached
from tools.definition import make_tool
from tools.errors import ToolInputError
from tools.ground_state import relaxed_crystal, standardized
from tools.relax import relax_atoms
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context

DEFECT_FMAX = 0.01
DEFECT_STEPS = 500
# Grid divisions per cell vector for the void search: divisible by 2, 3, 4, 6 and 8.
VOID_GRID = 24
DefectKind = Literal["vacancy", "substitution", "interstitial"]


class _DefectInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC + " The perfect crystal.")
    calculator: str = CALCULATOR_FIELD
    supercell_atoms: list[int] = Field(
        [32, 64, 108],
        min_length=1,
        max_length=5,
        description="Approximate atom counts of the near-cubic supercells to compute, ascending "
        "(e.g. [32, 64, 108] for fcc); the largest gives the reported value.",
    )
    tolerance_ev: float = Field(
        0.05, gt=0, le=1, description="Converged when the two largest supercells agree within this (eV)."
    )
    relax: bool = Field(True, description="Relax the ions around the defect (at fixed cell).")
    use_cache: bool = USE_CACHE_FIELD


class VacancyInput(_DefectInput):
    element: str | None = Field(
        None, description="Element whose atom is removed; null for the first element of the formula."
    )


class SubstitutionInput(_DefectInput):
    host: str | None = Field(None, description="Element replaced; null for the first element of the formula.")
    dopant: str = Field(min_length=1, max_length=3, description="Element put on the host site, e.g. 'Ni'.")


class InterstitialInput(_DefectInput):
    element: str | None = Field(
        None,
        description="Element of the interstitial atom; null for the first element of the formula (self-interstitial).",
    )


class SizePoint(BaseModel):
    n_atoms: int = Field(description="Atoms in the perfect supercell.")
    energy_ev: float = Field(description="Defect energy with this supercell.")
    unrelaxed_energy_ev: float = Field(description="The same without ion relaxation.")
    relaxation_converged: bool


class DefectResult(SimResult):
    defect: str = Field(description="What was computed, e.g. 'vacancy on Cu'.")
    energy_ev: float = Field(description="Defect energy from the largest supercell.")
    converged: bool = Field(description="True when the two largest supercells agree within tolerance_ev.")
    last_change_ev: float | None = Field(description="Change between the two largest supercells.")
    series: list[SizePoint] = Field(description="Defect energy per supercell size, ascending.")
    chemical_potentials: dict[str, float] = Field(description="mu per element used, eV/atom.")
    reference: str = Field(description="Where the chemical potentials come from.")
    bulk_energy_per_atom_ev: float
    bulk_structure_id: str
    defect_structure_id: str = Field(description="Relaxed defect cell of the largest supercell.")


def supercells(prim: Atoms, targets: list[int]) -> list[Atoms]:
    """Near-cubic supercells of ``prim`` with about ``targets`` atoms each (duplicates dropped)."""
    import numpy as np
    from ase.build import find_optimal_cell_shape, make_supercell

    out: list[Atoms] = []
    for n in sorted(targets):
        k = max(1, round(n / len(prim)))
        p = np.eye(3, dtype=int) if k == 1 else find_optimal_cell_shape(prim.cell, k, "sc")
        cell = make_supercell(prim, p)
        if all(len(cell) != len(o) for o in out):
            out.append(cell)
    return out


def _site(atoms: Atoms, element: str | None) -> tuple[int, str]:
    symbols = atoms.get_chemical_symbols()
    element = element or symbols[0]
    if element not in symbols:
        raise ToolInputError(
            f"no {element} in {atoms.get_chemical_formula()}; elements: {', '.join(sorted(set(symbols)))}"
        )
    return symbols.index(element), element


def _energy(atoms: Atoms, info: CalculatorInfo, ctx: Context, relax: bool) -> tuple[float, float, bool]:
    """(unrelaxed, relaxed, converged) energies of a defect cell."""
    from tools.call_context import checked_energy

    work = ctx.attach(atoms.copy(), info)
    e0 = checked_energy(work, info)
    if not relax:
        return e0, e0, True
    r = relax_atoms(work, info, ctx, DEFECT_FMAX, DEFECT_STEPS, relax_cell=False, optimizer="LBFGS")
    return e0, r.energy, r.converged


def _mu(
    symbol: str, bulk: Atoms, e_pa: float, info: CalculatorInfo, ctx: Context, use_cache: bool
) -> tuple[float, str]:
    if set(bulk.get_chemical_symbols()) == {symbol}:
        return e_pa, f"{symbol}: the perfect crystal itself (energy per atom)"
    from tools.formation import reference_energy

    ref = reference_energy(symbol, info, ctx, use_cache)
    return ref.energy_per_atom_ev, f"{symbol}: {ref.reference}"


def largest_void(atoms: Atoms) -> tuple[Any, float]:
    """(Cartesian point farthest from every atom, that distance): the largest empty site of the
    cell (octahedral in fcc, tetrahedral in bcc), on a 24^3 grid that contains the high-symmetry
    fractions 1/2, 1/3, 1/4, 1/6, 1/8."""
    import numpy as np
    from ase.geometry import get_distances

    g = np.arange(VOID_GRID) / VOID_GRID
    frac = np.stack(np.meshgrid(g, g, g, indexing="ij"), axis=-1).reshape(-1, 3)
    points = frac @ atoms.cell.array
    _, d = get_distances(points, atoms.positions, cell=atoms.cell, pbc=True)
    nearest = d.min(axis=1)
    best = int(nearest.argmax())
    return points[best], float(nearest[best])


def _apply(cell: Atoms, kind: DefectKind, index: int, species: str, point: Any) -> Atoms:
    from ase import Atom

    defect = cell.copy()
    if kind == "vacancy":
        del defect[index]
    elif kind == "substitution":
        defect[index].symbol = species
    else:
        defect.append(Atom(species, point))
        defect.wrap()
    return defect


def defect_series(
    atoms: Atoms,
    info: CalculatorInfo,
    ctx: Context,
    params: _DefectInput,
    kind: DefectKind,
    site: str | None,
    species: str | None,
) -> dict[str, Any]:
    """Relax the bulk, then make the defect in each supercell: a vacancy on ``site``, ``species``
    substituted on ``site``, or a ``species`` interstitial in the largest void. The chemical
    potentials enter as E_f = E(defect) - E(bulk) + sum over atoms removed - sum over atoms added."""
    bulk, e_pa, _ = relaxed_crystal(standardized(atoms), info, ctx)
    index, host = _site(bulk, site)
    added = species or host
    counts = {"vacancy": {host: 1}, "substitution": {host: 1, added: -1}, "interstitial": {added: -1}}[kind]
    mus = {el: _mu(el, bulk, e_pa, info, ctx, params.use_cache) for el in counts}
    shift = sum(n * mus[el][0] for el, n in counts.items())
    point, clearance = largest_void(bulk) if kind == "interstitial" else (None, 0.0)
    series, last = [], None
    for cell in supercells(bulk, params.supercell_atoms):
        ctx.deadline.check()
        e_bulk = _energy(cell, info, ctx, relax=False)[0]
        defect = _apply(cell, kind, index, added, point)
        e_unrelaxed, e_relaxed, ok = _energy(defect, info, ctx, params.relax)
        series.append({
            "n_atoms": len(cell),
            "energy_ev": round(e_relaxed - e_bulk + shift, 5),
            "unrelaxed_energy_ev": round(e_unrelaxed - e_bulk + shift, 5),
            "relaxation_converged": ok,
        })  # fmt: skip
        last = defect
    out = _summary(series, params.tolerance_ev, mus, bulk, e_pa, last, ctx)
    if kind == "interstitial":
        out["warnings"].append(
            f"interstitial placed at the largest void ({clearance:.2f} angstrom from the nearest atom) and "
            "relaxed from there; other configurations (e.g. split dumbbells) were not searched"
        )
    return out


def _summary(
    series: list[dict[str, Any]],
    tol: float,
    mus: dict[str, tuple[float, str]],
    bulk: Atoms,
    e_pa: float,
    last: Atoms | None,
    ctx: Context,
) -> dict[str, Any]:
    change = series[-1]["energy_ev"] - series[-2]["energy_ev"] if len(series) > 1 else None
    warnings = []
    if change is None:
        warnings.append("one supercell size only: convergence with size not checked")
    elif abs(change) > tol:
        warnings.append(
            f"not converged with supercell size: changed {change:+.3f} eV between {series[-2]['n_atoms']} "
            f"and {series[-1]['n_atoms']} atoms (tolerance {tol:g} eV); use larger supercells"
        )
    if not all(p["relaxation_converged"] for p in series):
        warnings.append("not converged: an ion relaxation around the defect stopped before fmax")
    if last is not None:
        last.calc = None
    return {
        "energy_ev": series[-1]["energy_ev"],
        "converged": change is not None and abs(change) <= tol,
        "last_change_ev": None if change is None else round(change, 5),
        "series": series,
        "chemical_potentials": {k: round(v[0], 6) for k, v in mus.items()},
        "reference": "; ".join(v[1] for v in mus.values()),
        "bulk_energy_per_atom_ev": round(e_pa, 6),
        "bulk_structure_id": ctx.save(bulk),
        "defect_structure_id": ctx.save(last) if last is not None else "",
        "warnings": warnings,
    }


def _run(
    tool: str,
    params: _DefectInput,
    kind: DefectKind,
    site: str | None,
    species: str | None,
    label: str,
    settings: ToolSettings,
) -> DefectResult:
    ctx = new_context(settings)
    atoms = ctx.atoms(params.structure)
    if not atoms.pbc.all():
        raise ToolInputError(f"{tool} needs a periodic crystal, not a molecule")
    probe = atoms.copy()
    if species:
        probe[0].symbol = species  # the calculator must treat the added element too
    info = ctx.calculator(params.calculator, probe)
    parameters = params.model_dump(exclude={"structure", "calculator", "use_cache"})

    def compute() -> dict[str, Any]:
        return {"defect": label, **defect_series(atoms, info, ctx, params, kind, site, species)}

    return DefectResult(**run_cached(tool, ctx, atoms, info, parameters, compute, params.use_cache))


def vacancy_formation_energy(params: VacancyInput, settings: ToolSettings) -> DefectResult:
    """Vacancy formation energy (eV) of a crystal: E_f = E(N-1) - E(N) + mu, with mu the energy per atom
    of the crystal for an element (E(N-1) - (N-1)/N E(N)) or the elemental reference for a compound.
    The ions around the vacancy are relaxed at fixed cell; supercells of increasing size are reported
    (series) with a warning when the two largest differ by more than tolerance_ev."""
    symbols = parse_symbols(params.structure)
    element = params.element or (symbols[0] if symbols else None)
    return _run(
        "vacancy_formation_energy",
        params,
        "vacancy",
        element,
        None,
        f"vacancy on {element or 'the first site'}",
        settings,
    )


def substitution_energy(params: SubstitutionInput, settings: ToolSettings) -> DefectResult:
    """Energy (eV) of replacing one host atom of a crystal by a dopant element: E(defect) - E(bulk) +
    mu_host - mu_dopant, chemical potentials from the same calculator (the crystal itself for an
    elemental host; elemental reference crystals or dimers otherwise). Ions relaxed at fixed cell;
    supercells of increasing size are reported with a warning when not converged within tolerance_ev."""
    from ase.data import atomic_numbers

    if params.dopant not in atomic_numbers:
        raise ToolInputError(f"unknown dopant element {params.dopant!r}")
    symbols = parse_symbols(params.structure)
    host = params.host or (symbols[0] if symbols else None)
    return _run(
        "substitution_energy",
        params,
        "substitution",
        host,
        params.dopant,
        f"{params.dopant} on a {host or 'host'} site",
        settings,
    )


def interstitial_energy(params: InterstitialInput, settings: ToolSettings) -> DefectResult:
    """Formation energy (eV) of an interstitial atom in a crystal: E(N+1) - E(N) - mu_X, with mu_X the
    energy per atom of the crystal for a self-interstitial or of the element's reference (same
    calculator) otherwise. The atom is put in the largest void (octahedral site in fcc) and the ions
    relaxed at fixed cell; other configurations such as split dumbbells are not searched. Supercells
    of increasing size are reported with a warning when not converged within tolerance_ev."""
    from ase.data import atomic_numbers

    symbols = parse_symbols(params.structure)
    element = params.element or (symbols[0] if symbols else None)
    if element is not None and element not in atomic_numbers:
        raise ToolInputError(f"unknown interstitial element {element!r}")
    host = symbols[0] if symbols else None
    label = f"{element or 'self'} interstitial at the largest void"
    return _run("interstitial_energy", params, "interstitial", host, element, label, settings)


def parse_symbols(spec: StructureSpec) -> list[str]:
    """Elements of a formula spec in formula order (empty for other specs: the cell decides)."""
    if spec.formula:
        from tools.structures import parse_formula

        return list(parse_formula(spec.formula))
    return []


vacancy_formation_energy_tool = make_tool(
    "vacancy_formation_energy", vacancy_formation_energy, VacancyInput, ["emt", "chgnet", "sevennet"]
)
interstitial_energy_tool = make_tool(
    "interstitial_energy", interstitial_energy, InterstitialInput, ["emt", "chgnet", "sevennet"]
)
substitution_energy_tool = make_tool(
    "substitution_energy", substitution_energy, SubstitutionInput, ["emt", "chgnet", "sevennet"]
)
