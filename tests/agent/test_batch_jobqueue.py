"""`--cluster slurm|pbs` without a job scheduler: the job scripts dask-jobqueue would submit
(PBS is tested only here: there is no PBS server on these machines), the cluster settings, and
the options refused before anything is submitted or written. Batches through a real Slurm are
in test_batch_slurm.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from agent.batch import run_batch
from agent.batch.cluster import DaskCluster
from agent.batch.jobqueue import PROJECT_ROOT, job_cluster
from agent.cli import main
from agent.errors import ClusterError, ConfigError
from agent.settings import Settings

CLAIM = "- id: water\n  claim: Water is a linear molecule.\n"


def job_script(tmp_path: Path, **cluster: object) -> str:
    settings = Settings.load(cluster=cluster)
    jobs = job_cluster(settings.cluster, tmp_path / "logs")
    try:
        return str(jobs.job_script())
    finally:
        jobs.close()


def test_pbs_job_script(tmp_path: Path) -> None:
    script = job_script(
        tmp_path, kind="pbs", queue="workq", account="mat-42", cores=4, memory="16GB", walltime="02:00:00",
        extra_directives=["-l place=excl"], prologue=["module load gcc"], job_name="hl-w",
    )  # fmt: skip
    lines = script.splitlines()
    for directive in ("#PBS -N hl-w", "#PBS -q workq", "#PBS -A mat-42", "#PBS -l walltime=02:00:00",
                      "#PBS -l place=excl", f"#PBS -o {tmp_path / 'logs'}/"):  # fmt: skip
        assert directive in lines
    assert "#PBS -l select=1:ncpus=4:mem=15GB" in lines
    # the driver's code and an offline, one-thread environment, then the site's own lines
    exports = [line for line in lines if line.startswith(("export", "module"))]
    assert exports[0] == f"export PYTHONPATH={PROJECT_ROOT}${{PYTHONPATH:+:$PYTHONPATH}}"
    assert "export HF_HUB_OFFLINE=1" in exports and exports[-1] == "module load gcc"
    worker = lines[-1]
    assert worker.startswith(f"{sys.executable} -m distributed.cli.dask_worker ")
    assert "--nworkers 4" in worker and "--nthreads 1" in worker  # one single-threaded worker per core
    assert worker.endswith("--preload agent.batch.worker_setup")


def test_slurm_job_script(tmp_path: Path) -> None:
    script = job_script(
        tmp_path, kind="slurm", queue="compute", account="proj", cores=2, memory="8GB",
        extra_directives=["--exclusive"], python="/opt/venv/bin/python",
    )  # fmt: skip
    lines = script.splitlines()
    for directive in ("#SBATCH -J hypoloop-worker", "#SBATCH -p compute", "#SBATCH -A proj", "#SBATCH -n 1",
                      "#SBATCH --cpus-per-task=2", "#SBATCH -t 01:00:00", "#SBATCH --exclusive"):  # fmt: skip
        assert directive in lines
    assert lines[-1].startswith("/opt/venv/bin/python -m distributed.cli.dask_worker ")


def test_cluster_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPOLOOP_CLUSTER__KIND", "slurm")
    monkeypatch.setenv("HYPOLOOP_CLUSTER__EXTRA_DIRECTIVES", '["--qos=short"]')
    c = Settings.load(cluster={"jobs": 3}).cluster
    assert (c.kind, c.jobs, c.extra_directives, c.preload) == ("slurm", 3, ["--qos=short"], ["agent.batch.worker_setup"])
    with pytest.raises(ConfigError, match="cluster.nodes"):
        Settings.load(cluster={"nodes": 2})
    assert all(f.description for f in type(c).model_fields.values())


def test_a_local_cluster_says_nothing_about_jobs() -> None:
    assert DaskCluster(workers=1).record_fields() == {}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--cluster", "lsf"], 2, "--cluster must be one of local, slurm, pbs"),
        (["--cluster", "slurm", "--workers", "2"], 2, "--workers is for the local cluster"),
        (["--cluster", "slurm", "--scheduler", "tcp://127.0.0.1:1"], 2, "drop --scheduler"),
        (["--cluster", "pbs"], 1, "`qsub` is not on PATH"),
    ],
)
def test_refused_before_anything_is_submitted_or_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    args: list[str], code: int, message: str,
) -> None:  # fmt: skip
    monkeypatch.setenv("PATH", str(tmp_path))  # no qsub here, whatever the machine has
    src = tmp_path / "h.yaml"
    src.write_text(CLAIM)
    out = tmp_path / "out.jsonl"
    assert main(["--offline", "batch", str(src), "--out", str(out), *args]) == code
    err = capsys.readouterr().err
    (error,) = [line for line in err.splitlines() if line.startswith("error:")]  # one line
    assert message in error
    if code == 2:  # a wrong option is refused before the batch announces anything
        assert "Dask" not in err
    assert not out.exists()


def test_run_batch_takes_the_cluster_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    src = tmp_path / "h.yaml"
    src.write_text(CLAIM)
    with pytest.raises(ClusterError, match="sbatch"):
        run_batch(src, Settings.load(llm={"provider": "offline"}), out=tmp_path / "o.jsonl", cluster="slurm")
    assert not (tmp_path / "o.jsonl").exists()


def test_a_cluster_that_cannot_be_set_up_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "sbatch"  # found on PATH; never run: the scheduler cannot start first
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("HYPOLOOP_CLUSTER__INTERFACE", "no-such-nic0")
    src = tmp_path / "h.yaml"
    src.write_text(CLAIM)
    assert main(["--offline", "batch", str(src), "--out", str(tmp_path / "o.jsonl"), "--cluster", "slurm"]) == 1
    (error,) = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert "cannot set up the slurm cluster" in error and "no-such-nic0" in error
    assert not (tmp_path / "o.jsonl").exists()
