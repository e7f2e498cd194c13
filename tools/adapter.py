"""The thin LangChain adapter around a tool definition (tools/definition.py).

The core takes a validated pydantic input and the tool's settings, and returns a pydantic result
or raises a typed error. The settings are the adapter's own: bound explicitly with
:meth:`HypoloopTool.bound` (the agent binds its settings tree), else the documented defaults
(:meth:`ToolSettings.default`), never a re-load of some other configuration. The adapter turns typed errors and input validation errors into
``{"error": {"type", "message"}}`` so the model can read and react; successful results never
contain the key ``error``. Only the driver builds these; batch workers run the definitions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langchain_core.tools import BaseTool, ToolException
from pydantic import BaseModel, ValidationError

from tools.definition import Sensitivity, ToolDef, error_result, run_core, validation_message
from tools.errors import ToolError
from tools.settings import ToolSettings

__all__ = ["HypoloopTool", "as_langchain", "error_result", "validation_message"]


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
            out: dict[str, Any] = run_core(self.core, self.input_model, self.settings, kwargs)
            return out
        except ToolError as e:
            # Raised as a ToolException so LangGraph marks the ToolMessage status "error"; the
            # handler above turns it back into the same error dict for plain `.invoke(args)`.
            raise ToolException(error_result(type(e).__name__, str(e) or type(e).__name__)) from e

    def bound(self, settings: ToolSettings) -> HypoloopTool:
        """This tool working with ``settings`` (a copy; the registry's instance is unchanged)."""
        return self.model_copy(update={"settings": settings})

    def finer(self, args: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
        """The same call with settings that should not change a sound conclusion (the stress
        test's sensitivity variant, defined once by the tool), or None when none applies."""
        return self.sensitivity(args) if self.sensitivity is not None else None


def as_langchain(tool: ToolDef) -> HypoloopTool:
    """The LangChain tool of a definition, for the model and the graph."""
    return HypoloopTool(
        name=tool.name,
        description=tool.description,
        args_schema=tool.input_model,
        core=tool.core,
        input_model=tool.input_model,
        calculators=tool.calculators,
        sensitivity=tool.sensitivity,
        settings=tool.settings,
    )
