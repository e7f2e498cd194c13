"""Session fixtures for the real services (registered as a plugin by tests/conftest.py).

A service that cannot start fails the tests that need it, with the reason, unless
HYPOLOOP_SKIP_SERVICES=1 says this machine cannot run services: CI must not go green because
a backend was silently skipped.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator

import pytest

from services import ServiceUnavailable, llama
from services.postgres import PostgresServer, postgres_server

SKIP_ENV = "HYPOLOOP_SKIP_SERVICES"
# Read once at start-up: the suite's hermetic fixture clears HYPOLOOP_* before a service starts.
SKIP = os.environ.get(SKIP_ENV) == "1"
_STARTED: dict[str, float] = {}  # service -> seconds it took to start


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for name, seconds in _STARTED.items():
        terminalreporter.write_line(f"services: {name} started in {seconds:.1f} s")


def _unavailable(what: str, why: str) -> None:
    message = f"{what} could not be started: {why}"
    if SKIP:
        pytest.skip(f"{message} ({SKIP_ENV}=1)")
    pytest.fail(f"{message}. Set {SKIP_ENV}=1 to skip the tests that need it.", pytrace=False)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the whole session (started in ~1 s once installed)."""
    try:
        import ase_db_backends.postgresql  # noqa: F401  (ASE's PostgreSQL backend and psycopg2)
    except ImportError as e:
        _unavailable("PostgreSQL", f"{e} (install the extra: pip install -e '.[postgres]')")
    started = time.perf_counter()
    try:
        context = postgres_server()
        server = context.__enter__()
    except ServiceUnavailable as e:
        _unavailable("PostgreSQL", str(e))
    # Not printed here: a session fixture starts inside the first test's capsys.
    _STARTED["PostgreSQL"] = time.perf_counter() - started
    try:
        yield server
    finally:
        context.__exit__(None, None, None)


@pytest.fixture(scope="session")
def llama_server() -> Iterator[llama.LlamaServer]:
    """A llama.cpp server with Gemma 3 270M at an 8k context for the session (tests/services/llama.py:
    the first start builds llama-cpp-python, ~7.5 min on 2 cores; a server `make test-slow`
    started is reused and left to it to stop)."""
    started = time.perf_counter()
    try:
        server = llama.start()
    except ServiceUnavailable as e:
        _unavailable("The llama.cpp server", str(e))
    _STARTED["llama.cpp"] = time.perf_counter() - started
    try:
        yield server
    finally:
        if server.started_here:
            llama.stop(server.root)


_names = itertools.count()


@pytest.fixture
def postgres_db(postgres: PostgresServer) -> Iterator[str]:
    """A fresh, empty database on the session's server; its URL."""
    name = f"t{os.getpid()}_{next(_names)}"
    url = postgres.create_database(name)
    yield url
    postgres.drop_database(name)
