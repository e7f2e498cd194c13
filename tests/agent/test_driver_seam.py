"""The decision seam (agent/graph/driver.py): both drivers implement the whole protocol, the
nodes never ask which one runs, and on the model path the rule-based cross-check still turns a
model verdict the planner disagrees with into an inconclusive one."""

from __future__ import annotations

import inspect
import io
import tokenize
from pathlib import Path

import pytest
from fake_formalize import as_parsed, formalized
from fake_openai import FakeOpenAI

from agent.assistant import Assistant
from agent.graph.driver import Driver
from agent.graph.drivers import driver_for
from agent.graph.drivers.model import ModelDriver
from agent.graph.drivers.offline import OfflineDriver
from agent.settings import Settings

NODES = Path(__file__).resolve().parents[2] / "agent" / "graph" / "nodes"
STEPS = [n for n, v in vars(Driver).items() if inspect.isfunction(v) and not n.startswith("_")]


def _model_assistant(server: FakeOpenAI, stress: bool = True) -> Assistant:
    settings = Settings.load(
        llm=server.llm_settings(max_retries=1),
        agent={"stress_test": stress},
        simulation={"default_calculator": "emt"},
    )
    return Assistant(settings)


def test_both_drivers_implement_every_step_with_the_protocols_signature(openai_server: FakeOpenAI) -> None:
    model = _model_assistant(openai_server).model
    drivers = [driver_for(None), driver_for(model)]
    assert isinstance(drivers[0], OfflineDriver) and isinstance(drivers[1], ModelDriver)
    assert drivers[1].model is model
    assert len(STEPS) >= 8
    for d in drivers:
        assert isinstance(d, Driver)
        for step in STEPS:
            want = list(inspect.signature(getattr(Driver, step)).parameters)[1:]
            assert list(inspect.signature(getattr(d, step)).parameters) == want, (type(d).__name__, step)


def test_an_object_missing_a_step_is_not_a_driver() -> None:
    class Partial:
        def formalize(self, claim: str) -> None:
            return None

    assert not isinstance(Partial(), Driver)


def test_run_contexts_carry_the_driver_of_their_model(
    openai_server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agent.graph.langgraph_app import ServerContext

    offline = Assistant(Settings.load(llm={"provider": "offline"}), record=False)
    ctx, _ = offline._context("test", "claim", "t1")
    assert isinstance(ctx.driver, OfflineDriver)
    online = _model_assistant(openai_server)
    online.record = False
    ctx, _ = online._context("test", "claim", "t2")
    assert isinstance(ctx.driver, ModelDriver) and ctx.driver.model is online.model
    monkeypatch.setenv("HYPOLOOP_LLM__PROVIDER", "offline")
    assert isinstance(ServerContext().driver, OfflineDriver)


def _code_tokens(source: str) -> list[str]:
    """Every token of a module except comments (docstrings and strings count: they are code)."""
    toks = tokenize.generate_tokens(io.StringIO(source).readline)
    return [t.string for t in toks if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE)]


@pytest.mark.parametrize("path", sorted(NODES.glob("*.py")), ids=lambda p: p.name)
def test_nodes_do_not_branch_on_which_driver_runs(path: Path) -> None:
    code = " ".join(_code_tokens(path.read_text()))
    assert "offline" not in code.lower(), f"{path.name} mentions 'offline' outside a comment"
    assert "ctx . model is None" not in code and "model is None" not in code, path.name
    assert "ctx . model" not in code, f"{path.name} reads the chat model instead of asking ctx.driver"


def test_the_token_check_sees_code_and_skips_comments() -> None:
    code = " ".join(_code_tokens("if ctx.offline:  # offline here is fine\n    pass\n"))
    assert "offline" in code and "fine" not in code
    assert "ctx . model is None" in " ".join(_code_tokens("x = ctx.model is None\n"))


NI = "The lattice parameter of fcc nickel is roughly 3.5 angstrom."  # the planner supports it (EMT)
BUILD_NI = ("build_structure", {"structure": {"formula": "Ni", "prototype": "fcc"}})


def _submit(verdict: str) -> tuple[str, dict[str, object]]:
    evidence = [
        {"kind": "simulation", "statement": "built fcc Ni", "supports": verdict == "supported",
         "tool_run_id": "h1-t1", "citation": None}
    ]  # fmt: skip
    return (
        "submit_verdict",
        {
            "verdict": verdict,
            "confidence": 0.9,
            "summary": "Judged.",
            "evidence": evidence,
            "open_questions": [],
        },
    )


@pytest.mark.parametrize("label", ["refuted", "supported"])
def test_model_verdict_is_cross_checked_by_the_planner(openai_server: FakeOpenAI, label: str) -> None:
    openai_server.add(formalized(as_parsed(NI)))  # the model reads the claim as the parser does
    openai_server.tool_calls([BUILD_NI])
    openai_server.reply("Built it; the lattice parameter follows.")
    openai_server.tool_calls([_submit(label)])
    v = _model_assistant(openai_server).test(NI)
    cross = [c for c in v.stress_tests if c.name == "rule_based_cross_check"]
    assert len(cross) == 1 and "planner verdict: supported" in cross[0].detail
    assert v.tested_as and not v.tested_as.startswith("As the language model read")
    if label == "refuted":  # the model and the planner disagree: neither is trusted
        assert cross[0].outcome == "disagrees"
        assert v.verdict == "inconclusive" and v.confidence <= 0.5
        assert any("rule_based_cross_check disagrees" in q for q in v.open_questions)
    else:
        assert cross[0].outcome == "agrees"
        # the model said 0.9 (+ the agreeing checks' bonus, 0.93): held at what the rule-based path
        # reaches with its calibrated errors and the same checks
        assert v.verdict == "supported" and cross[0].confidence is not None
        assert cross[0].confidence <= v.confidence < 0.93
        assert any("what the calculators' measured errors allow" in q for q in v.open_questions)
    # the model was shown the stress outcomes before its verdict
    review = openai_server.requests[-1]["messages"][-2]
    assert review["role"] == "user" and "rule_based_cross_check" in review["content"]
