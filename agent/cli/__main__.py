"""``python -m agent.cli``: the same entry point as the ``hypoloop`` console script."""

from __future__ import annotations

from agent.cli import console

if __name__ == "__main__":  # not when multiprocessing's spawn re-imports the main module
    console()
