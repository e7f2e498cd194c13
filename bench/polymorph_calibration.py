"""Fit the energy band a polymorph ordering must beat, per calculator and formula family, from the
known ground-state structures of bench/data/ground_states.csv (signs only: which structure is
lowest, never how far below the others it lies).

For each material it ranks the prototypes its family is tested against (the product's own pools,
agent/language/kind_builders.py: fcc, bcc, hcp, diamond, sc for an element; rock salt, CsCl-type,
zinc blende, wurtzite for an AB compound) with ``compare_polymorphs`` and stores the energies in
bench/calibration/polymorphs_computed.json. The score of a material is how far the calculator puts
some other structure *below* its known ground state (0 when it ranks the ground state lowest): a
lower bound on its error for that formula. The band is the largest score in the family: the worst
ordering error seen, so that no material of the set would have been decided wrong (the
split-conformal quantile at level n/(n+1)). Lower quantiles were tried and rejected: the scores
have a heavy tail (CHGNet: 14 of 40 elements ranked wrong, most by under 10 meV/atom, but Sn by
131 and Rb, Cs, Hf by 19-28), so a 90 % band (19 meV/atom for CHGNet's elements) leaves the tail
decided wrong at high confidence. It is never below RESOLUTION_EV (the spread of relaxed energies
from one run to another), and needs MIN_MATERIALS scores. The fit knows signs only, so a right
ordering adds no magnitude: the band bounds how wrong the calculator was, not how right.

Then it prints, leaving each material out of the fit in turn, whether its score lies inside the
band of the others and how the product would judge "<true ground state> is the ground state of X"
(true) and "<the calculator's lowest other structure> is" (false) with that band and
uncertainty.confidence: right, inconclusive, wrong, or wrong at >= 0.7.

    PYTHONPATH=. .venv/bin/python bench/polymorph_calibration.py --calculator chgnet [--measure] [--write]

--measure re-runs the tools (else the stored energies are used); --write stores the energies and
the fitted bands (agent/judges/polymorph_calibration.json, with this command and today's date).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

GROUND_STATES = HERE / "data" / "ground_states.csv"
COMPUTED = HERE / "calibration" / "polymorphs_computed.json"
MIN_MATERIALS = 10
# Relaxed energies of one structure differ by up to ~1-2 meV/atom between runs (volume-scan fit,
# fmax 0.01 eV/A relaxations): no band is narrower than that, whatever the scores say.
RESOLUTION_EV = 0.005


def rows() -> list[dict[str, str]]:
    with GROUND_STATES.open() as fh:
        return list(csv.DictReader(fh))


def pool(family: str) -> list[str]:
    from agent.language.kind_builders import AB_POOL, ELEMENT_POOL

    return ELEMENT_POOL if family == "element" else AB_POOL


def measure(calculator: str) -> dict[str, dict[str, float]]:
    """material -> prototype -> energy per atom (eV) from compare_polymorphs (relaxed)."""
    from ase.formula import Formula

    from tools import get_tool
    from tools.calculators import supported_calculators

    out: dict[str, dict[str, float]] = {}
    for r in rows():
        m = r["material"]
        if calculator not in supported_calculators(list(Formula(m).count()), periodic=True):
            continue
        args = {"formula": m, "prototypes": pool(r["family"]), "calculator": calculator}
        res = get_tool("compare_polymorphs").invoke(args)
        if "error" in res:
            print(f"  {m}: {res['error']['message']}")
            continue
        out[m] = {str(x["prototype"]): round(float(x["energy_per_atom_ev"]), 6) for x in res["ranking"]}
        print(f"  {m:5} " + "  ".join(f"{p} {e - min(out[m].values()):+.3f}" for p, e in out[m].items()), flush=True)
    return out


def score(energies: dict[str, float], ground: str) -> float | None:
    """How far the lowest other structure lies below the true ground state (0 if none does)."""
    others = [e for p, e in energies.items() if p != ground]
    if ground not in energies or not others:
        return None
    return max(0.0, energies[ground] - min(others))


def band_of(scores: list[float]) -> float | None:
    """The largest score, at least RESOLUTION_EV (None: fewer than MIN_MATERIALS scores)."""
    if len(scores) < MIN_MATERIALS:
        return None
    return max(RESOLUTION_EV, max(scores))


def judged(gap: float, band: float, claim_true: bool) -> str:
    """right / inconclusive / wrong / confidently_wrong for a claim whose computed gap (the other
    structures' lowest minus the claimed one's) is ``gap``, judged with ``band``."""
    from agent.judges.uncertainty import CONFIDENCE_CAP, confidence

    if abs(gap) <= band:
        return "inconclusive"
    if (gap > 0) == claim_true:
        return "right"
    return "confidently_wrong" if min(CONFIDENCE_CAP, confidence(abs(gap) / band)) >= 0.7 else "wrong"


def check(energies: dict[str, dict[str, float]], family: str) -> dict[str, Any]:
    """Leave-one-material-out coverage and would-be verdicts for one family (the product's rule,
    agent/judges/polymorph_bands.family); prints a line each."""
    from agent.judges.polymorph_bands import family as family_of

    truth = {r["material"]: r["ground_prototype"] for r in rows() if family_of(r["material"]) == family}
    scores = {m: s for m in truth if m in energies and (s := score(energies[m], truth[m])) is not None}
    tally = {"inside": 0, "right": 0, "inconclusive": 0, "wrong": 0, "confidently_wrong": 0}
    for m, s in scores.items():
        band = band_of([v for k, v in scores.items() if k != m])
        if band is None:
            continue
        e = energies[m]
        best_other = min((p for p in e if p != truth[m]), key=lambda p: e[p])
        ruled = [judged(e[best_other] - e[truth[m]], band, True),
                 judged(min(v for p, v in e.items() if p != best_other) - e[best_other], band, False)]  # fmt: skip
        tally["inside"] += s <= band
        for o in ruled:
            tally[o] += 1
        print(f"  {m:5} ground {truth[m]:14} score {1000 * s:6.1f} meV  band without it {1000 * band:5.1f}  "
              f"true claim {ruled[0]:12} false claim ({best_other}) {ruled[1]}")  # fmt: skip
    band = band_of(list(scores.values()))
    without = {m: band_of([v for k, v in scores.items() if k != m]) for m in scores}
    return {"n": len(scores), "band_ev": band, "wrong_order": sum(s > 0 for s in scores.values()),
            "without": {m: b for m, b in without.items() if b is not None and b != band}, **tally}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--calculator", default="chgnet")
    ap.add_argument("--measure", action="store_true", help="re-run the tools (else use the stored energies)")
    ap.add_argument("--write", action="store_true", help="store the energies and the fitted bands")
    a = ap.parse_args()
    command = f"PYTHONPATH=. python bench/polymorph_calibration.py --calculator {a.calculator}"
    print(f"$ {command}{' --measure' if a.measure else ''}{' --write' if a.write else ''}")
    doc = json.loads(COMPUTED.read_text()) if COMPUTED.exists() else {"runs": {}}
    if a.measure or a.calculator not in doc["runs"]:
        os.environ.setdefault("HYPOLOOP_HOME", tempfile.mkdtemp(prefix="polycal-"))
        doc["runs"][a.calculator] = {"command": command + " --measure", "date": dt.date.today().isoformat(),
                                     "energies_ev_per_atom": measure(a.calculator)}  # fmt: skip
    energies = doc["runs"][a.calculator]["energies_ev_per_atom"]
    fits = {}
    for family in ("transition_metal", "main_group_element", "ab"):
        print(f"\n{a.calculator}, family {family} (leave one material out):")
        fits[family] = r = check(energies, family)
        band = "-" if r["band_ev"] is None else f"{1000 * r['band_ev']:.1f} meV/atom"
        print(f"  {r['n']} materials, {r['wrong_order']} ranked wrong; band (the worst score): {band}; "
              f"inside the others' band {r['inside']}/{r['n']}; claims right {r['right']}, inconclusive "
              f"{r['inconclusive']}, wrong {r['wrong']}, wrong at >= 0.7 {r['confidently_wrong']}")  # fmt: skip
    if a.write:
        COMPUTED.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")
        write_bands(a.calculator, fits, doc["runs"][a.calculator])


def write_bands(calculator: str, fits: dict[str, dict[str, Any]], run: dict[str, Any]) -> None:
    from agent.judges import polymorph_bands

    path = polymorph_bands.FILE
    out = json.loads(path.read_text()) if path.exists() else {"bands": {}}
    out.pop("level", None)
    out["rule"] = ("bench/polymorph_calibration.py: the largest score of the family (how far the calculator put "
                   f"another structure below a known ground state), at least {RESOLUTION_EV} eV/atom, "
                   f"from at least {MIN_MATERIALS} materials")  # fmt: skip
    out["bands"][calculator] = {  # fitted families only: an unfitted one falls back to the literature
        fam: {"band_ev": r["band_ev"], "n": r["n"], "wrong_order": r["wrong_order"], "without": r["without"]}
        for fam, r in fits.items() if r["band_ev"] is not None
    } | {"provenance": {"set": str(GROUND_STATES.relative_to(HERE.parent)), "energies": run["command"],
                        "measured": run["date"], "fitted": dt.date.today().isoformat()}}  # fmt: skip
    path.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"\nwrote {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
