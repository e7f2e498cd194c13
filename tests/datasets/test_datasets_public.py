"""Public databases against loopback servers: the OPTIMADE reference server (optimade[server]
with its bundled test data in mongomock) and a fake of the Materials Project API."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from tools.datasets.errors import PublicDataUnavailable, RowError
from tools.datasets.public import search_materials_project, search_optimade
from tools.datasets.public.optimade_client import build_filter, optimade_formula

pytest.importorskip("optimade")

# The reference server's test data keeps OPTIMADE's id and reduced formula under other names;
# these aliases are the server configuration that maps them (optimade's config "aliases").
SERVER_CONFIG = {
    "aliases": {
        "structures": {
            "id": "task_id",
            "chemical_formula_reduced": "pretty_formula",
            "chemical_formula_descriptive": "pretty_formula",
            "chemical_formula_anonymous": "formula_anonymous",
        }
    }
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def optimade_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The optimade reference server on a free loopback port, in-memory (mongomock) backend."""
    pytest.importorskip("uvicorn")
    pytest.importorskip("mongomock")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    config = tmp_path_factory.mktemp("optimade") / "config.json"
    config.write_text(json.dumps(SERVER_CONFIG))
    env = {
        **os.environ,
        "OPTIMADE_CONFIG_FILE": str(config),
        "OPTIMADE_DATABASE_BACKEND": "mongomock",
        "OPTIMADE_INSERT_TEST_DATA": "true",
        "OPTIMADE_BASE_URL": url,
    }
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "optimade.server.main:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(f"{url}/v1/info", proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _wait_for(url: str, proc: subprocess.Popen[bytes], limit_s: float = 90.0) -> None:
    start = time.monotonic()
    while time.monotonic() - start < limit_s:
        if proc.poll() is not None:
            err = proc.stderr.read().decode()[-2000:] if proc.stderr else ""
            pytest.fail(f"the OPTIMADE reference server exited: {err}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"the OPTIMADE reference server did not answer within {limit_s:.0f} s")


def test_filter_building() -> None:
    assert optimade_formula("SiO2") == "O2Si" and optimade_formula("Ac2O3") == "Ac2O3"
    assert build_filter("Si4O8", ["Si", "O"], 2) == (
        'chemical_formula_reduced="O2Si" AND elements HAS ALL "Si","O" AND nelements=2'
    )
    with pytest.raises(RowError, match="unknown element"):
        build_filter(None, ['Si" OR 1=1'], None)
    with pytest.raises(RowError, match="give a formula"):
        build_filter(None, [], None)


def test_optimade_by_formula_returns_the_entry(optimade_server: str, tmp_path: Path) -> None:
    entries, warnings = search_optimade([optimade_server], formula="Ac2O3", cache_dir=tmp_path)
    assert warnings == []
    (e,) = entries
    assert (e.id, e.formula, e.nsites, e.elements, e.database) == (
        "mpf_30",
        "Ac2O3",
        5,
        ["Ac", "O"],
        "optimade",
    )
    assert e.url == f"{optimade_server}/v1/structures/mpf_30"
    # The reference server's test entries put every site at one point: withheld, never handed on.
    assert e.structure is None


def test_a_sane_optimade_structure_converts_and_a_broken_one_is_withheld() -> None:
    from tools.datasets.public.optimade_client import _structure

    def entry(positions: list[list[float]]) -> dict[str, Any]:
        attrs = {
            "lattice_vectors": [[0.0, 2.715, 2.715], [2.715, 0.0, 2.715], [2.715, 2.715, 0.0]],
            "cartesian_site_positions": positions, "species_at_sites": ["Si", "Si"],
            "species": [{"name": "Si", "chemical_symbols": ["Si"], "concentration": [1.0]}],
            "dimension_types": [1, 1, 1], "nperiodic_dimensions": 3, "nsites": 2,
            "elements": ["Si"], "nelements": 1, "chemical_formula_reduced": "Si",
            "structure_features": [], "last_modified": "2026-01-01T00:00:00",
        }  # fmt: skip
        return {"id": "x", "type": "structures", "attributes": attrs}

    good = _structure(entry([[0.0, 0.0, 0.0], [1.3575, 1.3575, 1.3575]]))
    assert good is not None and good["numbers"] == [14, 14] and good["pbc"] == [True, True, True]
    assert _structure(entry([[0.0, 0.0, 0.0], [0.1, 0.0, 0.0]])) is None


def test_optimade_by_elements_and_limit(optimade_server: str) -> None:
    entries, _ = search_optimade([optimade_server], elements=["Ag"], limit=3)
    assert len(entries) == 3 and all("Ag" in e.elements for e in entries)
    unary, _ = search_optimade([optimade_server], nelements=1, limit=50)
    assert {e.formula for e in unary} >= {"Ac", "Ag"} and all(len(e.elements) == 1 for e in unary)


def test_optimade_answers_are_cached(
    optimade_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tools.datasets.public import optimade_client

    first, _ = search_optimade([optimade_server], formula="Ag", cache_dir=tmp_path)

    def no_network(*args: Any) -> Any:
        raise AssertionError("the second identical query went to the server")

    monkeypatch.setattr(optimade_client, "_query", no_network)
    again, warnings = search_optimade([optimade_server], formula="Ag", cache_dir=tmp_path)
    assert again == first and warnings == [] and first
    with pytest.raises(AssertionError, match="went to the server"):  # another query is not cached
        search_optimade([optimade_server], formula="Ac", cache_dir=tmp_path)


def test_optimade_dead_provider_is_a_warning_and_all_dead_is_an_error(optimade_server: str) -> None:
    dead = f"http://127.0.0.1:{_free_port()}"
    entries, warnings = search_optimade([optimade_server, dead], formula="Ag", timeout_s=3)
    assert [e.id for e in entries] == ["mpf_200"]
    assert len(warnings) == 1 and dead in warnings[0] and "\n" not in warnings[0]
    with pytest.raises(PublicDataUnavailable, match="failed"):
        search_optimade([dead], formula="Ag", timeout_s=3)


def test_optimade_is_off_offline() -> None:
    with pytest.raises(PublicDataUnavailable, match="offline"):
        search_optimade(["http://127.0.0.1:9"], formula="Ag", online=False)


# ---- Materials Project: a loopback fake of the summary endpoint --------------------------------

KEY = "k" * 32


class _FakeMP(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).requests.append(self.path)
        url = urlparse(self.path)
        if url.path.startswith("/heartbeat"):
            return self._send(
                200, {"version": "0.87.3", "db_version": "2025.09.25", "access_controlled_batch_ids": []}
            )
        if self.headers.get("X-API-KEY") != KEY:
            return self._send(401, {"detail": "invalid API key"})
        query = parse_qs(url.query)
        docs = [d for d in _MP_DOCS if query.get("formula", [d["formula_pretty"]])[0] == d["formula_pretty"]]
        self._send(200, {"data": docs, "meta": {"total_doc": len(docs), "max_limit": 1000}})

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


def _si_structure() -> dict[str, Any]:
    from ase.build import bulk
    from pymatgen.io.ase import AseAtomsAdaptor

    return AseAtomsAdaptor.get_structure(bulk("Si", "diamond", a=5.47)).as_dict()


_MP_DOCS: list[dict[str, Any]] = []


@pytest.fixture
def mp_server() -> Iterator[str]:
    pytest.importorskip("mp_api")
    _MP_DOCS[:] = [
        {"material_id": "mp-149", "formula_pretty": "Si", "elements": ["Si"], "nsites": 2,
         "symmetry": {"symbol": "Fd-3m", "number": 227}, "band_gap": 0.61, "energy_above_hull": 0.0,
         "formation_energy_per_atom": 0.0, "structure": _si_structure()},
    ]  # fmt: skip
    _FakeMP.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeMP)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_materials_project_summary_search(mp_server: str, tmp_path: Path) -> None:
    (e,) = search_materials_project(KEY, formula="Si", endpoint=mp_server, cache_dir=tmp_path)
    assert (e.id, e.formula, e.spacegroup_number, e.database) == ("mp-149", "Si", 227, "materials_project")
    assert e.properties["band_gap"] == pytest.approx(0.61) and e.url.endswith("/materials/mp-149")
    assert e.structure is not None and e.structure["numbers"] == [14, 14]
    summary = [p for p in _FakeMP.requests if p.startswith("/materials/summary")]
    assert len(summary) == 1 and "formula=Si" in summary[0]
    again = search_materials_project(KEY, formula="Si", endpoint=mp_server, cache_dir=tmp_path)
    assert again == [e] and len([p for p in _FakeMP.requests if p.startswith("/materials/summary")]) == 1


def test_data_query_hands_a_materials_project_structure_on_by_id(
    mp_server: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agent.settings import Settings
    from tools import get_tool

    monkeypatch.setenv("HYPOLOOP_DATA__MP_API_KEY", KEY)
    monkeypatch.setenv("HYPOLOOP_DATA__MP_ENDPOINT", mp_server)
    out = get_tool("data_query", Settings.load().tool_settings()).invoke({"formula": "Si", "public": True})
    (entry,) = out["public"]
    assert entry["id"] == "mp-149" and entry["properties"]["band_gap"] == pytest.approx(0.61)
    assert entry["structure"] is None and entry["structure_id"].startswith("s-")
    analysed = get_tool("analyze_structure", Settings.load().tool_settings()).invoke({"structure": {"structure_id": entry["structure_id"]}})
    assert analysed["spacegroup_number"] == 227


def test_materials_project_needs_a_key_and_is_off_offline(mp_server: str) -> None:
    with pytest.raises(PublicDataUnavailable, match="no API key"):
        search_materials_project(None, formula="Si", endpoint=mp_server)
    with pytest.raises(PublicDataUnavailable, match="offline"):
        search_materials_project(KEY, formula="Si", endpoint=mp_server, online=False)
    with pytest.raises(PublicDataUnavailable, match="Materials Project query failed"):
        search_materials_project("w" * 32, formula="Si", endpoint=mp_server)


def test_data_query_tool_asks_the_configured_optimade_database(
    optimade_server: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agent.settings import Settings
    from tools import get_tool

    monkeypatch.setenv("HYPOLOOP_DATA__OPTIMADE_URLS", json.dumps([optimade_server]))
    out = get_tool("data_query", Settings.load().tool_settings()).invoke({"formula": "Ac2O3", "public": True})
    assert out["rows"] == [] and any("no data collection" in w for w in out["warnings"])
    (entry,) = out["public"]
    assert entry["id"] == "mpf_30" and entry["url"].startswith(optimade_server)
    assert entry["structure"] is None and entry["structure_id"] is None  # broken test geometry
    monkeypatch.setenv("HYPOLOOP_DATA__ONLINE", "false")
    off = get_tool("data_query", Settings.load().tool_settings()).invoke({"formula": "Ac2O3", "public": True})
    assert off["public"] == [] and any("offline" in w for w in off["warnings"])


def test_collection_url_password_is_masked() -> None:
    from tools.datasets import DataCollection

    assert DataCollection("postgresql://ana:s3cret@db.lab/c").display_url == "postgresql://ana:***@db.lab/c"
