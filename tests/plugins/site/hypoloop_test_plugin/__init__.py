"""A tiny third-party plug-in used by the tests: a Lennard-Jones argon calculator, a tool, and
a calculator entry point that fails to import. It is found through its dist-info folder's
entry points, exactly as a pip-installed plug-in would be."""

from __future__ import annotations

from typing import Any

from langchain_core.tools import StructuredTool
from pydantic import BaseModel, Field


def lj_calculator() -> Any:
    """The ``hypoloop.calculators`` entry point: a CalculatorInfo for argon."""
    from tools.calculators import CalculatorInfo

    def factory(settings: Any) -> Any:
        from ase.calculators.lj import LennardJones

        return LennardJones(sigma=3.4, epsilon=0.0104, rc=8.0)

    return CalculatorInfo(
        name="lj-test",
        description="Lennard-Jones argon (test plug-in)",
        elements=frozenset({18}),
        periodic=True,
        molecular=True,
        max_atoms=100,
        factory=factory,
        version=lambda settings: "lj-test 1",
    )


class _EchoInput(BaseModel):
    text: str = Field(description="Text to return reversed.")


def _reverse(text: str) -> dict[str, str]:
    return {"reversed": text[::-1]}


# The ``hypoloop.tools`` entry point: any documented LangChain tool.
reverse_text = StructuredTool.from_function(
    func=_reverse,
    name="reverse_text",
    description="Reverse a text. A test plug-in tool that proves third-party tools register.",
    args_schema=_EchoInput,
)


class PalindromeClaim(BaseModel):
    """'The word "level" is a palindrome.'"""

    kind: str = "palindrome"
    text: str
    negated: bool = False
    word: str


def _parse_palindrome(text: str) -> PalindromeClaim | None:
    import re

    m = re.fullmatch(r"The word ['\"](\w+)['\"] is (not )?a palindrome\.?", text.strip())
    if m is None:
        return None
    return PalindromeClaim(text=text, word=m.group(1), negated=bool(m.group(2)))


def palindrome_kind() -> Any:
    """The ``hypoloop.claim_kinds`` entry point: a claim kind judged with the plug-in's own tool."""
    from agent.judges.models import Judgement, ToolCall
    from agent.language.kinds import ClaimKind, Entities
    from agent.results import Evidence

    def plan(spec: PalindromeClaim, calculator: str) -> list[ToolCall]:
        return [ToolCall(id="c1", name="reverse_text", args={"text": spec.word})]

    def judge(spec: PalindromeClaim, results: dict[str, Any], about: float) -> Judgement:
        out = results.get("c1") or next((v for k, v in results.items() if k.endswith("-c1")), {})
        same = out.get("reversed") == spec.word
        holds = same != spec.negated
        ev = Evidence(kind="simulation", statement=f"reversed: {out.get('reversed')}", supports=holds, tool_run_id="c1")
        label = "supported" if holds else "refuted"
        return Judgement(verdict=label, confidence=0.9, summary=f"{label}: {spec.word!r} reversed is {out.get('reversed')!r}", evidence=[ev])

    return ClaimKind(
        name="palindrome",
        spec=PalindromeClaim,
        plan=plan,
        judge=judge,
        predictions=lambda s: [f"{s.word!r} reads the same reversed."],
        tested_as=lambda s: f"The word {s.word!r} is {'not ' if s.negated else ''}the same when reversed.",
        entities=lambda s: Entities(),
        parse=_parse_palindrome,
    )
