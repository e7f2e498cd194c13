"""Plan and judge elastic claims (tools/elastic.py) with every calculator that treats the metal.

Rules (tested):
- C11, C12, C44 values: the one-sided bounds of agent/judges/bounds.py, from each calculator's
  signed error model for the metal's class (bench/fit_calibration.py on the elastic runs of
  ``python bench/tools_accuracy_crystals.py``; CHGNet underestimates C44 of fcc metals by 53 % on
  average, so a symmetric bar would be wrong);
- mechanical (Born) stability: each calculator decides only when the tightest criterion's margin
  exceeds its strain-series uncertainty plus the calculator's largest measured elastic-constant
  MAE; calculators deciding opposite ways give inconclusive;
- Pugh ductility (B/G above 1.75): an empirical rule whose inputs' errors are not measured as a
  ratio, so it is decided only when every calculator puts B/G beyond a factor ``PUGH_MARGIN`` of
  1.75 on the same side, at no more than ``PUGH_CAP``.
"""

from __future__ import annotations

import math
from typing import Any

from agent.judges import bounds as bd
from agent.judges import uncertainty as un
from agent.judges.defects import calculators_for
from agent.judges.models import Judgement, ToolCall
from agent.judges.tool_results import failure, find, inconclusive, penalty
from agent.language.specs_science import ElasticClaim
from agent.results import Evidence
from tools.accuracy import measured_error

PUGH_THRESHOLD = 1.75
PUGH_MARGIN = 1.3
PUGH_CAP = 0.6
Results = dict[str, dict[str, Any]]


def plan_elastic(spec: ElasticClaim, calculator: str) -> list[ToolCall]:
    if not spec.material.prototype:
        return []
    structure = {"formula": spec.material.formula, "prototype": spec.material.prototype}
    return [
        ToolCall(id=f"c1{calc}", name="elastic_constants", args={"structure": structure, "calculator": calc})
        for calc in calculators_for(spec.material)
    ]


def _outputs(spec: ElasticClaim, results: Results) -> dict[str, tuple[str, dict[str, Any]]] | Judgement:
    calls = plan_elastic(spec, "auto")
    if not calls:
        return inconclusive(
            "No crystal structure is known to the planner for this metal; name one (fcc, bcc, hcp)."
        )
    reason = failure(results, [c.id for c in calls])
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    got = {}
    for c in calls:
        run, out = find(results, c.id)
        assert out is not None
        got[c.args["calculator"]] = (run, out)
    return got


def _max_mae(calc: str) -> float:
    maes = [e.mae for q in ("c11", "c12", "c44") if (e := measured_error(calc, q)) is not None]
    return max(maes) if maes else 100.0


def _per_calc(spec: ElasticClaim, calc: str, out: dict[str, Any]) -> tuple[bool | None, float, str]:
    if spec.quantity == "mechanical_stability":
        m, u = float(out["stability_margin_gpa"]), float(out.get("stability_uncertainty_gpa") or 0.0)
        width = u + _max_mae(calc)
        said = None if abs(m) <= width else m > 0
        return (
            said,
            un.confidence(abs(m) / width),
            f"{calc}: tightest Born criterion {m:+.1f} GPa (decides beyond ±{width:.0f})",
        )
    p = float(out["pugh_ratio"])
    d = math.log(p / PUGH_THRESHOLD) if p > 0 else 0.0
    said = None if abs(d) <= math.log(PUGH_MARGIN) else d > 0
    return said, PUGH_CAP, f"{calc}: B/G = {p:.2f} (ductile above {PUGH_THRESHOLD})"


def _finish(
    spec: ElasticClaim,
    holds: bool | None,
    conf: float,
    summary: str,
    evidence: list[Evidence],
    notes: list[str],
    *,
    within_error: bool = False,
) -> Judgement:
    if holds is None:
        return inconclusive(f"Too close to call: {summary}.", evidence=evidence, questions=notes,
                            within_error=within_error)  # fmt: skip
    supported = holds != spec.negated
    label = "supported" if supported else "refuted"
    return Judgement(verdict=label, confidence=round(conf, 3), summary=f"{label.capitalize()}: {summary}.",
                     evidence=[e.model_copy(update={"supports": supported}) for e in evidence], open_questions=notes)  # fmt: skip


def judge_elastic(spec: ElasticClaim, results: Results, about: float) -> Judgement:
    got = _outputs(spec, results)
    if isinstance(got, Judgement):
        return got
    notes = [n for _, out in got.values() for n in penalty(out)[1]]
    label = spec.material.label()
    if spec.quantity in ("c11", "c12", "c44"):
        assert spec.value is not None and spec.relation is not None
        key = f"{spec.quantity}_gpa"
        vals = {c: float(out[key]) for c, (_, out) in got.items()}
        m = spec.material
        bounds = [b for c, v in vals.items() if (b := bd.bound(c, spec.quantity, v, m.formula, m.prototype)) is not None]
        tol = about if spec.relation == "about" else spec.precision_pct
        lo, hi = bd.claim_range(spec.relation, spec.value, spec.upper, abs(spec.value) * tol / 100)
        outcome = bd.decide_value(bounds, lo, hi)
        evidence = [Evidence(kind="simulation", statement=f"{c} {spec.quantity.upper()} of {label} = {v:.4g} GPa",
                             supports=None, tool_run_id=got[c][0], value=v, unit="GPa") for c, v in vals.items()]  # fmt: skip
        summary = f"{spec.quantity.upper()} of {label}: " + ", ".join(
            f"{c} {v:.4g} GPa" for c, v in vals.items()
        )
        summary += (
            f"; claim: {'not ' if spec.negated else ''}{spec.relation} {spec.value:g} GPa; {outcome.reason}"
        )
        return _finish(spec, outcome.holds, outcome.confidence, summary, evidence, notes)
    said = {c: _per_calc(spec, c, out) for c, (_, out) in got.items()}
    evidence = [Evidence(kind="simulation", statement=f"{text} ({label})", supports=None, tool_run_id=got[c][0])
                for c, (_, _, text) in said.items()]  # fmt: skip
    word = {
        "mechanical_stability": ("mechanically stable", "mechanically unstable"),
        "ductility": ("ductile", "brittle"),
    }
    claim = word[spec.quantity][0 if spec.state else 1]
    summary = (
        "; ".join(t for _, _, t in said.values())
        + f"; claim: {label} is {'not ' if spec.negated else ''}{claim}"
    )
    decided = [(h, c) for h, c, _ in said.values() if h is not None]
    every = spec.quantity == "ductility"  # Pugh: every calculator must decide
    if not decided or len({h for h, _ in decided}) > 1 or (every and len(decided) < len(said)):
        # every calculator within its margin is too close to call; calculators that contradict
        # each other are not (the bound-based branch above cannot tell its cases apart here)
        return _finish(spec, None, 0.2, summary, evidence, notes, within_error=not decided)
    conf = max(c for _, c in decided) + (bd.AGREE_BONUS if len(decided) > 1 and not every else 0.0)
    holds = decided[0][0] == bool(spec.state)
    return _finish(spec, holds, min(conf, PUGH_CAP if every else 0.95), summary, evidence, notes)
