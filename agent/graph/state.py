"""Graph state and run context.

State holds plain JSON-able data (dicts, messages) so checkpoints serialise without custom
types; domain objects are validated at the edges (agent.results). Live objects (chat model, tools,
run recorder) travel in the LangGraph runtime context, never in the checkpointed state.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, Protocol

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages
from typing_extensions import TypedDict

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.tools import BaseTool

    from agent.graph.driver import Driver
    from agent.settings import Settings

Mode = Literal["ask", "test", "propose"]
# The response_metadata key on a research turn a driver took without its model, with the reason
# (agent/graph/drivers/fallback.py); the research node keeps it in ``HypoState.without_model``.
WITHOUT_MODEL = "hypoloop_without_model"


class ToolExecutor(Protocol):
    """Runs some tool calls somewhere else (a Dask worker) with only JSON crossing over.

    ``remote(name)`` says whether this executor runs tool ``name``; the others run in the
    calling process. ``invoke`` returns the tool's JSON output; it raises
    :class:`agent.errors.WorkerLost` when the process running the call died."""

    def remote(self, name: str) -> bool: ...

    def invoke(self, name: str, args: dict[str, Any]) -> Any: ...


class RunState(TypedDict, total=False):
    """The top-level graph: one request, possibly several hypotheses."""

    mode: Mode
    input: str
    n: int
    test_proposals: bool
    hypotheses: list[dict[str, Any]]  # agent.results.Hypothesis dumps
    verdicts: Annotated[list[dict[str, Any]], operator.add]  # agent.results.Verdict dumps
    answers: Annotated[list[dict[str, Any]], operator.add]  # agent.results.Answer dumps
    tool_runs: Annotated[list[dict[str, Any]], operator.add]  # agent.results.ToolRun dumps
    notes: Annotated[list[str], operator.add]


class HypoState(TypedDict, total=False):
    """One hypothesis being investigated (the payload of a LangGraph ``Send``).

    Keys shared with RunState must have reducers: parallel investigations all write them back."""

    task: Mode  # not "mode": the parent's plain "mode" key cannot take one write per branch
    hypothesis: dict[str, Any]
    spec: dict[str, Any] | None  # the claim as a typed spec (driver.formalize), if a known kind fits
    reading: dict[str, Any] | None  # how the spec was read, model vs parser (agent/graph/readings.py)
    messages: Annotated[list[AnyMessage], add_messages]
    steps: int
    tokens: int
    tool_wall_s: float
    budget_hit: str | None
    call_runs: dict[str, str]  # tool_call id -> ledger run id
    passages: Annotated[dict[str, dict[str, Any]], operator.or_]  # citation -> passage, retrieved this run
    tool_runs: Annotated[list[dict[str, Any]], operator.add]
    stress: list[dict[str, Any]]  # agent.results.StressCheck dumps
    started_at: float  # time.time() when the claim's investigation began (llm.claim_wall_s)
    without_model: str | None  # on the model path: why the rule-based path decides this claim
    model_requests: Annotated[list[dict[str, Any]], operator.add]  # agent.results.RequestUsage dumps
    verdicts: Annotated[list[dict[str, Any]], operator.add]
    answers: Annotated[list[dict[str, Any]], operator.add]


@dataclass
class RunContext:
    """Live objects for one run, handed to every node by the LangGraph runtime.

    ``driver`` makes every decision that differs between a chat model and the offline planner
    (agent/graph/driver.py); the caller builds it with ``agent.graph.drivers.driver_for(model)``,
    so nodes never ask which of the two runs."""

    settings: Settings
    model: BaseChatModel | None  # None: the offline planner drives the graph (for reports; nodes use driver)
    tools: dict[str, BaseTool]
    driver: Driver
    recorder: Any = None  # agent.runs.RunRecorder, or None when not recording
    executor: ToolExecutor | None = None  # None: every tool runs in this process


def spec_of(state: HypoState) -> Any:
    """The claim's typed spec (an agent.planner claim spec), or None if no known kind fits."""
    data = state.get("spec")
    if data is None:
        return None
    from agent.planner import spec_from_dict

    return spec_from_dict(data)
