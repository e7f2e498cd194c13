"""Offline hypothesis campaigns on goals whose answers are in the handbooks: recall of the known
answers in the top K, tool work and time per goal, and the screen's speed-up from batching.

    python bench/propose_goals.py [--goals all|NAME,...] [--no-speedup]

Known answers (ambient pressure; 0 K ground states where the goal says so):
- CsCl structure among the alkali halides: CsCl, CsBr, CsI; every other alkali halide is rock-salt
  (Ashcroft & Mermin, Solid State Physics, 1976, Tables 4.5 and 4.6; Kittel, Introduction to Solid
  State Physics, 8th ed., 2005, ch. 1).
- bcc among the 3d transition metals: V, Cr, Fe (Mn is the complex alpha-Mn structure, Sc/Ti/Co/Zn
  hcp, Ni/Cu fcc) (Kittel, 8th ed., Table 1.3 / the periodic table of crystal structures, ch. 1).
- bcc among the 4d transition metals: Nb, Mo (Kittel, 8th ed., ch. 1).
- largest bulk modulus of Cu, Ag, Au, Ni, Pd, Pt, Al: Pt (2.78e11 N/m^2; Ni 1.86, Pd 1.81, Au
  1.73, Cu 1.37, Ag 1.01, Al 0.72; Kittel, 8th ed., ch. 3, Table 3).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import dataclass

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@dataclass(frozen=True)
class Goal:
    name: str
    text: str
    known: frozenset[str]
    n: int
    calculator: str


GOALS = [
    Goal("cscl-halides", "which alkali halides take the CsCl structure", frozenset({"CsCl", "CsBr", "CsI"}), 20, "chgnet"),
    Goal("bcc-3d", "which 3d transition metals are bcc at 0 K", frozenset({"V", "Cr", "Fe"}), 10, "chgnet"),
    Goal("bcc-4d", "which 4d transition metals are bcc at 0 K", frozenset({"Nb", "Mo"}), 10, "chgnet"),
    Goal("stiffest-metal", "which of Cu, Ag, Au, Ni, Pd, Pt and Al has the largest bulk modulus", frozenset({"Pt"}), 7, "emt"),
]  # fmt: skip


def run_goal(goal: Goal, home: str) -> dict[str, object]:
    from agent.campaign import run_campaign
    from agent.campaign.naming import formula_of
    from agent.settings import Settings

    settings = Settings.load(home=home, simulation={"default_calculator": goal.calculator})
    t0 = time.perf_counter()
    result = run_campaign(goal.text, settings, n=goal.n)
    wall = time.perf_counter() - t0
    k = len(goal.known)
    top = [formula_of(c) for c in result.ranked()[:k]]
    return {
        "goal": goal.name, "calc": goal.calculator, "K": k, "top K": ", ".join(f or "?" for f in top),
        "recall@K": f"{len(goal.known & set(top))}/{k}",
        "candidates": len(result.candidates), "comparisons": len(result.comparisons),
        "structures": sum(s.structures for s in result.screens),
        "screen s": round(sum(s.wall_s for s in result.screens), 1), "total s": round(wall, 1),
    }  # fmt: skip


def speedup(home: str) -> str:
    """The alkali-halide screen (20 formulas x 4 structures) with CHGNet, batched vs one by one."""
    from agent.campaign.screen import run_screen
    from agent.settings import Settings

    settings = Settings.load(home=home)
    keys = [(c + a, p) for c in ("Li", "Na", "K", "Rb", "Cs") for a in ("F", "Cl", "Br", "I")
            for p in ("rocksalt", "cesiumchloride", "zincblende", "wurtzite")]  # fmt: skip
    run_screen(keys[:2], settings, "chgnet")  # load the model outside the timing
    _, batched = run_screen(keys, settings, "chgnet", batched=True)
    _, single = run_screen(keys, settings, "chgnet", batched=False)
    return (f"screen of {len(keys)} structures (CHGNet EOS scans, same points in both modes): batched {batched.wall_s:.1f} s, "
            f"one by one {single.wall_s:.1f} s, speed-up {single.wall_s / batched.wall_s:.1f}x")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goals", default="all", help="comma-separated goal names, or 'all'")
    parser.add_argument("--no-speedup", action="store_true")
    ns = parser.parse_args(argv)
    home = tempfile.mkdtemp(prefix="hypoloop-propose-")
    goals = GOALS if ns.goals == "all" else [g for g in GOALS if g.name in ns.goals.split(",")]
    rows = [run_goal(g, home) for g in goals]
    cols = list(rows[0]) if rows else []
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in cols}
    print("  ".join(c.ljust(widths[c]) for c in cols))
    for r in rows:
        print("  ".join(str(r[c]).ljust(widths[c]) for c in cols))
    if not ns.no_speedup:
        print(speedup(home))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
