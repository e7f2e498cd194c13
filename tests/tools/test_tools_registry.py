"""Registry, laziness, documentation rule, error convention and OpenAI strict schemas."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from langchain_core.tools import StructuredTool
from pydantic import BaseModel

from tools import get_tool, list_tools
from tools.errors import ToolInputError, ToolRegistrationError
from tools.registry import SUMMARIES, TOOLS, check_documented

SIM_TOOLS = [n for n in TOOLS if n != "literature_search"]


def test_import_tools_is_lazy() -> None:
    code = (
        "import sys, tools; tools.list_tools(); "
        "heavy = [m for m in ('ase', 'torch', 'pymatgen', 'chgnet', 'tblite', 'langchain_core') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_list_tools_lists_every_name_with_one_line_description() -> None:
    rows = list_tools()
    assert [r["name"] for r in rows] == list(TOOLS)
    assert "literature_search" in TOOLS
    for row in rows:
        assert row["description"] and "\n" not in row["description"]
        assert isinstance(row["calculators"], list)
    assert set(SUMMARIES) == set(TOOLS)


def test_unknown_tool_names_the_known_ones() -> None:
    with pytest.raises(ToolInputError, match="build_structure"):
        get_tool("nonexistent_tool")


def test_literature_search_loads_or_fails_clearly() -> None:
    try:
        tool = get_tool("literature_search")
    except ToolInputError as e:
        assert "literature_search" in str(e)
    else:
        assert tool.name == "literature_search"


class _Args(BaseModel):
    x: int


def test_tool_without_docstring_does_not_register() -> None:
    bare = StructuredTool.from_function(func=lambda x: x, name="bare", description="", args_schema=_Args)
    with pytest.raises(ToolRegistrationError, match="description"):
        check_documented(bare)


def test_tool_with_undocumented_argument_does_not_register() -> None:
    tool = StructuredTool.from_function(
        func=lambda x: x, name="undoc", description="Does something useful with x.", args_schema=_Args
    )
    with pytest.raises(ToolRegistrationError, match="undocumented arguments: x"):
        check_documented(tool)


def test_non_tool_does_not_register() -> None:
    with pytest.raises(ToolRegistrationError):
        check_documented(object())


def _walk(schema: Any, path: str = "$") -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    if isinstance(schema, dict):
        if schema.get("type") == "object" or "properties" in schema:
            out.append((path, schema))
        for key, value in schema.items():
            out += _walk(value, f"{path}.{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            out += _walk(value, f"{path}[{i}]")
    return out


@pytest.mark.parametrize("name", SIM_TOOLS)
def test_every_tool_converts_to_strict_openai_schema(name: str) -> None:
    from langchain_core.utils.function_calling import convert_to_openai_tool

    spec = convert_to_openai_tool(get_tool(name), strict=True)
    fn = spec["function"]
    assert fn["strict"] is True and fn["name"] == name and len(fn["description"]) > 40
    objects = _walk(fn["parameters"])
    assert objects, "no object schemas found"
    for path, obj in objects:
        assert obj.get("additionalProperties") is False, path
        props = obj.get("properties", {})
        assert props, f"{path}: free-form object"
        assert sorted(obj.get("required", [])) == sorted(props), path
        for prop_name, prop in props.items():
            assert prop.get("description"), f"{path}.{prop_name} undocumented"


@pytest.mark.parametrize("name", SIM_TOOLS)
def test_input_schema_round_trip(name: str) -> None:
    tool = get_tool(name)
    model = tool.args_schema
    assert isinstance(model, type) and issubclass(model, BaseModel)
    required = model.model_json_schema().get("required", [])
    sample: dict[str, Any] = {
        "structure": {"molecule": "H2O"},
        "formula": "Si",
        "prototypes": ["diamond"],
        "reaction": "N2 + 3 H2 -> 2 NH3",
        "dopant": "Ni",
        "miller": [1, 1, 1],
        "pressures_gpa": [10.0],
        "element": "Fe",
        "prototype": "bcc",
    }
    args = {k: v for k, v in sample.items() if k in model.model_fields}
    assert set(required) <= set(args)
    parsed = model.model_validate(args)
    again = model.model_validate_json(parsed.model_dump_json())
    assert again == parsed


@pytest.mark.parametrize("name", SIM_TOOLS)
def test_garbage_arguments_give_a_tool_input_error_result(name: str) -> None:
    out = get_tool(name).invoke({"structure": {"formula": "Cu", "molecule": "H2O"}, "bogus": 1})
    assert set(out) == {"error"}
    assert out["error"]["type"] == "ToolInputError"
    assert "\n" not in out["error"]["message"]
