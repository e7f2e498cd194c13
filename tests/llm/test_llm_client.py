"""The real ChatOpenAI client against the loopback fake server: answers, tool calls, streaming."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from fake_openai import FakeOpenAI, Reply
from langchain_core.messages import AIMessageChunk, HumanMessage, SystemMessage
from langchain_core.tools import tool

from agent.llm import build_chat_model, invoke_model, stream_model
from agent.settings import Settings


@tool
def relax_structure(structure_id: str, fmax: float = 0.05) -> dict[str, Any]:
    """Relax a structure until forces fall below fmax (eV/Å)."""
    return {"structure_id": structure_id, "fmax": fmax}


@tool
def literature_search(query: str, k: int = 5) -> dict[str, Any]:
    """Search the literature index for passages."""
    return {"query": query, "k": k}


TOOLS = [relax_structure, literature_search]


def model_for(server: FakeOpenAI, **llm: Any) -> Any:
    model = build_chat_model(Settings.load(llm=server.llm_settings(**llm)))
    assert model is not None
    return model


def test_plain_answer_with_usage(openai_server: FakeOpenAI) -> None:
    openai_server.reply("Cu is fcc.", usage=(42, 7))
    msg = invoke_model(model_for(openai_server), [SystemMessage("be brief"), HumanMessage("Cu structure?")])
    assert msg.content == "Cu is fcc."
    assert msg.tool_calls == []
    assert msg.usage_metadata is not None
    assert (msg.usage_metadata["input_tokens"], msg.usage_metadata["output_tokens"]) == (42, 7)
    sent = openai_server.requests[0]
    assert sent["model"] == "fake-model" and sent["temperature"] == 0.0
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]
    assert "tools" not in sent
    assert openai_server.headers[0]["authorization"] == "Bearer not-needed"


def test_tool_call_is_parsed_and_tools_are_sent(openai_server: FakeOpenAI) -> None:
    openai_server.tool_calls([("relax_structure", {"structure_id": "s1", "fmax": 0.01})])
    msg = invoke_model(model_for(openai_server), "relax s1", TOOLS)
    assert len(msg.tool_calls) == 1
    call = msg.tool_calls[0]
    assert call["name"] == "relax_structure" and call["args"] == {"structure_id": "s1", "fmax": 0.01}
    assert call["id"]
    names = [t["function"]["name"] for t in openai_server.requests[0]["tools"]]
    assert names == ["relax_structure", "literature_search"]
    assert "strict" not in openai_server.requests[0]["tools"][0]["function"]


def test_strict_schemas_are_sent_when_asked(openai_server: FakeOpenAI) -> None:
    openai_server.reply("ok")
    invoke_model(model_for(openai_server), "hi", TOOLS, strict=True)
    fn = openai_server.requests[0]["tools"][0]["function"]
    assert fn["strict"] is True
    assert fn["parameters"]["additionalProperties"] is False


def test_parallel_tool_calls(openai_server: FakeOpenAI) -> None:
    openai_server.tool_calls(
        [("relax_structure", {"structure_id": "a"}), ("literature_search", {"query": "Cu lattice"})],
        content="Two things at once.",
    )
    msg = invoke_model(model_for(openai_server), "go", TOOLS)
    assert [c["name"] for c in msg.tool_calls] == ["relax_structure", "literature_search"]
    assert msg.tool_calls[1]["args"] == {"query": "Cu lattice"}
    assert len({c["id"] for c in msg.tool_calls}) == 2
    assert msg.content == "Two things at once."


def test_malformed_arguments_land_in_invalid_tool_calls(openai_server: FakeOpenAI) -> None:
    openai_server.raw_tool_call("relax_structure", '{"structure_id": "a", fmax: }')
    msg = invoke_model(model_for(openai_server), "go", TOOLS)
    assert msg.tool_calls == []
    assert len(msg.invalid_tool_calls) == 1
    bad = msg.invalid_tool_calls[0]
    assert bad["name"] == "relax_structure" and bad["args"] == '{"structure_id": "a", fmax: }'


def test_unknown_tool_name_is_passed_through(openai_server: FakeOpenAI) -> None:
    # The client does not police names; the graph's ToolNode must answer it with an error message.
    openai_server.tool_calls([("launch_rocket", {"target": "moon"})])
    msg = invoke_model(model_for(openai_server), "go", TOOLS)
    assert msg.tool_calls[0]["name"] == "launch_rocket"


def _collect(chunks: list[AIMessageChunk]) -> AIMessageChunk:
    full = chunks[0]
    for c in chunks[1:]:
        full = full + c
    return full


def test_streaming_text(openai_server: FakeOpenAI) -> None:
    openai_server.reply("Aluminium has a lattice constant near 4.05 Å.")
    chunks = list(stream_model(model_for(openai_server), "a(Al)?"))
    assert len(chunks) > 3  # really streamed, piece by piece
    full = _collect(chunks)
    assert full.content == "Aluminium has a lattice constant near 4.05 Å."
    assert full.usage_metadata is not None and full.usage_metadata["total_tokens"] > 0
    assert openai_server.requests[0]["stream"] is True


def test_streaming_tool_calls(openai_server: FakeOpenAI) -> None:
    args = {"structure_id": "bulk-Cu-fcc", "fmax": 0.02}
    openai_server.tool_calls([("relax_structure", args), ("literature_search", {"query": "copper"})])
    full = _collect(list(stream_model(model_for(openai_server), "go", TOOLS)))
    assert [(c["name"], c["args"]) for c in full.tool_calls] == [
        ("relax_structure", args),
        ("literature_search", {"query": "copper"}),
    ]


def test_model_that_never_stops_calling_tools(openai_server: FakeOpenAI) -> None:
    openai_server.always(Reply.calls([("literature_search", {"query": "again"})]))
    model = model_for(openai_server)
    for _ in range(5):
        assert invoke_model(model, "go", TOOLS).tool_calls[0]["name"] == "literature_search"
    assert len(openai_server.requests) == 5


def test_exhausted_script_fails_fast(openai_server: FakeOpenAI) -> None:
    from agent.errors import ModelError

    with pytest.raises(ModelError, match="script exhausted"):
        invoke_model(model_for(openai_server, max_retries=3), "hi")
    assert len(openai_server.requests) == 1  # told the client not to retry


def test_models_endpoint_and_unknown_route(openai_server: FakeOpenAI) -> None:
    r = httpx.get(openai_server.base_url + "/models", timeout=5)
    assert r.json()["data"][0]["id"] == "fake-model"
    r = httpx.post(openai_server.base_url + "/embeddings", json={}, timeout=5)
    assert r.status_code == 404
    assert json.loads(r.text)["error"]["message"]


def test_fake_server_rejects_invalid_strict_schemas(openai_server: FakeOpenAI) -> None:
    from fake_openai import strict_schema_problems

    from agent.errors import ModelError

    loose = {
        "type": "function",
        "function": {
            "name": "loose",
            "description": "A hand-written schema that strict mode refuses.",
            "parameters": {
                "type": "object",
                "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
            },
            "strict": True,
        },
    }
    openai_server.reply("never sent")
    with pytest.raises(ModelError, match=r"HTTP 400.*'loose'.*additionalProperties"):
        invoke_model(model_for(openai_server), "hi", [loose])
    assert openai_server.remaining == 1  # a rejected request consumes no script item
    params = loose["function"]["parameters"]  # type: ignore[index]
    assert any("missing ['a', 'b']" in p for p in strict_schema_problems(params))
    fixed = {**params, "required": ["a", "b"], "additionalProperties": False}
    assert strict_schema_problems(fixed) == []
    assert strict_schema_problems(
        {**fixed, "properties": {"a": {"oneOf": [{"type": "string"}]}}, "required": ["a"]}
    )
    # langchain's strict conversion of a typed tool passes
    assert invoke_model(model_for(openai_server), "hi", TOOLS, strict=True).content == "never sent"
