"""How long `hypoloop batch` takes to end after printing its last line, as a script sees it.

Runs the dev hypotheses on an embedded 2-worker cluster twice, alternating: through the console
script (`agent.cli:console`, which skips Python's teardown, agent/process_exit.py) and through
the same `main()` ended by an ordinary `sys.exit` (the baseline). For each it prints the seconds
from the last line to the process's exit, and to the end of its stdout pipe, which is what
`hypoloop batch ... | tee log` or `$(...)` waits for: every process that inherited the pipe
(the workers' fork server among them) must be gone. The fork server ends at once in both
(agent/batch/fork_server_exit.py); before that module, its teardown held the pipe another
2.2-2.5 s (measured on 2026-11-23).

Usage: .venv/bin/python bench/cli_exit.py [--set ../shared/bench/hypotheses-dev.yaml] [--repeat 2]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
ORDINARY = "import sys\nfrom agent.cli import main\nif __name__ == '__main__':\n    sys.exit(main())"
CONSOLE = "from agent.cli import console\nif __name__ == '__main__':\n    console()"


def timed(entry: str, args: list[str], cwd: Path) -> tuple[float, float]:
    """(last line -> process exit, last line -> end of the pipe), in seconds."""
    proc = subprocess.Popen(
        [sys.executable, "-c", entry, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=cwd, text=True
    )
    exited: list[float] = []

    def wait() -> None:
        proc.wait()
        exited.append(time.perf_counter())

    waiter = threading.Thread(target=wait)
    waiter.start()
    last = time.perf_counter()
    assert proc.stdout is not None
    for _ in proc.stdout:
        last = time.perf_counter()
    eof = time.perf_counter()
    waiter.join()
    if proc.returncode:
        raise SystemExit(f"hypoloop batch failed (exit {proc.returncode})")
    return exited[0] - last, eof - last


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default=str(ROOT.parent / "shared/bench/hypotheses-dev.yaml"))
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    print(f"command: {' '.join(sys.argv)}")
    runs: dict[str, list[tuple[float, float]]] = {"ordinary sys.exit (baseline)": [], "console script": []}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.repeat):
            for label, entry in zip(runs, (ORDINARY, CONSOLE), strict=True):
                home = Path(tmp) / f"{k}-{len(runs[label])}-{label[:4]}"
                home.mkdir()
                batch = ["--home", str(home), "--offline", "batch", args.set, "--workers", "2"]
                runs[label].append(timed(entry, batch + ["--out", str(home / "r.jsonl")], home))
    for label, times in runs.items():
        print(
            f"{label:<30} last line -> exit {median(t[0] for t in times):5.2f} s, "
            f"-> end of stdout pipe {median(t[1] for t in times):5.2f} s (median of {len(times)})"
        )


if __name__ == "__main__":
    main()
