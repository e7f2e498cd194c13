"""Real services the slow tests run against (a one-node Slurm, PostgreSQL, a llama.cpp server
with a small model), started and stopped by the test harness.

Each module starts one service in a temporary directory and yields how to reach it; the pytest
fixtures live in ``fixtures.py``. A service that cannot be started is an error in CI (a skipped
test would hide a broken backend); ``HYPOLOOP_SKIP_SERVICES=1`` turns it into a skip for machines
that cannot run services at all.
"""

from __future__ import annotations


class ServiceUnavailable(RuntimeError):
    """Raised when a service cannot be installed or started here; the message says why."""
