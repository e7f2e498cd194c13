"""A campaign run through an Assistant: input checks, the hazard refusal, the stress tests of the
top K through ``Assistant.run("test", ...)``, and the run record (agent/runs/)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.campaign.campaign import run_campaign
from agent.campaign.models import CampaignResult
from agent.results import Verdict

if TYPE_CHECKING:
    from agent.assistant import Assistant
    from agent.runs import RunRecorder


def campaign_run(assistant: Assistant, goal: str, *, n: int, rounds: int, test_top: int,
                 batched: bool = True) -> CampaignResult:  # fmt: skip
    """The goal was checked by ``Assistant.campaign`` (empty, too long, hazardous)."""

    def tester(claim: str) -> tuple[Verdict, int]:
        result = assistant.run("test", claim)
        return result.verdicts[0], len(result.tool_runs)

    recorder = _start(assistant, goal)
    try:
        result = run_campaign(goal.strip(), assistant.settings, model=assistant.model, n=n, rounds=rounds,
                              test_top=test_top, tester=tester, batched=batched)  # fmt: skip
    except BaseException as e:
        if recorder is not None:
            recorder.finish(
                "interrupted" if isinstance(e, KeyboardInterrupt) else "failed", error=str(e)[:300]
            )
        raise
    if recorder is not None:
        result.run_id = recorder.run_id
        from agent.campaign.campaign import as_hypotheses

        hyps = [h.model_dump(mode="json") for h in as_hypotheses(result)]
        verdicts = [c.verdict.model_dump(mode="json") for c in result.ranked() if c.verdict]
        recorder.record_result(
            {"mode": "propose", **result.to_json(), "hypotheses": hyps, "verdicts": verdicts}
        )
        recorder.finish("done")
    return result


def _start(assistant: Assistant, goal: str) -> RunRecorder | None:
    if not assistant.record:
        return None
    import prompts
    from agent.runs import RunRecorder

    return RunRecorder.start(assistant.settings, kind="propose", input=goal, prompts=prompts.template_hashes(),
                             model=assistant.model)  # fmt: skip
