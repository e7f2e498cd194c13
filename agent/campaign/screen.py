"""The cheap screen: every structure the candidates need, volume-scanned (Birch-Murnaghan fit at
fixed symmetric positions; hcp and wurtzite at their ideal c/a and u), every round of the scans
of all structures in one calculator call (CHGNet batches its graphs, tools/batch_energies.py;
agent/campaign/scan.py); a figure per candidate relative to the goal, higher is better. The full
stress test of the top K relaxes properly."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agent.campaign.models import ScreenStats
from agent.language import lexicon as lx
from agent.language.specs import PolymorphClaim, PropertyComparisonClaim, PropertyValueClaim
from agent.language.specs_reference import PropertyProximityClaim

if TYPE_CHECKING:
    from agent.settings import Settings

Key = tuple[str, str]  # (formula, prototype)
# Differences below these are within the screen's fitting precision: the pair is a tie.
RESOLUTION = {"meV/atom": 1.0, "GPa": 1.0, "Å": 0.002, "%": 0.05, "D": 0.01, "eV": 0.01, "verdict": 0.05}
_UNITS = {"bulk_modulus": "GPa", "lattice_constant": "Å"}


@dataclass(frozen=True)
class Point:
    """One screened structure."""

    energy_ev: float  # per atom, at the fitted minimum (or the lowest scanned point, see `fitted`)
    bulk_modulus_gpa: float | None
    lattice_a: float | None
    fitted: bool = True  # False: the EOS fit failed; the lowest energy the scan saw


@dataclass(frozen=True)
class ScreenPlan:
    """What one candidate needs screened and how its figure follows from the points."""

    needs: list[Key]
    figure: Callable[[dict[Key, Point]], float]
    unit: str
    basis: str


def plan_for(spec: Any, own_only: bool = False) -> ScreenPlan | None:
    """The screen of a typed claim spec, or None when no cheap screen exists for its kind.
    ``own_only``: the figure is the first material's property (an extreme goal ranks members)."""
    sign = -1.0 if getattr(spec, "negated", False) else 1.0
    if isinstance(spec, PolymorphClaim):
        g = (spec.formula, spec.ground)
        others = [(spec.formula, o) for o in spec.others]
        word = lx.PROTOTYPE_WORDS.get(spec.ground, spec.ground)
        return ScreenPlan([g, *others], lambda t: sign * 1000 * (min(t[o].energy_ev for o in others) - t[g].energy_ev),
                          "meV/atom", f"best competitor's energy minus the {word} energy")  # fmt: skip
    if isinstance(spec, PropertyComparisonClaim):
        a, b = _key(spec.first), _key(spec.second)
        if a is None or b is None:
            return None
        s = sign * (1.0 if spec.relation == "greater" else -1.0)
        unit, word = _UNITS[spec.property], spec.property.replace("_", " ")
        if own_only:
            return ScreenPlan([a], lambda t: s * _prop(t[a], spec.property), unit, f"computed {word}" + ("" if s > 0 else " (negated: smaller is better)"))  # fmt: skip
        return ScreenPlan([a, b], lambda t: s * (_prop(t[a], spec.property) - _prop(t[b], spec.property)), unit,
                          f"{word} of {a[0]} minus that of {b[0]}" + ("" if s > 0 else ", negated"))  # fmt: skip
    if isinstance(spec, PropertyValueClaim):
        return _value_plan(spec, sign)
    if isinstance(spec, PropertyProximityClaim):
        return _proximity_plan(spec, sign)
    return None


def _proximity_plan(spec: PropertyProximityClaim, sign: float) -> ScreenPlan | None:
    """The candidate's own distance to the target, smaller is better (a reference material is
    scanned in the same batch with the same calculator, so a shared systematic error cancels in
    the ratio); 'within N %': the margin inside the tolerance, positive when within."""
    k = _key(spec.material)
    ref = _key(spec.reference) if spec.reference is not None else None
    if k is None or (spec.reference is not None and ref is None) or spec.property not in _UNITS:
        return None
    p, word = spec.property, spec.property.replace("_", " ")
    if ref is None:
        v = spec.value or 0.0
        return ScreenPlan([k], lambda t: -sign * abs(_prop(t[k], p) - v), _UNITS[p],
                          f"minus the distance of the computed {word} to {v:g} {_UNITS[p]}")  # fmt: skip
    r = ref

    def off(t: dict[Key, Point]) -> float:  # the candidate's % difference from the reference's value
        return abs(100.0 * (_prop(t[k], p) / _prop(t[r], p) - 1.0))

    if spec.relation == "within":
        tol = spec.tolerance_pct or 0.0
        return ScreenPlan([k, r], lambda t: sign * (tol - off(t)), "%",
                          f"{tol:g} % minus the % difference of the {word} from that of {r[0]} (same run, same method)")  # fmt: skip
    return ScreenPlan([k, r], lambda t: -sign * off(t), "%",
                      f"minus the % difference of the {word} from that of {r[0]} (same run, same method)")  # fmt: skip


def _value_plan(spec: PropertyValueClaim, sign: float) -> ScreenPlan | None:
    k = _key(spec.material)
    if k is None or spec.property not in _UNITS:
        return None
    v, hi, rel = spec.value, spec.upper, spec.relation

    def fig(t: dict[Key, Point]) -> float:
        x = _prop(t[k], spec.property)
        if rel == "above":
            return sign * (x - v)
        if rel == "below":
            return sign * (v - x)
        if rel == "between" and hi is not None:
            return sign * min(x - v, hi - x)
        return -abs(x - v)

    return ScreenPlan(
        [k], fig, _UNITS[spec.property], f"margin of the computed {spec.property.replace('_', ' ')} to {v:g}"
    )


def _key(m: Any) -> Key | None:
    proto = m.prototype or lx.DEFAULT_PROTOTYPE.get(m.formula)
    return (m.formula, proto) if proto else None


def _prop(p: Point, prop: str) -> float:
    if prop == "bulk_modulus":
        if p.bulk_modulus_gpa is None:
            raise ValueError("no bulk modulus: the equation-of-state fit failed")
        return p.bulk_modulus_gpa
    if p.lattice_a is None or not p.fitted:
        raise ValueError("no cubic lattice constant" if p.fitted else "no lattice constant: the fit failed")
    return p.lattice_a


def can_screen(formula: str, calculator: str) -> bool:
    """Can ``calculator`` ('auto': CHGNet for crystals) treat every element of ``formula``?"""
    from ase.data import atomic_numbers

    from agent.language import mentions as mn
    from tools.calculators import registry

    name = "chgnet" if calculator == "auto" else calculator
    info = registry().get(name)
    numbers = [atomic_numbers[e] for e in mn.elements_of(formula)]
    return info is not None and bool(numbers) and info.can_treat(numbers, True)


def run_screen(keys: list[Key], settings: Settings, calculator: str = "auto",
               batched: bool = True) -> tuple[dict[Key, Point | str], ScreenStats]:  # fmt: skip
    """Screen every (formula, prototype) once; a structure that cannot be built or treated gets
    its one-line error instead of a point. ``batched=False`` scans them one by one (the
    benchmark's baseline)."""
    from tools.call_context import new_context
    from tools.structures import build_bulk

    t0 = time.perf_counter()
    ctx = new_context(settings.tool_settings())
    out: dict[Key, Point | str] = {}
    groups: dict[str, tuple[Any, list[tuple[Key, Any]]]] = {}
    for key in dict.fromkeys(keys):
        try:
            atoms = build_bulk(key[0], key[1], None, None)
            info = ctx.calculator(calculator, atoms)
        except Exception as e:  # noqa: BLE001 - every build/calculator error is this structure's result
            out[key] = _short(e)
            continue
        groups.setdefault(info.name, (info, []))[1].append((key, atoms))
    for info, items in groups.values():
        chunks = [items] if batched else [[it] for it in items]
        for chunk in chunks:
            out.update(_scan(chunk, info, ctx))
    names = "+".join(groups) or calculator
    return out, ScreenStats(calculator=names, structures=len(out), wall_s=round(time.perf_counter() - t0, 3), batched=batched)  # fmt: skip


def _scan(items: list[tuple[Key, Any]], info: Any, ctx: Any) -> dict[Key, Point | str]:
    from agent.campaign.scan import scan_cells
    from tools import analysis
    from tools.eos import scaled

    try:
        cells = scan_cells([a for _, a in items], info, ctx)
    except Exception as e:  # noqa: BLE001 - one bad structure must not sink the batch: isolate it
        if len(items) == 1:
            return {items[0][0]: _short(e)}
        out: dict[Key, Point | str] = {}
        for it in items:
            out.update(_scan([it], info, ctx))
        return out
    out = {}
    for (key, atoms), c in zip(items, cells, strict=True):
        if c.fit is not None:
            out[key] = Point(c.fit.e0, c.fit.b_gpa, analysis.conventional_cubic_a(scaled(atoms, c.fit.v0)))
        elif c.best is not None:
            # The fit failed (a kink or magnetic collapse in E(V): hcp Fe with CHGNet): the lowest
            # scanned energy, an upper bound of the minimum, still ranks the structures.
            out[key] = Point(c.best[0], None, None, fitted=False)
        else:
            out[key] = c.error or "no energies"
    return out


def _short(e: Exception) -> str:
    return f"{type(e).__name__}: {str(e).splitlines()[0][:160]}" if str(e) else type(e).__name__


def figure_of(plan: ScreenPlan, table: dict[Key, Any]) -> tuple[float | None, str | None, str]:
    """(figure, None, basis) or (None, why it could not be computed, basis); the basis names
    structures whose energy came from the coarse scan."""
    missing = [f"{k[0]} {k[1]}: {table[k]}" for k in plan.needs if isinstance(table.get(k), str)]
    if missing:
        return None, missing[0], plan.basis
    points = {k: v for k, v in table.items() if not isinstance(v, str)}  # crystal Points, molecules' MolPoints
    coarse = [f"{k[0]} {k[1]}" for k in plan.needs if not points[k].fitted]
    basis = plan.basis + (f" (lowest scanned point, the EOS fit failed: {', '.join(coarse)})" if coarse else "")
    try:
        return round(plan.figure(points), 4), None, basis
    except (KeyError, ValueError) as e:
        return None, _short(e), basis
