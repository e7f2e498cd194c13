"""How many claims of the development and hold-out sets get an independent second calculator.

For each claim the offline planner reads as a simulation kind, it counts whether the claim is
checked by more than one calculator: kinds that run every able calculator in their main check
(vacancy, surface, elastic) when two or more can treat the material, and every other kind when the
stress test plans a ``second_calculator`` variant. No tool runs: the plan is what is counted.

    .venv/bin/python bench/second_calculator_share.py [--set FILE ...]

Run it on two commits to compare (e.g. in a git worktree of the earlier one).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_SETS = [ROOT.parent / "shared/bench/hypotheses-dev.yaml", ROOT / "bench/holdout_science.yaml"]


def _claims(path: Path) -> list[dict[str, Any]]:
    import yaml

    data = yaml.safe_load(path.read_text())
    return data if isinstance(data, list) else data.get("items") or data.get("hypotheses") or []


def _parts(spec: Any) -> list[Any]:
    return list(getattr(spec, "parts", None) or [spec])


def checked_twice(spec: Any) -> bool | None:
    """True/False for a simulation claim, None for literature, refused or plug-in claims."""
    from agent import planner

    if getattr(spec, "kind", "") in ("literature", "refused"):
        return None
    every = []
    for part in _parts(spec):
        calls = planner.plan_calls(part)
        if not calls:
            return False
        calcs = {c.args.get("calculator") for c in calls if c.name != "data_query"}
        if len(calcs - {None, "auto"}) >= 2:
            every.append(True)
            continue
        used = next(iter(calcs - {None}), "auto")
        fake = {c.id: {"calculator": used if used != "auto" else None} for c in calls}
        names = [v.name for v in planner.stress_variants(part, fake)]
        every.append("second_calculator" in names)
    return all(every)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", type=Path, help="YAML batch files (default: dev + hold-out)")
    args = ap.parse_args()
    from agent import planner

    total = yes = 0
    for path in args.set or DEFAULT_SETS:
        rows = [(c["id"], checked_twice(planner.parse_claim(c["claim"]))) for c in _claims(path)]
        sim = [(i, r) for i, r in rows if r is not None]
        n_yes = sum(1 for _, r in sim if r)
        print(f"{path.name}: {n_yes}/{len(sim)} simulation claims checked by two calculators; "
              f"without: {', '.join(i for i, r in sim if not r) or 'none'}")  # fmt: skip
        total, yes = total + len(sim), yes + n_yes
    print(f"all: {yes}/{total} = {100 * yes / max(total, 1):.0f} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
