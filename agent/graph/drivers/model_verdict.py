"""The model's verdict, weighed against the rule-based cross-check as structured fields.

- The cross-check's label differs from the model's decided label -> inconclusive, both shown.
- The cross-check found the claim too close to call within the calculator's measured error ->
  held at WITHIN_ERROR_CAP, whatever the model said.
- The two agree -> the confidence is at most what the rule-based path reaches on its own with
  the same stress checks: the model adds evidence and coverage, never confidence beyond
  calibration.
- The model fails (no usable verdict, a transport error, no time left) or calls the claim
  inconclusive where the cross-check decided it -> the rule-based verdict, labelled as decided
  without the model (agent/graph/drivers/fallback.py): a failing model never turns a verdict the
  deterministic check supports into "inconclusive 0.0".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain_core.messages import AIMessage, HumanMessage
from pydantic import ValidationError

import prompts
from agent.errors import ModelError
from agent.graph.drivers.fallback import CROSS_CHECK, rule_based_verdict, without_model
from agent.graph.schemas import submit_verdict
from agent.graph.state import HypoState, RunContext
from agent.graph.stress_effects import WITHIN_ERROR_CAP, apply_stress, orient_literature
from agent.graph.verdict_assembly import finish, verified_evidence
from agent.llm import is_setup_error
from agent.results import ModelUsage, RequestUsage, StressCheck, ToolRun, Verdict, VerdictLabel

if TYPE_CHECKING:
    from agent.graph.model_gate import ModelGate


def model_verdict(
    gate: ModelGate, state: HypoState, runs: list[ToolRun], checks: list[StressCheck], ctx: RunContext
) -> Verdict:
    """The verdict on the model path (see the module docstring); its usage holds the verdict request."""
    why = without_model(state)
    if why:
        return rule_based_verdict(state, runs, checks, ctx, why)
    hyp = state["hypothesis"]
    passages = state.get("passages", {})
    tolerance = (
        f"±{ctx.settings.agent.about_tolerance_pct:g} % for 'about', widened by the calculator's known error"
    )
    ask = prompts.render(
        "verdict",
        claim=hyp["claim"],
        tolerance=tolerance,
        tool_run_ids=", ".join(r.id for r in runs if not r.error) or "none",
        citations=", ".join(passages) or "none",
    )
    requests: list[dict[str, Any]] = []
    try:
        msg, req = gate.call(
            "verdict", [*state["messages"], HumanMessage(ask)], [submit_verdict],
            tool_choice="submit_verdict", started_at=state.get("started_at"),
        )  # fmt: skip
        requests.append(req)
        _count(req, ctx)
        draft = _parse_draft(msg)
    except ModelError as e:
        if is_setup_error(e):
            raise
        return _with_usage(rule_based_verdict(state, runs, checks, ctx, short(e)), requests)
    except (ValidationError, ValueError) as e:
        why = f"the model did not return a usable verdict: {short(e)}"
        return _with_usage(rule_based_verdict(state, runs, checks, ctx, why), requests)
    reading = state.get("reading") or {}
    cross = next((c for c in checks if c.name == CROSS_CHECK), None)
    if draft.verdict == "inconclusive" and _decided(cross) and not reading.get("inconclusive"):
        why = f"the model called the claim inconclusive where the rule-based check decided it {cross.verdict}"  # type: ignore[union-attr]
        return _with_usage(rule_based_verdict(state, runs, checks, ctx, why), requests)
    v = _weighed(draft, state, runs, checks, reading, tolerance)
    return _with_usage(v, requests)


def _weighed(
    draft: submit_verdict,
    state: HypoState,
    runs: list[ToolRun],
    checks: list[StressCheck],
    reading: dict[str, Any],
    tolerance: str,
) -> Verdict:
    hyp = state["hypothesis"]
    evidence, dropped = verified_evidence(draft.evidence, runs, state.get("passages", {}))
    said = max(0.0, min(1.0, draft.confidence))
    checks = orient_literature(_against_model(checks, draft.verdict, said), draft.verdict)
    if reading.get("check"):  # shown with the verdict whether or not stress tests ran
        checks = [*checks, StressCheck.model_validate(reading["check"])]
    label, conf, notes = apply_stress(draft.verdict, said, checks)
    label, conf, notes = _held_by_reading(label, conf, notes, reading)
    cross = next((c for c in checks if c.name == CROSS_CHECK), None)
    label, conf, notes = _held_by_calibration(label, conf, notes, cross, checks)
    summary = _summary(draft, label, notes, cross)
    return finish(
        hyp, label, conf, summary, tolerance, evidence, runs, checks,
        [*draft.open_questions, *dropped, *notes], state,
    )  # fmt: skip


def _decided(check: StressCheck | None) -> bool:
    return check is not None and check.verdict in ("supported", "refuted")


def _held_by_calibration(
    label: VerdictLabel, conf: float, notes: list[str], cross: StressCheck | None, checks: list[StressCheck]
) -> tuple[VerdictLabel, float, list[str]]:
    """A verdict the cross-check agrees with is held at the confidence the rule-based path reaches
    with the same stress checks (its calibrated confidence, moved by the same checks)."""
    if cross is None or cross.verdict != label or cross.confidence is None:
        return label, conf, notes
    others = [c for c in checks if c.name != CROSS_CHECK]
    _, ceiling, _ = apply_stress(label, cross.confidence, others)
    if conf <= ceiling:
        return label, conf, notes
    why = f"the confidence is held at {ceiling:g}, what the calculators' measured errors allow"
    return label, ceiling, [*notes, why]


def _with_usage(v: Verdict, requests: list[dict[str, Any]]) -> Verdict:
    return v.model_copy(update={"usage": ModelUsage.of([RequestUsage.model_validate(r) for r in requests])})


def _count(req: dict[str, Any], ctx: RunContext) -> None:
    from agent.graph.model_gate import usage_totals

    if ctx.recorder is not None:
        ctx.recorder.add_usage(usage_totals([req]))


def short(e: Exception) -> str:
    return str(e).splitlines()[0][:200]


def _held_by_reading(
    label: VerdictLabel, conf: float, notes: list[str], reading: dict[str, Any]
) -> tuple[VerdictLabel, float, list[str]]:
    """Readings that disagree (or a claim no typed reading represents whole) leave nothing that
    checks the model's verdict independently: it becomes inconclusive. A reading only the model
    made, of a claim the parser refused, keeps the verdict modest."""
    if label == "inconclusive":
        return label, conf, notes
    if reading.get("inconclusive"):
        why = (
            "the claim was not read into one typed spec both readers agree on, so the verdict is inconclusive"
        )
        return "inconclusive", min(conf, 0.5), [*notes, why]
    cap = reading.get("max_confidence")
    if cap is not None and conf > cap:
        why = f"only the language model read the claim as a known kind, so the confidence is held at {cap:g}"
        return label, float(cap), [*notes, why]
    return label, conf, notes


def _parse_draft(msg: AIMessage) -> submit_verdict:
    calls = [c for c in msg.tool_calls if c["name"] == "submit_verdict"]
    if not calls:
        raise ValueError("no submit_verdict call in the reply")
    return submit_verdict.model_validate(calls[0]["args"])


def _against_model(checks: list[StressCheck], label: VerdictLabel, confidence: float) -> list[StressCheck]:
    """The cross-check's label against the model's, both structured fields: the same label
    agrees; a different decided label disagrees, which apply_stress turns into an inconclusive
    verdict. Its entry then shows both labels. Undecided and could-not-run outcomes keep theirs."""
    out = []
    for c in checks:
        if c.name == CROSS_CHECK and c.verdict in ("supported", "refuted"):
            c = c.model_copy(
                update={
                    "outcome": "agrees" if c.verdict == label else "disagrees",
                    "detail": f"model verdict: {label} (confidence {confidence:.2f}); {c.detail}",
                }
            )
        out.append(c)
    return out


def _summary(draft: submit_verdict, label: VerdictLabel, notes: list[str], cross: StressCheck | None) -> str:
    """The model's summary, and why the verdict differs from its draft or what backs it."""
    if cross is not None and cross.outcome == "disagrees" and label != draft.verdict:
        return (
            f"{draft.summary} However, the independent rule-based check judged the claim {cross.verdict} "
            f"where the language model judged it {draft.verdict}, so the verdict is inconclusive."
        )
    if label != draft.verdict:
        return f"{draft.summary} However, {notes[-1]}."
    if cross is not None and cross.outcome == "undecided" and label != "inconclusive":
        return (
            f"{draft.summary} The independent rule-based check computed the claim and found it too close to "
            f"call within the calculator's measured error, so the confidence is held at or below "
            f"{WITHIN_ERROR_CAP:g}."
        )
    if cross is None:
        why = "No independent check ran (stress tests are off)"
    elif cross.outcome == "failed":
        why = "No independent check ran (the rule-based cross-check's tool call failed)"
    elif cross.outcome == "not_applicable" and not cross.tool_run_ids:
        why = (
            "No independent check ran (no typed reading of the claim that the rule-based planner can compute)"
        )
    elif cross.outcome == "not_applicable":
        why = "The independent rule-based check ran but could not judge the claim"
    else:
        return draft.summary
    return f"{draft.summary} {why}: the verdict rests on the language model alone."
