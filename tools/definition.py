"""A tool as plain data: its name, description, input model, pure core and stress variant, with
no LangChain in sight.

Tool modules define their tools here (:func:`make_tool`). The driver wraps a definition in the
LangChain adapter (tools/adapter.py) for the model and the graph; a batch worker runs the
definition itself (:meth:`ToolDef.invoke`, through tools/remote.py), so a worker never imports
LangChain (~2.5 s of its start-up). Both paths validate, run and report errors the same way:
input and typed tool errors become ``{"error": {"type", "message"}}``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel, ValidationError

from tools.errors import ToolError
from tools.settings import ToolSettings

# A tool's stress-test variant: (the call's args) -> (finer args, what changed in words), or None
# when the tool has no setting that matters for this call.
Sensitivity = Callable[[dict[str, Any]], "tuple[dict[str, Any], str] | None"]
Core = Callable[[Any, ToolSettings], BaseModel]


def error_result(kind: str, message: str) -> dict[str, Any]:
    return {"error": {"type": kind, "message": " ".join(message.split())}}


def validation_message(e: ValidationError) -> str:
    parts = []
    for err in e.errors():
        loc = ".".join(str(x) for x in err["loc"]) or "arguments"
        msg = str(err["msg"]).removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}")
    return "invalid arguments: " + "; ".join(parts)


def run_core(core: Core, input_model: type[BaseModel], settings: ToolSettings | None, args: dict[str, Any]) -> Any:
    """Validate ``args``, run the core, return its JSON-able result. An invalid input is returned
    as an error dict; a typed tool error is raised (each caller reports it its own way)."""
    try:
        params = input_model.model_validate(args)
    except ValidationError as e:
        return error_result("ToolInputError", validation_message(e))
    return core(params, settings if settings is not None else ToolSettings.default()).model_dump(mode="json")


@dataclass(frozen=True)
class ToolDef:
    """One built-in tool. ``settings``: what it is bound to (None: the documented defaults)."""

    name: str
    description: str
    core: Core
    input_model: type[BaseModel]
    calculators: list[str] = field(default_factory=list)
    sensitivity: Sensitivity | None = None
    settings: ToolSettings | None = None

    def invoke(self, args: dict[str, Any]) -> Any:
        """The tool's JSON result for ``args``, or its error dict (as the LangChain tool gives)."""
        try:
            return run_core(self.core, self.input_model, self.settings, args)
        except ToolError as e:
            return error_result(type(e).__name__, str(e) or type(e).__name__)

    def bound(self, settings: ToolSettings) -> ToolDef:
        return replace(self, settings=settings)

    def finer(self, args: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
        """The stress test's sensitivity variant of this call (see tools/adapter.py)."""
        return self.sensitivity(args) if self.sensitivity is not None else None


def make_tool(
    name: str,
    core: Core,
    input_model: type[BaseModel],
    calculators: list[str] | None = None,
    sensitivity: Sensitivity | None = None,
) -> ToolDef:
    """Define a tool; ``core``'s docstring becomes the description the model reads."""
    doc = " ".join((core.__doc__ or "").split())
    return ToolDef(name, doc, core, input_model, calculators or [], sensitivity)
