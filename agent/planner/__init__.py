"""hypoloop's offline planner: a deterministic, rule-based stand-in for a language model.

It parses the claim kinds it supports, decides which tool calls to make, and judges the tool
results into a verdict with evidence. It never executes tools itself: the graph runs each
`ToolCall` with `tools.get_tool(name).invoke(args)` and hands the outputs back to `judge`.

Public API (called from the graph):
    parse_claim, predictions, plan_calls, judge, tested_as, stress_variants, unsupported_reason,
    propose, rank
and the data objects ToolCall, Judgement, Variant, Proposal, ClaimSpec. Claim kinds live in one
table (agent/language/kinds.py): kind -> spec, plan, judge, predictions, tested-as, entities.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from agent.judges.measured import measured_check
from agent.judges.models import Judgement, Proposal, ToolCall, Variant
from agent.judges.tool_results import inconclusive
from agent.language import kinds
from agent.language.spec_union import ClaimSpec
from agent.planner.parse import literature_claim, parse_claim, unsupported_reason
from agent.planner.propose import propose, rank
from agent.planner.stress import stress_variants

__all__ = [
    "ClaimSpec",
    "Judgement",
    "Proposal",
    "ToolCall",
    "Variant",
    "judge",
    "literature_claim",
    "measured_check",
    "parse_claim",
    "plan_calls",
    "predictions",
    "propose",
    "rank",
    "spec_from_dict",
    "stress_variants",
    "tested_as",
    "unsupported_reason",
]


def _union_specs() -> frozenset[type]:
    from typing import get_args

    return frozenset(get_args(get_args(ClaimSpec)[0]))


_UNION_SPECS = _union_specs()


@cache
def _spec_adapter() -> Any:
    """The built-in specs' union validator, built once: building it takes ~15 ms of pydantic
    schema generation, and the graph restores a spec from state several times per claim (in a
    batch, on the driver's one core shared with the workers)."""
    from pydantic import TypeAdapter

    return TypeAdapter(ClaimSpec)


def spec_from_dict(data: dict[str, Any]) -> ClaimSpec:
    """A spec from its ``model_dump()`` (graph state holds plain data; this restores the model).
    A plug-in kind's spec is restored by its row in the kind table."""
    row = kinds.table().get(str(data.get("kind")))
    if row is not None and (row.source != "built-in" or row.spec not in _UNION_SPECS):
        return row.spec.model_validate(data)  # type: ignore[return-value]
    return _spec_adapter().validate_python(data)  # type: ignore[no-any-return]


def plan_calls(spec: ClaimSpec, *, calculator: str = "auto") -> list[ToolCall]:
    """The tool calls that test `spec` (empty when nothing can be computed, e.g. unknown structure).

    A global default calculator that cannot treat the claim's kind of system (CHGNet for a molecule,
    xTB for a crystal) falls back to 'auto' rather than planning calls that are bound to fail."""
    if calculator == ("chgnet" if kinds.kind_of(spec).molecular else "xtb"):
        calculator = "auto"
    return kinds.plan(spec, calculator)


def judge(
    spec: ClaimSpec, results: dict[str, dict[str, Any]], *, about_tolerance_pct: float = 5.0
) -> Judgement:
    """Judge the claim from `results` (ToolCall.id -> tool output, error results included)."""
    try:
        return kinds.judge(spec, results, about_tolerance_pct)
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as e:
        # Malformed tool output must end in an honest inconclusive verdict, never a crash.
        return inconclusive(f"Cannot judge: a tool result had an unexpected shape ({type(e).__name__}: {e}).")


def predictions(spec: ClaimSpec) -> list[str]:
    """Falsifiable predictions the planned calls check, in words."""
    return kinds.predictions(spec)


def tested_as(spec: ClaimSpec) -> str:
    """What was actually tested, as one canonical sentence."""
    return kinds.tested_as(spec)
