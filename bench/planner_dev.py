"""Offline planner on the development set: parse -> plan -> run the real tools -> judge -> stress.

Usage: .venv/bin/python bench/planner_dev.py [--set ../shared/bench/hypotheses-dev.yaml]
                                             [--sofc ../shared/bench/sofc/texts] [--index DIR] [--no-stress]

Literature claims are judged against a temporary index built from the SOFC corpus. Simulations run
in a temporary HYPOLOOP_HOME (no cache from earlier runs) unless --home is given. Prints one line per
item and then accuracy on decided items, coverage, and the count of confidently wrong verdicts
(wrong with confidence >= 0.7). Targets (issue 5): accuracy >= 95 %, coverage >= 85 %, none wrong.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CONFIDENT = 0.7


def run_calls(calls: list[Any]) -> dict[str, dict[str, Any]]:
    from tools import get_tool

    out: dict[str, dict[str, Any]] = {}
    for c in calls:
        try:
            out[c.id] = get_tool(c.name).invoke(c.args)
        except Exception as e:  # a crash is a finding, report it as an error result
            out[c.id] = {"error": {"type": type(e).__name__, "message": str(e)}}
    return out


def stressed(
    spec: Any, results: dict[str, dict[str, Any]], main: Any, about: float
) -> tuple[str, float, list[str]]:
    """Run each stress variant and move the verdict the way the graph does (agent.nodes.confidence)."""
    from agent import planner
    from agent.domain import StressCheck
    from agent.nodes.confidence import apply_stress

    checks = []
    notes = []
    for v in planner.stress_variants(spec, results):
        got = planner.judge(spec, run_calls(v.calls), about_tolerance_pct=about)
        if got.verdict == main.verdict:
            outcome = "agrees"
        elif got.verdict == "inconclusive" and not got.values:
            outcome = "failed"
        else:
            outcome = "disagrees"
        checks.append(
            StressCheck(name=v.name, description=v.description, outcome=outcome, detail=got.summary)
        )
        notes.append(f"{v.name}:{outcome}")
    verdict, conf, _ = apply_stress(main.verdict, main.confidence, checks)
    return verdict, conf, notes


def build_index(texts: Path, path: Path) -> None:
    """Build the SOFC index at `path` unless one is already there (--index reuses a built one)."""
    from retrieval import LiteratureIndex

    if not (path / "manifest.json").exists():
        LiteratureIndex.create(path).add([texts])
    os.environ["HYPOLOOP_RETRIEVAL__INDEX_PATH"] = str(path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default=str(ROOT.parent / "shared/bench/hypotheses-dev.yaml"))
    ap.add_argument("--sofc", default=str(ROOT.parent / "shared/bench/sofc/texts"))
    ap.add_argument("--home", default=None, help="HYPOLOOP_HOME to use (default: a fresh temporary one)")
    ap.add_argument(
        "--index", default=None, help="literature index folder to reuse or create (default: temporary)"
    )
    ap.add_argument("--no-stress", action="store_true")
    ap.add_argument("--about", type=float, default=5.0, help="'about' tolerance in percent")
    args = ap.parse_args()

    import yaml

    tmp = Path(tempfile.mkdtemp(prefix="planner-dev-"))
    os.environ["HYPOLOOP_HOME"] = args.home or str(tmp / "home")
    items = yaml.safe_load(Path(args.set).read_text())
    print(f"command: {' '.join(sys.argv)}\ndata: {args.set} ({len(items)} items); literature: {args.sofc}")
    t0 = time.perf_counter()
    build_index(Path(args.sofc), Path(args.index) if args.index else tmp / "index")
    print(f"literature index ready in {time.perf_counter() - t0:.1f} s\n")
    from agent import planner

    rows = []
    print(f"{'id':8} {'expected':12} {'verdict':12} {'conf':>5} {'secs':>6}  kind / notes")
    for it in items:
        t = time.perf_counter()
        spec = planner.parse_claim(it["claim"])
        if spec is None:
            verdict, conf, kind, notes = (
                "inconclusive",
                0.0,
                "unparsed",
                [planner.unsupported_reason(it["claim"])],
            )
        else:
            results = run_calls(planner.plan_calls(spec))
            main_j = planner.judge(spec, results, about_tolerance_pct=args.about)
            verdict, conf, notes = main_j.verdict, main_j.confidence, []
            if not args.no_stress:
                verdict, conf, notes = stressed(spec, results, main_j, args.about)
            kind = spec.kind
            notes.append(main_j.summary[:110])
        secs = time.perf_counter() - t
        rows.append((it["expected"], verdict, conf))
        print(
            f"{it['id']:8} {it['expected']:12} {verdict:12} {conf:5.2f} {secs:6.1f}  {kind}: {'; '.join(notes)}"
        )
    decided = [(e, v, c) for e, v, c in rows if v != "inconclusive"]
    correct = sum(e == v for e, v, _ in decided)
    wrong_conf = sum(e != v and c >= CONFIDENT for e, v, c in decided)
    print(
        f"\naccuracy on decided: {correct}/{len(decided)} = {100 * correct / max(1, len(decided)):.1f} %"
        f"\ncoverage: {len(decided)}/{len(rows)} = {100 * len(decided) / len(rows):.1f} %"
        f"\nconfidently wrong (conf >= {CONFIDENT}): {wrong_conf}"
        f"\ntotal time: {time.perf_counter() - t0:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
