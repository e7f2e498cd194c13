"""The campaign loop: generate -> merge duplicates -> novelty -> cheap screen -> tournament, for
``rounds`` rounds (survivors seed the next), then the full stress test of the top K."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from agent.campaign import candidates as gen
from agent.campaign import model_path, tournament
from agent.campaign.dedupe import Embed, mark_duplicates
from agent.campaign.goal_reader import read_goal
from agent.campaign.grammar import GoalSpec
from agent.campaign.models import CampaignCandidate, CampaignResult, Comparison, ScreenStats
from agent.campaign.naming import formula_of
from agent.campaign.novelty import check_novelty
from agent.campaign.screen import RESOLUTION, figure_of, plan_for, run_screen
from agent.campaign.screen_molecules import (
    FAST_METHOD,
    MOLECULE,
    fast_check,
    fast_checkable,
    molecular_plan,
    run_molecular,
)
from agent.errors import RequestError
from agent.results import Verdict

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from agent.graph.model_gate import ModelGate
    from agent.settings import Settings

Tester = Callable[[str], tuple[Verdict, int]]  # claim -> (verdict, tool runs it took)
MAX_ROUNDS = 5
MAX_LEADERS_SHOWN = 5
VERDICT_SIGN = {"supported": 1.0, "refuted": -1.0, "inconclusive": 0.0}  # leaders a model is asked to vary (a short prompt, the best of them)


@dataclass
class _Run:
    goal: str
    settings: Settings
    model: BaseChatModel | None
    n: int
    spec: GoalSpec | None
    calculator: str
    batched: bool
    embed: Embed | None
    result: CampaignResult
    tester: Tester | None = None
    specs: dict[str, Any] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)

    @property
    def cands(self) -> list[CampaignCandidate]:
        return self.result.candidates


def check_options(n: int, rounds: int, test_top: int) -> None:
    if not 1 <= n <= 50:
        raise RequestError(f"--n must be between 1 and 50 (got {n})")
    if not 1 <= rounds <= MAX_ROUNDS:
        raise RequestError(f"--rounds must be between 1 and {MAX_ROUNDS} (got {rounds})")
    if test_top < 0 or test_top > n * rounds:
        raise RequestError(
            f"--test-top must be between 0 and the number of candidates, {n * rounds} (got {test_top})"
        )


def run_campaign(goal: str, settings: Settings, *, model: BaseChatModel | None = None, n: int = 8,
                 rounds: int = 1, test_top: int = 0, tester: Tester | None = None, embed: Embed | None = None,
                 batched: bool = True) -> CampaignResult:  # fmt: skip
    """One campaign. Offline (``model`` None) the goal must be read whole into an objective
    (agent/campaign/goal_reader.py; GoalRefused otherwise); with a model, the model proposes and judges."""
    check_options(n, rounds, test_top)
    t0 = time.perf_counter()
    spec = read_goal(goal) if model is None else None
    result = CampaignResult(read_as=spec.read_as() if spec else None, goal=goal, rounds=rounds,
                            shape=spec.shape if spec else "model", test_top=test_top, description=_describe(spec))  # fmt: skip
    calc = settings.simulation.default_calculator
    run = _Run(goal, settings, model, n, spec, calc, batched, embed, result, tester)
    for rnd in range(1, rounds + 1):
        new = _new_candidates(run, rnd)
        if not new:
            result.notes.append(
                f"Round {rnd}: no new candidates (the family is exhausted around the leaders)."
            )
            break
        result.candidates += new
        _round(run, new, rnd)
    if test_top and tester is not None:
        result.tool_runs += _test_top(run, test_top, tester)
    result.wall_s = round(time.perf_counter() - t0, 3)
    return result


def _describe(spec: GoalSpec | None) -> str:
    if spec is None:
        return "candidates proposed and judged by the language model"
    prop = (spec.prop or "").replace("_", " ")
    if spec.shape == "structure":
        what = f"which take the {spec.prototype} structure"
    elif spec.shape == "reference":
        what = f"{'larger' if spec.greater else 'smaller'} {prop} than {spec.reference}"
    elif spec.shape == "extreme":
        what = f"{'largest' if spec.greater else 'smallest'} {prop}"
    elif spec.shape == "threshold":
        what = f"{prop} {'above' if spec.greater else 'below'} {spec.threshold}"
    elif spec.shape in ("closest", "match"):
        to = f"that of {spec.reference} (computed alike)" if spec.reference else f"{spec.target:g}"
        what = f"{prop} closest to {to}" if spec.shape == "closest" else f"{prop} within {spec.tolerance_pct:g} % of {to}"
    else:
        what = f"judged: {spec.objective}"
    return f"{spec.family.name}: {what}"


def _gate(run: _Run) -> ModelGate:
    from agent.graph.model_gate import ModelGate

    assert run.model is not None
    return ModelGate(run.model, run.settings.llm)


def _new_candidates(run: _Run, rnd: int) -> list[CampaignCandidate]:
    start = len(run.cands) + 1
    ranked = run.result.ranked()
    # The survivors: the top half of the tournament (at least the K to be tested, and two), best first.
    leaders = ranked[: max(2, run.result.test_top, (len(ranked) + 1) // 2)]
    if run.model is not None:
        shown = leaders[:MAX_LEADERS_SHOWN]
        got, notes = model_path.propose(_gate(run), run.goal, run.n, start, rnd, shown if rnd > 1 else None)
        run.result.notes += notes
        return got
    assert run.spec is not None
    if rnd == 1:
        members, notes = gen.eligible(run.spec, run.settings)
        run.result.notes += notes
        got = gen.generate(run.spec, run.n, members)
        run.seen.update(f for c in got if (f := formula_of(c)))
        return got
    out: list[CampaignCandidate] = []
    for c in leaders:
        out += gen.refine(run.spec, c, run.seen, start + len(out), rnd, run.settings)
    return out[: run.n]


def _round(run: _Run, new: list[CampaignCandidate], rnd: int) -> None:
    from agent.language import kinds
    from agent.planner import parse_claim

    for c in new:
        spec = parse_claim(c.claim, literature=False)
        typed = spec is not None and type(spec).__name__ != "RefusedClaim"
        run.specs[c.id] = spec if typed else None
        c.tested_as = kinds.tested_as(spec) if typed else None
    # The embedding only decides for claims without a typed spec (dedupe.py): no model load otherwise.
    untyped = any(c.tested_as is None and not c.merged for c in run.cands)
    run.result.notes += mark_duplicates(run.cands, _embedder(run) if untyped else None)
    live = [c for c in new if not c.merged]
    _screen(run, live)  # before novelty: an extreme goal's claims name their rival after the screen
    run.result.notes += [x for x in check_novelty(live, run.settings) if x not in run.result.notes]
    _tournament(run, rnd)


def _embedder(run: _Run) -> Embed | None:
    if run.embed is None:
        from agent.campaign.dedupe import embedder
        from retrieval.errors import RetrievalError

        try:
            run.embed = embedder(run.settings.retrieval.embedding_model)
        except RetrievalError as e:
            run.result.notes.append(f"Near-duplicates not checked: {e}")
            return None
    return run.embed


def _screen(run: _Run, live: list[CampaignCandidate]) -> None:
    if run.spec is not None and run.spec.shape == "judged":
        _judge(run, live)
        return
    extreme = run.spec is not None and run.spec.shape in ("extreme", "closest")
    plans = {c.id: _plan(run.specs[c.id], extreme) for c in live}
    keys = [k for p in plans.values() if p is not None for k in p.needs]
    table: dict[Any, Any] = {}
    crystals = [k for k in keys if k[1] != MOLECULE]
    if crystals:
        points, stats = run_screen(crystals, run.settings, run.calculator, run.batched)
        table.update(points)
        run.result.screens.append(stats)
    if len(crystals) < len(keys):  # molecules: the fast method, one optimisation each
        molecules, stats = run_molecular([k for k in keys if k[1] == MOLECULE], run.settings)
        table.update(molecules)
        run.result.screens.append(stats)
    for c in live:
        plan = plans[c.id]
        if plan is None:
            c.screen_error = "no cheap screen for this kind of claim"
            continue
        c.figure, c.screen_error, c.figure_basis = figure_of(plan, table)
        c.figure_unit = plan.unit
    if extreme:
        _name_rivals(run)


def _plan(spec: Any, own_only: bool) -> Any:
    """The crystal screen's plan for a claim spec, or the molecular screen's."""
    if spec is None:
        return None
    return plan_for(spec, own_only=own_only) or molecular_plan(spec, own_only)


def _judge(run: _Run, live: list[CampaignCandidate]) -> None:
    """A judged objective has no batched screen: each candidate's claim goes to the claim judges
    (the offline test); its figure is the verdict signed by its confidence. A molecular kind is
    checked with the fast method first (screen_molecules.fast_check); the top K get the full test."""
    fast = [c for c in live if run.specs[c.id] is not None and fast_checkable(run.specs[c.id])]
    if fast:  # molecular kinds: the fast method's own check ranks them; the top K get the full test
        t0 = time.perf_counter()
        for c in fast:
            c.figure, c.screen_error, c.figure_basis = fast_check(run.specs[c.id], run.settings)
            c.figure_unit = "verdict"
        run.result.screens.append(ScreenStats(calculator=FAST_METHOD, structures=len(fast),
                                              wall_s=round(time.perf_counter() - t0, 3), batched=False))  # fmt: skip
    for c in (c for c in live if c not in fast):
        if run.tester is None:
            c.screen_error = "no cheap screen for this kind of claim, and no tester to judge it"
            continue
        verdict, n_runs = run.tester(c.claim)
        c.verdict = verdict.model_copy(update={"hypothesis_id": c.id})
        run.result.tool_runs += n_runs
        c.figure = round(VERDICT_SIGN[verdict.verdict] * verdict.confidence, 4)
        c.figure_unit, c.figure_basis = "verdict", "the offline test's verdict (supported +, refuted -) times its confidence"


def _name_rivals(run: _Run) -> None:
    """Extreme goals: each screened candidate's claim compares it with its strongest rival."""
    from agent.language import kinds
    from agent.planner import parse_claim

    assert run.spec is not None
    scored = sorted(
        (c for c in run.cands if c.figure is not None and not c.merged), key=lambda c: -(c.figure or 0)
    )
    for i, c in enumerate(scored):
        rival = formula_of(scored[1] if i == 0 and len(scored) > 1 else scored[0])
        if rival and len(scored) > 1:
            new = gen.with_rival(c, run.spec, rival)
            c.claim, c.predictions = new.claim, new.predictions
            spec = parse_claim(c.claim, literature=False)
            c.tested_as = kinds.tested_as(spec) if spec is not None else None


def _tournament(run: _Run, rnd: int) -> None:
    res = run.result
    judged_by_model = run.model is not None
    players = [c for c in res.candidates if not c.merged and (judged_by_model or c.figure is not None)]
    ordered = sorted(players, key=lambda c: (-(c.rating or 0.0), -(c.figure or 0.0), c.id))
    done = {frozenset((x.a, x.b)) for x in res.comparisons}
    by_id = {c.id: c for c in players}
    for a, b in tournament.pairs([c.id for c in ordered], done):
        ca, cb = by_id[a], by_id[b]
        if judged_by_model:
            winner, reason = model_path.judge(_gate(run), run.goal, ca, cb)
        else:
            res_ = RESOLUTION.get(ca.figure_unit, 0.0)
            winner, reason = tournament.judge_by_figures(
                a, ca.figure or 0.0, b, cb.figure or 0.0, ca.figure_unit, res_
            )
        res.comparisons.append(Comparison(round=rnd, a=a, b=b, winner=winner, judge="model" if judged_by_model else "screen", reason=reason))  # type: ignore[arg-type]  # fmt: skip
    ratings = tournament.bradley_terry([c.id for c in players], tournament.games_of(res.comparisons))
    for c in players:
        c.rating = ratings[c.id]
    for k, c in enumerate(sorted(players, key=lambda c: (-(c.rating or 0.0), -(c.figure or 0.0), c.id)), 1):
        c.rank = k


def _test_top(run: _Run, k: int, tester: Tester) -> int:
    runs = 0
    for c in run.result.ranked()[:k]:
        if c.verdict is not None:  # a judged objective's candidates were tested to rank them
            continue
        verdict, n_runs = tester(c.claim)
        c.verdict = verdict.model_copy(update={"hypothesis_id": c.id})
        runs += n_runs
    return runs


def as_hypotheses(result: CampaignResult) -> list[Any]:
    """The ranked candidates as the agent's Hypothesis objects (ids h1, h2, ... in rank order)."""
    from agent.results import Hypothesis

    n_cmp = len(result.comparisons)
    return [
        Hypothesis(id=f"h{i}", claim=c.claim, rationale=c.rationale, predictions=c.predictions, score=c.rating,
                   score_basis=f"Bradley-Terry log-strength from {n_cmp} pairwise comparisons"
                   + (f" of the screen's {c.figure_basis} ({c.figure:.4g} {c.figure_unit})" if c.figure is not None else ""))
        for i, c in enumerate(result.ranked(), 1)
    ]  # fmt: skip


def campaign_json(result: CampaignResult) -> dict[str, Any]:
    """The campaign as `propose --json` and the MCP `propose` tool return it: "Read as" first, the
    ranked candidates as hypotheses (h1 best), their verdicts, notes and the whole record."""
    verdicts = [c.verdict.model_copy(update={"hypothesis_id": f"h{c.rank}"}) for c in result.ranked() if c.verdict]
    return {"read_as": result.read_as, "run_id": result.run_id,
            "hypotheses": [h.model_dump(mode="json") for h in as_hypotheses(result)],
            "verdicts": [v.model_dump(mode="json") for v in verdicts], "notes": result.notes,
            "campaign": result.to_json()}  # fmt: skip
