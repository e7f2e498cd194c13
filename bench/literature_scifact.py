"""SciFact claim verification for the offline literature judge, through the real index.

Each of the 809 training claims is planned (`plan_literature`), its searches run through the bound
`literature_search` tool over an index of the 5,183 SciFact abstracts, and the offline judge decides
supported / refuted / inconclusive. Gold labels: SUPPORT or CONTRADICT (from the cited abstracts'
rationales) or none (the cited abstracts do not settle the claim). A decided verdict is right when it
matches the gold label; any decided verdict on a 'none' claim is wrong. Printed per gold label:
precision and recall of the matching verdict (supported / refuted / inconclusive) and coverage (the
share of that label's claims the judge decided), then the wrong-verdict counts at confidence >= 0.7
(the goal is 0) and at any confidence. Baselines on the same retrieved passages, same run: the
co-occurrence judge of main before issue #9 (read from git), and "always inconclusive".

    python bench/literature_scifact.py [--data ../shared/bench/scifact] [--index DIR] [--limit N]

Without --index the corpus is indexed into a temporary directory (a few minutes); --keep DIR keeps it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import types
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

LABELS = ("SUPPORT", "CONTRADICT", "none")
VERDICT_FOR = {"SUPPORT": "supported", "CONTRADICT": "refuted", "none": "inconclusive"}
CONFIDENT = 0.7
OVERLAP = 0.75
# The judge as it was on main before issue #9 (co-occurrence within a sentence), for the baseline.
OLD_JUDGE_COMMIT = "65bfbab"


def default_data() -> Path:
    """../shared/bench/scifact relative to the project root (or to a worktree's parents)."""
    for base in (ROOT, *ROOT.parents):
        cand = base.parent / "shared" / "bench" / "scifact"
        if cand.is_dir():
            return cand
    return ROOT.parent / "shared" / "bench" / "scifact"


def gold_label(rec: dict[str, Any]) -> str:
    labels = Counter(r["label"] for rats in (rec.get("evidence") or {}).values() for r in rats)
    return labels.most_common(1)[0][0] if labels else "none"


def load_claims(path: Path, limit: int | None) -> list[dict[str, Any]]:
    recs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return recs[:limit] if limit else recs


def old_judge() -> Any | None:
    """judge_literature from main@OLD_JUDGE_COMMIT, loaded from git (None when unavailable)."""
    try:
        src = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{OLD_JUDGE_COMMIT}:agent/planner/literature.py"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    mod = types.ModuleType("old_literature")
    try:
        exec(compile(src, f"{OLD_JUDGE_COMMIT}:agent/planner/literature.py", "exec"), mod.__dict__)
    except Exception:  # the old module's imports may no longer exist after the planner rewrite
        return None
    return mod.judge_literature


def overlap_judge(spec: Any, results: dict[str, Any]) -> tuple[str, float, set[str]]:
    """Naive baseline: supported (0.75, as the old judge) when one sentence of a retrieved passage
    names at least OVERLAP of the claim's concepts."""
    from agent.literature.match import matches, sentences
    from agent.literature.terms import concepts

    cs = concepts(spec.text)
    for res in results.values():
        for p in res.get("passages") or []:
            for sent in sentences(str(p.get("text") or "")):
                if cs and sum(matches(c, sent) for c in cs) >= OVERLAP * len(cs):
                    return "supported", 0.75, {str(p.get("doc_id"))}
    return "inconclusive", 0.2, set()


def build_index(corpus: Path, root: Path) -> None:
    from retrieval import LiteratureIndex

    t0 = time.perf_counter()
    report = LiteratureIndex.create(root).add(corpus, fmt="jsonl")
    print(f"index:   built {root} in {time.perf_counter() - t0:.0f} s: {report.chunks_added} chunks, "
          f"{len(report.errors)} errors")  # fmt: skip


def run_claims(claims: list[dict[str, Any]], index: Path, cache: Path | None) -> list[dict[str, Any]]:
    """Plan, search (bound tool, real index) and judge each claim with the new and the old judges.
    With `cache`, search results are saved there (or read back: judges change, the index does not)."""
    from agent.graph.toolset import bound_tool
    from agent.literature.judge import judge_literature, plan_literature
    from agent.planner.parse import literature_claim
    from agent.settings import Settings

    tool = bound_tool("literature_search", Settings.load(retrieval={"index_path": index}))
    saved = json.loads(cache.read_text()) if cache and cache.is_file() else {}
    old = old_judge()
    rows = []
    for rec in claims:
        spec = literature_claim(rec["claim"])
        row: dict[str, Any] = {
            "claim": rec["claim"],
            "id": rec["id"],
            "gold": gold_label(rec),
            "cited": {str(d) for d in rec.get("cited_doc_ids", [])},
        }
        if spec is None:
            row.update({k: ("inconclusive", 0.2, set()) for k in ("new", "old", "overlap")})
            rows.append(row)
            continue
        key = f"{rec['id']}:{spec.text}"
        if key not in saved:
            saved[key] = {c.id: tool.invoke(c.args) for c in plan_literature(spec)}
        results = saved[key]
        for name, judge in (("new", judge_literature), ("old", old)):
            if judge is None:
                continue
            j = judge(spec, results)
            docs = {e.citation.split("#")[0] for e in j.evidence if e.citation}
            row[name] = (j.verdict, j.confidence, docs)
        row["overlap"] = overlap_judge(spec, results)
        rows.append(row)
    if cache:
        cache.write_text(json.dumps(saved))
    return rows


def table(rows: list[dict[str, Any]], key: str, title: str) -> None:
    print(f"\n{title}")
    print(
        f"  {'gold label':11} {'n':>4} {'verdict':>13} {'predicted':>9} {'right':>6} {'precision':>9} {'recall':>7} {'coverage':>8}"
    )
    for label in LABELS:
        gold = [r for r in rows if r["gold"] == label]
        want = VERDICT_FOR[label]
        pred = [r for r in rows if r[key][0] == want]
        right = [r for r in pred if r["gold"] == label]
        decided = [r for r in gold if r[key][0] != "inconclusive"]
        prec = f"{len(right) / len(pred):.3f}" if pred else "-"
        rec = f"{len(right) / len(gold):.3f}" if gold else "-"
        cov = f"{len(decided) / len(gold):.3f}" if gold else "-"
        print(
            f"  {label:11} {len(gold):4d} {want:>13} {len(pred):9d} {len(right):6d} {prec:>9} {rec:>7} {cov:>8}"
        )
    decided = [r for r in rows if r[key][0] != "inconclusive"]
    wrong = [r for r in decided if r[key][0] != VERDICT_FOR[r["gold"]]]
    confident = [r for r in wrong if r[key][1] >= CONFIDENT]
    cited = [r for r in decided if r[key][2] & r["cited"]]
    maxc = max((r[key][1] for r in decided), default=0.0)
    print(f"  decided {len(decided)}/{len(rows)} ({len(decided) / max(1, len(rows)):.3f}); right {len(decided) - len(wrong)}, "
          f"wrong {len(wrong)} (of which on gold 'none': {sum(r['gold'] == 'none' for r in wrong)}); "
          f"WRONG AT CONFIDENCE >= {CONFIDENT}: {len(confident)}; highest confidence {maxc:.2f}")  # fmt: skip
    print(f"  decided verdicts whose evidence includes a cited abstract: {len(cited)}/{len(decided)}")
    by = Counter((r["gold"], r[key][0]) for r in decided)
    print("  decided (gold -> verdict): " + ", ".join(f"{g}->{v}: {n}" for (g, v), n in sorted(by.items())))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--data", type=Path, default=default_data(), help="Folder with claims_train.jsonl and corpus.jsonl."
    )
    ap.add_argument(
        "--claims", type=Path, default=None, help="Claims file (default DATA/claims_train.jsonl)."
    )
    ap.add_argument("--corpus", type=Path, default=None, help="Corpus file (default DATA/corpus.jsonl).")
    ap.add_argument("--index", type=Path, default=None, help="Reuse an index of the corpus built before.")
    ap.add_argument(
        "--keep", type=Path, default=None, help="Build the index here (kept) instead of a temp dir."
    )
    ap.add_argument(
        "--cache", type=Path, default=None, help="Save (or reuse) the search results in this JSON file."
    )
    ap.add_argument("--limit", type=int, default=None, help="Only the first N claims (quick runs).")
    args = ap.parse_args()
    claims_path = (args.claims or args.data / "claims_train.jsonl").resolve()
    corpus = (args.corpus or args.data / "corpus.jsonl").resolve()
    for p in (claims_path, corpus):
        if not p.is_file():
            sys.exit(f"error: {p} not found (pass --data, --claims or --corpus)")
    claims = load_claims(claims_path, args.limit)
    print(f"command: python {' '.join(sys.argv)}")
    print(f"data:    {claims_path} ({len(claims)} claims: "
          f"{', '.join(f'{k} {v}' for k, v in Counter(gold_label(c) for c in claims).items())}); corpus {corpus}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="hypoloop-scifact-judge-") as tmp:
        index = args.index or args.keep or Path(tmp) / "index"
        if args.index is None:
            build_index(corpus, index)
        else:
            print(f"index:   reusing {index}")
        t0 = time.perf_counter()
        rows = run_claims(claims, index, args.cache)
        print(f"judged:  {len(rows)} claims in {time.perf_counter() - t0:.0f} s (searches + both judges)")
    table(rows, "new", "offline judge (relational frames, lexical; this branch)")
    print("  its decided claims (gold -> verdict, confidence):")
    for r in rows:
        if r["new"][0] != "inconclusive":
            print(f"    {r['gold']:10} -> {r['new'][0]:9} {r['new'][1]:.2f}  {r['claim']}")
    if all("old" in r for r in rows):
        table(rows, "old", f"baseline: co-occurrence judge of main@{OLD_JUDGE_COMMIT} (same passages)")
    else:
        print(f"\nbaseline: the judge of main@{OLD_JUDGE_COMMIT} could not be loaded from git; skipped")
    table(
        rows,
        "overlap",
        f"baseline: supported if one retrieved sentence names >= {OVERLAP:.0%} of the claim's terms",
    )
    n = len(rows)
    print(f"\nbaseline: always inconclusive: decided 0/{n}, wrong 0, coverage 0.000 for every label; precision of "
          f"'inconclusive' for gold none {sum(r['gold'] == 'none' for r in rows) / max(1, n):.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
