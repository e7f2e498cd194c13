"""The one explicit tool registry: name -> "module:attribute", imported on first use.

Built-in tools are listed here; third-party tools plug in through the entry-point group
``hypoloop.tools`` (an entry point loads to a LangChain ``BaseTool``). A tool registers only with
a docstring and a description for every argument (the docstring is the model's contract,
DESIGN.md style 4): :func:`check_documented` enforces it at load time.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING, Any

from tools.errors import ToolInputError, ToolRegistrationError

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from tools.definition import ToolDef
    from tools.settings import ToolSettings

TOOL_ENTRY_POINT_GROUP = "hypoloop.tools"

TOOLS: dict[str, str] = {
    "build_structure": "tools.building:build_structure_tool",
    "single_point": "tools.single_point:single_point_tool",
    "analyze_structure": "tools.building:analyze_structure_tool",
    "relax_structure": "tools.relax:relax_structure_tool",
    "equation_of_state": "tools.eos:equation_of_state_tool",
    "compare_polymorphs": "tools.polymorphs:compare_polymorphs_tool",
    "formation_energy": "tools.formation:formation_energy_tool",
    "enthalpy_vs_pressure": "tools.enthalpy:enthalpy_vs_pressure_tool",
    "molecule_geometry": "tools.molecules:molecule_geometry_tool",
    "vibrational_modes": "tools.molecules:vibrational_modes_tool",
    "thermochemistry": "tools.thermo:thermochemistry_tool",
    "reaction_energy": "tools.reactions:reaction_energy_tool",
    "electronic_properties": "tools.electronic:electronic_properties_tool",
    "run_md": "tools.md:run_md_tool",
    "elastic_constants": "tools.elastic:elastic_constants_tool",
    "vacancy_formation_energy": "tools.defects:vacancy_formation_energy_tool",
    "substitution_energy": "tools.defects:substitution_energy_tool",
    "interstitial_energy": "tools.defects:interstitial_energy_tool",
    "surface_energy": "tools.surfaces:surface_energy_tool",
    "magnetic_moments": "tools.magnetism:magnetic_moments_tool",
    "magnetic_states": "tools.magnetic_states:magnetic_states_tool",
    "cohesive_energy": "tools.cohesive:cohesive_energy_tool",
    "phonons": "tools.phonons:phonons_tool",
    "thermal_expansion": "tools.thermal_expansion:thermal_expansion_tool",
    "literature_search": "retrieval.tool:literature_search",
    "data_query": "tools.datasets.tool:data_query_tool",
}
# One-line descriptions and calculators for `list_tools`, so listing never imports the tools.
SUMMARIES: dict[str, tuple[str, list[str]]] = {
    "build_structure": ("Build or load a structure, store it in the workspace, return its id and symmetry.", []),
    "single_point": ("Energy, forces and stress of a structure with one calculator.", ["emt", "chgnet", "sevennet", "xtb", "pyscf"]),
    "analyze_structure": ("Spacegroup, density, volume per atom, coordination and strongest XRD peaks.", []),
    "relax_structure": ("Relax atomic positions (and the cell) to a local energy minimum.", ["emt", "chgnet", "sevennet", "xtb", "pyscf"]),
    "equation_of_state": ("Volume scan + Birch-Murnaghan fit: equilibrium volume, lattice constant, bulk modulus.", ["emt", "chgnet", "sevennet"]),
    "compare_polymorphs": ("Rank crystal prototypes of one formula by relaxed energy per atom.", ["emt", "chgnet", "sevennet"]),
    "enthalpy_vs_pressure": ("Enthalpy H = E + PV of several structures vs pressure from their fitted EOS; transition pressures.", ["emt", "chgnet", "sevennet"]),
    "formation_energy": ("Formation energy per atom against elemental references from the same calculator.", ["emt", "chgnet", "sevennet"]),
    "molecule_geometry": ("Optimise a molecule: bond lengths, angles, linear/planar flags.", ["xtb", "pyscf", "emt"]),
    "vibrational_modes": ("Harmonic vibrational frequencies (cm^-1) and zero-point energy of a molecule.", ["xtb", "pyscf", "emt"]),
    "thermochemistry": ("Ideal-gas ZPE, enthalpy, entropy and Gibbs energy of a molecule at T and p.", ["xtb", "pyscf", "emt"]),
    "reaction_energy": ("Delta E, Delta H(T), Delta G(T) of a balanced gas-phase reaction (names, formulas, SMILES).", ["xtb", "pyscf", "emt"]),
    "electronic_properties": ("HOMO-LUMO gap, dipole moment and IR spectrum of a molecule (GFN2-xTB or DFT).", ["xtb", "pyscf"]),
    "run_md": ("Short NVT Langevin molecular dynamics: mean temperature, energy drift, final structure.", ["emt", "chgnet", "sevennet", "xtb"]),
    "elastic_constants": ("Elastic constants by finite strains: C11, C12, C44 / 6x6 tensor, VRH moduli, Pugh ratio, Born stability.", ["emt", "chgnet", "sevennet"]),
    "vacancy_formation_energy": ("Vacancy formation energy (eV) with relaxed ions, over supercells of increasing size.", ["emt", "chgnet", "sevennet"]),
    "substitution_energy": ("Energy of putting a dopant on a host site (eV), over supercells of increasing size.", ["emt", "chgnet", "sevennet"]),
    "interstitial_energy": ("Energy of an interstitial atom at the largest void (eV), over supercells of increasing size.", ["emt", "chgnet", "sevennet"]),
    "surface_energy": ("Surface energy of an (hkl) slab in J/m^2, converged in slab thickness and vacuum.", ["emt", "chgnet", "sevennet"]),
    "magnetic_moments": ("Predicted magnetic moments per site and in total (CHGNet); spin-state comparison where supported.", ["chgnet"]),
    "magnetic_states": ("Spin-polarised PBE (PySCF) energies and moments of an elemental metal's non-, ferro- and antiferromagnetic states.", ["pyscf"]),
    "cohesive_energy": ("Cohesive energy per atom (isolated atoms minus crystal) where the calculator treats free atoms.", ["emt"]),
    "phonons": ("Phonons by finite displacements (phonopy): imaginary modes / dynamical stability, DOS, F_vib(T), supercell convergence.", ["emt", "chgnet", "sevennet"]),
    "thermal_expansion": ("Quasi-harmonic a(T) and linear thermal expansion coefficient alpha(T) with its fit error.", ["emt", "chgnet", "sevennet"]),
    "literature_search": ("Search the literature index for passages relevant to a query.", []),
    "data_query": ("Structures and measured values from the user's data collection, with provenance.", []),
}  # fmt: skip


_PLUGIN_FAILURES: dict[str, dict[str, str]] = {}


@cache
def _plugins() -> dict[str, Any]:
    """Entry points of the ``hypoloop.tools`` group by tool name (loaded on first use; listing
    reads only their names). A built-in name cannot be taken over by a plug-in."""
    import importlib.metadata as md

    found: dict[str, Any] = {}
    for ep in md.entry_points(group=TOOL_ENTRY_POINT_GROUP):
        if ep.name in TOOLS:
            _fail(ep.name, "a built-in tool has this name; the plug-in is ignored")
            continue
        found[ep.name] = ep
    return found


def known() -> list[str]:
    return [*TOOLS, *_plugins()]


def source_of(name: str) -> str:
    """Where a tool comes from: "built-in" or "plug-in <entry point> (<distribution>)"."""
    if name in TOOLS:
        return "built-in"
    ep = _plugins()[name]
    return f"plug-in {ep.name} ({ep.dist.name if ep.dist is not None else '?'})"


def list_tools() -> list[dict[str, Any]]:
    """Every registered tool: name, one-line description, calculators and source. Imports no
    built-in tool module; a plug-in's description is read from the plug-in itself."""
    out = [
        {
            "name": n,
            "description": SUMMARIES.get(n, ("", []))[0],
            "calculators": SUMMARIES.get(n, ("", []))[1],
            "source": "built-in",
        }
        for n in TOOLS
    ]
    for name in _plugins():
        try:
            tool = _load(name)
        except ToolInputError:
            continue  # recorded in tool_plugin_failures()
        summary = (tool.description or "").split(". ")[0]
        calcs = list(getattr(tool, "calculators", []) or [])
        out.append({"name": name, "description": summary, "calculators": calcs, "source": source_of(name)})
    return out


def tool_plugin_failures() -> list[dict[str, str]]:
    """Tool plug-ins that failed to load (entry point name and error)."""
    for name in _plugins():
        try:
            _load(name)
        except ToolInputError:
            pass
    return list(_PLUGIN_FAILURES.values())


def _fail(name: str, error: str) -> None:
    _PLUGIN_FAILURES[name] = {"group": TOOL_ENTRY_POINT_GROUP, "name": name, "error": error}


def get_tool(name: str, settings: ToolSettings | None = None) -> BaseTool:
    """The LangChain tool ``name`` (imported on first use). With ``settings`` it is a copy bound
    to them (workspace, cache, simulation limits); without, it uses :meth:`ToolSettings.default`."""
    if name not in TOOLS and name not in _plugins():
        raise ToolInputError(f"unknown tool {name!r}; known tools: {', '.join(known())}")
    tool = _load(name)
    bind = getattr(tool, "bound", None)
    return bind(settings) if settings is not None and callable(bind) else tool


def definition(name: str, settings: ToolSettings | None = None) -> ToolDef | None:
    """A built-in simulation tool's plain definition, bound to ``settings``, without LangChain
    (what batch workers run); None for a tool that is a LangChain tool of its own (a plug-in,
    the literature search)."""
    from tools.definition import ToolDef

    if name not in TOOLS:
        return None
    module_name, _, attr = TOOLS[name].partition(":")
    tool = getattr(importlib.import_module(module_name), attr)
    if not isinstance(tool, ToolDef):
        return None
    return tool.bound(settings) if settings is not None else tool


@cache
def _load(name: str) -> BaseTool:
    try:
        if name in TOOLS:
            module_name, _, attr = TOOLS[name].partition(":")
            obj = getattr(importlib.import_module(module_name), attr)
        else:
            obj = _plugins()[name].load()
    except Exception as e:  # a plug-in's own bug must surface as a clear message, not a crash
        target = TOOLS.get(name) or _plugins()[name].value
        if name not in TOOLS:
            _fail(name, f"{type(e).__name__}: {e}")
        raise ToolInputError(f"tool {name!r} is unavailable: cannot import {target} ({e})") from e
    if name in TOOLS:
        from tools.adapter import as_langchain
        from tools.definition import ToolDef

        # Simulation tools are plain definitions; the literature tool is a LangChain tool itself.
        tool = as_langchain(obj) if isinstance(obj, ToolDef) else obj
        check_documented(tool)
        return tool
    try:
        check_documented(obj)
    except ToolRegistrationError as e:
        _fail(name, str(e))
        raise ToolInputError(f"tool {name!r} is unavailable: {e}") from e
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
