"""hypoloop's simulation and analysis tools (see DESIGN.md).

``from tools import get_tool, list_tools``. Importing this package is cheap: the registry maps
names to modules that are imported (with ASE, pymatgen, torch, chgnet) only when a tool is used.
"""

from __future__ import annotations

from agent.settings import use_settings
from tools.registry import get_tool, list_tools

__all__ = ["get_tool", "list_tools", "use_settings"]
