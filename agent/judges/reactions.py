"""Plan and judge the sign of a reaction's ΔH or ΔG (ideal gas; tools/reactions.py) with the method
agent/judges/methods.py chose: DFT, whose measured reaction-enthalpy error is smallest, with
GFN2-xTB as the independent check.

The rule (tested): a sign is decided only when |Δ| exceeds the method's measured mean absolute
error over 9 gas-phase reactions against NIST (tools/accuracy_molecules.py: DFT at its default level
20.5 kJ/mol, worst 74; GFN2-xTB 178, worst 420; signs right in 9 of 9 for both), with the
confidence of agent/judges/uncertainty.py at r = |Δ| / MAE: 0.7 needs |Δ| > ~2.6 x MAE (xTB:
~460 kJ/mol, beyond its largest error seen).
ΔG at a temperature is judged with the same error: the entropy term adds little to it (entropies
within 0.26 J/mol/K of NIST-JANAF, i.e. < 1 kJ/mol at 1000 K per species).
"""

from __future__ import annotations

from typing import Any

from agent.judges import uncertainty as un
from agent.judges.models import Judgement, ToolCall
from agent.judges.tool_results import failure, find, inconclusive, variant_of
from agent.language.specs_science import ReactionEnergyClaim
from agent.results import Evidence
from tools.accuracy_molecules import molecule_mae

STANDARD_T = 298.15
UNMEASURED_MAE_KJ = 400.0
Results = dict[str, dict[str, Any]]


def plan_reaction(spec: ReactionEnergyClaim, calculator: str) -> list[ToolCall]:
    args = {"reaction": spec.reaction, "calculator": calculator, "temperature_k": spec.temperature_k or STANDARD_T}
    return [ToolCall(id="c1", name="reaction_energy", args=args)]


def reaction_error(calculator: str, variant: str | None = None) -> float:
    return molecule_mae(calculator, "reaction_enthalpy_kj_mol", variant) or UNMEASURED_MAE_KJ


def judge_reaction(spec: ReactionEnergyClaim, results: Results, about: float) -> Judgement:
    reason = failure(results, ["c1"])
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    key, out = find(results, "c1")
    assert out is not None
    field = "delta_h_kj_mol" if spec.quantity == "enthalpy" else "delta_g_kj_mol"
    delta = float(out[field])
    calc = str(out.get("calculator") or "xtb")
    mae = reaction_error(calc, variant_of(out))
    t = float(out.get("temperature_k") or spec.temperature_k or STANDARD_T)
    symbol = "ΔH" if spec.quantity == "enthalpy" else "ΔG"
    signed = -delta if spec.sign == "negative" else delta
    tolerance = (
        f"{symbol} must exceed the measured mean absolute error {mae:.0f} kJ/mol ({calc}) to decide its sign"
    )
    ev = Evidence(kind="simulation", statement=f"{calc} {symbol}({t:g} K) of {out.get('reaction') or spec.reaction} = "
                  f"{delta:+.1f} kJ/mol (ideal gas, 1 bar)", supports=None, tool_run_id=key, value=delta, unit="kJ/mol")  # fmt: skip
    summary = f"{symbol} = {delta:+.1f} kJ/mol at {t:g} K ({calc}, measured error ±{mae:.0f} kJ/mol); claim: " \
              f"{symbol} {'not ' if spec.negated else ''}{spec.sign}"  # fmt: skip
    values = {field: delta}
    if abs(delta) <= mae:
        return inconclusive(f"Too close to call: {summary}.", evidence=[ev], tolerance=tolerance, values=values,
                            questions=["a more accurate method (e.g. DFT or tabulated NIST enthalpies) is needed"],
                            within_error=True)  # fmt: skip
    supported = (signed > 0) != spec.negated
    label = "supported" if supported else "refuted"
    return Judgement(
        verdict=label, confidence=un.confidence(abs(delta) / mae), summary=f"{label.capitalize()}: {summary}.",
        tolerance=tolerance, evidence=[ev.model_copy(update={"supports": supported})], values=values,
    )  # fmt: skip
