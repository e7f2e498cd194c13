"""Building the LangGraph graph (never at import time; DESIGN.md style 2).

intake -> [propose] -> Send per hypothesis -> investigate -> done
investigate = plan -> agent <-> tools -> stress -> verdict      (claims)
              plan -> agent <-> tools -> answer                 (questions)
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from langgraph.graph import END, START, StateGraph

from agent.graph.nodes.answer import answer
from agent.graph.nodes.propose import fan_out, intake, propose, route_intake
from agent.graph.nodes.research import agent_step, plan, route_after_agent, tools_node
from agent.graph.nodes.stress import stress
from agent.graph.nodes.verdict import verdict
from agent.graph.state import HypoState, RunContext, RunState

if TYPE_CHECKING:
    from langgraph.checkpoint.base import BaseCheckpointSaver

    from agent.settings import Settings


def build_investigation() -> Any:
    """The per-hypothesis subgraph: research loop, stress test, verdict or answer."""
    g = StateGraph(HypoState, context_schema=RunContext)
    g.add_node("plan", plan)
    g.add_node("agent", agent_step)
    g.add_node("tools", tools_node)
    g.add_node("stress", stress)
    g.add_node("verdict", verdict)
    g.add_node("answer", answer)
    g.add_edge(START, "plan")
    g.add_edge("plan", "agent")
    g.add_conditional_edges("agent", route_after_agent, ["tools", "stress", "verdict", "answer"])
    g.add_edge("tools", "agent")
    g.add_edge("stress", "verdict")
    g.add_edge("verdict", END)
    g.add_edge("answer", END)
    return g.compile()


def build_graph(
    settings: Settings,
    checkpointer: BaseCheckpointSaver[Any] | None = None,
    *,
    context_schema: type[Any] = RunContext,
) -> Any:
    """The whole agent. ``settings`` is accepted for symmetry with the factories; budgets and
    limits are read from the run context at run time so one graph serves many settings.

    ``context_schema`` is what a run's ``context=`` is coerced to: :class:`RunContext` for the
    library; the LangGraph server passes JSON, so agent.graph.langgraph_app supplies a JSON-able
    stand-in with the same attributes."""
    g = StateGraph(RunState, context_schema=context_schema)
    g.add_node("intake", intake)
    g.add_node("propose", propose)
    g.add_node("investigate", build_investigation())
    g.add_node("done", lambda state: {})
    g.add_edge(START, "intake")
    g.add_conditional_edges("intake", route_intake, ["propose", "investigate", "done"])
    g.add_conditional_edges("propose", fan_out, ["investigate", "done"])
    g.add_edge("investigate", "done")
    g.add_edge("done", END)
    return g.compile(checkpointer=checkpointer)


def open_checkpointer(settings: Settings) -> Any:
    """The SQLite checkpointer in HYPOLOOP_HOME, so threads can be resumed by id."""
    from langgraph.checkpoint.sqlite import SqliteSaver

    settings.home.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(settings.home / "checkpoints.sqlite", check_same_thread=False)
    return SqliteSaver(conn)
