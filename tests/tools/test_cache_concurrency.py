"""The result cache shared by every batch worker (on one node, or on a cluster's shared
filesystem): several processes writing the same and different keys at once lose nothing and
corrupt nothing, a reader never sees part of an entry, and a key computed by several at once on
one node is computed once."""

from __future__ import annotations

import json
import multiprocessing
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

    cache = ResultCache(tmp_path)
    keys = cache.keys()
    assert len(keys) == KEYS + PROCESSES * KEYS + 1
    for me in range(PROCESSES):
        for i in range(KEYS):
            assert cache.get(f"own-{me}-{i}") == {"i": i, "by": me}
    assert all((cache.get(f"shared-{i}") or {}).get("i") == i for i in range(KEYS))
    assert not list((tmp_path / "entries").glob("*/*.tmp"))  # every write was renamed into place


def _same_key_writer(folder: str, me: int, barrier: Any, bad: Any) -> None:
    """Writes one key over and over without any claim (as on a filesystem where flock does not
    hold) while reading it back: every read is a whole entry of some writer, or a miss."""
    cache = ResultCache(Path(folder))
    big = {"by": me, "pad": [me] * 20000}
    barrier.wait()
    for _ in range(60):
        cache.put("contended", "t", big)
        got = cache.get("contended")
        if got is None or got["pad"] != [got["by"]] * 20000:
            bad.put(me)


def test_writers_of_one_key_without_a_lock_leave_one_whole_entry(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    barrier, bad = ctx.Barrier(PROCESSES), ctx.Queue()
    procs = [ctx.Process(target=_same_key_writer, args=(str(tmp_path), me, barrier, bad)) for me in range(PROCESSES)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0] * PROCESSES
    assert bad.empty(), "a reader saw a partial or foreign entry"
    final = ResultCache(tmp_path).get("contended")
    assert final is not None and final["pad"] == [final["by"]] * 20000
    assert ResultCache(tmp_path).keys() == ["contended"]


def test_a_stale_or_foreign_entry_is_a_miss(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    cache.put("k", "t", {"v": 1})
    path = cache.entry_path("k")
    doc = json.loads(path.read_text())
    path.write_text(json.dumps({**doc, "schema": doc["schema"] + 1}))  # written by another layout
    assert cache.get("k") is None
    path.write_text('{"schema": 1, "key": "k", "res')  # a torn file (cannot come from put)
    assert cache.get("k") is None
    cache.put("k", "t", {"v": 2})
    assert cache.get("k") == {"v": 2}


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
