"""`hypoloop mcp` driven by the MCP SDK's real client, over stdio and streamable HTTP.

Each test starts the server as a subprocess (the way Claude Desktop or an IDE does) with the
test's own HYPOLOOP_HOME and the offline planner, and talks to it through `mcp.Client`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest

from agent.cli.mcp_server import input_schema
from agent.results import Verdict
from tools import get_tool, list_tools

ROOT = Path(__file__).resolve().parents[2]
CU = {"structure": {"formula": "Cu", "prototype": "fcc"}, "calculator": "emt", "use_cache": False}

Events = list[tuple[float, float | None, str | None]]


def _env(**extra: str) -> dict[str, str]:
    # The hermetic fixture already put this test's HYPOLOOP_HOME and XDG_CONFIG_HOME in os.environ.
    return {**os.environ, "PYTHONPATH": str(ROOT), "HYPOLOOP_LLM__PROVIDER": "offline", **extra}


def _stdio(**extra: str) -> Any:
    from mcp import StdioServerParameters

    return StdioServerParameters(command=sys.executable, args=["-m", "agent.cli", "mcp"], env=_env(**extra))


def _run(target: Any, body: Callable[[Any], Awaitable[None]]) -> None:
    from mcp import Client

    async def main() -> None:
        async with Client(target, read_timeout_seconds=120) as client:
            await body(client)

    anyio.run(main)


def _recorder() -> tuple[Events, Callable[[float, float | None, str | None], Awaitable[None]]]:
    events: Events = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        events.append((progress, total, message))

    return events, on_progress


def _without_timing(result: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if k != "wall_s"}


def test_stdio_serves_the_registry_tools_with_their_own_schemas_and_results() -> None:
    expected_names = [row["name"] for row in list_tools()] + ["test_claim", "propose"]
    local = get_tool("equation_of_state").invoke(CU)
    assert "error" not in local, local

    async def body(client: Any) -> None:
        listed = (await client.list_tools()).tools
        assert [t.name for t in listed] == expected_names
        for t in listed:
            if t.name not in ("test_claim", "propose"):
                tool = get_tool(t.name)
                assert t.description == tool.description
                assert t.input_schema == input_schema(tool)
        test_claim = next(t for t in listed if t.name == "test_claim")
        assert test_claim.input_schema["required"] == ["claim"]

        events, on_progress = _recorder()
        r = await client.call_tool("equation_of_state", CU, progress_callback=on_progress)
        assert not r.is_error, r.content
        served = json.loads(r.content[0].text)
        assert served == r.structured_content
        assert served["calculator"] == "emt" and served["cached"] is False
        assert _without_timing(served) == _without_timing(local)
        assert [e[2] for e in events] == ["equation_of_state: started", "equation_of_state: done"]
        assert [e[0] for e in events] == [1.0, 2.0] and events[-1][1] == 2.0

        bad = await client.call_tool("equation_of_state", {"structure": {"formula": "Cu", "bogus": 1}})
        assert bad.is_error
        message = bad.content[0].text
        assert message.startswith("ToolInputError: invalid arguments:") and "bogus" in message
        assert "\n" not in message and "Traceback" not in message

        unknown = await client.call_tool("no_such_tool", {})
        assert unknown.is_error and "unknown tool 'no_such_tool'" in unknown.content[0].text

        empty = await client.call_tool("test_claim", {"claim": ""})
        assert empty.is_error and empty.content[0].text.startswith("ToolInputError: invalid arguments: claim")

    _run(_stdio(HYPOLOOP_SIMULATION__DEFAULT_CALCULATOR="emt"), body)


def test_stdio_test_claim_returns_the_verdict_json_with_step_progress() -> None:
    async def body(client: Any) -> None:
        # Decidable with EMT (the default calculator here): fcc Ni's EMT lattice constant is 3.52 Å.
        events, on_progress = _recorder()
        r = await client.call_tool(
            "test_claim",
            {"claim": "The lattice parameter of fcc nickel is roughly 3.5 angstrom."},
            progress_callback=on_progress,
        )
        assert not r.is_error, r.content
        verdict = Verdict.model_validate(r.structured_content)
        assert verdict.model_dump(mode="json") == r.structured_content == json.loads(r.content[0].text)
        assert verdict.verdict == "supported", verdict.summary
        assert "emt" in verdict.summary
        messages = [e[2] for e in events]
        assert messages[0] == "test_claim: started" and messages[-1] == "test_claim: done"
        assert {"planning predictions", "stress test: disconfirming checks", "tool equation_of_state"} <= set(
            messages
        ), messages
        progress = [e[0] for e in events]
        assert progress == sorted(set(progress))  # strictly increasing, as the protocol requires

    _run(_stdio(HYPOLOOP_SIMULATION__DEFAULT_CALCULATOR="emt"), body)


def test_stdio_test_claim_on_a_molecule_uses_xtb() -> None:
    async def body(client: Any) -> None:
        events, on_progress = _recorder()
        r = await client.call_tool(
            "test_claim", {"claim": "Water is a linear molecule."}, progress_callback=on_progress
        )
        assert not r.is_error, r.content
        verdict = Verdict.model_validate(r.structured_content)
        assert verdict.verdict == "refuted", verdict.summary
        assert "xtb" in verdict.summary
        assert "tool molecule_geometry" in [e[2] for e in events]

    _run(_stdio(), body)  # default calculator 'auto': GFN2-xTB for molecules


def test_stdio_propose_reads_the_goal_first_and_a_refusal_offers_the_nearest_goal() -> None:
    """Issue #28 item 5 on MCP: a campaign's JSON starts with its "Read as"; a goal the reader
    cannot read whole is a one-line tool error with the reason and the nearest goal, as the CLI's."""

    async def body(client: Any) -> None:
        propose = next(t for t in (await client.list_tools()).tools if t.name == "propose")
        assert propose.input_schema["required"] == ["goal"]
        events, on_progress = _recorder()
        r = await client.call_tool("propose", {"goal": "which of Cu, Ni and Pt has the largest bulk modulus", "n": 3},
                                   progress_callback=on_progress)  # fmt: skip
        assert not r.is_error, r.content
        out = json.loads(r.content[0].text)
        assert next(iter(out)) == "read_as" and out["read_as"] == "which of Cu, Ni and Pt has the largest bulk modulus"
        assert out["hypotheses"][0]["claim"].startswith("Pt has a larger bulk modulus than")  # EMT: Pt 278 GPa
        assert [e[2] for e in events][-1] == "propose: done"

        refused = await client.call_tool("propose", {"goal": "which noble metals with a high melting point are fcc"})
        assert refused.is_error
        message = refused.content[0].text
        assert message.startswith("GoalRefused: ") and "could not read: 'high melting point are fcc'" in message
        assert "the nearest goal that reads (not run): 'which of the noble metals adopt the fcc structure'" in message
        assert "\n" not in message and "Traceback" not in message

    _run(_stdio(HYPOLOOP_SIMULATION__DEFAULT_CALCULATOR="emt"), body)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_streamable_http_on_loopback() -> None:
    port = _free_port()
    cmd = [sys.executable, "-m", "agent.cli", "mcp", "--http", str(port)]
    proc = subprocess.Popen(cmd, env=_env(), stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        ready = proc.stderr.readline()
        assert f"http://127.0.0.1:{port}/mcp" in ready, ready

        async def body(client: Any) -> None:
            names = [t.name for t in (await client.list_tools()).tools]
            assert names == [row["name"] for row in list_tools()] + ["test_claim", "propose"]
            events, on_progress = _recorder()
            r = await client.call_tool(
                "build_structure", {"structure": {"molecule": "H2O"}}, progress_callback=on_progress
            )
            assert not r.is_error, r.content
            assert r.structured_content["formula"] == "H2O" and r.structured_content["structure_id"]
            assert len(events) == 2

        _run(f"http://127.0.0.1:{port}/mcp", body)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_http_port_in_use_is_one_line_error() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        r = subprocess.run(
            [sys.executable, "-m", "agent.cli", "mcp", "--http", str(port)],
            env=_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and f"cannot listen on 127.0.0.1:{port}" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("bug", [RuntimeError("boom\nsecond line")])
def test_a_tool_bug_becomes_a_one_line_tool_error(monkeypatch: pytest.MonkeyPatch, bug: Exception) -> None:
    from agent.cli.mcp_server import ToolCallFailed, ToolHub
    from agent.settings import Settings

    hub = ToolHub(Settings.load())

    def broken(name: str, args: dict[str, Any]) -> dict[str, Any]:
        raise bug

    monkeypatch.setattr(hub, "_tool", broken)
    with pytest.raises(ToolCallFailed) as info:
        hub.call("single_point", {}, lambda message: None)
    assert str(info.value) == "internal error: RuntimeError: boom second line"
