"""Attribute views of stored (JSON) results, so renderers read a run record's dicts the way they
read live result objects, without importing the result types (which import the renderers for
``_repr_html_``: importing them here would close an import cycle)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

_VERDICT: dict[str, Any] = {"hypothesis_id": "h1", "tolerance": None, "evidence": [], "citations": [], "tool_runs": [],
            "stress_tests": [], "open_questions": [], "summary": "", "confidence": 0.0}  # fmt: skip
_EVIDENCE: dict[str, Any] = {"supports": None, "tool_run_id": None, "citation": None, "quote": None, "value": None, "unit": None}
_RUN: dict[str, Any] = {"args": {}, "output": None, "error": None, "wall_s": 0.0, "started_at": "", "purpose": "research"}


def _ns(data: dict[str, Any], defaults: dict[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(**{**defaults, **data})


def evidence_view(d: dict[str, Any]) -> SimpleNamespace:
    return _ns(d, _EVIDENCE)


def verdict_view(d: dict[str, Any]) -> SimpleNamespace:
    v = _ns(d, _VERDICT)
    v.evidence = [evidence_view(e) for e in v.evidence]
    v.stress_tests = [_ns(c, {"detail": "", "tool_run_ids": []}) for c in v.stress_tests]
    return v


def answer_view(d: dict[str, Any]) -> SimpleNamespace:
    a = _ns(d, {"evidence": [], "citations": [], "tool_runs": []})
    a.evidence = [evidence_view(e) for e in a.evidence]
    return a


def tool_run_view(d: dict[str, Any]) -> SimpleNamespace:
    return _ns({k: v for k, v in d.items() if k not in ("seq", "recorded_at")}, _RUN)


def result_view(d: dict[str, Any]) -> SimpleNamespace:
    """A RunResult dump (a run's result.json) as attributes."""
    return SimpleNamespace(
        run_id=d.get("run_id", ""),
        mode=d.get("mode", ""),
        notes=list(d.get("notes") or []),
        hypotheses=[_ns(h, {"rationale": "", "score": None, "score_basis": None}) for h in d.get("hypotheses") or []],
        verdicts=[verdict_view(v) for v in d.get("verdicts") or []],
        answers=[answer_view(a) for a in d.get("answers") or []],
        tool_runs=[tool_run_view(r) for r in d.get("tool_runs") or []],
    )
