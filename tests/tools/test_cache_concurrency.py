"""The result cache shared by every batch worker on a node: several processes writing the same
and different keys at once lose nothing and corrupt nothing, and a key computed by several at
once is computed once."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import time
from pathlib import Path
from typing import Any

from tools.cache import ResultCache

PROCESSES = 4
KEYS = 40


def _writer(folder: str, me: int, barrier: Any, results: Any) -> None:
    cache = ResultCache(Path(folder))
    barrier.wait()  # every process starts writing at the same moment
    for i in range(KEYS):
        cache.put(f"shared-{i}", "t", {"i": i, "by": me, "pad": "x" * 2000})
        cache.put(f"own-{me}-{i}", "t", {"i": i, "by": me})
        assert cache.get(f"own-{me}-{i}") == {"i": i, "by": me}

    def compute() -> dict[str, Any]:
        with open(Path(folder) / "computed.log", "a") as f:
            f.write(f"{me}\n")
        time.sleep(0.5)  # long enough that the others ask while it runs
        return {"answer": 42}

    barrier.wait()
    results.put(cache.get_or_compute("claimed", "t", compute))


def test_concurrent_writers_lose_nothing_and_compute_a_key_once(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(str(tmp_path), me, barrier, results)) for me in range(PROCESSES)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0] * PROCESSES
    outcomes = [results.get(timeout=5) for _ in procs]
    assert all(result == {"answer": 42} for result, _ in outcomes)
    assert sorted(cached for _, cached in outcomes) == [False] + [True] * (PROCESSES - 1)
    assert len((tmp_path / "computed.log").read_text().splitlines()) == 1
    assert not list((tmp_path / "locks").glob("*.lock"))  # claims leave no files behind

    con = sqlite3.connect(tmp_path / "results.sqlite")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = dict(con.execute("SELECT key, result FROM results").fetchall())
    assert len(rows) == KEYS + PROCESSES * KEYS + 1
    for me in range(PROCESSES):
        for i in range(KEYS):
            assert json.loads(rows[f"own-{me}-{i}"]) == {"i": i, "by": me}
    assert all(json.loads(rows[f"shared-{i}"])["i"] == i for i in range(KEYS))


def test_a_failed_computation_releases_its_claim(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)

    def boom() -> dict[str, Any]:
        raise RuntimeError("engine crashed")

    try:
        cache.get_or_compute("k", "t", boom, wait_s=1)
    except RuntimeError:
        pass
    t0 = time.perf_counter()
    assert cache.get_or_compute("k", "t", lambda: {"ok": True}, wait_s=30) == ({"ok": True}, False)
    assert time.perf_counter() - t0 < 5  # not waiting on the crashed computation's claim
