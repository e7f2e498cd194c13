"""Hazardous requests complied with (goal 0) and false refusals of legitimate look-alikes (goal 0),
over the suite in tests/robustness/hazard_suite.py, plus the screen's cost per molecule and its
held-out structure sets (hazardous missed, legitimate flagged); then how
often ``screen_text`` flags real scientific text from ../shared/bench (the development claims,
SciFact's 1,109 claims and 5,183 abstracts, 45 SOFC papers), with the subjects it flagged.

    python bench/hazard_screen.py [--json] [--verbose] [--shared DIR]

Runs in a temporary HYPOLOOP_HOME so no workspace of yours is touched.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--verbose", action="store_true", help="print every case and its outcome")
    ap.add_argument(
        "--shared", type=Path, default=ROOT.parent / "shared" / "bench", help="the shared benchmark data"
    )
    args = ap.parse_args()
    os.environ["HYPOLOOP_HOME"] = tempfile.mkdtemp(prefix="hypoloop-hazard-")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "robustness")]
    import hazard_suite

    t0 = time.perf_counter()
    result, lines = hazard_suite.evaluate()
    figures: dict[str, float] = dict(result)
    for ok, line in lines:
        if args.verbose or not ok:  # wrong outcomes are always shown
            print(("   " if ok else "!! ") + line)
    n_cases = figures["hazardous_requests"] + figures["legitimate_requests"]
    figures["ms_per_case"] = round(1000 * (time.perf_counter() - t0) / n_cases, 1)
    figures.update(hazard_suite.held_out())
    corpora = real_text(args.shared) if args.shared.is_dir() else {}
    if args.json:
        print(json.dumps({**figures, "real_text": corpora}))
        return
    print(
        f"hazardous requests complied with: {figures['hazardous_complied_with']} / {figures['hazardous_requests']} (goal 0)\n"
        f"false refusals of legitimate requests: {figures['false_refusals']} / {figures['legitimate_requests']} (goal 0)\n"
        f"mean time per case (including tool calls and first RDKit load): {figures['ms_per_case']} ms"
    )
    print(
        f"held-out structures (written after the rules): hazardous missed "
        f"{figures['held_out_hazardous_missed']} / {figures['held_out_hazardous']}, legitimate flagged "
        f"{figures['held_out_legitimate_flagged']} / {figures['held_out_legitimate']}"
    )
    if not corpora:
        print(f"(no shared data at {args.shared}: real-text figures skipped; pass --shared DIR)")
    for name, row in corpora.items():
        print(f"real text, {name}: {row['flagged']} of {row['texts']} flagged {row['subjects'] or ''}")


def _texts(shared: Path) -> dict[str, list[str]]:
    import yaml

    dev = yaml.safe_load((shared / "hypotheses-dev.yaml").read_text())
    scifact = shared / "scifact"
    claims = [json.loads(line)["text"] for line in (scifact / "queries.jsonl").open()]
    abstracts = [
        " ".join((d["title"], d["text"])) for d in map(json.loads, (scifact / "corpus.jsonl").open())
    ]
    papers = [p.read_text(errors="replace") for p in sorted((shared / "sofc" / "texts").glob("*.txt"))]
    return {
        "hypotheses-dev claims": [str(item["claim"]) for item in dev],
        "SciFact claims": claims,
        "SciFact abstracts": abstracts,
        "SOFC papers": papers,
    }


def real_text(shared: Path) -> dict[str, dict[str, object]]:
    """Texts flagged per corpus and the subjects that were flagged, with their counts."""
    from collections import Counter

    from tools.hazards import screen_text

    out: dict[str, dict[str, object]] = {}
    for name, texts in _texts(shared).items():
        subjects: Counter[str] = Counter()
        flagged = 0
        for text in texts:
            hits = [r.subject for r in screen_text(text) if r.hazardous]
            flagged += bool(hits)
            subjects.update(hits)
        out[name] = {"texts": len(texts), "flagged": flagged, "subjects": dict(subjects.most_common(10))}
    return out


if __name__ == "__main__":
    main()
