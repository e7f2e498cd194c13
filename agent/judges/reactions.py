"""Plan and judge the sign of a reaction's ΔH or ΔG (GFN2-xTB, ideal gas; tools/reactions.py).

The rule (tested): GFN2-xTB reaction enthalpies are off by 178 kJ/mol on average and by up to
420 kJ/mol (tools/accuracy_molecules.py: 9 gas-phase reactions against NIST, signs right in 9 of
9). A sign is decided only when |Δ| exceeds that mean absolute error, with the confidence of
agent/judges/uncertainty.py at r = |Δ| / MAE: 0.7 needs |Δ| > ~460 kJ/mol, beyond the largest
error seen, so a confident verdict cannot come from a sign the benchmark's worst error could flip.
ΔG at a temperature is judged with the same error: the entropy term adds little to it (entropies
within 0.26 J/mol/K of NIST-JANAF, i.e. < 1 kJ/mol at 1000 K per species).
"""

from __future__ import annotations

from typing import Any

from agent.judges import uncertainty as un
from agent.judges.models import Judgement, ToolCall
from agent.judges.tool_results import failure, find, inconclusive
from agent.language.specs_science import ReactionEnergyClaim
from agent.results import Evidence
from tools.accuracy_molecules import molecule_mae

STANDARD_T = 298.15
UNMEASURED_MAE_KJ = 400.0
Results = dict[str, dict[str, Any]]


def plan_reaction(spec: ReactionEnergyClaim, calculator: str) -> list[ToolCall]:
    args = {"reaction": spec.reaction, "calculator": "xtb", "temperature_k": spec.temperature_k or STANDARD_T}
    return [ToolCall(id="c1", name="reaction_energy", args=args)]


def reaction_error(calculator: str) -> float:
    return molecule_mae(calculator, "reaction_enthalpy_kj_mol") or UNMEASURED_MAE_KJ


def judge_reaction(spec: ReactionEnergyClaim, results: Results, about: float) -> Judgement:
    reason = failure(results, ["c1"])
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    key, out = find(results, "c1")
    assert out is not None
    field = "delta_h_kj_mol" if spec.quantity == "enthalpy" else "delta_g_kj_mol"
    delta = float(out[field])
    calc = str(out.get("calculator") or "xtb")
    mae = reaction_error(calc)
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
