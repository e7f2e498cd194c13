"""A throw-away PostgreSQL server: Debian's ``postgresql`` (installed with apt when missing),
``initdb`` in a temporary directory, listening on 127.0.0.1 at a free port and on a unix socket
in that directory. ``python tests/services/postgres.py`` starts one and prints its URL until
interrupted (for trying ``hypoloop data add --db URL`` by hand).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from services import ServiceUnavailable
else:
    from . import ServiceUnavailable

# initdb refuses to run as root; Debian's package creates this user.
SERVICE_USER = "postgres"
SUPERUSER = "postgres"


@dataclass(frozen=True)
class PostgresServer:
    """A running server: ``url(db)`` names a database on it; ``create_database`` makes one."""

    host: str
    port: int
    bin_dir: Path
    data_dir: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@{self.host}:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        self.sql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def sql(self, statement: str) -> str:
        out = _run(
            [str(self.bin_dir / "psql"), "-X", "-q", "-At", "-h", self.host, "-p", str(self.port),
             "-U", SUPERUSER, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", statement],
            as_service_user=False,
        )
        return out.strip()


def find_bin_dir(install: bool = True) -> Path:
    """The directory holding initdb and pg_ctl: on PATH, else Debian's
    /usr/lib/postgresql/<version>/bin (not on PATH by design), else apt-get installs them."""
    for name in ("initdb", "pg_ctl"):
        found = shutil.which(name)
        if found and (Path(found).resolve().parent / "pg_ctl").exists():
            return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: _version(p.parts[-3]))
    if versions:
        return versions[-1].parent
    if not install:
        raise ServiceUnavailable("PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql)")
    _apt_install("postgresql")
    return find_bin_dir(install=False)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(".") if p.isdigit())


def _apt_install(package: str) -> None:
    if shutil.which("apt-get") is None:
        raise ServiceUnavailable(f"cannot install {package}: no apt-get on this machine")
    if os.geteuid() != 0:
        raise ServiceUnavailable(f"cannot install {package}: apt-get needs root (run `apt-get install {package}`)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", package]):
        done = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            tail = " ".join(done.stderr.split()[-40:])
            raise ServiceUnavailable(f"`{' '.join(cmd)}` failed: {tail}")


@contextlib.contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Start a server in a new temporary directory; stop it and delete the directory after."""
    bin_dir = find_bin_dir()
    # Not under pytest's tmp dirs: those are private to root and the server runs as SERVICE_USER.
    root = Path(tempfile.mkdtemp(prefix="hypoloop-pg-"))
    data = root / "data"
    server = PostgresServer("127.0.0.1", _free_port(), bin_dir, data)
    try:
        if os.geteuid() == 0:
            shutil.chown(root, user=SERVICE_USER, group=SERVICE_USER)
        _run([str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
              "--no-sync", "--no-instructions"], as_service_user=True)
        # fsync off: a test cluster that dies is thrown away anyway, and it makes commits cheap.
        options = f"-c listen_addresses={server.host} -p {server.port} -k {root} -c fsync=off -c max_connections=50"
        _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-o", options,
              "-w", "-t", "60", "start"], as_service_user=True)
        yield server
    finally:
        if (data / "postmaster.pid").exists():
            with contextlib.suppress(ServiceUnavailable):
                _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], as_service_user=True)
        shutil.rmtree(root, ignore_errors=True)


def _run(cmd: list[str], as_service_user: bool) -> str:
    user = SERVICE_USER if as_service_user and os.geteuid() == 0 else None
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, user=user, timeout=120, cwd="/")
    except (OSError, KeyError, subprocess.TimeoutExpired) as e:  # KeyError: no such user
        raise ServiceUnavailable(f"`{Path(cmd[0]).name}` could not run: {e}") from e
    if done.returncode != 0:
        why = " ".join((done.stderr or done.stdout).split())[-400:]
        raise ServiceUnavailable(f"`{Path(cmd[0]).name}` failed ({done.returncode}): {why}")
    return done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


if __name__ == "__main__":
    started = time.perf_counter()
    with postgres_server() as pg:
        url = pg.create_database("hypoloop")
        print(f"{url}  (started in {time.perf_counter() - started:.1f} s; Ctrl-C stops it)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
