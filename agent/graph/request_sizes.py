"""The size of a typical model-path claim's first requests, as `hypoloop doctor` reports them
beside the server's context: the reading request (every offered claim kind's spec schema, the
largest fixed request hypoloop sends) and the first research request of a property comparison.
Sizes are agent/llm/context.py estimates, of the requests exactly as the model gate would send
them (compact schemas, the claim's tools only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.settings import Settings

SAMPLE_CLAIM = "Aluminium is denser than gold."


def first_request_tokens(settings: Settings, claim: str = SAMPLE_CLAIM) -> dict[str, int]:
    """Estimated prompt tokens of the reading request and the first research request for ``claim``."""
    from langchain_core.messages import HumanMessage, SystemMessage

    import prompts
    from agent import planner
    from agent.graph.formalize import kinds_text, offered_kinds
    from agent.graph.schemas import claim_spec_tool
    from agent.graph.toolset import LITERATURE_TOOL, bound_tool
    from agent.llm.context import estimate_tokens
    from agent.llm.fit import compact_tool

    system = SystemMessage(prompts.render("system", extra=""))
    rows = offered_kinds()
    reading = [system, HumanMessage(prompts.render("formalize", claim=claim, kinds=kinds_text(rows)))]
    spec = planner.parse_claim(claim)
    calls = planner.plan_calls(spec, calculator=settings.simulation.default_calculator) if spec else []
    names = dict.fromkeys([*(c.name for c in calls), LITERATURE_TOOL])
    tools: list[Any] = [compact_tool(bound_tool(n, settings)) for n in names]
    preds = "\n".join(f"- {p}" for p in (planner.predictions(spec) if spec else []))
    research = [system, HumanMessage(prompts.render("research", claim=claim, predictions=preds))]
    return {
        "reading": estimate_tokens(reading, [compact_tool(claim_spec_tool([r.spec for r in rows]))]),
        "research": estimate_tokens(research, tools),
    }
