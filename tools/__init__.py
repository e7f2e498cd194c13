"""hypoloop's simulation and analysis tools (see DESIGN.md): a library on its own.

``from tools import get_tool, list_tools``. Importing this package is cheap: names resolve lazily
(PEP 562), and the registry maps tool names to modules that are imported (with ASE, pymatgen,
torch, chgnet) only when a tool is used. ``get_tool(name, ToolSettings(...))`` binds a tool to a
workspace and simulation settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.registry import get_tool, list_tools
    from tools.settings import SimulationSettings, ToolSettings

__all__ = ["SimulationSettings", "ToolSettings", "get_tool", "list_tools"]

_EXPORTS = {
    "get_tool": "tools.registry",
    "list_tools": "tools.registry",
    "SimulationSettings": "tools.settings",
    "ToolSettings": "tools.settings",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tools' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
