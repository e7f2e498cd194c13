"""The cheap screen of molecular candidates (issue #28 item 3): each molecule optimised and its
dipole moment and HOMO-LUMO gap computed once with the fast method (GFN2-xTB, the tools'
``electronic_properties``); the stress test of the top K then goes to the claim judges, which
choose the method with the smallest measured error for the quantity (DFT for dipoles,
agent/judges/methods.py). A figure per candidate relative to the goal, higher is better.

A judged objective of a molecular kind (a reaction's sign, a bond length, a frequency...) is
screened by the kind's own plan and judge run with the fast method (:func:`fast_check`): its
figure is that check's verdict times its confidence; the top K then get the full test."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agent.campaign.models import ScreenStats
from agent.language.specs_science import DipoleClaim, GapClaim

if TYPE_CHECKING:
    from agent.campaign.screen import Key, ScreenPlan
    from agent.settings import Settings

MOLECULE = "molecule"  # the prototype slot of a screen key that names a molecule
FAST_METHOD = "xtb"
_FIELD = {"dipole": ("dipole_debye", "D", "dipole moment"), "homo_lumo_gap": ("homo_lumo_gap_ev", "eV", "HOMO-LUMO gap")}


@dataclass(frozen=True)
class MolPoint:
    """One screened molecule (optimised with the fast method)."""

    dipole_debye: float
    homo_lumo_gap_ev: float
    fitted: bool = True  # the crystal screen's flag: a molecule's figure is never a coarse bound


def molecular_plan(spec: Any, own_only: bool) -> ScreenPlan | None:
    """A dipole or gap claim's screen: its own value (an extreme goal, ``own_only``) or its
    margin to the threshold; None for what the fast screen does not compute."""
    from agent.campaign.screen import ScreenPlan

    if not isinstance(spec, DipoleClaim | GapClaim) or spec.relation is None:
        return None
    field, unit, word = _FIELD[spec.kind if spec.kind == "dipole" else "homo_lumo_gap"]
    k: Key = (spec.molecule, MOLECULE)
    sign = -1.0 if spec.negated else 1.0
    if spec.second is not None and own_only:
        s = sign * (1.0 if spec.relation == "greater" else -1.0)
        return ScreenPlan([k], lambda t: s * getattr(t[k], field), unit, f"{FAST_METHOD} {word}" + ("" if s > 0 else " (smaller is better)"))  # fmt: skip
    if spec.second is None and spec.relation in ("above", "below") and spec.value is not None:
        v, up = spec.value, (1.0 if spec.relation == "above" else -1.0)
        return ScreenPlan([k], lambda t: sign * up * (getattr(t[k], field) - v), unit,
                          f"margin of the {FAST_METHOD} {word} to {v:g} {unit}")  # fmt: skip
    return None


def run_molecular(keys: list[Key], settings: Settings) -> tuple[dict[Key, MolPoint | str], ScreenStats]:
    """Each molecule once with the fast method; a failure is that molecule's one-line error."""
    from agent.graph.toolset import bound_tool

    t0 = time.perf_counter()
    tool = bound_tool("electronic_properties", settings)
    out: dict[Key, MolPoint | str] = {}
    for key in dict.fromkeys(keys):
        res = tool.invoke({"structure": {"molecule": key[0]}, "calculator": FAST_METHOD, "include_ir": False})
        err = res.get("error") if isinstance(res, dict) else "no result"
        if err:
            out[key] = f"{err.get('type', 'Error')}: {err.get('message', '')}"[:200] if isinstance(err, dict) else str(err)
            continue
        out[key] = MolPoint(float(res["dipole_debye"]), float(res["homo_lumo_gap_ev"]))
    stats = ScreenStats(calculator=FAST_METHOD, structures=len(out), wall_s=round(time.perf_counter() - t0, 3), batched=False)
    return out, stats


def fast_checkable(spec: Any) -> bool:
    """A claim of a molecular kind whose plan the fast method can run."""
    from agent.language import kinds

    row = kinds.table().get(getattr(spec, "kind", ""))
    return row is not None and row.molecular and bool(kinds.plan(spec, FAST_METHOD))


def fast_check(spec: Any, settings: Settings) -> tuple[float | None, str | None, str]:
    """(figure, None, basis) from the kind's own check run with the fast method, or (None, why, basis)."""
    from agent.graph.toolset import bound_tool
    from agent.language import kinds
    from agent.planner import judge

    basis = f"the {FAST_METHOD} check's verdict (supported +, refuted -) times its confidence"
    results = {c.id: bound_tool(c.name, settings).invoke(c.args) for c in kinds.plan(spec, FAST_METHOD)}
    j = judge(spec, results)
    if j.verdict == "inconclusive" and not j.undecided_within_error:
        return None, j.summary[:200], basis  # the check could not run: no figure, never a zero
    sign = {"supported": 1.0, "refuted": -1.0, "inconclusive": 0.0}[j.verdict]
    return round(sign * j.confidence, 4), None, basis
