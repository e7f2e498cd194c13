"""The ``hypoloop`` command line: every command module, terminal rendering and ``doctor``.

The console script calls :func:`main`; the app itself lives in :mod:`agent.cli.app` and is
imported on the call, so importing this package costs nothing.
"""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point (see :func:`agent.cli.app.main`)."""
    from agent.cli.app import main as run

    return run(argv)
