"""The claim reader on generated claims (issue #24): how many are read right, refused, misread.

Usage: .venv/bin/python bench/reader_fuzz.py [--n 2000] [--seed 1]

Claims come from tests/language/generators.py: specs of several kinds written in the tests' own
surface forms, a third with a negation and a third with a quantifier, condition, clause or a word
inserted at a random position. A misreading is a claim read as anything but its spec (for a
perturbed claim: read as the unchanged spec). The goal is zero misreadings.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "language"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    from generators import case  # type: ignore[import-not-found]
    from test_generated import outcome  # type: ignore[import-not-found]

    rng = random.Random(args.seed)
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    misread: list[str] = []
    t0 = time.perf_counter()
    for _ in range(args.n):
        c = case(rng)
        kind = "perturbed" if c.expected is None else ("negated" if c.form.endswith("+not") else "plain")
        o = outcome(c)
        counts[(kind, o)] += 1
        if o == "misread":
            misread.append(c.text)
    dt = time.perf_counter() - t0
    print(f"command: {' '.join(sys.argv)}; {args.n} generated claims in {dt:.0f} s")
    for kind in ("plain", "negated", "perturbed"):
        row = {o: counts[(kind, o)] for o in ("right", "refused", "misread")}
        total = sum(row.values())
        print(f"{kind:9s} {total:5d}  right {row['right']:5d}  refused {row['refused']:5d}  misread {row['misread']:3d}")
    print(f"misreadings: {len(misread)}")
    for t in misread[:20]:
        print("  ", t)
    return 1 if misread else 0


if __name__ == "__main__":
    raise SystemExit(main())
