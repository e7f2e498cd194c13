"""The agent's own structured-answer functions must pass OpenAI strict function calling too."""

from __future__ import annotations

import pytest
from fake_openai_strict import strict_schema_problems
from langchain_core.utils.function_calling import convert_to_openai_tool

from agent.graph.nodes.propose import submit_hypotheses
from agent.graph.nodes.verdict import submit_verdict


@pytest.mark.parametrize("schema", [submit_verdict, submit_hypotheses], ids=lambda s: s.__name__)
def test_structured_answer_schemas_are_strict_compatible(schema: type) -> None:
    fn = convert_to_openai_tool(schema, strict=True)["function"]
    assert fn["name"] == schema.__name__ and fn["description"]
    assert strict_schema_problems(fn["parameters"]) == []
