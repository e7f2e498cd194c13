"""The Python API (DESIGN.md): ``Assistant(...).ask / .test / .propose``; the CLI and the batch
runner call the same :meth:`Assistant.run`."""

from __future__ import annotations

import threading
import uuid
from typing import TYPE_CHECKING, Any, Literal

from agent.results import Answer, Hypothesis, RunResult, Verdict
from agent.settings import Settings

# Longest claim, goal or question accepted: the planner's parsers and a model's context are sized
# for sentences, and a runaway input (a whole file pasted as a claim) must fail fast and clearly.
MAX_INPUT_CHARS = 20_000

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from agent.campaign.models import CampaignResult
    from agent.graph.state import Mode, RunContext, ToolExecutor


class Assistant:
    """A research assistant bound to one settings tree and one chat model (or the offline planner).

    ``model`` injects any LangChain chat model (a scripted one in tests, a local one in a
    notebook); otherwise it is built from ``settings.llm``. ``tool_executor`` runs the
    simulation tool calls elsewhere (the batch runner's Dask workers); the model stays here.
    One Assistant may run several claims at once from different threads.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        model: BaseChatModel | None = None,
        record: bool = True,
        tool_executor: ToolExecutor | None = None,
        **overrides: Any,
    ) -> None:
        from agent.llm import build_chat_model

        self.settings = settings if settings is not None else Settings.load(**overrides)
        self.model = model if model is not None else build_chat_model(self.settings)
        self.record = record
        self.tool_executor = tool_executor
        # When the LangGraph checkpointer saves a run: "async", after every step (a run killed
        # outright resumes from its last step), or "exit", once as the run ends, failed or
        # interrupted included (what `runs resume` needs). A batch uses "exit": its ~13 checkpoints
        # and ~40 writes per claim cost ~65 ms of driver CPU, on the core a worker shares.
        self.durability: Literal["async", "exit"] = "async"
        self._lock = threading.Lock()  # the graph is compiled once even when threads race to it
        self._graph: Any = None
        self._checkpointer: Any = None

    @property
    def offline(self) -> bool:
        return self.model is None

    def test(
        self, claim: str, *, thread_id: str | None = None, callbacks: list[Any] | None = None
    ) -> Verdict:
        """Stress-test one claim and return its verdict (``callbacks``: see :meth:`run`)."""
        return self.run("test", claim, thread_id=thread_id, callbacks=callbacks).verdicts[0]

    def ask(
        self, question: str, *, thread_id: str | None = None, callbacks: list[Any] | None = None
    ) -> Answer:
        """Answer a question with the tools and the literature index."""
        return self.run("ask", question, thread_id=thread_id, callbacks=callbacks).answers[0]

    def propose(self, goal: str, n: int = 3, *, test: bool = False) -> list[Hypothesis]:
        """Propose up to ``n`` hypotheses for a goal (``test=True`` also tests them; see :meth:`run`)."""
        return self.run("propose", goal, n=n, test_proposals=test).hypotheses

    def campaign(
        self, goal: str, *, n: int = 8, rounds: int = 1, test_top: int = 0, batched: bool = True
    ) -> CampaignResult:
        """A hypothesis campaign (agent/campaign/): ``n`` candidates per round, duplicates merged,
        novelty checked, screened, ranked by a Bradley-Terry tournament over ``rounds`` rounds,
        the top ``test_top`` stress-tested. Recorded as a ``propose`` run."""
        from agent.campaign.record import campaign_run
        from agent.errors import RequestError

        if not goal or not goal.strip():
            raise RequestError("nothing to propose: the goal is empty")
        if len(goal) > MAX_INPUT_CHARS:
            raise RequestError(f"the goal is {len(goal)} characters long; the limit is {MAX_INPUT_CHARS}")
        refuse_hazardous(goal)
        return campaign_run(self, goal, n=n, rounds=rounds, test_top=test_top, batched=batched)

    def run(
        self,
        mode: Mode,
        text: str,
        *,
        n: int | None = None,
        test_proposals: bool = False,
        thread_id: str | None = None,
        callbacks: list[Any] | None = None,
    ) -> RunResult:
        """Run the graph once; the run is checkpointed under ``thread_id`` and recorded.

        ``callbacks`` are LangChain callback handlers for this run (graph nodes and tool calls
        report to them): how the MCP server turns a run's steps into progress notifications."""
        if not text or not text.strip():
            from agent.errors import RequestError

            raise RequestError(f"nothing to {mode}: the input is empty")
        if len(text) > MAX_INPUT_CHARS:
            from agent.errors import RequestError

            raise RequestError(
                f"the input is {len(text)} characters long; the limit is {MAX_INPUT_CHARS} (state the claim, "
                "goal or question in a few sentences)"
            )
        refuse_hazardous(text)
        thread_id = thread_id or uuid.uuid4().hex[:12]
        inputs = {
            "mode": mode,
            "input": text,
            "n": n or self.settings.agent.n_hypotheses,
            "test_proposals": test_proposals,
        }
        return self._invoke(inputs, thread_id, mode, text, callbacks)

    def resume(self, thread_id: str) -> RunResult:
        """Continue an interrupted run from its last checkpoint."""
        graph = self._compiled()
        config = {"configurable": {"thread_id": thread_id}}
        snapshot = graph.get_state(config)
        if not snapshot.values:
            from agent.errors import RunNotFound

            raise RunNotFound(f"no checkpointed thread {thread_id!r}")
        values = snapshot.values
        return self._invoke(None, thread_id, values["mode"], values["input"])

    def _invoke(
        self,
        inputs: dict[str, Any] | None,
        thread_id: str,
        mode: Mode,
        text: str,
        callbacks: list[Any] | None = None,
    ) -> RunResult:
        ctx, recorder = self._context(mode, text, thread_id)
        graph = self._compiled()
        config: dict[str, Any] = {
            "configurable": {"thread_id": thread_id},
            "recursion_limit": 10 * self.settings.agent.max_steps + 50,
        }
        if callbacks is None:
            from agent.display.progress import default_callbacks

            callbacks = default_callbacks()  # a progress bar per tool run in Jupyter, else none
        if callbacks:
            config["callbacks"] = callbacks
        try:
            out = graph.invoke(inputs, config, context=ctx, durability=self.durability)
        except BaseException as e:
            if recorder is not None:
                recorder.finish(
                    "interrupted" if isinstance(e, KeyboardInterrupt) else "failed", error=str(e)[:300]
                )
            raise
        result = RunResult(
            run_id=getattr(recorder, "run_id", thread_id),
            thread_id=thread_id,
            mode=mode,
            input=text,
            hypotheses=out.get("hypotheses", []),
            verdicts=out.get("verdicts", []),
            answers=out.get("answers", []),
            tool_runs=out.get("tool_runs", []),
            notes=out.get("notes", []),
        )
        if recorder is not None:
            recorder.record_result(result.model_dump(mode="json"))
            recorder.finish("done")
        return result

    def _context(self, mode: Mode, text: str, thread_id: str) -> tuple[RunContext, Any]:
        from agent.graph.state import RunContext

        recorder = None
        if self.record:
            import prompts
            from agent.runs import RunRecorder

            recorder = RunRecorder.start(
                self.settings,
                kind=mode,
                input=text,
                thread_id=thread_id,
                prompts=prompts.template_hashes(),
                model=self.model,
            )
        from agent.graph.drivers import driver_for
        from agent.graph.toolset import load_tools

        # Tools are bound to this Assistant's settings (workspace, cache, limits, index), even
        # when they differ from the environment's.
        tools = load_tools(self.settings)
        ctx = RunContext(
            settings=self.settings,
            model=self.model,
            tools=tools,
            driver=driver_for(self.model, self.settings.llm),
            recorder=recorder,
            executor=self.tool_executor,
        )
        return ctx, recorder

    def _compiled(self) -> Any:
        with self._lock:
            if self._graph is None:
                from agent.graph import build_graph, open_checkpointer

                self._checkpointer = open_checkpointer(self.settings)
                self._graph = build_graph(self.settings, self._checkpointer)
        return self._graph


def refuse_hazardous(text: str) -> None:
    """Refuse, in one line, a request the hazard policy refuses (docs/safety.md: Schedule 1
    agents, explosives, routes to and analogues of scheduled toxic chemicals, design toward
    harm), before any model or tool sees it: one decision (tools/hazard_policy.py) on the model
    and the offline path, for claims, questions, goals and batch items alike."""
    from tools.errors import HazardousRequest
    from tools.hazards import check_text

    decision = check_text(text)
    if decision.refused:
        raise HazardousRequest(decision.refusal())
