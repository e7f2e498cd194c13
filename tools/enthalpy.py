"""enthalpy_vs_pressure: H(P) = E + PV per structure from each prototype's fitted equation of state,
the most stable structure at each pressure and the transition pressures between them.

Each prototype first gets its zero-pressure equilibrium (cubic prototypes with symmetry-fixed
positions: a batched volume scan; others: a full relaxation), then a wide volume scan from slightly
expanded down to the volume its bulk modulus predicts for the highest pressure asked. Cubic
prototypes are scaled only; the others have shape and positions relaxed at each fixed volume
(c/a of hcp or beta-tin changes under pressure), continuing from the previous volume. A pressure the
scanned window does not reach gets no enthalpy: the fit is never extrapolated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from tools import analysis
from tools.batch_energies import energies
from tools.call_context import SimResult, new_context, run_cached
from tools.definition import make_tool
from tools.enthalpy_fit import EnthalpyCurve, all_crossings, fit_curve
from tools.eos import best_volume, scaled, scan_many
from tools.errors import SimulationFailed, ToolInputError
from tools.prototypes import CUBIC_FIXED, normalise_prototype
from tools.relax import relax_atoms
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, USE_CACHE_FIELD
from tools.structures import build_bulk, validate

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context

B_PRIME = 4.0  # pressure derivative of B assumed to size the window (Murnaghan); the fit does not use it
WINDOW_MARGIN = 0.04  # the window reaches 4 % below the predicted volume, and 4 % above V0
MAX_COMPRESSION = 0.55  # never scan below this fraction of V0: BM-3 is not trusted past ~45 % compression
EXTENSIONS = 2  # rescans of a window whose fit fell short of the highest pressure
FIXED_VOLUME_FMAX = 0.01  # eV/angstrom (and the filter's stress equivalent) at each fixed volume


class EnthalpyInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    formula: str = Field(min_length=1, max_length=40, description="Chemical formula, e.g. 'Si', 'NaCl'.")
    prototypes: list[str] = Field(
        min_length=1, max_length=8,  # at least two different ones, checked after normalising names
        description="Two or more structures to compare, e.g. ['diamond', 'betatin'] or ['rocksalt', 'cesiumchloride'].",
    )  # fmt: skip
    pressures_gpa: list[float] = Field(
        min_length=1, max_length=20,
        description="Pressures (GPa, 0-300) at which to report the enthalpies and the most stable structure; "
        "transitions are searched from 0 up to the largest.",
    )  # fmt: skip
    calculator: str = CALCULATOR_FIELD
    n_points: int = Field(12, ge=7, le=30, description="Volumes in each structure's fitted scan.")
    use_cache: bool = USE_CACHE_FIELD


class PhaseEnthalpy(BaseModel):
    prototype: str
    method: str = Field(description="How each volume was evaluated.")
    v0_a3: float = Field(description="Zero-pressure volume per atom of the fit, angstrom^3.")
    e0_ev: float = Field(description="Energy per atom at v0, eV.")
    bulk_modulus_gpa: float
    fit_residual_ev: float = Field(description="RMS deviation of the BM fit, eV/atom.")
    pressure_window_gpa: tuple[float, float] = Field(description="Pressures the scanned volumes reach.")
    enthalpies_ev: list[float | None] = Field(
        description="H per atom at each requested pressure; null outside the window."
    )
    volumes_a3: list[float | None] = Field(description="Volume per atom at each requested pressure.")
    scan_volumes_a3: list[float]
    scan_energies_ev: list[float]
    structure_id: str = Field(description="The structure at its zero-pressure equilibrium.")


class PressurePoint(BaseModel):
    pressure_gpa: float
    most_stable: str | None = Field(description="Lowest enthalpy among the structures with a value here.")
    margin_ev: float | None = Field(description="Enthalpy of the runner-up minus the lowest, eV/atom.")
    missing: list[str] = Field(description="Structures whose window does not reach this pressure.")


class Transition(BaseModel):
    below: str = Field(description="Structure with the lower enthalpy below the transition.")
    above: str = Field(description="Structure with the lower enthalpy above it.")
    pressure_gpa: float
    volume_below_a3: float = Field(description="Volume per atom of `below` at the transition.")
    volume_above_a3: float = Field(description="Volume per atom of `above` at the transition.")


class PairSearch(BaseModel):
    first: str
    second: str
    searched_up_to_gpa: float
    transitions_gpa: list[float]
    note: str


class EnthalpyResult(SimResult):
    formula: str
    pressures_gpa: list[float]
    phases: list[PhaseEnthalpy]
    points: list[PressurePoint]
    transitions: list[Transition]
    pairs: list[PairSearch]


def _equilibria(
    cands: dict[str, Atoms], info: CalculatorInfo, ctx: Context
) -> dict[str, tuple[Atoms, float | None]]:
    """Per prototype: the zero-pressure structure and its bulk modulus (None: not yet known)."""
    out: dict[str, tuple[Atoms, float | None]] = {}
    cubic = [p for p in cands if p in CUBIC_FIXED]
    if cubic:
        fits = scan_many([cands[p] for p in cubic], info, ctx, 7, 0.06, relax_positions=False)
        out |= {p: (scaled(cands[p], f.v0), f.b_gpa) for p, f in zip(cubic, fits, strict=True)}
    for p in (p for p in cands if p not in CUBIC_FIXED):
        r = relax_atoms(
            best_volume(cands[p], info, ctx), info, ctx, 0.01, 400, relax_cell=True, optimizer="LBFGS"
        )
        if not r.converged:
            ctx.warnings.append(
                f"not converged: zero-pressure relaxation of {p} stopped after {r.steps} steps"
            )
        r.atoms.calc = None
        out[p] = (r.atoms, None)
    return out


def _window(v0: float, b_gpa: float, p_top: float, n: int) -> list[float]:
    """Volumes from the Murnaghan estimate of V(p_top) (less a margin) up to just above V0."""
    import numpy as np

    ratio = (1.0 + B_PRIME * p_top / max(b_gpa, 1.0)) ** (-1.0 / B_PRIME)
    lo = max(MAX_COMPRESSION, ratio * (1.0 - WINDOW_MARGIN))
    return [float(v) for v in np.linspace(v0 * lo, v0 * (1.0 + WINDOW_MARGIN), n)]


def _fixed_volume_scan(
    start: Atoms, vols: list[float], info: CalculatorInfo, ctx: Context, proto: str
) -> tuple[list[float], list[float]]:
    """Shape and positions relaxed at each volume, largest first, each from the previous shape.
    A point whose symmetry changed (e.g. beta-tin sliding back to diamond) is dropped."""
    from ase.filters import FrechetCellFilter
    from ase.optimize import LBFGS

    _, sg0 = analysis.spacegroup(start)
    kept_v, kept_e, work = [], [], start.copy()
    for v in sorted(vols, reverse=True):
        work = scaled(work, v)
        ctx.attach(work, info)
        target: Any = FrechetCellFilter(work, constant_volume=True)
        optimizer: Any = LBFGS  # ASE's stubs type the first argument as Atoms; a filter is accepted
        opt = optimizer(target, logfile=None)
        opt.attach(ctx.deadline.check, interval=1)
        if not opt.run(fmax=FIXED_VOLUME_FMAX, steps=300):
            ctx.warnings.append(f"not converged: {proto} shape relaxation at {v:.2f} Å³/atom")
        e = float(work.get_potential_energy()) / len(work)
        work.calc = None
        _, sg = analysis.spacegroup(work)
        if sg != sg0:
            ctx.warnings.append(
                f"{proto} changed symmetry (space group {sg0} -> {sg}) at {v:.2f} Å³/atom; point dropped"
            )
            work = scaled(start, v)
            continue
        kept_v.append(v)
        kept_e.append(e)
    return kept_v, kept_e


def _scan(
    protos: dict[str, tuple[Atoms, list[float]]], info: CalculatorInfo, ctx: Context
) -> dict[str, tuple[list[float], list[float]]]:
    """Energies per atom over each prototype's volumes (cubic ones in one batch)."""
    out: dict[str, tuple[list[float], list[float]]] = {}
    cubic = [p for p in protos if p in CUBIC_FIXED]
    flat = [scaled(protos[p][0], v) for p in cubic for v in protos[p][1]]
    es = energies(flat, info, ctx) if flat else []
    k = 0
    for p in cubic:
        atoms, vols = protos[p]
        out[p] = (vols, [e / len(atoms) for e in es[k : k + len(vols)]])
        k += len(vols)
    for p in (p for p in protos if p not in CUBIC_FIXED):
        out[p] = _fixed_volume_scan(protos[p][0], protos[p][1], info, ctx, p)
    return out


def _curves(
    eq: dict[str, tuple[Atoms, float | None]], p_top: float, n: int, info: CalculatorInfo, ctx: Context
) -> dict[str, tuple[EnthalpyCurve, list[float], list[float]]]:
    """Fit each prototype's window; rescan those whose window falls short of ``p_top``."""
    b_guess = {p: b for p, (_, b) in eq.items() if b is not None}
    default_b = min(b_guess.values()) if b_guess else 100.0  # a soft guess scans wider, which is safe
    todo = {p: _window(abs(a.cell.volume) / len(a), b or default_b, p_top, n) for p, (a, b) in eq.items()}
    done: dict[str, tuple[EnthalpyCurve, list[float], list[float]]] = {}
    for _ in range(EXTENSIONS + 1):
        scans = _scan({p: (eq[p][0], vols) for p, vols in todo.items()}, info, ctx)
        retry: dict[str, list[float]] = {}
        for p, (vols, es) in scans.items():
            curve = fit_curve(vols, es)
            done[p] = (curve, vols, es)
            v0 = abs(eq[p][0].cell.volume) / len(eq[p][0])
            if curve.p_range[1] < p_top and min(vols) > v0 * MAX_COMPRESSION * 1.01:
                b = _bulk_modulus(curve, v0)
                retry[p] = _window(v0, 0.75 * b, p_top, n)  # softer than fitted: reach further
        if not retry:
            break
        todo = retry
    return done


def _bulk_modulus(curve: EnthalpyCurve, v: float) -> float:
    h = 1e-3 * v
    return -v * (curve.pressure_gpa(v + h) - curve.pressure_gpa(v - h)) / (2 * h)


def _zero_pressure_volume(curve: EnthalpyCurve) -> float:
    v = curve.volume_at(0.0)
    if v is None:
        raise SimulationFailed("the fitted window does not contain the zero-pressure volume")
    return v


def _phase(
    p: str,
    fitted: tuple[EnthalpyCurve, list[float], list[float]],
    atoms: Atoms,
    pressures: list[float],
    ctx: Context,
) -> dict[str, Any]:
    curve, vols, es = fitted
    v0 = _zero_pressure_volume(curve)
    lo, hi = curve.p_range
    cubic = p in CUBIC_FIXED
    return {
        "prototype": p,
        "method": "volume scan, cell scaled (positions fixed by symmetry)"
        if cubic
        else "volume scan, cell shape and positions relaxed at each volume",
        "v0_a3": round(v0, 5),
        "e0_ev": round(curve.energy(v0), 6),
        "bulk_modulus_gpa": round(_bulk_modulus(curve, v0), 3),
        "fit_residual_ev": round(curve.residual_ev, 8),
        "pressure_window_gpa": (round(lo, 3), round(hi, 3)),
        "enthalpies_ev": [None if (h := curve.enthalpy(x)) is None else round(h, 6) for x in pressures],
        "volumes_a3": [None if (w := curve.volume_at(x)) is None else round(w, 5) for x in pressures],
        "scan_volumes_a3": [round(v, 5) for v in vols],
        "scan_energies_ev": [round(e, 6) for e in es],
        "structure_id": ctx.save(scaled(atoms, v0)),
    }


def _points(phases: list[dict[str, Any]], pressures: list[float]) -> list[dict[str, Any]]:
    out = []
    for i, p in enumerate(pressures):
        hs = {ph["prototype"]: ph["enthalpies_ev"][i] for ph in phases}
        have = sorted((h, name) for name, h in hs.items() if h is not None)
        out.append({
            "pressure_gpa": p,
            "most_stable": have[0][1] if have else None,
            "margin_ev": round(have[1][0] - have[0][0], 6) if len(have) > 1 else None,
            "missing": [name for name, h in hs.items() if h is None],
        })  # fmt: skip
    return out


def _pairs(curves: dict[str, EnthalpyCurve]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    found, limits = all_crossings(curves, 0.0)
    pairs = []
    for (a, b), top in limits.items():
        ps = [c.pressure_gpa for c in found if {c.below, c.above} == {a, b}]
        note = (
            f"H({a}) = H({b}) at " + ", ".join(f"{x:.2f}" for x in ps) + " GPa"
            if ps else f"none below {top:.1f} GPa (the highest pressure both fitted windows reach)"
        )  # fmt: skip
        pairs.append({"first": a, "second": b, "searched_up_to_gpa": round(top, 3),
                      "transitions_gpa": [round(x, 3) for x in ps], "note": note})  # fmt: skip
    transitions = [
        {"below": c.below, "above": c.above, "pressure_gpa": round(c.pressure_gpa, 3),
         "volume_below_a3": round(curves[c.below].volume_at(c.pressure_gpa) or 0.0, 5),
         "volume_above_a3": round(curves[c.above].volume_at(c.pressure_gpa) or 0.0, 5)}
        for c in found
    ]  # fmt: skip
    return transitions, pairs


def enthalpy_vs_pressure(params: EnthalpyInput, settings: ToolSettings) -> EnthalpyResult:
    """Enthalpy H = E + PV per atom of several crystal structures (prototypes) of one formula at the
    given pressures, from each structure's Birch-Murnaghan equation of state fitted over a volume
    window that reaches the highest pressure asked (never extrapolated: a pressure outside a window
    gets null). Returns per structure the enthalpies and volumes at each pressure, the most stable
    structure and its margin at each pressure, and the transition pressures where two structures'
    enthalpies cross between 0 and the largest pressure (or 'none below X GPa')."""
    if any(not 0.0 <= p <= 300.0 for p in params.pressures_gpa):
        raise ToolInputError("pressures_gpa must lie between 0 and 300 GPa")
    ctx = new_context(settings)
    protos = list(dict.fromkeys(normalise_prototype(p) for p in params.prototypes))
    if len(protos) < 2:
        raise ToolInputError("give at least two different prototypes to compare")
    cands = {p: build_bulk(params.formula, p, None, None) for p in protos}
    for atoms in cands.values():
        validate(atoms, ctx.settings.simulation.max_atoms)
    first = next(iter(cands.values()))
    info = ctx.calculator(params.calculator, first)
    pressures = sorted(set(float(p) for p in params.pressures_gpa))
    parameters = {"formula": params.formula, "prototypes": protos, "pressures_gpa": pressures,
                  "n_points": params.n_points, "eos": "birch-murnaghan-3"}  # fmt: skip

    def compute() -> dict[str, Any]:
        eq = _equilibria(cands, info, ctx)
        fitted = _curves(eq, max(max(pressures), 1.0), params.n_points, info, ctx)
        phases = [_phase(p, fitted[p], eq[p][0], pressures, ctx) for p in protos]
        transitions, pairs = _pairs({p: fitted[p][0] for p in protos})
        warnings = [
            f"{ph['prototype']}: the fitted volume window reaches only {ph['pressure_window_gpa'][1]:.1f} GPa; "
            "no enthalpy is given above it (outside the fitted range, not extrapolated)"
            for ph in phases if ph["pressure_window_gpa"][1] < max(pressures)
        ]  # fmt: skip
        return {"formula": params.formula, "pressures_gpa": pressures, "phases": phases,
                "points": _points(phases, pressures), "transitions": transitions, "pairs": pairs,
                "warnings": warnings}  # fmt: skip

    return EnthalpyResult(
        **run_cached("enthalpy_vs_pressure", ctx, first, info, parameters, compute, params.use_cache)
    )


def denser_scan(args: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Stress-test variant: half again as many volumes per window. A transition resting on a thin
    fit moves; a sound one does not."""
    n = min(30, max(18, int(args.get("n_points") or 12) + 6))
    return {**args, "n_points": n}, f"denser volume scans ({n} volumes per structure)"


enthalpy_vs_pressure_tool = make_tool(
    "enthalpy_vs_pressure",
    enthalpy_vs_pressure,
    EnthalpyInput,
    ["emt", "chgnet", "sevennet"],
    sensitivity=denser_scan,
)
