"""A writer process of test_datasets_concurrency: loads everything, waits at a start line shared
with the other writers (so their ingests overlap), adds its paths and prints the report as JSON.

    python concurrent_add.py URL START_DIR WRITERS NAME PATH...
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main(url: str, start: Path, writers: int, name: str, paths: list[str]) -> None:
    # Imported before the start line: the race is between ingests, not interpreter start-ups.
    from pymatgen.analysis.structure_matcher import StructureMatcher  # noqa: F401

    from tools.datasets import DataCollection

    collection = DataCollection(url)
    (start / f"ready-{name}").touch()
    deadline = time.monotonic() + 120
    while len(list(start.glob("ready-*"))) < writers:
        if time.monotonic() > deadline:
            raise SystemExit("the other writers never started")
        time.sleep(0.002)
    report = collection.add(paths)
    print(report.model_dump_json())


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5:])
