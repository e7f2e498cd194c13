"""OpenAI strict function-calling rules, as the fake server (tests/fake_openai.py) enforces them.

A request whose tools carry ``"strict": true`` with a schema that OpenAI would refuse gets the
same kind of 400 from the fake, so "every tool's schema is accepted for strict function calling"
is testable offline.
"""

from __future__ import annotations

from typing import Any

# Keywords OpenAI's strict mode (structured outputs) rejects.
_STRICT_UNSUPPORTED = (
    "allOf", "oneOf", "not", "if", "then", "else", "dependentRequired", "dependentSchemas",
    "patternProperties", "unevaluatedProperties", "propertyNames", "minProperties", "maxProperties",
    "unevaluatedItems", "contains", "minContains", "maxContains", "uniqueItems",
)  # fmt: skip
_STRICT_MAX_DEPTH = 10


def strict_schema_problems(schema: Any) -> list[str]:
    """Why OpenAI strict mode would reject a function's ``parameters`` schema (empty = accepted):
    the root must be an object, not ``anyOf``; every object lists all its properties in
    ``required`` and sets ``additionalProperties: false``; composition keywords other than
    ``anyOf`` and a few validation keywords are unsupported; nesting is at most 10 levels."""
    problems: list[str] = []
    if not isinstance(schema, dict) or schema.get("type") != "object":
        return ["root: the parameters schema must be of type 'object'"]
    if "anyOf" in schema:
        problems.append("root: must not be 'anyOf'")
    _check_node(schema, "root", 0, problems)
    for name, sub in (schema.get("$defs") or schema.get("definitions") or {}).items():
        _check_node(sub, f"$defs.{name}", 1, problems)
    return problems


def _check_node(node: Any, where: str, depth: int, problems: list[str]) -> None:
    if not isinstance(node, dict):
        return
    if depth > _STRICT_MAX_DEPTH:
        problems.append(f"{where}: nested deeper than {_STRICT_MAX_DEPTH} levels")
        return
    for key in _STRICT_UNSUPPORTED:
        if key in node:
            problems.append(f"{where}: keyword '{key}' is not supported")
    types = node.get("type")
    is_object = types == "object" or (isinstance(types, list) and "object" in types) or "properties" in node
    if is_object:
        props = node.get("properties") or {}
        missing = sorted(set(props) - set(node.get("required") or []))
        if missing:
            problems.append(f"{where}: 'required' must list every property; missing {missing}")
        if node.get("additionalProperties") is not False:
            problems.append(f"{where}: 'additionalProperties' must be false")
        for name, sub in props.items():
            _check_node(sub, f"{where}.{name}", depth + 1, problems)
    if isinstance(node.get("items"), dict):
        _check_node(node["items"], f"{where}[]", depth + 1, problems)
    for i, sub in enumerate(node.get("anyOf") or []):
        _check_node(sub, f"{where}.anyOf[{i}]", depth + 1, problems)


def strict_rejection(body: dict[str, Any]) -> str | None:
    """The 400 message for a request with an invalid strict tool schema, or None."""
    for tool in body.get("tools") or []:
        fn = tool.get("function") or {}
        if fn.get("strict") is True:
            problems = strict_schema_problems(fn.get("parameters"))
            if problems:
                return f"Invalid schema for function '{fn.get('name')}': " + "; ".join(problems)
    return None
