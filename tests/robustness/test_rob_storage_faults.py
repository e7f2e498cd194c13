"""Storage faults: kill -9 in the middle of `index add`, a cache write and a batch (each still
opens, consistent, and a rerun finishes with every id exactly once); a full disk and a read-only
folder (one clear error line, nothing corrupted). Full-disk and read-only cases mount a small
tmpfs, which needs root; they are skipped where mounting is not allowed."""

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
from rob_helpers import Tally, run_cli

ROOT = Path(__file__).resolve().parents[2]


def child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HYPOLOOP_", "OPENAI_"))}
    env.update(HYPOLOOP_HOME=str(home), PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               HYPOLOOP_LLM__PROVIDER="offline", HYPOLOOP_SIMULATION__DEFAULT_CALCULATOR="emt",
               HYPOLOOP_AGENT__STRESS_TEST="false", OMP_NUM_THREADS="1")  # fmt: skip
    return env


def kill_when(proc: subprocess.Popen[bytes], ready: Any, extra_s: float, limit_s: float = 120) -> bool:
    """SIGKILL ``proc`` ``extra_s`` after ``ready()`` turns true; False if it finished first."""
    t0 = time.monotonic()
    while not ready():
        if proc.poll() is not None or time.monotonic() - t0 > limit_s:
            return False
        time.sleep(0.05)
    time.sleep(extra_s)
    if proc.poll() is not None:
        return False
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return True


def corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{folder.name}{i:03d}.txt").write_text(
            f"Paper {folder.name} {i} on solid oxide fuel cells.\n\n"
            + " ".join(f"Sample {i}-{j} of a nickel zirconia anode conducts at {600 + j} C." for j in range(60))
        )
    return folder


@pytest.mark.slow  # ~40 s: two embedding-model loads
@pytest.mark.parametrize("delay", [0.5, 3.0])
def test_kill_during_index_add(delay: float, tmp_path: Path, tally: Tally) -> None:
    from retrieval import LiteratureIndex

    index = tmp_path / "index"
    LiteratureIndex.create(index).add([corpus(tmp_path / "first", 1)])
    docs = corpus(tmp_path / "more", 20)
    proc = subprocess.Popen(
        [sys.executable, "-m", "agent.cli", "index", "add", str(docs), "--index", str(index)],
        env=child_env(tmp_path / "home"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    staging = index.parent
    killed = kill_when(proc, lambda: len(list(staging.rglob("*"))) > len(list(index.rglob("*"))) or proc.poll() is not None, delay)
    idx = LiteratureIndex.open(index)  # opens, and its chunk count matches its vectors
    n = idx.stats()["documents"]
    tally.record("storage_fault", crashed=False, traceback=False, lost=int(n not in (1, 21)), killed=killed)
    assert n in (1, 21)  # the old generation or the new one, never half of one
    assert idx.search("nickel zirconia anode", k=3)
    idx.add([docs])
    assert LiteratureIndex.open(index).stats()["documents"] == 21


def test_kill_during_cache_write(tmp_path: Path, tally: Tally) -> None:
    folder = tmp_path / "cache"
    writer = (
        "import sys; from pathlib import Path; from tools.cache import ResultCache\n"
        "c = ResultCache(Path(sys.argv[1]))\n"
        "i = 0\n"
        "while True:\n"
        "    c.put(f'k{i}', 'single_point', {'energy_ev': -i * 1.0, 'pad': 'x' * 4000}); i += 1\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", writer, str(folder)], env=child_env(tmp_path / "home"))
    from tools.cache import ResultCache

    cache = ResultCache(folder)
    killed = kill_when(proc, lambda: len(cache.keys()) > 200, 0.3)
    # Every entry that exists is whole: a killed write leaves at most a temporary file, never
    # part of an entry (the write is renamed into place).
    keys = cache.keys()
    broken = [k for k in keys if cache.get(k) is None]
    tally.record("storage_fault", crashed=False, traceback=False, lost=len(broken), killed=killed)
    assert killed and keys and not broken
    assert cache.get("k1") == {"energy_ev": -1.0, "pad": "x" * 4000}
    cache.put("after", "single_point", {"energy_ev": 1.0})
    assert cache.get("after") == {"energy_ev": 1.0}


BATCH = "".join(
    f"- {{id: {m}-{a}, claim: The lattice constant of fcc {m} is about {a} Å.}}\n"
    for m, a in (("copper", 3.6), ("nickel", 3.5), ("aluminium", 4.05), ("silver", 4.1), ("gold", 4.1), ("palladium", 3.9))
)


def test_kill_during_batch_then_resume(tmp_path: Path, tally: Tally, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "b.yaml"
    src.write_text(BATCH)
    out = tmp_path / "out.jsonl"
    env = child_env(tmp_path / "home")
    proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "batch", str(src), "--out", str(out), "--workers", "0"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    killed = kill_when(proc, lambda: out.is_file() and out.read_text().count("\n") >= 1, 0.2)
    done_before = out.read_text().count("\n")
    for key in ("HYPOLOOP_LLM__PROVIDER", "HYPOLOOP_SIMULATION__DEFAULT_CALCULATOR", "HYPOLOOP_AGENT__STRESS_TEST"):
        monkeypatch.setenv(key, env[key])
    run = run_cli(["batch", str(src), "--out", str(out), "--workers", "0", "--resume"], capsys)
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines() if line.strip().endswith("}")]
    expected = [line.split("id: ")[1].split(",")[0] for line in BATCH.splitlines()]
    tally.cli("storage_fault", run, lost=len(set(expected) - set(ids)) + len(ids) - len(set(ids)))
    assert killed and 1 <= done_before < len(expected)
    assert run.code == 0, run.err
    assert sorted(ids) == sorted(expected)  # every id exactly once


@pytest.fixture
def small_mount(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mnt)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def fill(mnt: Path) -> None:
    fd = os.open(mnt / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"x" * 512):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)


def remount_read_only(mnt: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)


def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPOLOOP_LLM__PROVIDER", "offline")
    monkeypatch.setenv("HYPOLOOP_SIMULATION__DEFAULT_CALCULATOR", "emt")
    monkeypatch.setenv("HYPOLOOP_AGENT__STRESS_TEST", "false")


def one_item_batch(tmp_path: Path) -> Path:
    src = tmp_path / "b.yaml"
    src.write_text("- {id: ni, claim: The lattice constant of fcc nickel is about 3.5 Å.}\n")
    return src


@pytest.mark.parametrize("state", ["full", "read_only"])
def test_batch_output_on_a_broken_disk(
    state: str, small_mount: Path, tmp_path: Path, capsys: Any, tally: Tally, monkeypatch: pytest.MonkeyPatch
) -> None:
    offline(monkeypatch)
    out = small_mount / "out.jsonl"
    # one full 4 KiB page, so the next record needs a new one (tmpfs allocates whole pages)
    head = '{"id": "earlier", "verdict": "supported", "pad": "'
    earlier = head + "x" * (4096 - len(head) - 3) + '"}\n'
    assert len(earlier) == 4096
    out.write_text(earlier)
    fill(small_mount) if state == "full" else remount_read_only(small_mount)
    run = run_cli(["batch", str(one_item_batch(tmp_path)), "--out", str(out), "--workers", "0", "--resume"], capsys)
    tally.cli("storage_fault", run, lost=int(not out.read_text().startswith(earlier)))
    assert not run.crashed and run.code == 1 and run.one_line_error, run.err
    assert ("No space left" if state == "full" else "Read-only") in run.err
    assert out.read_text() == earlier  # nothing half-written after the earlier record


@pytest.mark.parametrize("state", ["full", "read_only"])
def test_index_on_a_broken_disk(
    state: str, small_mount: Path, tmp_path: Path, capsys: Any, tally: Tally
) -> None:
    from retrieval import LiteratureIndex

    index = small_mount / "index"
    LiteratureIndex.create(index).add([corpus(tmp_path / "first", 1)])
    fill(small_mount) if state == "full" else remount_read_only(small_mount)
    run = run_cli(["index", "add", str(corpus(tmp_path / "more", 10)), "--index", str(index)], capsys)
    n = LiteratureIndex.open(index).stats()["documents"]
    tally.cli("storage_fault", run, lost=int(n != 1))
    assert not run.crashed and run.code in (1, 2) and run.one_line_error, run.err
    assert n == 1 and LiteratureIndex.open(index).search("nickel anode", k=1)


@pytest.mark.parametrize("state", ["full", "read_only"])
def test_home_on_a_broken_disk(
    state: str, small_mount: Path, tmp_path: Path, capsys: Any, tally: Tally, monkeypatch: pytest.MonkeyPatch
) -> None:
    offline(monkeypatch)
    monkeypatch.setenv("HYPOLOOP_HOME", str(small_mount / "home"))
    (small_mount / "home").mkdir()
    fill(small_mount) if state == "full" else remount_read_only(small_mount)
    runs = [
        run_cli(["test", "The lattice constant of fcc nickel is about 3.5 Å."], capsys),
        run_cli(["tools", "run", "build_structure", "--args", '{"structure": {"formula": "Cu", "prototype": "fcc"}}'], capsys),
    ]
    for run in runs:
        tally.cli("storage_fault", run)
        assert not run.crashed and run.code != 0 and run.one_line_error, run.err


def test_eval_reports_on_a_full_disk(small_mount: Path, tally: Tally) -> None:
    from agent.eval_report import write_reports

    rep_dir = small_mount / "reports"
    rep_dir.mkdir()
    fill(small_mount)
    rep = {"source": "x", "overall": {}, "per_kind": {}, "calibration": [], "costs": {}, "stress_tests": {}, "items": []}
    with pytest.raises((OSError, KeyError)):
        write_reports(rep, rep_dir)
    left = sorted(p.name for p in rep_dir.iterdir())
    tally.record("storage_fault", crashed=False, traceback=False, lost=int(bool(left)))
    assert left == []  # no half-written report, no temporary file


def test_failed_append_leaves_no_half_record(
    tmp_path: Path, capsys: Any, tally: Tally, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same full-disk failure simulated at the write seam (runs without root): the partial
    record is cut back and the CLI says so in one line."""
    import errno

    offline(monkeypatch)
    out = tmp_path / "out.jsonl"
    earlier = '{"id": "earlier", "verdict": "supported"}\n'
    out.write_text(earlier)

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(out))

    monkeypatch.setattr(os, "fsync", no_space)
    run = run_cli(["batch", str(one_item_batch(tmp_path)), "--out", str(out), "--workers", "0", "--resume"], capsys)
    tally.cli("storage_fault", run, lost=int(out.read_text() != earlier))
    assert not run.crashed and run.code == 1 and run.one_line_error and "No space left" in run.err, run.err
    assert out.read_text() == earlier
