"""Fixtures of the robustness suites (helpers live in rob_helpers.py: a module named conftest
is ambiguous on sys.path when the whole suite runs)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from rob_helpers import Tally

# Read at import: the suite-wide hermetic_env fixture clears every HYPOLOOP_* variable per test.
TALLY_PATH = os.environ.get("HYPOLOOP_ROBUSTNESS_TALLY")


@pytest.fixture
def tally(request: pytest.FixtureRequest) -> Iterator[Tally]:
    yield Tally(TALLY_PATH, request.node.nodeid)
