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
