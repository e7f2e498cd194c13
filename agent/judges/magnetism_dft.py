"""What spin-polarised DFT (the ``magnetic_states`` tool, call c2) says about a magnetism claim.

The tool gives the energies and moments of the non-magnetic (NM), ferromagnetic (FM) and
antiferromagnetic (AFM) states of an elemental metal in one 2-atom cell. Read with the energy band
``band_mev`` of ``magnetism_dft_calibration.json`` (the rule, documented and tested):
- a moment is *present* when a magnetic state keeps a moment above THRESHOLD_MU_B per atom and lies
  more than the band below NM; *absent* when NM, FM and AFM all converged and both magnetic starts
  collapsed (no moment, within the band of NM); otherwise undecided (a state with a moment above NM
  does not show absence: a lower-moment branch the start did not reach may lie below NM);
- with a moment present, the order is *ferromagnetic* when E(AFM) - E(FM) exceeds the band,
  *antiferromagnetic* when it is below minus the band (against the one antiferromagnetic
  arrangement the cell allows), otherwise undecided; undecided too when the antiferromagnetic start
  ended neither antiferromagnetic (equal and opposite moments) nor without a moment, since the
  energy of such a state says nothing about the antiferromagnet's.
Then, as for any 0 K moment (agent/judges/magnetism_sources.moment_rule): absence refutes every
order at every temperature; presence decides the ground state only, never an order at a stated
temperature (no tool computes an ordering temperature).

Confidence: the method's record on the calibration metals (bench/magnetism_dft.py), per kind of
decision (moment presence, order): the lower 90 % bound of the rule-of-succession success rate,
fitted without the judged metal when it is one of them; a bound below MIN_RECORD decides nothing.
Moment values are not decided: the minimal basis's moment error was not measured.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Literal

from agent.judges.magnetism_sources import THRESHOLD_MU_B, Finding, Results, ground_state
from agent.judges.tool_results import find, penalty
from agent.language.specs_science import MagnetismClaim
from agent.results import Evidence

FILE = Path(__file__).with_name("magnetism_dft_calibration.json")
CALL_ID = "c2"
SOURCE = "spin-polarised DFT"
Said = Literal["present", "absent", "undecided"]
Order = Literal["ferromagnetic", "antiferromagnetic", "undecided"]
Record = Literal["moment", "order"]
# A record whose bound is below even odds decides nothing: its verdict would be less likely right
# than wrong by the method's own measurement (a thin record, e.g. two or three ordered metals).
MIN_RECORD = 0.5
# The antiferromagnetic state's two site moments may differ in size by this fraction of their sum
# (Mulliken noise); beyond it the SCF found a ferrimagnetic stationary point, not the antiferromagnet.
AFM_ASYMMETRY = 0.1


@functools.lru_cache(maxsize=1)
def _doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(FILE.read_text()) if FILE.exists() else {}
    return doc


def band_mev() -> float | None:
    """The energy band (meV/atom) a state must beat; None when the method was never calibrated."""
    band = _doc().get("band_mev")
    return None if band is None else float(band)


def record_confidence(kind: Record, element: str) -> float | None:
    """The confidence a decision of ``kind`` may take for ``element`` (module docstring); None:
    never measured, so it decides nothing."""
    rec = _doc().get("records", {}).get(kind)
    if not rec:
        return None
    return float(rec.get("without", {}).get(element, rec["confidence"]))


def record_words(kind: Record, element: str) -> str:
    """The record a decision about ``element`` rests on, in words: counted without the element's
    own run when it is a calibration metal, as its confidence is."""
    rec = _doc().get("records", {}).get(kind) or {}
    right, n = int(rec.get("right", 0)), int(rec.get("n", 0))
    own = (rec.get("outcomes") or {}).get(element)
    where = "calibration metals"
    if own is not None:
        right, n = right - (own == "right"), n - 1
        where = f"the other calibration metals ({element}'s own run left out)"
    prov = _doc().get("provenance", {})
    return (f"{kind} record {right}/{n} right on {where}, "
            f"`{prov.get('command', 'bench/magnetism_dft.py')}` ({prov.get('date', '?')})")  # fmt: skip


def _energy(out: dict[str, Any], state: str) -> tuple[float | None, float]:
    s = (out.get("states") or {}).get(state) or {}
    e = s.get("energy_per_atom_ev") if s.get("converged") else None
    return (None if e is None else float(e)), float(s.get("moment_per_atom_mu_b") or 0.0)


def moment_said(out: dict[str, Any], band: float) -> Said:
    """Present / absent / undecided from the three states (the module rule)."""
    e_nm, _ = _energy(out, "non-magnetic")
    magnetic = [_energy(out, s) for s in ("ferromagnetic", "antiferromagnetic")]
    if e_nm is None:
        return "undecided"
    gains = [(1000 * (e_nm - e), m) for e, m in magnetic if e is not None]
    if any(g > band and m > THRESHOLD_MU_B for g, m in gains):
        return "present"
    # Only a collapse counts as absence: a moment-carrying state above NM may be a high-moment branch
    # of the SCF with a lower-moment one below NM that the start did not reach (measured: Cr's AFM).
    if len(gains) == 2 and all(m <= THRESHOLD_MU_B and abs(g) <= band for g, m in gains):
        return "absent"
    return "undecided"


def afm_kind(out: dict[str, Any]) -> Literal["antiferromagnetic", "collapsed", "other"]:
    """What the antiferromagnetic start converged to: opposite moments of equal size (within
    AFM_ASYMMETRY), no moment, or something else (a ferrimagnetic or parallel state: a stationary
    point of the SCF that is not the antiferromagnet, so its energy says nothing of that order)."""
    sites = ((out.get("states") or {}).get("antiferromagnetic") or {}).get("site_moments_mu_b") or []
    if len(sites) != 2:
        return "other"
    m1, m2 = (float(x) for x in sites)
    if max(abs(m1), abs(m2)) <= THRESHOLD_MU_B:
        return "collapsed"
    if m1 * m2 < 0 and abs(m1 + m2) <= AFM_ASYMMETRY * (abs(m1) + abs(m2)):
        return "antiferromagnetic"
    return "other"


def order_said(out: dict[str, Any], band: float) -> Order:
    """Ferro- or antiferromagnetic by E(AFM) - E(FM) against the band (when a moment is present);
    undecided when the antiferromagnetic start did not end antiferromagnetic or without a moment."""
    diff = out.get("afm_minus_fm_mev")
    kind = afm_kind(out)
    if not isinstance(diff, int | float) or kind == "other":
        return "undecided"
    _, m_afm = _energy(out, "antiferromagnetic")
    _, m_fm = _energy(out, "ferromagnetic")
    if diff > band and m_fm > THRESHOLD_MU_B:
        return "ferromagnetic"
    if diff < -band and m_afm > THRESHOLD_MU_B:
        return "antiferromagnetic"
    return "undecided"


def dft_rule(
    spec: MagnetismClaim, said: Said, order: Order, afm: str = "antiferromagnetic"
) -> tuple[bool | None, str, list[Record]]:
    """Whether the claim's positive proposition holds, why, and which records its confidence rests on."""
    assert spec.state is not None
    if said == "absent":
        return (spec.state == "non-magnetic", "the ferro- and antiferromagnetic starts both collapsed to no "
                "moment: no moment at 0 K, so no magnetic order at any temperature", ["moment"])  # fmt: skip
    if said == "undecided":
        return None, "no magnetic state lies clearly below or collapses to the non-magnetic one", []
    if not ground_state(spec):
        return None, (f"a moment at 0 K does not say whether an order persists at {spec.temperature_k:g} K: "
                      "that needs the ordering temperature, which no tool here computes"), []  # fmt: skip
    if spec.state in ("magnetic", "non-magnetic"):
        return spec.state == "magnetic", "a magnetic state lies below the non-magnetic one", ["moment"]
    if order == "undecided" and afm == "other":
        return None, ("the antiferromagnetic start ended in a ferrimagnetic or parallel state, not the "
                      "antiferromagnet, so the two orders were not compared"), []  # fmt: skip
    if order == "undecided":
        return None, "ferro- and antiferromagnetic alignment lie within the band of each other", []
    why = f"{order} alignment is the lower (against the one antiferromagnetic arrangement the cell allows)"
    return spec.state == order, why, ["moment", "order"]


def _statement(spec: MagnetismClaim, out: dict[str, Any], band: float) -> str:
    e_nm, _ = _energy(out, "non-magnetic")
    parts = ["non-magnetic " + ("not converged" if e_nm is None else f"{e_nm:.4f} eV/atom")]
    for state in ("ferromagnetic", "antiferromagnetic"):
        e, m = _energy(out, state)
        rel = "" if e is None or e_nm is None else f" ({1000 * (e - e_nm):+.1f} meV/atom)"
        parts.append(f"{state} " + ("not converged" if e is None else f"{m:.2f} µB/atom{rel}"))
    a = f"a = {out.get('a')} Å" + (f", c = {out['c']} Å" if out.get("c") else "")
    return (f"{out.get('method', 'spin-polarised DFT')} of {spec.material.label()} ({a}, not relaxed; "
            f"{out.get('cell', '2-atom cell')}): " + "; ".join(parts)
            + f"; lowest {out.get('lowest')}; a state must beat another by {band:g} meV/atom")  # fmt: skip


def spin_dft(spec: MagnetismClaim, results: Results) -> Finding | None:
    """The spin-polarised DFT finding on the claim as written; None when the tool was not run."""
    key, out = find(results, CALL_ID)
    if not isinstance(out, dict):
        return None
    if "error" in out or not isinstance(out.get("states"), dict):
        msg = out.get("error", {}).get("message", "") if isinstance(out.get("error"), dict) else ""
        return Finding(SOURCE, None, 0.2, f"it failed ({msg or 'no states'})")
    band = band_mev()
    element = str(out.get("element") or spec.material.formula)
    what = _statement(spec, out, band if band is not None else 0.0)
    if band is None or spec.state is None:
        why = ("the method was never calibrated" if band is None else
               "it decides states, not moment values (its moment error was not measured)")  # fmt: skip
        ev = Evidence(kind="simulation", statement=what, supports=None, tool_run_id=key)
        return Finding(SOURCE, None, 0.2, why, [ev])
    positive, why, records = dft_rule(spec, moment_said(out, band), order_said(out, band), afm_kind(out))
    holds = None if positive is None else positive != spec.negated
    confs = [record_confidence(r, element) for r in records]
    if holds is not None and any(c is None for c in confs):
        holds, why = None, why + " (but this kind of decision was never calibrated)"
    elif holds is not None and min(c for c in confs if c is not None) < MIN_RECORD:
        holds, why = None, why + f" (but its record on such decisions is too thin: bound below {MIN_RECORD:g})"
    factor, warned = penalty(out)
    conf = round(min(c for c in confs if c is not None) * factor, 3) if holds is not None else 0.2
    why += "".join(f"; {record_words(r, element)}" for r in records)
    why += "".join(f" (warning: {w})" for w in warned)
    ev = Evidence(kind="simulation", statement=what, supports=holds, tool_run_id=key)
    return Finding(SOURCE, holds, conf, why, [ev])
