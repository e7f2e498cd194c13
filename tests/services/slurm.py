"""A real one-node Slurm on this machine for the slow tests (and `.ci/run`).

``python tests/services/slurm.py start|stop|status`` or the session fixture :func:`slurm`.
Start installs Debian's ``slurm-wlm`` and ``munge`` when they are missing (apt-get, as root),
writes a ``slurm.conf`` for this host (one node with the CPUs and memory ``slurmd -C`` reports),
starts a private ``munged`` and ``slurmctld`` and ``slurmd``, and waits until ``sinfo`` shows the
node idle. Everything lives in one state folder (``$HYPOLOOP_SLURM_DIR``, default
``/tmp/hypoloop-slurm``): nothing under /etc is written, and clients find the cluster through
``SLURM_CONF``. A Slurm already running from that folder is reused, and left running.

What it took here (Debian 12, slurm 22.05, root in a container without systemd or cgroup
delegation): proctrack/linuxproc and task/none (the cgroup plugins cannot start), SlurmUser
root, select/cons_tres, ReturnToService=2 (a node that was down comes back by itself), and the
node's address pinned to 127.0.0.1 since the host name may not resolve anywhere else.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

STATE_DIR = Path(os.environ.get("HYPOLOOP_SLURM_DIR", "/tmp/hypoloop-slurm"))
# How long the daemons get to bring the node to idle (about 5 s here, once installed).
START_TIMEOUT_S = 120
PACKAGES = ("slurm-wlm", "munge")
DAEMONS = ("slurmd", "slurmctld", "munged")


class SlurmUnavailable(RuntimeError):
    """Slurm could not be installed or started here; the message says which step failed."""


@dataclass(frozen=True)
class Slurm:
    """A running one-node Slurm: ``conf`` is what ``SLURM_CONF`` must point to."""

    root: Path
    conf: Path
    node: str
    cpus: int
    started_here: bool

    def env(self) -> dict[str, str]:
        return {"SLURM_CONF": str(self.conf)}


def _run(cmd: list[str], timeout: float = 60, env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise SlurmUnavailable(f"`{' '.join(cmd)}` failed: {e}") from e
    if done.returncode:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise SlurmUnavailable(f"`{' '.join(cmd)}` exited {done.returncode}: {' | '.join(tail)}")
    return done.stdout


def install() -> None:
    """apt-get the packages when a binary is missing (needs root and the Debian mirror)."""
    if all(shutil.which(b) for b in ("slurmctld", "slurmd", "sinfo", "sbatch", "munged")):
        return
    if os.geteuid() != 0:
        raise SlurmUnavailable("slurm-wlm and munge are not installed, and installing them needs root")
    apt = {"DEBIAN_FRONTEND": "noninteractive"}
    _run(["apt-get", "update", "-q"], timeout=600, env=apt)
    _run(["apt-get", "install", "-y", "-q", *PACKAGES], timeout=1200, env=apt)


def _node_line() -> tuple[str, int]:
    """``NodeName=... CPUs=... RealMemory=...`` of this host as slurmd sees it, and its CPUs."""
    line = _run(["slurmd", "-C"]).splitlines()[0]
    fields = dict(f.split("=", 1) for f in line.split())
    return line, int(fields["CPUs"])


def write_config(root: Path) -> tuple[Path, str, int]:
    node_line, cpus = _node_line()
    node = node_line.split()[0].split("=", 1)[1]
    for sub in ("state", "spool", "log"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    conf = root / "slurm.conf"
    conf.write_text(
        "\n".join(
            [
                "ClusterName=hypoloop-test",
                f"SlurmctldHost={node}(127.0.0.1)",
                "SlurmUser=root",
                "SlurmdUser=root",
                "AuthType=auth/munge",
                "CredType=cred/munge",
                f"AuthInfo=socket={root / 'munge.socket'}",
                f"StateSaveLocation={root / 'state'}",
                f"SlurmdSpoolDir={root / 'spool'}",
                f"SlurmctldPidFile={root / 'slurmctld.pid'}",
                f"SlurmdPidFile={root / 'slurmd.pid'}",
                f"SlurmctldLogFile={root / 'log' / 'slurmctld.log'}",
                f"SlurmdLogFile={root / 'log' / 'slurmd.log'}",
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "JobAcctGatherType=jobacct_gather/none",
                "AccountingStorageType=accounting_storage/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_CPU_Memory",
                "SchedulerType=sched/backfill",
                "ReturnToService=2",
                "MpiDefault=none",
                "MailProg=/bin/true",
                # A cancelled job's processes get 5 s between SIGTERM and SIGKILL.
                "KillWait=5",
                "SlurmdTimeout=60",
                f"{node_line} NodeAddr=127.0.0.1 State=UNKNOWN",
                "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
                "",
            ]
        )
    )
    return conf, node, cpus


def _start_munge(root: Path) -> None:
    key = root / "munge.key"
    if not key.is_file():
        key.write_bytes(os.urandom(1024))
        key.chmod(0o400)
    # A private munged (own key and socket): the machine's own munge, if any, is not touched.
    _run(
        [
            "munged",
            "--force",
            f"--key-file={key}",
            f"--socket={root / 'munge.socket'}",
            f"--pid-file={root / 'munged.pid'}",
            f"--log-file={root / 'log' / 'munged.log'}",
            f"--seed-file={root / 'munged.seed'}",
        ]
    )


def _node_state(conf: Path) -> str:
    try:
        return _run(["sinfo", "-h", "-o", "%T"], timeout=10, env={"SLURM_CONF": str(conf)}).strip()
    except SlurmUnavailable:
        return ""


def _alive(root: Path, daemon: str) -> bool:
    pid = _pid(root, daemon)
    if pid is None:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    # A daemon that ended but was not reaped (a container whose init does not reap) is a zombie.
    return stat.rpartition(")")[2].split()[0] != "Z"


def _pid(root: Path, daemon: str) -> int | None:
    try:
        return int((root / f"{daemon}.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def start(root: Path = STATE_DIR) -> Slurm:
    """Slurm up and its node idle (reused if already so); raises :class:`SlurmUnavailable`."""
    try:
        return _start(root)
    except OSError as e:  # the state folder cannot be written, a binary vanished mid-way
        raise SlurmUnavailable(f"{type(e).__name__}: {e}") from e


def _start(root: Path) -> Slurm:
    install()
    conf = root / "slurm.conf"
    if conf.is_file() and all(_alive(root, d) for d in DAEMONS) and _node_state(conf) in ("idle", "mixed"):
        _, node, cpus = _parse_conf(conf)
        return Slurm(root, conf, node, cpus, started_here=False)
    stop(root)
    conf, node, cpus = write_config(root)
    _start_munge(root)
    env = {"SLURM_CONF": str(conf)}
    # -c: a clean start (no jobs remembered from an earlier run of the harness)
    _run(["slurmctld", "-c", "-f", str(conf)], env=env)
    _run(["slurmd", "-f", str(conf)], env=env)
    deadline = time.monotonic() + START_TIMEOUT_S
    state = ""
    while time.monotonic() < deadline:
        state = _node_state(conf)
        if state == "idle":
            return Slurm(root, conf, node, cpus, started_here=True)
        time.sleep(0.5)
    logs = "; ".join(_log_tail(root / "log" / f"{d}.log") for d in ("slurmctld", "slurmd"))
    raise SlurmUnavailable(f"the node did not become idle within {START_TIMEOUT_S} s (state {state!r}): {logs}")


def _parse_conf(conf: Path) -> tuple[Path, str, int]:
    for line in conf.read_text().splitlines():
        if line.startswith("NodeName="):
            fields = dict(f.split("=", 1) for f in line.split())
            return conf, fields["NodeName"], int(fields["CPUs"])
    raise SlurmUnavailable(f"{conf} names no node")


def _log_tail(path: Path) -> str:
    try:
        lines = path.read_text(errors="replace").strip().splitlines()
    except OSError:
        return f"{path.name}: no log"
    return f"{path.name}: {lines[-1] if lines else 'empty'}"


def stop(root: Path = STATE_DIR) -> None:
    """Cancel every job, then end the daemons started from ``root`` (SIGTERM, then SIGKILL)."""
    conf = root / "slurm.conf"
    if conf.is_file() and _alive(root, "slurmctld"):
        try:
            _run(["scancel", "--full", "--user", str(os.getuid())], timeout=20, env={"SLURM_CONF": str(conf)})
        except SlurmUnavailable:
            pass
    for daemon in DAEMONS:
        pid = _pid(root, daemon)
        if pid is None:
            continue
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and _alive(root, daemon):
            time.sleep(0.2)
        if _alive(root, daemon):
            os.kill(pid, signal.SIGKILL)
        (root / f"{daemon}.pid").unlink(missing_ok=True)


def cancel_jobs(slurm: Slurm, name: str) -> None:
    """Cancel the jobs called ``name`` (what a test left behind)."""
    _run(["scancel", "--full", "--name", name], timeout=20, env=slurm.env())


def jobs(slurm: Slurm, name: str) -> dict[str, str]:
    """Job id -> state of the queued and running jobs called ``name``."""
    out = _run(["squeue", "-h", "--name", name, "-o", "%i %T"], timeout=20, env=slurm.env())
    return dict(line.split() for line in out.splitlines() if line.strip())


@pytest.fixture(scope="session")
def slurm() -> Iterator[Slurm]:
    """A one-node Slurm for the session, ``SLURM_CONF`` set for this process and its children.
    If it cannot start, the test fails with the reason (skipped only with HYPOLOOP_SKIP_SERVICES=1)."""
    t0 = time.monotonic()
    try:
        service = start()
    except SlurmUnavailable as e:
        if os.environ.get("HYPOLOOP_SKIP_SERVICES") == "1":
            pytest.skip(f"Slurm unavailable (HYPOLOOP_SKIP_SERVICES=1): {e}")
        pytest.fail(f"cannot start the test Slurm: {e}", pytrace=False)
    print(f"\nSlurm up in {time.monotonic() - t0:.1f} s ({service.node}, {service.cpus} CPUs)", file=sys.stderr)
    previous = os.environ.get("SLURM_CONF")
    os.environ["SLURM_CONF"] = str(service.conf)
    try:
        yield service
    finally:
        if previous is None:
            os.environ.pop("SLURM_CONF", None)
        else:
            os.environ["SLURM_CONF"] = previous
        if service.started_here:
            stop(service.root)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "status"
    try:
        if command == "start":
            t0 = time.monotonic()
            service = start()
            print(f"slurm up in {time.monotonic() - t0:.1f} s: export SLURM_CONF={service.conf}")
        elif command == "stop":
            stop()
        elif command == "status":
            conf = STATE_DIR / "slurm.conf"
            print((_node_state(conf) or "down") if conf.is_file() else "not configured")
        else:
            print("usage: slurm.py start|stop|status", file=sys.stderr)
            return 2
    except SlurmUnavailable as e:
        print(f"slurm: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
