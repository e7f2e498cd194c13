"""The thin LangChain adapter around a pure core function.

The core takes a validated pydantic input and returns a pydantic result or raises a typed
error. The adapter turns typed errors and input validation errors into
``{"error": {"type", "message"}}`` so the model can read and react; successful results never
contain the key ``error``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langchain_core.tools import BaseTool, ToolException
from pydantic import BaseModel, ValidationError

from agent.errors import HypoloopError


def error_result(kind: str, message: str) -> dict[str, Any]:
    return {"error": {"type": kind, "message": " ".join(message.split())}}


def validation_message(e: ValidationError) -> str:
    parts = []
    for err in e.errors():
        loc = ".".join(str(x) for x in err["loc"]) or "arguments"
        msg = str(err["msg"]).removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}")
    return "invalid arguments: " + "; ".join(parts)


def _on_validation_error(e: Any) -> Any:
    # LangChain returns whatever this callable returns as the tool output.
    if isinstance(e, ValidationError):
        return error_result("ToolInputError", validation_message(e))
    return error_result("ToolInputError", str(e))


def _on_tool_error(e: ToolException) -> Any:
    payload = e.args[0] if e.args else None
    return payload if isinstance(payload, dict) else error_result("SimulationFailed", str(e))


class HypoloopTool(BaseTool):
    """A hypoloop tool: validated input model -> core function -> JSON-able dict."""

    core: Callable[[Any], BaseModel]
    input_model: type[BaseModel]
    calculators: list[str] = []
    handle_validation_error: Any = _on_validation_error
    handle_tool_error: Any = _on_tool_error

    def _run(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("run_manager", None)
        try:
            params = self.input_model.model_validate(kwargs)
            return self.core(params).model_dump(mode="json")
        except ValidationError as e:
            return error_result("ToolInputError", validation_message(e))
        except HypoloopError as e:
            # Raised as a ToolException so LangGraph marks the ToolMessage status "error"; the
            # handler below turns it back into the same error dict for plain `.invoke(args)`.
            raise ToolException(error_result(type(e).__name__, str(e) or type(e).__name__)) from e


def make_tool(
    name: str,
    core: Callable[[Any], BaseModel],
    input_model: type[BaseModel],
    calculators: list[str] | None = None,
) -> HypoloopTool:
    """Wrap ``core``; its docstring becomes the description the model reads."""
    doc = " ".join((core.__doc__ or "").split())
    return HypoloopTool(
        name=name,
        description=doc,
        args_schema=input_model,
        core=core,
        input_model=input_model,
        calculators=calculators or [],
    )
