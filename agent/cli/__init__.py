"""The ``hypoloop`` command line: every command module, terminal rendering and ``doctor``.

The console script calls :func:`main`; the app itself lives in :mod:`agent.cli.app` and is
imported on the call, so importing this package costs nothing.
"""

from __future__ import annotations

from typing import NoReturn


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point (see :func:`agent.cli.app.main`)."""
    from agent.cli.app import main as run

    return run(argv)


def console() -> NoReturn:
    """The ``hypoloop`` console script and ``python -m agent.cli``: :func:`main`, then an exit
    that skips Python's teardown of everything the command imported (~1.2 s after a batch;
    agent/process_exit.py). Tests call :func:`main`, which returns."""
    code = main()
    from agent.process_exit import exit_now

    exit_now(code)
