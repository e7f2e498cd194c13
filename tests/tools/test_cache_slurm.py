"""The result cache written by processes in different Slurm jobs at once (as batch workers on
several nodes of a shared filesystem would, where flock may not hold): every entry that exists is
whole, and one key written by both jobs ends as one valid entry."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from services.slurm import Slurm, cancel_jobs, jobs, slurm  # noqa: F401  (the session fixture)

from tools.cache import ResultCache

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
NAME = "hypoloop-cache-writers"
WRITER = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from tools.cache import ResultCache
cache = ResultCache(Path(sys.argv[1]))
me = sys.argv[2]
for i in range(200):
    cache.put("shared", "t", {"by": me, "pad": [me] * 5000})
    cache.put(f"{me}-{i}", "t", {"by": me, "i": i})
    got = cache.get("shared")
    if got is None or got["pad"] != [got["by"]] * 5000:
        sys.exit(3)
"""


def test_two_slurm_jobs_write_one_cache_and_leave_whole_entries(tmp_path: Path, slurm: Slurm) -> None:  # noqa: F811
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    folder = tmp_path / "cache"
    ids = []
    for me in ("a", "b"):
        out = subprocess.run(
            ["sbatch", "--parsable", "--job-name", NAME, "--output", str(tmp_path / f"{me}.log"),
             "--wrap", f"{sys.executable} {script} {folder} {me} {ROOT}"],
            capture_output=True, text=True, timeout=30, env={**slurm.env(), "PATH": "/usr/bin:/bin"},
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        ids.append(out.stdout.strip().split(";")[0])
    try:
        deadline = time.monotonic() + 180
        while jobs(slurm, NAME) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not jobs(slurm, NAME), "the writer jobs did not finish"
    finally:
        cancel_jobs(slurm, NAME)
    states = subprocess.run(["sacct", "-n", "-X", "-j", ",".join(ids), "-o", "State"], capture_output=True,
                            text=True, timeout=30, env={**slurm.env(), "PATH": "/usr/bin:/bin"})  # fmt: skip
    logs = {me: (tmp_path / f"{me}.log").read_text() for me in ("a", "b")}
    cache = ResultCache(folder)
    assert len(cache.keys()) == 401, (states.stdout, logs)
    shared = cache.get("shared")
    assert shared is not None and shared["pad"] == [shared["by"]] * 5000
    assert all(cache.get(f"{me}-{i}") == {"by": me, "i": i} for me in ("a", "b") for i in range(200))
