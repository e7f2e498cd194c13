"""How a simulation is re-run for a stress test, and how two results are compared."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from agent.results import StressCheck, ToolRun

if TYPE_CHECKING:
    from agent.graph.stress_runner import StressRunner

# Relative differences above which two calculators "disagree" on a quantity. Lattice constants
# of reasonable potentials agree to a few percent; bulk moduli scatter far more (PBE-level
# values are typically 10-20 % off experiment, so two potentials can differ by that much).
REL_TOL = {
    "lattice_a_angstrom": 0.03,
    "volume_per_atom_a3": 0.09,
    "density_g_cm3": 0.09,
    "bulk_modulus_gpa": 0.25,
}
LABEL_KEYS = ("ground_state", "is_linear", "is_planar")
SIGN_KEYS = ("formation_energy_ev_per_atom",)
_SYMBOL = re.compile(r"[A-Z][a-z]?")


def symbols_of(run: ToolRun) -> tuple[list[str], bool] | None:
    """Element symbols and periodicity of the system a run treated, from its args or output."""
    structure = run.args.get("structure") if isinstance(run.args.get("structure"), dict) else {}
    periodic = not (structure or {}).get("molecule")
    formula = (run.output or {}).get("formula") or (structure or {}).get("formula") or run.args.get("formula")
    if not isinstance(formula, str):
        return None
    return sorted(set(_SYMBOL.findall(formula))), periodic


def second_calculator_args(run: ToolRun) -> dict[str, Any] | None:
    """The same call with another calculator that supports the system, or None if none does."""
    found = symbols_of(run)
    used = (run.output or {}).get("calculator")
    if found is None or not used:
        return None
    from tools.calculators import supported_calculators

    alternatives = [c for c in supported_calculators(found[0], found[1]) if c != used]
    if not alternatives:
        return None
    return {**run.args, "calculator": alternatives[0]}


def finer_args(run: ToolRun, tools: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    """The same call with the finer settings its tool declares (the one definition the offline
    planner uses too), or None where the tool has no setting that matters."""
    finer = getattr(tools.get(run.tool), "finer", None)
    return finer(dict(run.args)) if callable(finer) else None


def compare_outputs(
    a: dict[str, Any], b: dict[str, Any]
) -> tuple[Literal["agrees", "disagrees", "not_applicable"], str]:
    """Compare the quantities two runs share; any label flip or large relative change disagrees."""
    notes: list[str] = []
    disagree = False
    for key in LABEL_KEYS:
        if key in a and key in b:
            same = a[key] == b[key]
            disagree |= not same
            notes.append(f"{key}: {a[key]} vs {b[key]}")
    for key in SIGN_KEYS:
        if isinstance(a.get(key), (int, float)) and isinstance(b.get(key), (int, float)):
            flip = (a[key] < 0) != (b[key] < 0)
            disagree |= flip
            notes.append(f"{key}: {a[key]:.3f} vs {b[key]:.3f}")
    for key, tol in REL_TOL.items():
        x, y = a.get(key), b.get(key)
        if isinstance(x, (int, float)) and isinstance(y, (int, float)) and x:
            rel = abs(y - x) / abs(x)
            disagree |= rel > tol
            notes.append(f"{key}: {x:.4g} vs {y:.4g} ({rel * 100:.1f} %, tolerance {tol * 100:.0f} %)")
    if not notes:
        return "not_applicable", "no shared quantity to compare"
    return ("disagrees" if disagree else "agrees"), "; ".join(notes)


def simulation_rechecks(research: list[ToolRun], runner: StressRunner) -> list[StressCheck]:
    """Re-run the research's successful simulations with a second calculator and finer settings."""
    checks: list[StressCheck] = []
    for run in research:
        if run.error or not run.output or "calculator" not in run.output:
            continue
        other = second_calculator_args(run)
        finer = finer_args(run, runner.ctx.tools)
        variants = [
            ("second_calculator", other, f"re-ran {run.id} ({run.tool}) with {_diff(run.args, other or {})}"),
            (
                "sensitivity",
                finer[0] if finer else None,
                f"re-ran {run.id} ({run.tool}): {finer[1] if finer else ''}",
            ),
        ]
        for name, args, description in variants:
            if args is not None:
                checks.append(_recheck(name, description, run, args, runner))
        if len(checks) >= 6:  # bound the cost: the first runs carry the conclusion
            break
    return checks


def _recheck(
    name: str, description: str, run: ToolRun, args: dict[str, Any], runner: StressRunner
) -> StressCheck:
    redo = runner.run(run.tool, args)
    if redo.error:
        outcome, detail = "failed", redo.error
    else:
        outcome, detail = compare_outputs(run.output or {}, redo.output or {})
    return StressCheck(
        name=name, description=description, outcome=outcome, detail=detail, tool_run_ids=[run.id, redo.id]
    )  # type: ignore[arg-type]


def _diff(old: dict[str, Any], new: dict[str, Any]) -> str:
    changed = [f"{k}={new[k]!r}" for k in new if old.get(k) != new[k]]
    return ", ".join(changed) or "the same arguments"
