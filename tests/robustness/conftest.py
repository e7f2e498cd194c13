"""Fixtures of the robustness suites (helpers live in rob_helpers.py: a module named conftest
is ambiguous on sys.path when the whole suite runs)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from rob_helpers import Tally


@pytest.fixture
def tally(request: pytest.FixtureRequest) -> Iterator[Tally]:
    yield Tally(os.environ.get("HYPOLOOP_ROBUSTNESS_TALLY"), request.node.nodeid)
