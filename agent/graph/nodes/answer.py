"""Answer node for `ask`: the driver's reply with only verifiable citations."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.graph.state import HypoState, RunContext
from agent.results import Answer, Evidence, ToolRun


def answer(state: HypoState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    question = state["hypothesis"]["claim"]
    runs = [ToolRun.model_validate(r) for r in state.get("tool_runs", [])]
    passages = state.get("passages", {})
    if state.get("budget_hit"):
        text = f"Stopped before an answer: {state['budget_hit']}."
    else:
        text = ctx.driver.answer_text(state, runs, ctx)
    cited = ctx.driver.answer_citations(text, passages)
    evidence = [
        Evidence(
            kind="literature",
            statement=passages[c].get("title") or c,
            supports=None,
            citation=c,
            quote=passages[c].get("text"),
        )
        for c in cited
    ]
    a = Answer(
        question=question, answer=text, evidence=evidence, citations=cited, tool_runs=[r.id for r in runs]
    )
    return {"answers": [a.model_dump()]}
