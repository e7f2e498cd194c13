"""The decision seam: every step where the offline planner and a language model decide
differently, behind one protocol, so graph nodes never ask which of the two drives the run.

Implementations: agent/graph/drivers/offline.py (the rule-based planner) and
agent/graph/drivers/model.py (a chat model); ``agent.graph.drivers.driver_for(model)`` picks
one and the caller puts it in the run context (``RunContext.driver``). What both paths share
(budgets, tool execution, the literature check, stress effects, verdict assembly) stays in the
nodes and the small graph modules they call.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from langchain_core.messages import AIMessage, AnyMessage

    from agent.graph.formalize import Formalized
    from agent.graph.state import HypoState, Mode, RunContext
    from agent.graph.stress_runner import StressRunner
    from agent.results import StressCheck, ToolRun, Verdict


@runtime_checkable
class Driver(Protocol):
    """Who decides: formalizes the claim, takes research turns, checks and judges, answers, proposes."""

    def formalize(self, claim: str, task: Mode) -> Formalized:
        """The claim as a typed spec (an agent.planner claim spec; None if no known kind fits), with
        the token usage of any model call and how the spec was read (agent/graph/formalize.py)."""
        ...

    def research_turn(self, state: HypoState, ctx: RunContext) -> tuple[AIMessage, Mapping[str, Any] | None]:
        """The next turn of the research loop: a message whose tool calls run next (none ends the
        research), and the turn's token usage (None when no model was called)."""
        ...

    def stress_checks(
        self, state: HypoState, research: list[ToolRun], runner: StressRunner, ctx: RunContext
    ) -> list[StressCheck]:
        """The driver's own attempts to break the research's conclusion (the literature check,
        common to both, is run by the stress node)."""
        ...

    def stress_review(self, checks: list[StressCheck]) -> list[AnyMessage]:
        """Messages that put the stress outcomes before the driver ahead of its verdict."""
        ...

    def verdict(
        self, state: HypoState, runs: list[ToolRun], checks: list[StressCheck], ctx: RunContext
    ) -> Verdict:
        """The verdict on the claim, with the stress outcomes applied (tested_as is set by the node)."""
        ...

    def untested_as(self, why: str) -> str:
        """The "Tested as" line of a claim with no typed spec, ``why`` being the planner's reason."""
        ...

    def answer_text(self, state: HypoState, runs: list[ToolRun], ctx: RunContext) -> str:
        """The reply to a question (``ask``)."""
        ...

    def answer_citations(self, text: str, passages: dict[str, dict[str, Any]]) -> list[str]:
        """The retrieved passages the answer cites (citations), flagged passages never included."""
        ...

    def propose(self, goal: str, n: int, ctx: RunContext) -> dict[str, Any]:
        """Up to ``n`` hypotheses for a goal, as a RunState update (hypotheses, notes, tool_runs)."""
        ...
