"""Domain objects the agent produces: hypotheses, evidence, stress checks and verdicts.

They serialize and do not compute (DESIGN.md style 7); each has a JSON round-trip test.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

VerdictLabel = Literal["supported", "refuted", "inconclusive"]
EvidenceKind = Literal["simulation", "literature", "data"]  # data: a row of the user's collection
# undecided: the check ran and computed the claim, but the difference lies within the
# calculator's measured error (too close to call); not_applicable: it does not apply or did not run.
CheckOutcome = Literal["agrees", "disagrees", "undecided", "not_applicable", "failed"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Hypothesis(_Data):
    """A claim worth testing, with why it is plausible and what would falsify it."""

    id: str = Field("h1", description="Identifier, unique within a run or batch.")
    claim: str = Field(description="The claim in one sentence.")
    rationale: str = Field("", description="Why the claim is plausible.")
    predictions: list[str] = Field(
        default_factory=list, description="Falsifiable predictions that a tool or a paper can check."
    )
    score: float | None = Field(None, description="Plausibility or ranking criterion, when proposed.")
    score_basis: str | None = Field(None, description="What the score measures (e.g. a computed energy).")


class Evidence(_Data):
    """One piece of evidence, traceable to a tool run or to a retrieved passage."""

    kind: EvidenceKind
    statement: str = Field(description="What this evidence shows, in one sentence.")
    supports: bool | None = Field(description="True supports the claim, False contradicts it, None neutral.")
    tool_run_id: str | None = Field(None, description="Ledger id of the tool run that produced it.")
    citation: str | None = Field(
        None, description="Citation key 'doc_id#chunk_id' of the passage, or the 'd-...' id of a data row."
    )
    quote: str | None = Field(None, description="Quoted passage text (literature evidence).")
    value: float | None = Field(None, description="The number this evidence rests on, if any.")
    unit: str | None = Field(None, description="Unit of `value`.")


class StressCheck(_Data):
    """One attempt to break a verdict before it is reported."""

    name: str = Field(description="e.g. 'second_calculator', 'sensitivity', 'literature_contradiction'.")
    description: str = Field(description="What was tried.")
    outcome: CheckOutcome
    detail: str = Field("", description="What came out, with numbers.")
    tool_run_ids: list[str] = Field(default_factory=list)
    verdict: VerdictLabel | None = Field(
        None,
        description="For a check that judges the whole claim on its own (the rule-based cross-check on "
        "the model path): the label it reached, compared with the verdict's label. None for checks "
        "that compare numbers or passages.",
    )
    confidence: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="With ``verdict``: the calibrated confidence that check reached on its own.",
    )


class RequestUsage(_Data):
    """One request to the chat model while a claim was investigated."""

    step: str = Field(description="formalize, research, verdict or answer.")
    prompt_tokens: int = Field(description="Prompt tokens as the server counted them (else the estimate).")
    prompt_tokens_estimated: bool = Field(False, description="True when the server reported no usage.")
    completion_tokens: int = 0
    estimated_prompt_tokens: int = Field(0, description="hypoloop's estimate before sending (chars/4).")
    wall_s: float = 0.0
    shrunk: list[str] = Field(default_factory=list, description="What was cut to fit the server's context.")


class ModelUsage(_Data):
    """The chat model's share of one claim: every request, and the token totals."""

    requests: list[RequestUsage] = Field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0
    total_tokens: int = 0

    @classmethod
    def of(cls, requests: list[RequestUsage]) -> ModelUsage:
        prompt = sum(r.prompt_tokens for r in requests)
        out = sum(r.completion_tokens for r in requests)
        return cls(requests=requests, input_tokens=prompt, output_tokens=out, total_tokens=prompt + out)


class Verdict(_Data):
    """The answer to one claim: a label, a confidence and everything it rests on."""

    hypothesis_id: str = "h1"
    claim: str
    verdict: VerdictLabel
    confidence: float = Field(ge=0.0, le=1.0)
    summary: str
    tested_as: str = Field(
        "",
        description="What was actually tested, as one canonical sentence (or why nothing was): the claim "
        "as the typed spec represents it, so a misreading is visible.",
    )
    tolerance: str | None = Field(None, description="The tolerance a numeric claim was judged with.")
    evidence: list[Evidence] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list, description="Citation keys of quoted passages.")
    tool_runs: list[str] = Field(default_factory=list, description="Ledger ids of the tool runs used.")
    stress_tests: list[StressCheck] = Field(default_factory=list)
    open_questions: list[str] = Field(default_factory=list)
    decided_without_model: str | None = Field(
        None,
        description="On the model path, why the rule-based path decided the claim instead (the model "
        "timed out, gave no usable verdict, broke the protocol, the request did not fit); None otherwise.",
    )
    usage: ModelUsage | None = Field(None, description="The chat model's requests and tokens for this claim.")

    def _repr_html_(self) -> str:  # Jupyter; rendering lives in agent/display/html.py
        from agent.display.html import verdict_html

        return verdict_html(self)


class ToolRun(_Data):
    """One ledger entry: a tool call with its inputs, output and timing."""

    id: str
    tool: str
    args: dict[str, Any]
    output: dict[str, Any] | None = None
    error: str | None = None
    wall_s: float = 0.0
    started_at: str = ""
    purpose: Literal["research", "stress_test", "propose"] = "research"


class Answer(_Data):
    """The answer to a question (`ask`): text plus the evidence it rests on."""

    question: str
    answer: str
    evidence: list[Evidence] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list)
    tool_runs: list[str] = Field(default_factory=list)

    def _repr_html_(self) -> str:  # Jupyter; rendering lives in agent/display/html.py
        from agent.display.html import answer_html

        return answer_html(self)


class RunResult(BaseModel):
    """Everything one run produced."""

    run_id: str
    thread_id: str
    mode: str
    input: str
    hypotheses: list[Hypothesis] = Field(default_factory=list)
    verdicts: list[Verdict] = Field(default_factory=list)
    answers: list[Answer] = Field(default_factory=list)
    tool_runs: list[ToolRun] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def _repr_html_(self) -> str:  # Jupyter: verdicts with their citations' DOIs, tool runs, plots
        from agent.display.html import result_html

        return result_html(self)

    def figures(self) -> list[Any]:
        """matplotlib figures of this run's tool results (EOS, polymorphs, MD), in ledger order."""
        from agent.display.plots import figure_for

        figs = (figure_for(r.tool, r.output) for r in self.tool_runs)
        return [f for f in figs if f is not None]
