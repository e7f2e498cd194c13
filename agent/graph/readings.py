"""Two independent readings of a claim, the language model's and the offline parser's, weighed
into the one spec the deterministic checks run and the "Tested as" line that says whose it is.

- Both read it the same way (same kind, entities, relation, value, negation...): the parser's
  spec is used (it carries its own defaults, such as the precision implied by the digits).
- Both read it, differently: the parser's spec is still what the deterministic check computes,
  both readings are shown, and the verdict can be no more than inconclusive.
- Only the model read it: its spec is used, and "Tested as" says it is the model's reading. No
  second reader confirms it (the claim grammar could not derive the sentence, or found it about
  nothing the tools compute), so the verdict stays modest (``MODEL_ONLY_CAP``), and when the
  parser refused the claim its reasons are shown.
- Only the parser read it (the model found no kind, or its reply was unusable): the parser's
  spec is used and the model's reason is recorded. A claim the parser refused (words no spec
  holds) and the model did not read leaves the model's verdict unchecked: inconclusive.

The outcome travels in graph state as a plain dict (``reading``): the spec dumps, the source,
the "Tested as" line, a ``claim_reading`` stress check that shows it with the verdict, and the
cap the verdict is held to.
"""

from __future__ import annotations

import math
from typing import Any

from agent.graph.formalize import ModelReading
from agent.results import StressCheck

# A verdict that rests on the model's reading alone, of a claim the parser refused, stays below
# the confidence the project treats as decided (0.7): nothing independent confirms the reading.
MODEL_ONLY_CAP = 0.65
_IGNORED = frozenset({"text", "precision_pct", "read_notes"})
_REL_TOL = 1e-4  # unit conversions (nm -> Å, Mbar -> GPa) leave float noise, not a new value
CHECK = "claim_reading"
_DESCRIPTION = "the language model and the offline parser each read the claim into a typed spec"


def same_meaning(a: Any, b: Any) -> bool:
    """Whether two specs say the same thing: equal up to the claim text, the parser's precision
    estimate and values one side only assumed (a field ``F`` with ``F_assumed`` true was filled
    in by default, so the other side agrees by naming nothing, the same, or a subset of a list)."""
    return _same(a.model_dump(mode="json"), b.model_dump(mode="json"))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        keys = (set(a) | set(b)) - _IGNORED
        for k in keys:
            if k.endswith("_assumed"):
                continue
            if a.get(f"{k}_assumed") and _fills(b.get(k), a.get(k)):
                continue
            if b.get(f"{k}_assumed") and _fills(a.get(k), b.get(k)):
                continue
            if not _same(a.get(k), b.get(k)):
                return False
        return True
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and _subset(a, b)
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=_REL_TOL, abs_tol=1e-9)
    return bool(a == b)


def _subset(small: list[Any], big: list[Any]) -> bool:
    """Every item of ``small`` matches a distinct item of ``big`` (order does not matter)."""
    free = list(big)
    for x in small:
        hit = next((i for i, y in enumerate(free) if _same(x, y)), None)
        if hit is None:
            return False
        free.pop(hit)
    return True


def _fills(other: Any, assumed: Any) -> bool:
    if other is None or other == []:
        return True
    if isinstance(other, list) and isinstance(assumed, list):
        return _subset(other, assumed)
    return _same(other, assumed)


def reconcile(claim: str, parsed: Any, model: ModelReading) -> tuple[Any, dict[str, Any]]:
    """The spec the deterministic checks use, and the reading record (see the module docstring)."""
    from agent import planner

    if model.spec is None:
        why = (
            "the model's reply was not a usable spec: "
            if model.invalid
            else "the model found no known kind fits: "
        )
        return parsed, _parser_only(parsed, model, why + model.reason)
    if _is_reading(parsed):
        if same_meaning(model.spec, parsed):
            return parsed, _record(
                "agreed", parsed, model, "both read the claim the same way", outcome="agrees"
            )
        tested = (
            f"{planner.tested_as(parsed)} [the offline parser's reading, which the deterministic check "
            f"computed; the language model read the claim differently: {planner.tested_as(model.spec)}]"
        )
        detail = (
            f"the readings differ. Parser: {planner.tested_as(parsed)} Model: {planner.tested_as(model.spec)}"
        )
        return parsed, _record(
            "differ", parsed, model, detail, outcome="disagrees", tested_as=tested, inconclusive=True
        )
    return _model_only(claim, parsed, model)


def _parser_only(parsed: Any, model: ModelReading, detail: str) -> dict[str, Any]:
    if getattr(parsed, "kind", None) == "refused":  # words no typed spec holds: nothing can check the verdict
        detail = f"{detail}; the offline parser refused it: " + "; ".join(parsed.reasons)
        return _record("parser", parsed, model, detail, outcome="disagrees", inconclusive=True)
    return _record("parser", parsed, model, detail)


def _model_only(claim: str, parsed: Any, model: ModelReading) -> tuple[Any, dict[str, Any]]:
    from agent import planner

    parser_said = _parser_said(parsed)
    tested = (
        f"{planner.tested_as(model.spec)} [the language model's reading; the offline parser {parser_said}]"
    )
    detail = f"only the model read the claim as a known kind; the offline parser {parser_said}"
    return model.spec, _record("model", parsed, model, detail, tested_as=tested, max_confidence=MODEL_ONLY_CAP)


def _is_reading(spec: Any) -> bool:
    """A spec the parser read the claim into (not a refusal, not the literature fallback)."""
    return spec is not None and getattr(spec, "kind", None) not in ("refused", "literature")


def _parser_said(parsed: Any) -> str:
    kind = getattr(parsed, "kind", None)
    if kind == "refused":
        return "refused it: " + "; ".join(parsed.reasons)
    if kind == "literature":
        return "found no simulation kind for it (" + (parsed.why_not_simulated or "no reason given") + ")"
    return "could not read it as a known kind"


def _record(
    source: str,
    parsed: Any,
    model: ModelReading,
    detail: str,
    *,
    outcome: str = "not_applicable",
    tested_as: str | None = None,
    inconclusive: bool = False,
    max_confidence: float | None = None,
) -> dict[str, Any]:
    """The reading as plain data: ``tested_as`` None means the spec's own sentence; a verdict is
    made inconclusive when ``inconclusive``, and held at ``max_confidence`` otherwise."""
    check = StressCheck(name=CHECK, description=_DESCRIPTION, outcome=outcome, detail=detail)  # type: ignore[arg-type]
    return {
        "source": source,
        "tested_as": tested_as,
        "inconclusive": inconclusive,
        "max_confidence": max_confidence,
        "check": check.model_dump(),
        "model_spec": model.spec.model_dump(mode="json") if model.spec is not None else None,
        "model_note": model.reason or None,
        "parser_spec": parsed.model_dump(mode="json") if parsed is not None else None,
    }
