"""Answer node for `ask`: the model's (or planner's) reply with only verifiable citations."""

from __future__ import annotations

import re
from typing import Any

from langchain_core.messages import AIMessage
from langgraph.runtime import Runtime

from agent import planner
from agent.graph.nodes.stress import results_by_call
from agent.graph.state import HypoState, RunContext, spec_of
from agent.results import Answer, Evidence, ToolRun

OFFLINE_PASSAGES = 5  # passages an offline answer shows and cites
_CITE = re.compile(r"\[([^\[\]#\s]+#[^\[\]\s]+)\]")


def answer(state: HypoState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    question = state["hypothesis"]["claim"]
    runs = [ToolRun.model_validate(r) for r in state.get("tool_runs", [])]
    passages = state.get("passages", {})
    if state.get("budget_hit"):
        text = f"Stopped before an answer: {state['budget_hit']}."
    elif ctx.offline:
        text = _offline_text(state, runs, ctx)
    else:
        last = state["messages"][-1]
        text = (
            last.content
            if isinstance(last, AIMessage) and isinstance(last.content, str)
            else str(last.content)
        )
    cited = [c for c in dict.fromkeys(_CITE.findall(text)) if c in passages and not passages[c].get("flags")]
    if ctx.offline:
        cited = [c for c, p in passages.items() if not p.get("flags")][:OFFLINE_PASSAGES]
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


def _offline_text(state: HypoState, runs: list[ToolRun], ctx: RunContext) -> str:
    spec = spec_of(state)
    # A question the planner can test as a claim gets the verdict; anything else (including
    # literature questions, which are not claims to judge) gets the retrieved passages.
    if spec is not None and spec.kind != "literature":
        j = planner.judge(
            spec, results_by_call(state, runs), about_tolerance_pct=ctx.settings.agent.about_tolerance_pct
        )
        # A question phrased as a claim ("Is water linear?") gets a yes/no, not a verdict label.
        word = {"supported": "Yes", "refuted": "No"}.get(j.verdict, "Cannot tell")
        return f"{word} (confidence {j.confidence:.2f}). {j.summary}"
    passages = [p for p in state.get("passages", {}).values() if not p.get("flags")]
    errors = [r.error for r in runs if r.error]
    if not passages:
        why = f" ({errors[0]})" if errors else ""
        return f"Offline mode cannot answer this question from tools, and the literature index returned nothing{why}."
    lines = [
        "Offline mode: no language model is configured, so here are the most relevant passages from your literature index:"
    ]
    for p in passages[:OFFLINE_PASSAGES]:
        snippet = " ".join(str(p.get("text", "")).split())[:300]
        lines.append(f"- [{p['citation']}] {p.get('title', '')}: {snippet}")
    return "\n".join(lines)
