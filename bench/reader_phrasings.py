"""The claim reader on the team's phrasing suite (tests/language/phrasings.py): how many readable
claims it reads as their expected spec, refuses, or misreads, and whether every claim that must be
refused is refused naming its span.

Usage: .venv/bin/python bench/reader_phrasings.py [--show]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "language"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print each refused or misread claim")
    args = ap.parse_args()
    from phrasings import READ, REFUSED  # type: ignore[import-not-found]

    from agent.language.canonical_kinds import sentence
    from agent.language.reader import read

    t0 = time.perf_counter()
    right = misread = refused = 0
    for claim, want in READ:
        r = read(claim)
        got = " | ".join(sentence(s) for s in r.specs) if r.ok else None
        if got == want:
            right += 1
        elif got is None:
            refused += 1
            if args.show:
                print(f"refused: {claim} -> {r.refusal}")
        else:
            misread += 1
            print(f"MISREAD: {claim} -> {got} (want {want})")
    named = sum(1 for c, w in REFUSED if not read(c).ok and w.lower() in (read(c).refusal or "").lower())
    dt = time.perf_counter() - t0
    print(f"command: {' '.join(sys.argv)}; {len(READ) + len(REFUSED)} phrasings in {dt:.1f} s")
    print(f"readable claims: {len(READ)}: read right {right}, refused {refused}, misread {misread}; "
          f"coverage {right / len(READ):.1%}")  # fmt: skip
    print(f"claims to refuse: {len(REFUSED)}: refused naming the span {named}")
    return 1 if misread or named < len(REFUSED) else 0


if __name__ == "__main__":
    raise SystemExit(main())
