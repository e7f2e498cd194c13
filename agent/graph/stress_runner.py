"""Running the extra tool calls of a stress test, numbered after the hypothesis' research calls.

Shared by the stress node (its literature check) and both drivers (their own checks), so every
stress call lands in the ledger with an id that continues the hypothesis' numbering."""

from __future__ import annotations

from typing import Any

from agent.graph.state import HypoState, RunContext
from agent.graph.tool_calls import execute
from agent.results import ToolRun


class StressRunner:
    """Runs stress calls with ledger ids continuing the hypothesis' numbering."""

    def __init__(self, state: HypoState, ctx: RunContext) -> None:
        self.ctx = ctx
        self.hid = state["hypothesis"]["id"]
        self.n = len(state.get("tool_runs", []))
        self.runs: list[ToolRun] = []

    def run(self, name: str, args: dict[str, Any]) -> ToolRun:
        self.n += 1
        run = execute(self.ctx, f"{self.hid}-t{self.n}", name, args, purpose="stress_test")
        self.runs.append(run)
        return run
