"""The tools a model is given for one claim: those its kind plans, and the literature tool.

Binding all 25 tools costs ~18k prompt tokens, more than a local server's 8k context; a claim
needs the two or three its kind's plan uses (the kind table, agent/language/kinds.py, plans
them from the claim's typed spec); a computation question gets the tools its compiled plan uses. A claim
no kind plans a computation for is offered every tool, the literature tool first among those
kept: the model may still find a way to test it, and the model gate (graph/model_gate.py) leaves
tools out until the request fits the server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agent import planner
from agent.graph.state import HypoState, spec_of
from agent.graph.toolset import LITERATURE_TOOL

if TYPE_CHECKING:
    from agent.graph.state import RunContext


def claim_tool_names(state: HypoState, calculator: str) -> set[str] | None:
    """The tools the claim's kind plans, and the literature tool; None (every tool) when no
    kind plans a computation for it."""
    names = {LITERATURE_TOOL}
    spec = spec_of(state)
    planned = planner.plan_calls(spec, calculator=calculator) if spec is not None else []
    names |= {c.name for c in planned}
    if state.get("task") == "ask":
        from agent.graph.drivers.offline import compiled_question
        from agent.questions import compile as questions

        question = compiled_question(state)
        if isinstance(question, questions.QuestionSpec):
            names |= {c.name for c in questions.plan_question(question, calculator=calculator)}
    return names if planned or len(names) > 1 else None


def claim_tools(state: HypoState, ctx: RunContext) -> list[Any]:
    """The run's bound tools this claim's model turns may call, in the registry's order."""
    names = claim_tool_names(state, ctx.settings.simulation.default_calculator)
    return [tool for name, tool in ctx.tools.items() if names is None or name in names]
