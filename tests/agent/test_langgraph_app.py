"""langgraph.json names a graph that LangGraph's server can load and run (`langgraph dev`)."""

from __future__ import annotations

import importlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
WATER = {"mode": "test", "input": "Water is a linear molecule."}


def _named_graph() -> tuple[str, Any]:
    config = json.loads((ROOT / "langgraph.json").read_text(encoding="utf-8"))
    assert config["dependencies"] == ["."]
    ((graph_id, spec),) = config["graphs"].items()
    module_name, _, attr = spec["path"].partition(":")
    return graph_id, getattr(importlib.import_module(module_name), attr)


def test_langgraph_json_names_a_factory_that_runs_a_claim_offline() -> None:
    graph_id, factory = _named_graph()
    assert graph_id == "hypoloop" and callable(factory)
    graph = factory()
    # The server supplies persistence itself and refuses a graph that brings its own.
    assert graph.checkpointer is None
    # What the server does with a run's JSON context: coerce it into the graph's context schema.
    out = graph.invoke(WATER, context={"provider": "offline"})
    (verdict,) = out["verdicts"]
    assert verdict["verdict"] == "refuted", verdict["summary"]
    assert "xtb" in verdict["summary"]
    assert out["tool_runs"] and {r["tool"] for r in out["tool_runs"]} >= {"molecule_geometry"}


def test_context_schema_is_json_for_studio_and_defaults_to_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from agent.graph.langgraph_app import ServerContext

    _, factory = _named_graph()
    schema = factory().get_context_jsonschema()
    assert set(schema["properties"]) == {"provider", "model_name", "base_url"}
    assert all(p.get("description") for p in schema["properties"].values())
    # The server sends {} when a run names no context: every option then comes from settings.
    monkeypatch.setenv("HYPOLOOP_LLM__PROVIDER", "offline")
    ctx = ServerContext(**{})
    assert ctx.settings.llm.provider == "offline" and ctx.offline and ctx.recorder is None
    assert "equation_of_state" in ctx.tools
    chosen = ServerContext(provider="openai-compatible", model_name="m", base_url="http://127.0.0.1:9/v1")
    assert chosen.settings.llm.model == "m" and chosen.settings.llm.base_url == "http://127.0.0.1:9/v1"


def test_langgraph_cli_accepts_the_config() -> None:
    config = pytest.importorskip("langgraph_cli.config")
    validated = config.validate_config_file(ROOT / "langgraph.json")
    assert validated["graphs"]["hypoloop"]["path"] == "agent.graph.langgraph_app:make_graph"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(url: str, proc: subprocess.Popen[str], timeout_s: float = 90) -> None:
    import urllib.request

    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"langgraph dev exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/ok", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("langgraph dev did not come up")


@pytest.mark.slow
def test_langgraph_dev_serves_the_graph(tmp_path: Path) -> None:
    pytest.importorskip("langgraph_api")
    sdk = pytest.importorskip("langgraph_sdk")
    port = _free_port()
    exe = Path(sys.executable).parent / "langgraph"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "LANGSMITH_TRACING": "false",
        "HYPOLOOP_LLM__PROVIDER": "offline",
    }
    cmd = [
        str(exe),
        "dev",
        "--no-browser",
        "--no-reload",
        "--port",
        str(port),
        "--config",
        str(ROOT / "langgraph.json"),
    ]
    # Run from a scratch folder: the dev server keeps its state in ./.langgraph_api.
    proc = subprocess.Popen(
        cmd, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, proc)
        client = sdk.get_sync_client(url=url)
        out = client.runs.wait(None, "hypoloop", input=WATER, context={"provider": "offline"})
        assert out["verdicts"][0]["verdict"] == "refuted", out
        (assistant,) = client.assistants.search(graph_id="hypoloop")
        nodes = {n["id"] for n in client.assistants.get_graph(assistant["assistant_id"], xray=True)["nodes"]}
        assert {"intake", "investigate:plan", "investigate:stress", "investigate:verdict"} <= nodes
    finally:
        proc.terminate()
        proc.wait(timeout=30)
