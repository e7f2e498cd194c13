"""Scripted replies to the model path's first request: formalizing the claim into a typed spec
(agent/graph/formalize.py). Every model-path ``test`` run starts with one; add it to a
tests/fake_openai.py script before the research turns."""

from __future__ import annotations

from typing import Any

from fake_openai import Reply

TOOL = "submit_claim_spec"


def formalized(spec: dict[str, Any] | None, reason: str | None = None) -> Reply:
    """The model formalizes the claim as ``spec`` (a spec dict without ``text``), or, with None,
    says no known kind fits for ``reason``."""
    return Reply.calls([(TOOL, {"spec": spec, "no_fit_reason": None if spec else reason})])


def no_fit(reason: str = "the claim is not one of the known kinds") -> Reply:
    """The model finds no known kind: the parser's reading (if any) is used."""
    return formalized(None, reason)


def as_parsed(claim: str) -> dict[str, Any]:
    """The offline parser's spec of ``claim`` as the model would send it (a model that agrees)."""
    from agent import planner

    spec = planner.parse_claim(claim)
    assert spec is not None, claim
    return _without(spec.model_dump(mode="json"), ("text", "precision_pct"))


def _without(data: Any, keys: tuple[str, ...]) -> Any:
    if isinstance(data, list):
        return [_without(x, keys) for x in data]
    if isinstance(data, dict):
        return {k: _without(v, keys) for k, v in data.items() if k not in keys}
    return data
