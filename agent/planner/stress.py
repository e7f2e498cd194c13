"""Ways to try to break a verdict: a second calculator and a sensitivity check on the settings.

The sensitivity variant of each call is the one its tool declares (``HypoloopTool.finer``), the
same definition the model path's re-checks use. Variant call ids are prefixed ('v1-c1'), so they
are unique within a hypothesis while `judge` still finds each result by the id of the call it
repeats.
"""

from __future__ import annotations

from typing import Any

from agent.judges.compound import merge_variants, part_results
from agent.judges.methods import independent_crystal, independent_molecular, weaker
from agent.judges.models import ToolCall, Variant
from agent.language.spec_union import CompoundClaim
from agent.language.specs import LiteratureClaim, RefusedClaim


def _prefixed(prefix: str, calls: list[ToolCall]) -> list[ToolCall]:
    return [c.model_copy(update={"id": f"{prefix}-{c.id}"}) for c in calls]


def _used_calculator(results: dict[str, dict[str, Any]]) -> str:
    for out in results.values():
        if isinstance(out, dict) and out.get("calculator"):
            return str(out["calculator"])
    return "chgnet"


def second_calculator(spec: Any, results: dict[str, dict[str, Any]]) -> str | None:
    """The next calculator in the measured ranking for the claim (agent/judges/methods.py): SevenNet
    for CHGNet and back wherever both apply, EMT where it covers the metals, GFN2-xTB for DFT (and
    back) on molecules; None where only one calculator applies."""
    used = _used_calculator(results)
    return independent_crystal(spec, used) or independent_molecular(spec, used)


def _plan(spec: Any, calculator: str) -> list[ToolCall]:
    from agent.language.kinds import plan

    # Variants repeat the simulations; the user's measurements do not change with the settings.
    return [c for c in plan(spec, calculator) if c.name != "data_query"]


def stress_variants(spec: Any, results: dict[str, dict[str, Any]]) -> list[Variant]:
    """Variants of the main check that could overturn its verdict."""
    if isinstance(spec, LiteratureClaim | RefusedClaim):
        return []
    if isinstance(spec, CompoundClaim):
        per_part = [
            (
                _plan(p, _used_calculator(part_results(i, results))),
                stress_variants(p, part_results(i, results)),
            )
            for i, p in enumerate(spec.parts, 1)
        ]
        return merge_variants(per_part)
    used = _used_calculator(results)
    variants: list[Variant] = []
    other = second_calculator(spec, results)
    if other is not None and not _plans_every_calculator(spec):
        calls = _plan(spec, other)
        if calls:
            variants.append(Variant(
                name="second_calculator",
                description=f"repeat the check with {other} instead of {used}",
                calls=_prefixed("v1", calls),
                weaker=weaker(spec, used, other),
            ))  # fmt: skip
    sensitivity = _sensitivity(spec, used)
    if sensitivity is not None:
        variants.append(sensitivity)
    return variants


def _plans_every_calculator(spec: Any) -> bool:
    """Kinds whose main check already runs every able calculator (or reference data) have no
    second-calculator variant: it would repeat the same runs and count them twice."""
    from agent.language.kinds import kind_of

    return bool(kind_of(spec).extras.get("plans_every_calculator"))


def _sensitivity(spec: Any, used: str) -> Variant | None:
    """The main calls with the finer settings each tool declares; None when no call has one."""
    from tools import get_tool

    calls: list[ToolCall] = []
    changes: list[str] = []
    for call in _plan(spec, used):
        finer = getattr(get_tool(call.name), "finer", None)
        varied = finer(dict(call.args)) if callable(finer) else None
        if varied is None:
            calls.append(call)
            continue
        calls.append(call.model_copy(update={"args": varied[0]}))
        changes.append(varied[1])
    if not changes:
        return None
    description = "; ".join(dict.fromkeys(changes))
    return Variant(name="sensitivity", description=description, calls=_prefixed("v2", calls))
