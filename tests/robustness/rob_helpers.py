"""Helpers of the robustness suites: running the CLI in-process with every outcome
captured, and the tally that bench/robustness_figures.py turns into figures.

Each check records what it measured (``tally.record(category, ...)``) before it asserts, so the
figures count failures too. The tally is written only when HYPOLOOP_ROBUSTNESS_TALLY names a file.
"""

from __future__ import annotations

import json
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from agent.cli import main


@dataclass
class CliRun:
    code: int
    out: str
    err: str
    crashed: bool  # an exception escaped main(), or main() reported an internal error

    @property
    def traceback_shown(self) -> bool:
        return "Traceback (most recent call last)" in self.out + self.err

    @property
    def one_line_error(self) -> bool:
        """One ``error:`` line, possibly followed by indented detail lines (a batch file's list of
        problems), and no traceback."""
        lines = [line for line in self.err.splitlines() if line.strip()]
        starts = [i for i, line in enumerate(lines) if line.startswith("error:")]
        if len(starts) != 1 or self.traceback_shown:
            return False
        return all(line.startswith("  ") for line in lines[starts[0] + 1 :])


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> CliRun:
    """``hypoloop ARGS`` in-process; an escaping exception is a crash (its traceback is the err)."""
    capsys.readouterr()
    try:
        code = main(args)
        crashed = False
        tb = ""
    except SystemExit as e:  # main() returns codes; SystemExit escaping it is a bug too
        code, crashed, tb = int(e.code or 0), True, traceback.format_exc()
    except BaseException:  # noqa: BLE001 - the point is to see anything escape
        code, crashed, tb = 1, True, traceback.format_exc()
    out, err = capsys.readouterr()
    err += tb
    crashed = crashed or "internal error" in err
    return CliRun(code, out, err, crashed)


class Tally:
    def __init__(self, path: str | None, test_id: str) -> None:
        self.path = path
        self.test_id = test_id

    def record(self, category: str, **measured: Any) -> None:
        if not self.path:
            return
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"test": self.test_id, "category": category, **measured}) + "\n")

    def cli(self, category: str, run: CliRun, lost: int = 0) -> None:
        self.record(category, crashed=run.crashed, traceback=run.traceback_shown, lost=lost,
                    code=run.code)  # fmt: skip


def tree_snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes (to show nothing was lost or half-written)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
