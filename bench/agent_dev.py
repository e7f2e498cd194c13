"""The agent on the development set of hypotheses with known answers, through the real graph
(Assistant.run: research loop, stress tests, verdict), offline planner by default.

Usage: .venv/bin/python bench/agent_dev.py [--set ../shared/bench/hypotheses-dev.yaml]
           [--sofc ../shared/bench/sofc/texts] [--index DIR] [--home DIR] [--no-stress]

Literature claims are judged against an index built from the SOFC corpus (temporary unless
--index names a folder to reuse). Simulations run in a fresh temporary HYPOLOOP_HOME unless
--home is given (so the default run measures uncached work). Prints one line per item, then
accuracy on decided items, coverage and the count of confidently wrong verdicts (wrong with
confidence >= 0.7) and the accuracy per confidence bin (calibration). Targets (issue 24): accuracy
on decided >= 95 %, coverage of in-scope claims >= 80 % (in scope: every item whose set marks its
kind other than ``out_of_tools``), none confidently wrong.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_index(texts: Path, path: Path) -> float:
    """Build the SOFC index at ``path`` unless one is there; returns the seconds spent."""
    from retrieval import LiteratureIndex

    t0 = time.perf_counter()
    if not (path / "manifest.json").exists():
        LiteratureIndex.create(path).add([texts])
    return time.perf_counter() - t0


def scope_kinds(path: Path) -> dict[str, str]:
    """id -> the ``kind`` the set gives an item (for reporting only, never an input to the agent)."""
    import yaml

    items = yaml.safe_load(path.read_text()) or []
    return {str(i["id"]): str(i.get("kind", "")) for i in items if isinstance(i, dict) and "id" in i}


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default=str(ROOT.parent / "shared/bench/hypotheses-dev.yaml"))
    ap.add_argument("--sofc", default=str(ROOT.parent / "shared/bench/sofc/texts"))
    ap.add_argument("--home", default=None, help="HYPOLOOP_HOME (default: a fresh temporary one)")
    ap.add_argument("--index", default=None, help="literature index folder to reuse or create")
    ap.add_argument("--no-stress", action="store_true", help="skip the stress tests")
    return ap.parse_args()


def main() -> int:
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="agent-dev-"))
    home = Path(args.home) if args.home else tmp / "home"
    index = Path(args.index) if args.index else tmp / "index"
    print(f"command: {' '.join(sys.argv)}\ndata: {args.set}; literature: {args.sofc}")
    print(f"literature index ready in {build_index(Path(args.sofc), index):.1f} s\n")

    from agent import Assistant, Settings
    from agent.batch import load_batch, run_batch
    from agent.evaluate import CONFIDENT, expected_of, score

    settings = Settings.load(
        home=home,
        llm={"provider": "offline"},
        retrieval={"index_path": index},
        agent={"stress_test": not args.no_stress},
    )
    batch = load_batch(Path(args.set))
    expected = expected_of(batch)
    kinds = scope_kinds(Path(args.set))
    secs: list[float] = []
    clock = [time.perf_counter()]
    print(f"{'id':8} {'expected':12} {'verdict':12} {'conf':>5} {'secs':>6}  summary")

    def show(r: dict) -> None:
        secs.append(time.perf_counter() - clock[0])
        clock[0] = time.perf_counter()
        conf = f"{r['confidence']:5.2f}" if r["confidence"] is not None else "    -"
        print(
            f"{r['id']:8} {expected[r['id']]:12} {r['verdict'] or 'error':12} {conf} {secs[-1]:6.1f}  {(r['summary'] or r['error'])[:110]}"
        )

    records = run_batch(batch, assistant=Assistant(settings), workers=0, on_record=show)  # per-item times: in order, no Dask
    s = score(records, expected)
    in_scope = {k: v for k, v in expected.items() if kinds.get(k) != "out_of_tools"}
    inside = score(records, in_scope)
    print(
        f"\naccuracy on decided: {s['correct']}/{s['decided']} = {100 * (s['accuracy_on_decided'] or 0):.1f} %"
        f"\ncoverage: {s['decided']}/{s['items']} = {100 * (s['coverage'] or 0):.1f} %"
        f"\ncoverage of in-scope claims: {inside['decided']}/{inside['items']} = {100 * (inside['coverage'] or 0):.1f} %"
        f" (left out as out_of_tools: {' '.join(sorted(set(expected) - set(in_scope))) or 'none'})"
        f"\nconfidently wrong (conf >= {CONFIDENT}): {len(s['confidently_wrong'])} {' '.join(s['confidently_wrong'])}"
        f"\nerrors: {len(s['errors'])}; seconds per claim: median {statistics.median(secs):.1f}, total {sum(secs):.0f}"
    )
    print_calibration(records, expected)
    return 0


BINS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01))


def print_calibration(records: list[dict], expected: dict[str, str]) -> None:
    """Accuracy of the decided verdicts per confidence bin: a calibrated planner is right about as
    often as it says, and never wrong in the top bins."""
    print("\ncalibration (decided verdicts):")
    for lo, hi in BINS:
        hits = [
            r["verdict"] == expected[r["id"]]
            for r in records
            if r["verdict"] in ("supported", "refuted") and lo <= (r["confidence"] or 0.0) < hi
        ]
        acc = f"{100 * sum(hits) / len(hits):5.1f} %" if hits else "    -  "
        print(f"  confidence {lo:.1f}-{min(hi, 1.0):.1f}: {len(hits):3d} verdicts, accuracy {acc}")


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    raise SystemExit(main())
