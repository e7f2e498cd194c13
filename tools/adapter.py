"""The thin LangChain adapter around a pure core function.

The core takes a validated pydantic input and the tool's settings, and returns a pydantic result
or raises a typed error. The settings are the adapter's own: bound explicitly with
:meth:`HypoloopTool.bound` (the agent binds its settings tree), else the documented defaults
(:meth:`ToolSettings.default`), never a re-load of some other configuration. The adapter turns typed errors and input validation errors into
``{"error": {"type", "message"}}`` so the model can read and react; successful results never
contain the key ``error``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langchain_core.tools import BaseTool, ToolException
from pydantic import BaseModel, ValidationError

from tools.errors import ToolError
from tools.settings import ToolSettings

# A tool's stress-test variant: (the call's args) -> (finer args, what changed in words), or None
# when the tool has no setting that matters for this call.
Sensitivity = Callable[[dict[str, Any]], "tuple[dict[str, Any], str] | None"]


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

    core: Callable[[Any, ToolSettings], BaseModel]
    input_model: type[BaseModel]
    calculators: list[str] = []
    settings: ToolSettings | None = None
    sensitivity: Sensitivity | None = None
    handle_validation_error: Any = _on_validation_error
    handle_tool_error: Any = _on_tool_error

    def _run(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("run_manager", None)
        try:
            params = self.input_model.model_validate(kwargs)
            settings = self.settings if self.settings is not None else ToolSettings.default()
            return self.core(params, settings).model_dump(mode="json")
        except ValidationError as e:
            return error_result("ToolInputError", validation_message(e))
        except ToolError as e:
            # Raised as a ToolException so LangGraph marks the ToolMessage status "error"; the
            # handler below turns it back into the same error dict for plain `.invoke(args)`.
            raise ToolException(error_result(type(e).__name__, str(e) or type(e).__name__)) from e

    def bound(self, settings: ToolSettings) -> HypoloopTool:
        """This tool working with ``settings`` (a copy; the registry's instance is unchanged)."""
        return self.model_copy(update={"settings": settings})

    def finer(self, args: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
        """The same call with settings that should not change a sound conclusion (the stress
        test's sensitivity variant, defined once by the tool), or None when none applies."""
        return self.sensitivity(args) if self.sensitivity is not None else None


def make_tool(
    name: str,
    core: Callable[[Any, ToolSettings], BaseModel],
    input_model: type[BaseModel],
    calculators: list[str] | None = None,
    sensitivity: Sensitivity | None = None,
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
        sensitivity=sensitivity,
    )
