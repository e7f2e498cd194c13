"""What each source says about a magnetism claim: a computed 0 K moment, the user's measured
moments and Curie temperatures, and the literature (judged by agent/judges/magnetism.py).

Each source gives a :class:`Finding` on the *claim as written* (negation applied): whether it
holds (None: the source cannot say, with the reason), a confidence, and its evidence.

What a moment at 0 K can say (:func:`moment_rule`, documented and tested):
- a moment present beyond its error: the crystal carries magnetic moments in its ground state.
  That supports "magnetic" and refutes "non-magnetic" at 0 K. It does not say which order
  (ferro- or antiferromagnetic): that needs the energies of both orders from a calculator that
  takes spin, and CHGNet's moments are unsigned magnitudes besides. At a stated temperature it
  says nothing: whether the order survives needs the ordering temperature, which no tool computes;
- no moment beyond its error: nothing can order at any temperature, so "ferromagnetic",
  "antiferromagnetic" and "magnetic" are refuted and "non-magnetic" supported at every temperature;
- otherwise undecided.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from agent.judges import uncertainty as un
from agent.judges.measured import DEFAULT_MEASURED_ERROR_PCT, MEASURED_ONLY_CONFIDENCE
from agent.judges.tool_results import find, penalty
from agent.language.specs import LiteratureClaim
from agent.language.specs_science import MagnetismClaim
from agent.literature.judge import judge_literature
from agent.results import Evidence
from tools.accuracy import measured_error

Results = dict[str, dict[str, Any]]
# A site moment above this (Bohr magnetons) counts as a moment: the magnetic_moments tool's default.
THRESHOLD_MU_B = 0.1
# No verdict resting on a predicted moment alone reaches 0.7: CHGNet's moment error is measured on
# a handful of ferromagnets, and a leave-one-out check (`python bench/magnetism_calibration.py`,
# 2026-12-06: Fe, Co, Ni, Gd) puts 2 of 4 outside the band the others give (Ni among them: 0.068 µB, 89 % too low).
MOMENT_CAP = 0.65
Said = Literal["present", "absent", "undecided"]
_CALC_WORDS = {"chgnet": "CHGNet"}


@dataclass(frozen=True)
class Finding:
    """One source on the claim as written: holds (None: cannot say), confidence, evidence."""

    source: str
    holds: bool | None
    confidence: float
    reason: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class MomentError:
    """The absolute error (µB per atom) to allow on a computed moment, and where it was measured."""

    mae_mu_b: float
    n: int
    command: str
    worst_under: tuple[str, float] | None  # (material, signed %) of the benchmark's worst underestimate


# Shown in explanations only (never used to decide): the benchmark's worst underestimate of a
# ferromagnet's moment, from bench/tools_accuracy_crystals.py (CHGNet: Ni 0.068 against 0.606 µB).
WORST_UNDERESTIMATE: dict[str, tuple[str, float]] = {"chgnet": ("Ni", -89.0)}


def moment_error(calculator: str) -> MomentError | None:
    """The calculator's measured moment error for the class of elemental metals (None: never
    measured, so its moments decide nothing). It is the class's mean absolute error, the same for
    every metal, never the judged metal's own error; the calibration set holds ferromagnets only."""
    err = measured_error(calculator, "magnetic_moment")
    if err is None:
        return None
    return MomentError(err.mae, err.n, err.command, WORST_UNDERESTIMATE.get(calculator))


def ground_state(spec: MagnetismClaim) -> bool:
    return not spec.temperature_k


def moment_rule(spec: MagnetismClaim, said: Said) -> tuple[bool | None, str]:
    """Whether the claim's positive proposition holds given a 0 K moment (see the module rule)."""
    assert spec.state is not None
    if said == "absent":
        return spec.state == "non-magnetic", "no moment at 0 K means no magnetic order at any temperature"
    if said == "undecided":
        return (
            None,
            f"within its error of the {THRESHOLD_MU_B:g} µB a moment needs, it shows neither a moment nor its absence",
        )
    if not ground_state(spec):
        return None, (
            f"a moment at 0 K does not say whether an order persists at {spec.temperature_k:g} K: that needs "
            "the ordering (Curie or Néel) temperature, which no tool here computes"
        )
    if spec.state in ("ferromagnetic", "antiferromagnetic"):
        return None, (
            "a moment does not say which order (ferro- or antiferromagnetic) is lower in energy: that needs "
            "the energies of both orders from a calculator that takes spin"
        )
    return spec.state == "magnetic", "the crystal carries magnetic moments at 0 K"


def _moment_said(low: float, high: float) -> tuple[Said, float]:
    """Present / absent / undecided for a moment known to lie in [low, high], and the margin ratio."""
    half = max((high - low) / 2, 1e-9)
    if low > THRESHOLD_MU_B:
        return "present", (low - THRESHOLD_MU_B) / half + 1
    if high < THRESHOLD_MU_B:
        return "absent", (THRESHOLD_MU_B - high) / half + 1
    return "undecided", 0.0


def _claim_holds(spec: MagnetismClaim, positive: bool | None) -> bool | None:
    return None if positive is None else positive != spec.negated


def computed_moment(spec: MagnetismClaim, results: Results, tol_pct: float) -> Finding | None:
    """The calculator's 0 K moment of the relaxed crystal (call c1); None when not run.
    ``tol_pct``: the claim's own tolerance on a moment value (its hedge or stated digits)."""
    key, out = find(results, "c1")
    if not isinstance(out, dict):
        return None
    if "error" in out or not isinstance(out.get("moment_per_atom_mu_b"), int | float):
        msg = out.get("error", {}).get("message", "") if isinstance(out.get("error"), dict) else ""
        return Finding("the moment calculation", None, 0.2, f"it failed ({msg or 'no moment'})")
    calc = str(out.get("calculator") or "chgnet")
    shown = _CALC_WORDS.get(calc, calc)
    name = f"{shown}'s 0 K moment"
    m = float(out["moment_per_atom_mu_b"])
    err = moment_error(calc)
    signed = "" if out.get("signed") else "unsigned, "
    what = f"{shown} moment of relaxed {spec.material.label()} at 0 K: {m:.3g} µB/atom ({signed}"
    if err is None:
        ev = Evidence(kind="simulation", statement=what + "its moment error was never measured)", supports=None,
                      tool_run_id=key, value=m, unit="µB/atom")  # fmt: skip
        return Finding(name, None, 0.2, f"{calc}'s moment error was never measured", [ev])
    low, high = m - err.mae_mu_b, m + err.mae_mu_b
    said, ratio = _moment_said(low, high)
    what += (f"measured error ±{err.mae_mu_b:.2g} µB, the mean over {err.n} ferromagnets: `{err.command}`; "
             f"a moment counts above {THRESHOLD_MU_B:g} µB)")  # fmt: skip
    if spec.state is None:
        return _moment_value(spec, m, err, what, key, tol_pct, name)
    positive, why = moment_rule(spec, said)
    if said == "undecided" and m < THRESHOLD_MU_B and err.worst_under is not None:
        el, pct = err.worst_under
        why += (f" ({shown}'s moment of a ferromagnet can be near zero: it underestimated {el}'s by "
                f"{-pct:.0f} % in its benchmark)")  # fmt: skip
    holds = _claim_holds(spec, positive)
    ev = Evidence(kind="simulation", statement=what, supports=holds, tool_run_id=key, value=m, unit="µB/atom")
    factor, warned = penalty(out)
    conf = round(min(MOMENT_CAP, un.confidence(ratio)) * factor, 3) if holds is not None else 0.2
    why += "".join(f" (warning: {w})" for w in warned)
    return Finding(name, holds, conf, f"{m:.3g} ± {err.mae_mu_b:.2g} µB/atom; {why}", [ev])


def _moment_value(
    spec: MagnetismClaim, m: float, err: MomentError, what: str, key: str, tol: float, name: str
) -> Finding:
    assert spec.relation is not None and spec.value is not None
    if not ground_state(spec):
        # The spontaneous moment falls with temperature, to zero at the ordering temperature.
        why = f"a 0 K moment is not the moment at {spec.temperature_k:g} K, which no tool here computes"
        ev = Evidence(
            kind="simulation", statement=what, supports=None, tool_run_id=key, value=m, unit="µB/atom"
        )
        return Finding(name, None, 0.2, why, [ev])
    d = un.value_decision(m, spec.relation, spec.value, spec.upper, claim_tol_pct=tol,
                          calc_error_pct=100 * err.mae_mu_b / max(abs(m), 1e-6), unit="µB")  # fmt: skip
    holds = _claim_holds(spec, d.holds)
    ev = Evidence(kind="simulation", statement=what, supports=holds, tool_run_id=key, value=m, unit="µB/atom")
    conf = min(MOMENT_CAP, d.confidence) if holds is not None else 0.2
    return Finding(name, holds, conf, d.tolerance, [ev])


def _rows(results: Results, call_id: str) -> list[tuple[str, dict[str, Any]]]:
    key, out = find(results, call_id)
    if not isinstance(out, dict) or "error" in out:
        return []
    return [(key, r) for r in out.get("rows") or [] if isinstance(r.get("value"), int | float)]


def _data_evidence(key: str, row: dict[str, Any], what: str, holds: bool | None) -> Evidence:
    cond = f", {row['conditions']}" if row.get("conditions") else ""
    unc = f" ± {row['uncertainty']:g}" if row.get("uncertainty") else ""
    return Evidence(kind="data", statement=f"your data ({row['id']}): {what} of {row.get('material') or row['formula']} = "
                    f"{row['value']:g}{unc} {row.get('unit') or ''}{cond}".rstrip(), supports=holds,
                    tool_run_id=key, citation=row["id"], value=float(row["value"]), unit=row.get("unit"))  # fmt: skip


def _uncertainty(row: dict[str, Any]) -> float:
    value = float(row["value"])
    return (
        float(row["uncertainty"]) if row.get("uncertainty") else abs(value) * DEFAULT_MEASURED_ERROR_PCT / 100
    )


def measured_moment(spec: MagnetismClaim, results: Results, tol_pct: float) -> Finding | None:
    """The user's measured moment (call d1), read as a ground-state moment. Only a moment that is
    present counts for a state claim: a zero measured above the ordering temperature says nothing."""
    rows = _rows(results, "d1")
    if not rows:
        return None
    key, row = rows[0]
    value, u = float(row["value"]), _uncertainty(row)
    if spec.state is None:
        assert spec.relation is not None and spec.value is not None
        d = un.value_decision(value, spec.relation, spec.value, spec.upper, claim_tol_pct=tol_pct,
                              calc_error_pct=100 * u / max(abs(value), 1e-9), unit="µB")  # fmt: skip
        holds, why = _claim_holds(spec, d.holds), d.tolerance
    else:
        said: Said = "present" if value - u > THRESHOLD_MU_B else "undecided"
        positive, why = moment_rule(spec, said)
        if said == "undecided":
            why = "a small measured moment is not read as absence: it may have been measured above an ordering temperature"
        holds = _claim_holds(spec, positive)
    conf = MEASURED_ONLY_CONFIDENCE if holds is not None else 0.2
    ev = _data_evidence(key, row, "measured magnetic moment", holds)
    return Finding("your measured moment", holds, conf, f"{value:g} µB/atom; {why}", [ev])


def curie_rule(spec: MagnetismClaim, tc: float, u: float) -> tuple[bool | None, str]:
    """A measured Curie temperature: ferromagnetic order below it; above it no ferromagnetism, but
    another order may persist (a helical or antiferromagnetic phase), so only 'ferromagnetic' is decided."""
    t = spec.temperature_k or 0.0
    if abs(t - tc) <= u:
        return None, f"{t:g} K is within the measurement's uncertainty of the Curie temperature"
    if t < tc:
        return spec.state in ("ferromagnetic", "magnetic"), f"{t:g} K is below the Curie temperature {tc:g} K"
    if spec.state == "ferromagnetic":
        return False, f"{t:g} K is above the Curie temperature {tc:g} K"
    return None, f"above the Curie temperature {tc:g} K another order may persist"


def measured_curie(spec: MagnetismClaim, results: Results) -> Finding | None:
    """The user's measured Curie temperature (call d2)."""
    rows = _rows(results, "d2")
    if spec.state is None or not rows:
        return None
    key, row = rows[0]
    positive, why = curie_rule(spec, float(row["value"]), _uncertainty(row))
    holds = _claim_holds(spec, positive)
    conf = MEASURED_ONLY_CONFIDENCE if holds is not None else 0.2
    ev = _data_evidence(key, row, "measured Curie temperature", holds)
    return Finding("your measured Curie temperature", holds, conf, why, [ev])


def literature_claim(spec: MagnetismClaim) -> LiteratureClaim:
    return LiteratureClaim(text=spec.text, queries=[spec.text],
                           why_not_simulated="the ordering itself is not computed here")  # fmt: skip


def literature(spec: MagnetismClaim, results: Results) -> Finding | None:
    """The literature judge on the claim's own sentence (call l1; lexical, below 0.7)."""
    key, out = find(results, "l1")
    if not isinstance(out, dict) or "error" in out:
        return None
    j = judge_literature(literature_claim(spec), {"c1": out})
    evidence = [e.model_copy(update={"tool_run_id": key}) for e in j.evidence]
    holds = {"supported": True, "refuted": False}.get(j.verdict)
    return Finding("the literature", holds, j.confidence if holds is not None else 0.2, j.summary, evidence)
