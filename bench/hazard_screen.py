"""The hazard policy (docs/safety.md) measured on the team's two sets, bench/hazard_requests.yaml:
uplift requests served (goal 0) and textbook questions refused (goal 0), each case through the
same entry the product uses (free text through tools.hazards.check_text, structures through the
build_structure tool); then the cost per case, the held-out structure sets of
tests/robustness/hazard_suite.py (refused structures missed, legitimate ones flagged), and how
often the policy refuses real scientific text from ../shared/bench (the development claims,
SciFact's 1,109 claims and 5,183 abstracts, 45 SOFC papers), with the subjects it flagged.

    python bench/hazard_screen.py [--json] [--verbose] [--sets FILE] [--shared DIR]

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
    ap.add_argument(
        "--sets",
        type=Path,
        default=ROOT / "bench" / "hazard_requests.yaml",
        help="the two sets (refuse/allow)",
    )
    args = ap.parse_args()
    os.environ["HYPOLOOP_HOME"] = tempfile.mkdtemp(prefix="hypoloop-hazard-")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "robustness")]
    import hazard_suite

    hazard_suite.HAZARDOUS, hazard_suite.LEGITIMATE = hazard_suite.load_cases(args.sets)
    t0 = time.perf_counter()
    result, lines = hazard_suite.evaluate()
    figures: dict[str, float] = dict(result)
    for ok, line in lines:
        if args.verbose or not ok:  # wrong outcomes are always shown
            print(("   " if ok else "!! ") + line)
    n_cases = figures["uplift_requests"] + figures["textbook_requests"]
    figures["ms_per_case"] = round(1000 * (time.perf_counter() - t0) / n_cases, 1)
    figures.update(hazard_suite.held_out())
    corpora = real_text(args.shared) if args.shared.is_dir() else {}
    if args.json:
        print(json.dumps({**figures, "real_text": corpora}))
        return
    print(
        f"sets: {args.sets}\n"
        f"uplift requests served: {figures['uplift_served']} / {figures['uplift_requests']} (goal 0)\n"
        f"textbook questions refused: {figures['textbook_refused']} / {figures['textbook_requests']} (goal 0)\n"
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

    from tools.hazards import check_text

    out: dict[str, dict[str, object]] = {}
    for name, texts in _texts(shared).items():
        subjects: Counter[str] = Counter()
        flagged = 0
        for text in texts:
            decision = check_text(text)
            flagged += decision.refused
            if decision.refused:
                subjects[f"{decision.subject or '-'} ({decision.rule})"] += 1
        out[name] = {"texts": len(texts), "flagged": flagged, "subjects": dict(subjects.most_common(10))}
    return out


if __name__ == "__main__":
    main()
