"""hypoloop's simulation and analysis tools (see DESIGN.md): a library on its own.

``from tools import get_tool, list_tools``. Importing this package is cheap: the registry maps
names to modules that are imported (with ASE, pymatgen, torch, chgnet) only when a tool is used.
``get_tool(name, ToolSettings(...))`` binds a tool to a workspace and simulation settings.
"""

from __future__ import annotations

from tools.registry import get_tool, list_tools
from tools.settings import SimulationSettings, ToolSettings

__all__ = ["SimulationSettings", "ToolSettings", "get_tool", "list_tools"]
