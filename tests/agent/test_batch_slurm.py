"""Batches through a real one-node Slurm (tests/services/slurm.py): worker jobs submitted by
``--cluster slurm``, a worker job cancelled mid-batch, the driver killed and resumed.

The claims are molecules the offline planner judges with GFN2-xTB in under a second each, so
the time goes to Slurm and Dask (a worker job starts in about 5-10 s here), not to physics."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import malloc_probe
import pytest
from malloc_probe import mapped_blocks
from services.slurm import Slurm, cancel_jobs, jobs, slurm  # noqa: F401  (the session fixture)

from agent.batch import read_records
from agent.batch.cluster import DaskCluster
from agent.cli import main

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SCANCEL_PRELOAD = Path(__file__).parent / "dask_helpers" / "scancel_own_job_preload.py"
CLAIMS = {
    "water": "Water is a linear molecule.",
    "ammonia": "Ammonia is a planar molecule.",
    "co2": "Carbon dioxide is a linear molecule.",
    "methane": "Methane is a planar molecule.",
    "water2": "The water molecule is linear.",
    "co2-2": "CO2 is a linear molecule.",
}


@pytest.fixture
def job_name(slurm: Slurm, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Any:  # noqa: F811
    """Offline planner, small worker jobs under a name of this test's own; its jobs are
    cancelled afterwards whatever happened."""
    name = f"hl-{request.node.name}"[:40].replace("[", "-").replace("]", "")
    monkeypatch.setenv("HYPOLOOP_LLM__PROVIDER", "offline")
    monkeypatch.setenv("HYPOLOOP_CLUSTER__JOB_NAME", name)
    monkeypatch.setenv("HYPOLOOP_CLUSTER__MEMORY", "2GB")
    monkeypatch.setenv("HYPOLOOP_CLUSTER__WALLTIME", "00:20:00")
    monkeypatch.setenv("HYPOLOOP_CLUSTER__START_TIMEOUT_S", "180")
    yield name
    cancel_jobs(slurm, name)


def batch_file(folder: Path, ids: list[str]) -> Path:
    path = folder / "h.yaml"
    path.write_text("".join(f"- id: {i}\n  claim: {CLAIMS[i]}\n" for i in ids))
    return path


def _where(dask_worker: Any) -> tuple[str | None, int, int]:
    """The worker's Slurm job, its tasks, and whether a 4 MiB block is a fresh mmap in it (Dask's
    nanny made it one; the preload undoes that: agent/batch/malloc_threshold.py)."""
    return os.environ.get("SLURM_JOB_ID"), dask_worker.state.executed_count, mapped_blocks()


@pytest.fixture
def executed(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[str | None, int, int]]:
    """Per worker: the Slurm job it ran in and the tasks it executed, read before the jobs end."""
    import cloudpickle

    # Job workers cannot import this test module or the probe: both travel by value.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    cloudpickle.register_pickle_by_value(malloc_probe)
    seen: dict[str, tuple[str | None, int, int]] = {}
    close = DaskCluster.__exit__

    def spy(self: DaskCluster, *exc: object) -> None:
        seen.update(self.client.run(_where))
        close(self, *exc)

    monkeypatch.setattr(DaskCluster, "__exit__", spy)
    return seen


def _job_state(job_id: str) -> dict[str, str]:
    out = subprocess.run(["scontrol", "show", "job", job_id], capture_output=True, text=True, check=True).stdout
    return dict(f.split("=", 1) for f in out.split() if "=" in f)


def test_batch_runs_to_the_end_through_slurm_worker_jobs(
    job_name: str, tmp_path: Path, executed: dict[str, tuple[str | None, int, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    ids = ["water", "co2", "ammonia", "methane"]
    out = tmp_path / "out.jsonl"
    args = ["batch", str(batch_file(tmp_path, ids)), "--out", str(out), "--cluster", "slurm", "--jobs", "2"]
    assert main([*args, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["items"] == 4
    records = read_records(out)
    assert {r["id"]: r["verdict"] for r in records} == {
        "water": "refuted", "co2": "supported", "ammonia": "refuted", "methane": "refuted"
    }  # fmt: skip
    job_ids = records[-1]["cluster"]["jobs"]
    assert all(r["cluster"]["kind"] == "slurm" for r in records) and len(job_ids) == 2
    # Every simulation ran in a worker of one of those Slurm jobs, none in this process.
    assert {job for job, _, _ in executed.values()} <= set(job_ids)
    # Torch's tensors come from the heap again, not a fresh mmap each (2.8x slower: malloc_threshold.py).
    assert [mapped for _, _, mapped in executed.values()] == [0, 0]
    # Literature searches stay in the driver, and run only where an index is set up.
    simulations = sum(r["tool_calls"] for r in records) - sum(
        len(c.get("tool_run_ids") or [])
        for r in records
        for c in r["stress_checks"]
        if c["name"] == "literature_contradiction"
    )
    assert sum(n for _, n, _ in executed.values()) == simulations > 0
    for job_id in job_ids:  # real Slurm jobs of ours, and cancelled when the batch ended
        state = _job_state(job_id)
        assert state["JobName"] == job_name and state["JobState"] in ENDED
    assert no_jobs_left(job_name)


# scancel'd jobs are COMPLETING while Slurm ends their processes (KillWait), then CANCELLED.
ENDED = ("CANCELLED", "COMPLETING", "COMPLETED")


def no_jobs_left(name: str, timeout_s: float = 30) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not jobs_of(name):
            return True
        time.sleep(0.5)
    return False


def jobs_of(name: str) -> dict[str, str]:
    return jobs(Slurm(Path(), Path(os.environ["SLURM_CONF"]), "", 0, False), name)


def test_scancel_of_a_worker_job_mid_batch_retries_its_hypothesis(
    job_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The only worker job is cancelled while it computes: the batch gets a new job and every
    hypothesis is recorded exactly once."""
    folder = tmp_path / "kills"
    folder.mkdir()
    (folder / "budget").write_text("1")
    monkeypatch.setenv("HYPOLOOP_TEST_KILL_DIR", str(folder))  # sbatch passes it to the job
    monkeypatch.setenv("HYPOLOOP_CLUSTER__PRELOAD", json.dumps(["agent.batch.worker_setup", str(SCANCEL_PRELOAD)]))
    ids = ["water", "co2", "ammonia"]
    out = tmp_path / "out.jsonl"
    code = main(["batch", str(batch_file(tmp_path, ids)), "--out", str(out), "--cluster", "slurm", "--jobs", "1"])
    (cancelled,) = (folder / "cancelled").read_text().splitlines()
    records = read_records(out)
    assert code == 0 and sorted(r["id"] for r in records) == sorted(ids)  # every id exactly once
    assert all(r["error"] is None and r["verdict"] for r in records)
    job_ids = records[-1]["cluster"]["jobs"]
    assert cancelled.split()[0] == job_ids[0] and len(job_ids) == 2  # the cancelled job, its replacement
    assert _job_state(job_ids[0])["JobState"] in ENDED
    assert max(r["attempts"] for r in records) == 2  # the hypothesis whose call was lost ran again


def _session_gone(pgid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_driver_stopped_mid_batch_then_resumed(job_name: str, tmp_path: Path, sig: signal.Signals) -> None:
    """SIGKILL: the driver dies with its jobs still queued; SIGINT (Ctrl-C): it cancels them
    itself. Either way --resume completes the batch, every id exactly once."""
    ids = list(CLAIMS)
    src = batch_file(tmp_path, ids)
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "agent.cli", "batch", str(src), "--out", str(out), "--cluster", "slurm", "--jobs", "1"]
    driver = subprocess.Popen(
        cmd,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # A shell's background jobs inherit SIGINT ignored; a user's Ctrl-C is not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 240
        while len(read_records(out)) < 2 and time.monotonic() < deadline and driver.poll() is None:
            time.sleep(0.05)
        os.kill(driver.pid, sig)
        code = driver.wait(timeout=120)
        assert code == (130 if sig == signal.SIGINT else -signal.SIGKILL)
        if sig == signal.SIGINT:  # Ctrl-C cancelled the worker job on its way out
            assert no_jobs_left(job_name)
            assert _session_gone(driver.pid, 60), "processes outlived the driver"
    finally:
        try:
            os.killpg(driver.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    before = read_records(out)
    assert 2 <= len(before) < len(ids), "the driver was meant to stop mid-batch"
    assert main(["batch", str(src), "--out", str(out), "--cluster", "slurm", "--jobs", "1", "--resume"]) == 0
    after = read_records(out)
    assert sorted(r["id"] for r in after) == sorted(ids)  # every id exactly once
    assert after[: len(before)] == before  # finished results untouched
    first, second = before[0]["cluster"]["jobs"], after[-1]["cluster"]["jobs"]
    assert not set(first) & set(second)  # the resumed batch ran in jobs of its own
    # A killed driver's job ends by itself: its workers give up on the scheduler (death-timeout).
    assert no_jobs_left(job_name, timeout_s=120), "the killed driver's worker job outlived it"


def test_refused_submission_and_workers_that_never_connect(
    job_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wrong partition is sbatch's error at once; a job whose workers cannot start ends the
    batch after cluster.start_timeout_s with its job id and log folder, and the job cancelled.
    Neither writes a results file."""
    src, out = batch_file(tmp_path, ["water"]), tmp_path / "out.jsonl"
    args = ["batch", str(src), "--out", str(out), "--cluster", "slurm"]
    monkeypatch.setenv("HYPOLOOP_CLUSTER__QUEUE", "no-such-partition")
    assert main(args) == 1
    assert "error: job submission failed:" in capsys.readouterr().err
    monkeypatch.delenv("HYPOLOOP_CLUSTER__QUEUE")
    monkeypatch.setenv("HYPOLOOP_CLUSTER__PYTHON", "/bin/false")
    monkeypatch.setenv("HYPOLOOP_CLUSTER__START_TIMEOUT_S", "15")
    monkeypatch.setenv("HYPOLOOP_CLUSTER__LOG_DIRECTORY", str(tmp_path / "logs"))
    assert main(args) == 1
    (error,) = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert "no worker job connected within 15 s (jobs: " in error and str(tmp_path / "logs") in error
    assert no_jobs_left(job_name) and not out.exists()


@pytest.mark.parametrize("after_s", [0.0, 0.3, 3.0])
def test_ctrl_c_while_the_jobs_are_queued_cancels_them(job_name: str, tmp_path: Path, after_s: float) -> None:
    """A job held in the queue (--begin in an hour): Ctrl-C while the driver waits for it
    cancels it, exit 130, and no results file is left. At 0-0.3 s after the submission the
    driver is still importing its run modules, where a Ctrl-C raised inside Dask's garbage
    collector callback used to be dropped and the driver waited on (CI, stop 31)."""
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "agent.cli", "batch", str(batch_file(tmp_path, ["water"])), "--out", str(out),
           "--cluster", "slurm"]  # fmt: skip
    env = {**os.environ, "HYPOLOOP_CLUSTER__EXTRA_DIRECTIVES": '["--begin=now+3600"]'}
    driver = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not jobs_of(job_name) and time.monotonic() < deadline:
            time.sleep(0.2)
        (state,) = jobs_of(job_name).values()
        assert state == "PENDING"
        time.sleep(after_s)
        driver.send_signal(signal.SIGINT)
        assert driver.wait(timeout=60) == 130
    finally:
        driver.kill()
    assert no_jobs_left(job_name) and not out.exists()
