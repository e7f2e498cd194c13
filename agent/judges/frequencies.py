"""Plan and judge vibrational-frequency claims of diatomic molecules ('the C-O stretching frequency
of carbon monoxide is near 2143 cm-1'), with the `vibrational_modes` tool.

Rules (tested):
- a diatomic molecule has one vibration: its frequency is the largest the tool reports (the other
  five are the rigid translations and rotations, zero up to numerical noise);
- a level whose harmonic frequencies are conventionally scaled (the tool reports the factor as
  ``frequency_scale``) is compared after scaling; the band is the calculator's measured relative
  error of scaled frequencies against experimental fundamentals (tools/accuracy_molecules.py:
  GFN2-xTB 5.0 %, DFT at its default level 2.2 %; anharmonicity included),
  symmetric because it was measured without a sign; a calculator with no measured frequency
  error decides nothing (inconclusive with the reason).
"""

from __future__ import annotations

from typing import Any

from agent.judges import uncertainty as un
from agent.judges.models import Judgement, ToolCall
from agent.judges.tool_results import (
    calculator_of,
    failure,
    find,
    inconclusive,
    penalty,
    variant_of,
    verdict_from,
)
from agent.language.canonical import target
from agent.language.specs_science import FrequencyClaim
from agent.results import Evidence
from tools.accuracy_molecules import molecule_mae


def plan_frequency(spec: FrequencyClaim, calculator: str) -> list[ToolCall]:
    args: dict[str, Any] = {"structure": {"molecule": spec.molecule}, "calculator": calculator}
    return [ToolCall(id="c1", name="vibrational_modes", args=args)]


def judge_frequency(spec: FrequencyClaim, results: dict[str, dict[str, Any]], about: float) -> Judgement:
    reason = failure(results, ["c1"])
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    key, out = find(results, "c1")
    assert out is not None
    calc = calculator_of(out, fallback="xtb")
    freqs = [float(f) for f in out.get("frequencies_cm1") or []]
    if not freqs or max(freqs) <= 0:
        return inconclusive(f"Cannot judge: {calc} found no real vibration of {spec.molecule}.")
    scale = float(out.get("frequency_scale") or 1.0)
    harmonic = max(freqs)
    v = harmonic * scale
    scaled = f" x {scale:g} (the level's scale factor) = {v:.4g} cm-1" if scale != 1.0 else ""
    ev = Evidence(kind="simulation", supports=None, tool_run_id=key, value=v, unit="cm-1",
                  statement=f"{calc} harmonic stretching frequency of optimised {spec.molecule}: {harmonic:.4g} cm-1{scaled}")  # fmt: skip
    err_pct = molecule_mae(calc, "frequency_scaled_relative_percent", variant_of(out))
    neg = "not " if spec.negated else ""
    summary = f"stretching frequency of {spec.molecule} is {v:.4g} cm-1 ({calc}); claim: {neg}{spec.relation} {spec.value:g} cm-1"
    if err_pct is None:
        return inconclusive(
            f"Not decided: {summary}, but {calc}'s frequency error against experiment is not measured.",
            evidence=[ev], values={"frequency_cm1": v},
            questions=["run the claim with a calculator whose frequencies are benchmarked (xtb, pyscf)"],
        )  # fmt: skip
    claim_tol = about if spec.relation == "about" else spec.precision_pct
    dec = un.value_decision(v, spec.relation, spec.value, spec.upper, claim_tol_pct=claim_tol,
                            calc_error_pct=err_pct, unit="cm-1")  # fmt: skip
    factor, notes = penalty(out)
    return verdict_from(dec, spec.negated, claim_summary=summary, evidence=[ev], values={"frequency_cm1": v},
                        factor=factor, questions=notes)  # fmt: skip


def frequency_tested_as(spec: FrequencyClaim) -> str:
    wanted = target(spec, "cm-1")
    return (
        f"The harmonic stretching frequency of the optimised isolated {spec.molecule} molecule is "
        f"{'not ' if spec.negated else ''}{wanted} (gas phase; compared with the calculator's measured error "
        "against experimental fundamentals)."
    )


def frequency_predictions(spec: FrequencyClaim) -> list[str]:
    return [f"The computed stretching frequency of {spec.molecule} is {'not ' if spec.negated else ''}{target(spec, 'cm-1')}."]
