"""What the tools compute with: every registered calculator's version and weight hashes.

Run manifests and ``doctor`` ask this module, so a calculator added through the entry point is
reported like the built-ins. Nothing here imports torch or chgnet: versions come from package
metadata and weights are hashed from disk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.calculators import CalculatorInfo
    from tools.settings import SimulationSettings


def calculator_provenance(info: CalculatorInfo, settings: SimulationSettings) -> dict[str, Any]:
    """One calculator's description, origin, version and weight hashes; a calculator whose
    version cannot be read (package missing, broken plug-in) is reported with the problem."""
    out: dict[str, Any] = {"description": info.description, "source": info.source}
    try:
        out["version"] = info.version(settings)
        out["weights"] = info.weights(settings) if info.weights is not None else {}
        out["ok"] = True
    except Exception as e:  # reporting must never fail on a calculator's own bug
        out.update(ok=False, problem=f"{type(e).__name__}: {e}")
    return out


def calculators_provenance(settings: SimulationSettings) -> dict[str, Any]:
    """Every registered calculator (built-ins and plug-ins) -> :func:`calculator_provenance`."""
    from tools.calculators import registry

    return {name: calculator_provenance(info, settings) for name, info in registry().items()}


def plugin_failures() -> list[dict[str, str]]:
    """Plug-ins (calculators and tools) that failed to load: entry point name and the error."""
    from tools.calculators import registry_failures
    from tools.registry import tool_plugin_failures

    return [*registry_failures(), *tool_plugin_failures()]
