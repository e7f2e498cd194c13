"""hypoloop over the Model Context Protocol: every registered tool plus ``test_claim`` and
``propose`` (a hypothesis campaign for a goal).

Built on the SDK's low-level ``Server`` so each tool's input schema is the registry's own JSON
schema, passed through untouched (a decorator-based server would re-derive it from a signature).
Tools are synchronous and CPU-bound, so each call runs in a worker thread; progress reaches the
client as MCP progress notifications: start and end of every call, plus one per graph step and
tool call inside ``test_claim``. Failures come back as tool results with ``isError`` and a
one-line message, never a traceback.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from agent import __version__
from agent.errors import USER_ERRORS

if TYPE_CHECKING:
    from mcp.server.lowlevel import Server

    from agent.assistant import Assistant
    from agent.settings import Settings

log = logging.getLogger("hypoloop.mcp")

TEST_CLAIM = "test_claim"
PROPOSE = "propose"

# Progress callback run inside the worker thread: (message) -> None.
Report = Callable[[str], None]

INSTRUCTIONS = (
    "hypoloop stress-tests materials-science and chemistry claims. `test_claim` runs the whole "
    "test (literature, simulations, a second calculator, sensitivity) and returns a verdict; the "
    "other tools are its simulation and literature tools, for single calculations. Structures "
    "travel by id between calls (build_structure returns one)."
)


class TestClaimInput(BaseModel):
    """Stress-test one claim end to end: parse it, plan predictions, run simulations and a
    literature search, seek disconfirming evidence with a second calculator and setting
    sensitivity, and return the verdict as JSON: verdict (supported | refuted | inconclusive),
    confidence, summary, evidence with the tool runs behind each number, and citations. A claim
    the planner cannot represent faithfully comes back inconclusive with the reason. Takes
    seconds to minutes; progress is reported per step."""

    model_config = ConfigDict(extra="forbid")

    claim: str = Field(
        min_length=1,
        description="One claim in plain English, e.g. 'Copper has a lattice constant of 3.61 Å.'",
    )


class ProposeInput(BaseModel):
    """Run a hypothesis campaign for a research goal, as `hypoloop propose --json` does: the goal
    is read whole into a typed objective (returned first as read_as) or refused with the one-line
    reason and the nearest goal that reads; candidates are generated, screened, ranked by a
    pairwise tournament and the best test_top stress-tested. Returns read_as, the ranked
    hypotheses (h1 best), verdicts, notes and the campaign record. Takes seconds to minutes."""

    model_config = ConfigDict(extra="forbid")

    goal: str = Field(
        min_length=1,
        description="A goal naming its candidates first, e.g. 'which of Cu, Ag and Au has the largest bulk modulus'.",
    )
    n: int = Field(8, ge=1, le=50, description="Candidates generated per round.")
    rounds: int = Field(1, ge=1, le=5, description="Rounds; the survivors of one seed the next.")
    test_top: int = Field(0, ge=0, le=250, description="Stress-test the K best-ranked candidates (0: none).")


class ToolCallFailed(Exception):
    """A tool call that ends as an MCP tool error; ``str(e)`` is the one-line message and
    ``result`` the tool's own error JSON when it produced one."""

    def __init__(self, message: str, result: dict[str, Any] | None = None) -> None:
        super().__init__(" ".join(message.split()))
        self.result = result


def input_schema(tool: Any) -> dict[str, Any]:
    """The JSON schema the registry publishes for ``tool`` (its tool-call schema)."""
    schema = tool.tool_call_schema
    return dict(schema) if isinstance(schema, dict) else schema.model_json_schema()


class ToolHub:
    """What the MCP handlers call: the tool listing and synchronous calls, MCP-free so the
    same logic is testable without a transport."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._assistant: Assistant | None = None
        # One stress test at a time: they share one Assistant (graph, checkpointer) and the
        # machine's cores; single tool calls are independent and may overlap.
        self._test_lock = threading.Lock()

    def specs(self) -> list[dict[str, Any]]:
        """name, description, input_schema for every tool that loads, then ``test_claim``."""
        from agent.graph.toolset import bound_tool
        from tools import list_tools

        out = []
        for row in list_tools():
            try:
                tool = bound_tool(row["name"], self.settings)
            except USER_ERRORS as e:  # an optional tool whose package is missing: leave it out
                log.warning("tool %s not served: %s", row["name"], e)
                continue
            out.append(
                {"name": tool.name, "description": tool.description, "input_schema": input_schema(tool)}
            )
        for name, model in ((TEST_CLAIM, TestClaimInput), (PROPOSE, ProposeInput)):
            doc = " ".join((model.__doc__ or "").split())
            out.append({"name": name, "description": doc, "input_schema": model.model_json_schema()})
        return out

    def call(self, name: str, args: dict[str, Any], report: Report) -> dict[str, Any]:
        """Run one tool; raises :class:`ToolCallFailed` for anything that is not a result."""
        try:
            if name == TEST_CLAIM:
                return self._test_claim(args, report)
            if name == PROPOSE:
                return self._propose(args, report)
            return self._tool(name, args)
        except ToolCallFailed:
            raise
        except USER_ERRORS as e:
            raise ToolCallFailed(f"{type(e).__name__}: {e}") from e
        except Exception as e:  # the protocol boundary: a bug becomes one line, not a traceback
            log.warning("internal error in %s: %s: %s", name, type(e).__name__, e)
            raise ToolCallFailed(f"internal error: {type(e).__name__}: {e}") from e

    def _tool(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        from agent.graph.toolset import bound_tool

        result = bound_tool(name, self.settings).invoke(args)
        if not isinstance(result, dict):
            raise ToolCallFailed(f"{name} returned {type(result).__name__}, not a JSON object")
        err = result.get("error")
        if isinstance(err, dict):
            raise ToolCallFailed(f"{err.get('type', 'Error')}: {err.get('message', '')}", result)
        return result

    def _test_claim(self, args: dict[str, Any], report: Report) -> dict[str, Any]:
        from pydantic import ValidationError

        from tools.definition import validation_message

        try:
            claim = TestClaimInput.model_validate(args).claim
        except ValidationError as e:
            raise ToolCallFailed(f"ToolInputError: {validation_message(e)}") from e
        with self._test_lock:
            verdict = self._get_assistant().test(claim, callbacks=[_step_reporter(report)])
        return verdict.model_dump(mode="json")

    def _propose(self, args: dict[str, Any], report: Report) -> dict[str, Any]:
        """A campaign; a refused goal raises GoalRefused (a user error: one line with the reason and
        the nearest goal that reads, as the CLI prints it)."""
        from pydantic import ValidationError

        from agent.campaign.campaign import campaign_json
        from tools.definition import validation_message

        try:
            req = ProposeInput.model_validate(args)
        except ValidationError as e:
            raise ToolCallFailed(f"ToolInputError: {validation_message(e)}") from e
        with self._test_lock:  # a campaign shares the Assistant and the cores like a stress test
            report(f"reading the goal: {req.goal}")
            result = self._get_assistant().campaign(req.goal, n=req.n, rounds=req.rounds, test_top=req.test_top)
        return campaign_json(result)

    def _get_assistant(self) -> Assistant:
        if self._assistant is None:
            from agent.assistant import Assistant

            self._assistant = Assistant(self.settings)
        return self._assistant


# Graph nodes worth a progress message, and what to call them.
_STEPS = {
    "intake": "reading the claim",
    "plan": "planning predictions",
    "agent": "research step",
    "tools": "running tools",
    "stress": "stress test: disconfirming checks",
    "verdict": "weighing the evidence",
    "answer": "writing the answer",
    "propose": "proposing hypotheses",
}


def _step_reporter(report: Report) -> Any:
    """A LangChain callback handler that reports graph steps and tool calls to ``report``."""
    from langchain_core.callbacks import BaseCallbackHandler

    class StepReporter(BaseCallbackHandler):
        def on_chain_start(self, serialized: Any, inputs: Any, **kw: Any) -> None:
            node = (kw.get("metadata") or {}).get("langgraph_node")
            # Only the node's own run: routers and inner runnables carry the same node tag.
            if node in _STEPS and kw.get("name") == node:
                report(_STEPS[node])

        def on_tool_start(self, serialized: Any, input_str: str, **kw: Any) -> None:
            report(f"tool {(serialized or {}).get('name') or kw.get('name') or '?'}")

    return StepReporter()


def build_server(settings: Settings) -> Server:
    """The MCP server: tools/list from the registry, tools/call through :class:`ToolHub`."""
    import anyio.lowlevel
    import anyio.to_thread
    import mcp_types as types
    from mcp.server.lowlevel import Server

    hub = ToolHub(settings)
    tools = [types.Tool(**spec) for spec in hub.specs()]

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=tools)

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        progress = _Progress(ctx.session, anyio.lowlevel.current_token())
        await progress.send(f"{params.name}: started")
        try:
            result = await anyio.to_thread.run_sync(
                hub.call, params.name, dict(params.arguments or {}), progress.from_thread
            )
        except ToolCallFailed as e:
            await progress.send(f"{params.name}: failed", done=True)
            return types.CallToolResult(
                content=[types.TextContent(text=str(e))], structured_content=e.result, is_error=True
            )
        await progress.send(f"{params.name}: done", done=True)
        return types.CallToolResult(
            content=[types.TextContent(text=json.dumps(result))], structured_content=result
        )

    return Server(
        "hypoloop",
        version=__version__,
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )


class _Progress:
    """Progress notifications for one call: a strictly increasing count (the protocol requires
    it), total known only at the end. Best effort: a lost notification never fails the call."""

    def __init__(self, session: Any, token: Any) -> None:
        import anyio

        self.session = session
        self.token = token
        self.count = 0
        # Held across the send so parallel graph branches cannot overtake each other's numbers.
        self.lock = anyio.Lock()

    async def send(self, message: str, done: bool = False) -> None:
        async with self.lock:
            self.count += 1
            n = float(self.count)
            try:
                await self.session.report_progress(n, n if done else None, message)
            except Exception as e:  # a client that went away must not turn a result into an error
                log.debug("progress notification lost: %s", e)

    def from_thread(self, message: str) -> None:
        """Called from worker threads (ours or LangGraph's), hence the explicit loop token."""
        import anyio.from_thread

        try:
            anyio.from_thread.run(self.send, message, token=self.token)
        except Exception as e:  # the event loop has finished (client gone)
            log.debug("progress notification lost: %s", e)


def serve_stdio(settings: Settings) -> None:
    """Serve over stdin/stdout until the client closes the pipe. While serving, the SDK points
    file descriptor 1 at stderr, so engines that print (tblite, CHGNet) cannot corrupt the
    protocol stream."""
    import anyio
    from mcp.server.stdio import stdio_server

    server = build_server(settings)

    async def main() -> None:
        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())

    anyio.run(main)


def serve_http(settings: Settings, port: int, on_ready: Callable[[str], None] | None = None) -> None:
    """Serve streamable HTTP on 127.0.0.1:``port`` (loopback only: the tools write files and
    burn CPU on request, so they are not offered to the network)."""
    import socket

    import anyio
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
        sock.listen(128)  # from here on clients queue, so "ready" below is already true
    except OSError as e:
        sock.close()
        from agent.errors import ConfigError

        raise ConfigError(f"cannot listen on 127.0.0.1:{port}: {e.strerror or e}") from e
    app = build_server(settings).streamable_http_app(host="127.0.0.1")
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    if on_ready is not None:
        on_ready(f"http://127.0.0.1:{sock.getsockname()[1]}/mcp")
    anyio.run(lambda: server.serve(sockets=[sock]))
