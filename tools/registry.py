"""The one explicit tool registry: name -> "module:attribute", imported on first use.

A tool registers only with a docstring and a description for every argument (the docstring is
the model's contract, DESIGN.md style 4): :func:`check_documented` enforces it at load time.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING, Any

from agent.errors import ToolInputError, ToolRegistrationError

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

TOOLS: dict[str, str] = {
    "build_structure": "tools.basic:build_structure_tool",
    "single_point": "tools.basic:single_point_tool",
    "analyze_structure": "tools.basic:analyze_structure_tool",
    "relax_structure": "tools.relax:relax_structure_tool",
    "equation_of_state": "tools.eos:equation_of_state_tool",
    "compare_polymorphs": "tools.polymorphs:compare_polymorphs_tool",
    "formation_energy": "tools.formation:formation_energy_tool",
    "molecule_geometry": "tools.molecules:molecule_geometry_tool",
    "vibrational_modes": "tools.molecules:vibrational_modes_tool",
    "run_md": "tools.md:run_md_tool",
    "literature_search": "retrieval.tool:literature_search",
    "data_query": "tools.datasets.tool:data_query_tool",
}
# One-line descriptions and calculators for `list_tools`, so listing never imports the tools.
SUMMARIES: dict[str, tuple[str, list[str]]] = {
    "build_structure": ("Build or load a structure, store it in the workspace, return its id and symmetry.", []),
    "single_point": ("Energy, forces and stress of a structure with one calculator.", ["emt", "chgnet", "xtb"]),
    "analyze_structure": ("Spacegroup, density, volume per atom, coordination and strongest XRD peaks.", []),
    "relax_structure": ("Relax atomic positions (and the cell) to a local energy minimum.", ["emt", "chgnet", "xtb"]),
    "equation_of_state": ("Volume scan + Birch-Murnaghan fit: equilibrium volume, lattice constant, bulk modulus.", ["emt", "chgnet"]),
    "compare_polymorphs": ("Rank crystal prototypes of one formula by relaxed energy per atom.", ["emt", "chgnet"]),
    "formation_energy": ("Formation energy per atom against elemental references from the same calculator.", ["emt", "chgnet"]),
    "molecule_geometry": ("Optimise a molecule: bond lengths, angles, linear/planar flags.", ["xtb", "emt"]),
    "vibrational_modes": ("Harmonic vibrational frequencies (cm^-1) and zero-point energy of a molecule.", ["xtb", "emt"]),
    "run_md": ("Short NVT Langevin molecular dynamics: mean temperature, energy drift, final structure.", ["emt", "chgnet", "xtb"]),
    "literature_search": ("Search the literature index for passages relevant to a query.", []),
    "data_query": ("Structures and measured values from the user's data collection, with provenance.", []),
}  # fmt: skip


def known() -> list[str]:
    return list(TOOLS)


def list_tools() -> list[dict[str, Any]]:
    """Every registered tool: name, one-line description, calculators. Imports nothing heavy."""
    return [
        {
            "name": n,
            "description": SUMMARIES.get(n, ("", []))[0],
            "calculators": SUMMARIES.get(n, ("", []))[1],
        }
        for n in TOOLS
    ]


def get_tool(name: str) -> BaseTool:
    """The LangChain tool ``name`` (imported on first use)."""
    if name not in TOOLS:
        raise ToolInputError(f"unknown tool {name!r}; known tools: {', '.join(TOOLS)}")
    return _load(name)


@cache
def _load(name: str) -> BaseTool:
    module_name, _, attr = TOOLS[name].partition(":")
    try:
        obj = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as e:
        raise ToolInputError(f"tool {name!r} is unavailable: cannot import {TOOLS[name]} ({e})") from e
    check_documented(obj)
    return obj


def check_documented(tool: Any) -> None:
    """Refuse a tool without a description or with an undocumented argument."""
    from langchain_core.tools import BaseTool

    if not isinstance(tool, BaseTool):
        raise ToolRegistrationError(f"{tool!r} is not a LangChain BaseTool")
    if len((tool.description or "").strip()) < 10:
        raise ToolRegistrationError(f"tool {tool.name!r} has no docstring/description")
    schema = tool.tool_call_schema
    json_schema: dict[str, Any] = (
        schema.model_json_schema() if not isinstance(schema, dict) else dict(schema)  # type: ignore[union-attr]
    )
    missing = _undocumented(json_schema)
    if missing:
        raise ToolRegistrationError(f"tool {tool.name!r} has undocumented arguments: {', '.join(missing)}")


def _undocumented(schema: dict[str, Any], prefix: str = "") -> list[str]:
    out = [f"{prefix}{k}" for k, v in schema.get("properties", {}).items() if not v.get("description")]
    for def_name, sub in schema.get("$defs", {}).items():
        out += _undocumented(sub, f"{def_name}.")
    return out
