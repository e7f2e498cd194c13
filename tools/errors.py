"""The tools' own error hierarchy, rooted at :class:`ToolError`.

The tools package is a library on its own (it imports nothing of ``agent``): its callers convert
these at their boundary. The LangChain adapter turns them into ``{"error": {type, message}}`` for
the model; the CLI prints one line and exits with ``exit_code``. Raise with ``raise X(...) from e``.
"""

from __future__ import annotations


class ToolError(Exception):
    """Base of every error a simulation tool raises. ``exit_code`` is what a CLI should exit with."""

    exit_code: int = 1


class ToolInputError(ToolError):
    """Raised when a tool's arguments are invalid: unparseable structures, unknown elements or
    prototypes, negative tolerances, paths outside the workspace."""

    exit_code = 2


class UnsupportedCalculator(ToolInputError):
    """Raised when a calculator is unknown or cannot treat the requested system (EMT for Si);
    the message names the calculators that can."""


class HazardousRequest(ToolInputError):
    """Raised when the hazard policy refuses a request or a structure (docs/safety.md,
    tools/hazard_policy.py); the message is one line, "refused: <why> (policy: docs/safety.md)"."""


class StructureNotFound(ToolInputError):
    """Raised when a ``structure_id`` names no structure in the workspace."""


class SimulationFailed(ToolError):
    """Raised when a simulation ran but its result cannot be trusted: NaN or exploding energies,
    an engine crash, or a wall-time limit hit."""


class SimulationTimeout(SimulationFailed):
    """Raised when a simulation exceeds its wall-time limit."""


class ToolRegistrationError(ToolError):
    """Raised when a tool cannot be registered: it is not a LangChain tool, or it lacks a
    docstring or a description for one of its arguments (the model's contract)."""
