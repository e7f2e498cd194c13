"""Plan and judge dipole-moment (polarity) and HOMO-LUMO-gap claims (tools/electronic.py) with the
method agent/judges/methods.py chose (DFT where its measured dipole error is smallest, GFN2-xTB
otherwise).

Rules (tested):
- dipole magnitudes carry the method's measured error against the CRC Handbook
  (tools/accuracy_molecules.py: xTB 0.457 D, DFT at its default level 0.080 D mean absolute); a
  value or a comparison is decided only beyond it (a comparison beyond sqrt(2) x it), with the
  confidence of agent/judges/uncertainty.py;
- "polar" is decided by a dipole beyond that error; "non-polar" by a dipole that vanishes
  (< ``ZERO_DIPOLE_D``): a symmetric optimised geometry has no dipole whatever the method, so that
  verdict rests on the geometry, at ``SYMMETRY_CONFIDENCE``;
- HOMO-LUMO gaps have no experimental reference (an orbital gap is not an observable), so no
  measured error: a value is never decided, and a comparison only beyond a factor ``GAP_MIN_RATIO``,
  at no more than ``GAP_CAP``.
"""

from __future__ import annotations

import math
from typing import Any

from agent.judges import uncertainty as un
from agent.judges.models import Judgement, ToolCall
from agent.judges.tool_results import calculator_of, failure, find, inconclusive, variant_of
from agent.language.specs_science import DipoleClaim, GapClaim
from agent.results import Evidence
from tools.accuracy_molecules import molecule_mae

ZERO_DIPOLE_D = 0.01
SYMMETRY_CONFIDENCE = 0.8
GAP_MIN_RATIO = 1.5
GAP_CAP = 0.6
Results = dict[str, dict[str, Any]]


def plan_electronic(spec: DipoleClaim | GapClaim, calculator: str) -> list[ToolCall]:
    names = [spec.molecule] + ([spec.second] if spec.second else [])
    return [
        ToolCall(
            id=f"c{i}", name="electronic_properties",
            args={"structure": {"molecule": m}, "include_ir": False, "calculator": calculator},
        )
        for i, m in enumerate(names, 1)
    ]


def _dipole_error(out: dict[str, Any] | None) -> tuple[float, str]:
    """The method's measured dipole error (D) and its name; 1 D for a method never measured."""
    calc = calculator_of(out, fallback="xtb")
    return molecule_mae(calc, "dipole_debye", variant_of(out)) or 1.0, calc


def _got(
    spec: DipoleClaim | GapClaim, results: Results, key: str, unit: str, what: str
) -> list[tuple[str, float, Evidence]] | Judgement:
    ids = ["c1"] + (["c2"] if spec.second else [])
    reason = failure(results, ids)
    if reason:
        return inconclusive(f"Cannot judge: {reason}.")
    out = []
    for cid, mol in zip(ids, [spec.molecule, spec.second], strict=False):
        run, res = find(results, cid)
        assert res is not None and mol is not None
        v = float(res[key])
        ev = Evidence(kind="simulation", statement=f"{calculator_of(res, 'xtb')} {what} of optimised {mol}: {v:.3g} {unit}",
                      supports=None, tool_run_id=run, value=v, unit=unit)  # fmt: skip
        out.append((mol, v, ev))
    return out


def _verdict(
    holds: bool | None, conf: float, negated: bool, summary: str, evidence: list[Evidence], tolerance: str
) -> Judgement:
    if holds is None:
        return inconclusive(f"Too close to call: {summary}.", evidence=evidence, tolerance=tolerance,
                            questions=["a more accurate method or the measured value is needed to decide"],
                            within_error=True)  # fmt: skip
    supported = holds != negated
    label = "supported" if supported else "refuted"
    return Judgement(verdict=label, confidence=round(conf, 3), summary=f"{label.capitalize()}: {summary}.",
                     tolerance=tolerance, evidence=[e.model_copy(update={"supports": supported}) for e in evidence])  # fmt: skip


def judge_dipole(spec: DipoleClaim, results: Results, about: float) -> Judgement:
    got = _got(spec, results, "dipole_debye", "D", "dipole moment")
    if isinstance(got, Judgement):
        return got
    err, calc = _dipole_error(find(results, "c1")[1])
    tol = f"{calc} dipole error {err:.3g} D (measured, mean absolute)"
    evidence = [e for _, _, e in got]
    neg = "not " if spec.negated else ""
    if spec.second is not None:
        (m1, v1, _), (m2, v2, _) = got
        width = math.sqrt(2.0) * err
        d = v1 - v2
        holds = None if abs(d) <= width else (d > 0) == (spec.relation == "greater")
        rel = "larger" if spec.relation == "greater" else "smaller"
        summary = f"dipole {m1} {v1:.3g} D vs {m2} {v2:.3g} D; claim: {m1}'s is {neg}{rel} (decided beyond ±{width:.2g} D)"
        return _verdict(holds, un.confidence(abs(d) / width), spec.negated, summary, evidence, tol)
    mol, v, _ = got[0]
    if spec.polar is not None:
        if v < ZERO_DIPOLE_D:
            holds, conf = (not spec.polar), SYMMETRY_CONFIDENCE
        else:
            holds, conf = (spec.polar if v > err else None), un.confidence(v / err)
        claim = "polar" if spec.polar else "non-polar"
        summary = f"dipole of {mol} is {v:.3g} D (zero by symmetry below {ZERO_DIPOLE_D} D; polar beyond {err:.2g} D); claim: {neg}{claim}"
        return _verdict(holds, conf, spec.negated, summary, evidence, tol)
    assert spec.value is not None and spec.relation is not None
    claim_tol = about if spec.relation == "about" else spec.precision_pct
    dec = un.value_decision(v, spec.relation, spec.value, spec.upper, claim_tol_pct=claim_tol,
                            calc_error_pct=100 * err / max(v, 1e-6), unit="D")  # fmt: skip
    summary = f"dipole of {mol} is {v:.3g} D; claim: {neg}{spec.relation} {spec.value:g} D"
    return _verdict(dec.holds, dec.confidence, spec.negated, summary, evidence, dec.tolerance)


def judge_gap(spec: GapClaim, results: Results, about: float) -> Judgement:
    got = _got(spec, results, "homo_lumo_gap_ev", "eV", "HOMO-LUMO gap")
    if isinstance(got, Judgement):
        return got
    evidence = [e for _, _, e in got]
    tol = "HOMO-LUMO gaps have no experimental reference here, so no measured error"
    if spec.second is None:
        mol, v, _ = got[0]
        return inconclusive(
            f"Not decided: the GFN2-xTB HOMO-LUMO gap of {mol} is {v:.3g} eV, but an orbital gap is not an observable "
            "and the calculator's error on it is not measured, so a value claim cannot be judged.",
            evidence=evidence, tolerance=tol, values={"gap_ev": v},
            questions=["compare with a measured optical or fundamental gap instead"],
        )  # fmt: skip
    (m1, v1, _), (m2, v2, _) = got
    ratio = v1 / v2 if v2 > 0 else math.inf
    big = max(ratio, 1 / ratio) if ratio > 0 else math.inf
    holds = None if big <= GAP_MIN_RATIO else (ratio > 1) == (spec.relation == "greater")
    rel = "larger" if spec.relation == "greater" else "smaller"
    summary = (f"HOMO-LUMO gap {m1} {v1:.3g} eV vs {m2} {v2:.3g} eV (GFN2-xTB); claim: {m1}'s is "
               f"{'not ' if spec.negated else ''}{rel} (decided only beyond a factor {GAP_MIN_RATIO:g})")  # fmt: skip
    return _verdict(holds, GAP_CAP, spec.negated, summary, evidence, tol)
