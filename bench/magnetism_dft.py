"""Calibrate spin-polarised DFT (the ``magnetic_states`` tool) on the magnetic order of elemental
metals: what it says against the known order, and the record that decides the confidence the
magnetism judge may give it (agent/judges/magnetism_dft.py).

For each metal of bench/crystal_references.MAGNETIC_ORDER (Gd is skipped: its 4f moments are
outside what spin-polarised PBE with this basis treats, and the tool refuses f-block elements) it
runs ``magnetic_states`` on the metal's prototype (non-magnetic, ferro- and antiferromagnetic
states in one 2-atom cell) and prints their energies (meV/atom against the non-magnetic state) and
moments, what the product's rule reads from them (agent/judges/magnetism_dft.py: a moment present
or absent; ferro- or antiferromagnetic order), the known order, and right / wrong / undecided.

The record: per kind of decision (moment presence on every metal; order on the metals where a
moment was found and the known order is ferro- or antiferromagnetic), the lower 90 % bound of the
rule-of-succession success rate, Beta(right + 1, wrong + 1)'s 10th percentile; and for each metal
the same bound fitted without it, which is what a claim about that metal gets (its own result
never enters). Undecided cases count for neither.

    OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python bench/magnetism_dft.py [--measure] [--elements Fe,Cu] [--write]

--measure runs the tool for the metals not yet stored (each stored as soon as it is done, with its
date and wall time, in bench/calibration/magnetism_dft_computed.json), under the product's default
wall-time limit of 600 s unless --wall-s says otherwise (--retry-failed runs failed metals again); --write stores the record
in agent/judges/magnetism_dft_calibration.json with this command and today's date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import crystal_references as ref  # noqa: E402

COMPUTED = HERE / "calibration" / "magnetism_dft_computed.json"
SKIPPED = {"Gd": "4f moments: the tool refuses f-block elements"}
LEVEL = 0.9
# A state must beat another by this much (meV/atom) to count: several times the SCF tolerance and
# the smearing's ~1 meV/atom noise, well below the tens of meV/atom a 3d moment gains.
BAND_MEV = 5.0


def metals(only: str | None) -> list[str]:
    names = [m for m in ref.MAGNETIC_ORDER if m not in SKIPPED]
    return [m for m in only.split(",") if m in names] if only else names  # in the order asked


def measure(doc: dict[str, Any], names: list[str], wall_s: float, retry: bool) -> None:
    """Run magnetic_states for each metal not yet in ``doc`` (or whose run failed, with ``retry``)
    under a wall-time limit of ``wall_s`` and store it at once."""
    from tools import get_tool
    from tools.settings import SimulationSettings, ToolSettings, default_home

    settings = ToolSettings.at_home(default_home(), SimulationSettings(wall_time_s=wall_s))
    for el in names:
        stored = doc["metals"].get(el)
        if stored and not stale(stored["result"]) and not (retry and "error" in stored["result"]):
            continue
        proto = ref.MAGNETIC_ORDER[el][0]
        out = get_tool("magnetic_states", settings).invoke({"element": el, "prototype": proto})
        doc["metals"][el] = {"date": dt.date.today().isoformat(), "wall_limit_s": wall_s, "result": out}
        # Read again and write through a rename: several --measure runs (one --elements list
        # each, one per core) may store into the file at once.
        latest = json.loads(COMPUTED.read_text()) if COMPUTED.exists() else {"metals": {}}
        latest["metals"][el] = doc["metals"][el]
        tmp = COMPUTED.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(latest, indent=1, sort_keys=True) + "\n")
        tmp.replace(COMPUTED)
        print(f"  measured {el}: {out.get('wall_s', '?')} s", flush=True)


def stale(out: dict[str, Any]) -> bool:
    """Whether a stored result was computed with other settings than the tool's method now (its
    k-mesh aside, which the tool sets per cell); a failed run has none and is not stale."""
    from tools.magnetic_states import METHOD

    method = (out.get("parameters") or {}).get("method")
    if method is None:
        return False
    now = METHOD.as_dict()
    return {k: v for k, v in method.items() if k != "kmesh"} != {k: v for k, v in now.items() if k != "kmesh"}


def outcome(el: str, out: dict[str, Any], band: float) -> tuple[str, str, str | None, str | None]:
    """(what the rule says of the moment, of the order, moment right/wrong, order right/wrong)."""
    from agent.judges.magnetism_dft import moment_said, order_said

    known = ref.MAGNETIC_ORDER[el][1]
    said = moment_said(out, band) if "states" in out else "undecided"
    order = order_said(out, band) if said == "present" else "-"
    moment_ok = None if said == "undecided" else ("right" if (said == "present") == (known != "none") else "wrong")
    order_ok = None
    if said == "present" and known != "none" and order != "undecided":
        order_ok = "right" if order == known else "wrong"
    return said, order, moment_ok, order_ok


def lower_bound(right: int, wrong: int) -> float:
    from scipy.stats import beta

    return round(float(beta.ppf(1 - LEVEL, right + 1, wrong + 1)), 3)


def record(outcomes: dict[str, str | None]) -> dict[str, Any]:
    decided = {m: o for m, o in outcomes.items() if o is not None}
    right = sum(o == "right" for o in decided.values())
    wrong = len(decided) - right
    without = {m: lower_bound(right - (o == "right"), wrong - (o == "wrong")) for m, o in decided.items()}
    return {"n": len(decided), "right": right, "wrong": wrong, "undecided": len(outcomes) - len(decided),
            "confidence": lower_bound(right, wrong), "without": without, "outcomes": decided}  # fmt: skip


def row(el: str, out: dict[str, Any], said: str, order: str, ok: tuple[str | None, str | None]) -> str:
    proto, known = ref.MAGNETIC_ORDER[el][:2]
    if "states" not in out:
        return f"{proto} {el:3} {known:17} failed: {out.get('error', {}).get('message', '?')[:80]}"
    st = out["states"]
    e_nm = st["non-magnetic"]["energy_per_atom_ev"]
    cells = []
    for s in ("ferromagnetic", "antiferromagnetic"):
        e, m = st[s]["energy_per_atom_ev"], st[s]["moment_per_atom_mu_b"]
        cells.append("     n.c.       " if e is None or e_nm is None else f"{1000 * (e - e_nm):+8.1f} {m:5.2f}")
    seq = ("non-magnetic", "ferromagnetic", "antiferromagnetic")  # the header's; the file sorts keys
    cycles = "/".join(str(st[s]["scf_cycles"]) for s in seq)
    walls = "/".join(f"{st[s]['wall_s']:.0f}" for s in seq)
    return (f"{proto} {el:3} {known:17} " + "  ".join(cells) + f"  {said:9} {order:17} "
            f"{ok[0] or '-':5} {ok[1] or '-':5} {cycles:9} {walls} s")  # fmt: skip


def report(doc: dict[str, Any], names: list[str], band: float) -> dict[str, dict[str, Any]]:
    print(f"band {band:g} meV/atom; energies in meV/atom against the non-magnetic state, moments in µB/atom")
    print(f"{'metal':7} {'known order':17} {'FM dE   m':>15}  {'AFM dE   m':>15}  {'moment':9} {'order':17} "
          f"{'mom':5} {'ord':5} {'cycles':9} wall NM/FM/AFM")  # fmt: skip
    moments: dict[str, str | None] = {}
    orders: dict[str, str | None] = {}
    for el in names:
        if el not in doc["metals"]:
            continue
        out = doc["metals"][el]["result"]
        if stale(out):
            print(f"{ref.MAGNETIC_ORDER[el][0]} {el:3} stale: measured with other settings; --measure runs it again")
            continue
        said, order, m_ok, o_ok = outcome(el, out, band)
        moments[el] = m_ok
        if said == "present" and ref.MAGNETIC_ORDER[el][1] != "none":
            orders[el] = o_ok
        print(row(el, out, said, order, (m_ok, o_ok)))
    for el, why in SKIPPED.items():
        print(f"{ref.MAGNETIC_ORDER[el][0]} {el:3} skipped: {why}")
    recs = {"moment": record(moments), "order": record(orders)}
    for k, r in recs.items():
        print(f"{k} record: {r['right']}/{r['n']} right, {r['wrong']} wrong, {r['undecided']} undecided; "
              f"lower {LEVEL:.0%} bound of the success rate {r['confidence']}")  # fmt: skip
    return recs


def cost(doc: dict[str, Any]) -> None:
    walls = [s["wall_s"] for m in doc["metals"].values() for s in (m["result"].get("states") or {}).values()]
    per_claim = [m["result"]["wall_s"] for m in doc["metals"].values() if "wall_s" in m["result"]]
    if walls:
        print(f"cost: {len(walls)} SCFs, median {sorted(walls)[len(walls) // 2]:.0f} s, max {max(walls):.0f} s; "
              f"per call (3 SCFs) median {sorted(per_claim)[len(per_claim) // 2]:.0f} s, max {max(per_claim):.0f} s")  # fmt: skip


def write(recs: dict[str, dict[str, Any]], band: float, command: str) -> None:
    from agent.judges import magnetism_dft
    from tools.magnetic_states import METHOD

    out = {"provenance": {"command": command, "date": dt.date.today().isoformat(), "level": LEVEL,
                          "method": METHOD.words(per_axis=True),
                          "rule": "agent/judges/magnetism_dft.py moment_said / order_said at band_mev; confidence: "
                                  "Beta(right+1, wrong+1) lower bound at the level, per metal without it"},
           "band_mev": band, "records": recs}  # fmt: skip
    magnetism_dft.FILE.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {magnetism_dft.FILE.relative_to(HERE.parent)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--measure", action="store_true", help="run the tool for metals not yet stored")
    ap.add_argument("--elements", default=None, help="comma-separated symbols (default: every metal but Gd)")
    ap.add_argument("--band", type=float, default=BAND_MEV, help="meV/atom a state must beat another by")
    ap.add_argument("--write", action="store_true", help="store the record beside the judge")
    ap.add_argument("--wall-s", type=float, default=600.0, help="wall-time limit per metal (the product's default: 600)")
    ap.add_argument("--retry-failed", action="store_true", help="with --measure, run failed metals again")
    a = ap.parse_args()
    command = "OMP_NUM_THREADS=1 PYTHONPATH=. python bench/magnetism_dft.py" + (f" --band {a.band:g}" if a.band != BAND_MEV else "")
    print(f"$ {command}{' --measure' if a.measure else ''}{' --write' if a.write else ''}")
    doc = json.loads(COMPUTED.read_text()) if COMPUTED.exists() else {"metals": {}}
    names = metals(a.elements)
    if a.measure:
        import logging

        logging.basicConfig(level=logging.WARNING, format="  %(message)s")
        logging.getLogger("tools.spin_dft").setLevel(logging.INFO)  # one line per SCF: cycles, seconds
        os.environ.setdefault("HYPOLOOP_HOME", tempfile.mkdtemp(prefix="magdft-"))
        measure(doc, names, a.wall_s, a.retry_failed)
    recs = report(doc, names, a.band)
    cost(doc)
    if a.write:
        write(recs, a.band, command)


if __name__ == "__main__":
    main()
