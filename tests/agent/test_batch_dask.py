"""Batches on real Dask: an embedded LocalCluster, a scheduler and a worker started by hand and
reached by address, a driver killed with SIGKILL and resumed, a worker killed mid-task.

Claims are molecules the offline planner judges with GFN2-xTB in well under a second each, so the
time goes to Dask itself (starting worker processes), not to physics."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.batch import load_batch, read_records, run_batch
from agent.batch.cluster import DaskCluster
from agent.cli import main
from agent.settings import Settings

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PRELOAD = Path(__file__).parent / "dask_helpers" / "kill_worker_preload.py"
CLAIMS = {
    "water": "Water is a linear molecule.",
    "ammonia": "Ammonia is a planar molecule.",
    "co2": "Carbon dioxide is a linear molecule.",
    "methane": "Methane is a planar molecule.",
}


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPOLOOP_LLM__PROVIDER", "offline")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # worker processes import hypoloop from here


def batch_file(folder: Path, ids: list[str], claims: dict[str, str] = CLAIMS) -> Path:
    path = folder / "h.yaml"
    path.write_text("".join(f"- id: {i}\n  claim: {claims[i]}\n" for i in ids))
    return path


def simulation_calls(records: list[dict[str, Any]]) -> int:
    """Tool calls that ran on workers: all but the literature searches, which stay in the driver
    (and run only where an index is set up: the stress check then names its run)."""
    return sum(r["tool_calls"] for r in records) - sum(
        len(c.get("tool_run_ids") or [])
        for r in records
        for c in r["stress_checks"]
        if c["name"] == "literature_contradiction"
    )


@pytest.fixture
def executed(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Tasks each Dask worker executed, read just before run_batch closes its cluster."""
    counts: dict[str, int] = {}
    close = DaskCluster.__exit__

    def spy(self: DaskCluster, *exc: object) -> None:
        counts.update(self.client.run(lambda dask_worker: dask_worker.state.executed_count))
        close(self, *exc)

    monkeypatch.setattr(DaskCluster, "__exit__", spy)
    return counts


def test_local_cluster_of_two_processes(home: Path, tmp_path: Path, executed: dict[str, int]) -> None:
    src = batch_file(tmp_path, list(CLAIMS))
    out = tmp_path / "out.jsonl"
    records = run_batch(src, Settings.load(), out=out, workers=2)
    assert sorted(r["id"] for r in records) == sorted(CLAIMS)
    by_id = {r["id"]: r for r in records}
    assert by_id["water"]["verdict"] == "refuted" and by_id["co2"]["verdict"] == "supported"
    assert all(r["error"] is None and r["attempts"] == 1 for r in records)
    # two worker processes, and every simulation ran on one of them (none in this process)
    assert len(executed) == 2
    assert sum(executed.values()) == simulation_calls(records) > 0
    assert [r["id"] for r in read_records(out)] == [r["id"] for r in records]


@pytest.fixture
def hand_started_cluster(tmp_path: Path) -> Iterator[str]:
    """`dask scheduler` and `dask worker` as separate processes on 127.0.0.1."""
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    info = tmp_path / "scheduler.json"
    procs = [
        subprocess.Popen(
            [*dask, "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(info)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not info.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "distributed.cli.dask_worker",
                    address,
                    "--nthreads",
                    "1",
                    "--nworkers",
                    "1",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                    "--preload",
                    "agent.batch.worker_setup",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        from distributed import Client

        with Client(address, timeout="60s") as client:
            client.wait_for_workers(1, timeout=120)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def test_cluster_reached_by_address(
    home: Path,
    tmp_path: Path,
    hand_started_cluster: str,
    executed: dict[str, int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    from distributed import Client

    # `--preload agent.batch.worker_setup` ran. (A builtin, since this worker cannot import
    # this test module to unpickle a function of it.)
    # A worker runs tool definitions: no LangChain in it.
    loaded = ("all(m in __import__('sys').modules for m in ('torch', 'tools.eos', 'tools.definition')) "
              "and 'langchain_core' not in __import__('sys').modules")  # fmt: skip
    with Client(hand_started_cluster) as client:
        assert list(client.run(eval, loaded).values()) == [True]
    src = batch_file(tmp_path, ["water", "co2"])
    out = tmp_path / "out.jsonl"
    report = tmp_path / "report.html"
    args = ["--out", str(out), "--scheduler", hand_started_cluster, "--json", "--report", str(report)]
    code = main(["batch", str(src), *args])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and summary["items"] == 2 and summary["failed"] == 0
    page = report.read_text()
    assert page.count("<section id=") == 2 and "<span class='supported'>supported" in page
    assert "Tested as:" in page and "<h3>Stress checks</h3>" in page
    records = read_records(out)
    assert {r["id"]: r["verdict"] for r in records} == {"water": "refuted", "co2": "supported"}
    assert list(executed.values()) == [simulation_calls(records)]  # the one hand-started worker


def _session_gone(pgid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_driver_killed_mid_batch_then_resumed(home: Path, tmp_path: Path, sig: signal.Signals) -> None:
    claims = {**CLAIMS, "water2": "The water molecule is linear.", "co2-2": "CO2 is a linear molecule."}
    ids = list(claims)
    src = batch_file(tmp_path, ids, claims)
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "agent.cli", "batch", str(src), "--out", str(out), "--workers", "1"]
    # its own session, so that after the kill we can clean up the worker processes it started
    driver = subprocess.Popen(
        cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 240
        while len(read_records(out)) < 2 and time.monotonic() < deadline and driver.poll() is None:
            time.sleep(0.05)
        os.kill(driver.pid, sig)
        code = driver.wait(timeout=120)
        # SIGTERM (a Slurm time limit) ends it like Ctrl-C; after either, no worker is left behind
        assert code == (130 if sig == signal.SIGTERM else -signal.SIGKILL)
        assert _session_gone(driver.pid, 60), "worker processes outlived the driver"
    finally:
        try:
            os.killpg(driver.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    before = read_records(out)
    assert 2 <= len(before) < len(ids), "the driver was meant to die mid-batch"
    with out.open("a") as f:
        f.write('{"id": "water", "verdict": "supp')  # what a kill in the middle of a write leaves
    assert main(["batch", str(src), "--out", str(out), "--workers", "1"]) == 2  # no --resume: refused
    assert main(["batch", str(src), "--out", str(out), "--workers", "1", "--resume"]) == 0
    after = read_records(out)
    assert sorted(r["id"] for r in after) == sorted(ids)  # every id exactly once
    assert after[: len(before)] == before  # finished results untouched
    assert all(line.strip() for line in out.read_text().splitlines())


@pytest.mark.parametrize(("kills", "attempts", "failed"), [(1, 2, False), (2, 2, True)])
def test_worker_killed_mid_task(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kills: int, attempts: int, failed: bool
) -> None:
    import dask

    folder = tmp_path / "kills"
    folder.mkdir()
    (folder / "budget").write_text(str(kills))
    monkeypatch.setenv("HYPOLOOP_TEST_KILL_DIR", str(folder))
    out = tmp_path / "out.jsonl"
    items = load_batch(batch_file(tmp_path, ["water"]))
    with dask.config.set({"distributed.worker.preload": [str(PRELOAD)]}):
        (record,) = run_batch(items, Settings.load(), out=out, workers=1)
    assert len((folder / "kills").read_text().splitlines()) == kills  # the worker really died
    assert record["attempts"] == attempts
    if failed:  # lost twice: recorded as failed, not retried forever
        assert record["verdict"] is None and "WorkerLost" in record["error"]
    else:
        assert record["verdict"] == "refuted" and record["error"] is None
    assert read_records(out) == [record]


def _worker_view(name: str) -> tuple[bool, str | None, int]:
    from threadpoolctl import threadpool_info

    loaded = all(m in sys.modules for m in ("torch", "tools.eos", "tools.definition", "ase.build"))
    loaded = loaded and "langchain_core" not in sys.modules  # workers run tool definitions
    most_threads = max(pool["num_threads"] for pool in threadpool_info())
    return loaded, os.environ.get(name), most_threads


def test_embedded_workers_start_preloaded_and_see_this_batch_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Workers fork from a server that imported torch and the tools once (not once per worker,
    nor on their first call), with one BLAS/OpenMP thread each (the workers are the
    parallelism), and still see environment variables set after that server started (it
    outlives the first cluster)."""
    with DaskCluster(workers=1) as first:
        first.client.run(_worker_view, "HYPOLOOP_TEST_LATE")
    monkeypatch.setenv("HYPOLOOP_TEST_LATE", "seen")
    with DaskCluster(workers=2) as cluster:
        views = list(cluster.client.run(_worker_view, "HYPOLOOP_TEST_LATE").values())
        # Quiet monitors: the event-loop tick (20 ms by default) wakes the driver and workers once a second
        ticks = cluster.client.run(lambda dask_worker: dask_worker.periodic_callbacks["tick"].callback_time)
        ticks["scheduler"] = cluster._cluster.scheduler.periodic_callbacks["tick"].callback_time
    assert views == [(True, "seen", 1), (True, "seen", 1)]
    assert set(ticks.values()) == {1000}
