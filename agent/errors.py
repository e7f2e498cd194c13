"""The typed error hierarchy of hypoloop.

Every error a user can cause or meet derives from :class:`HypoloopError`. Each boundary converts
them: tools turn them into an error result the model can read, the CLI into one line on stderr
and the exit code below, notebooks see the exception itself. Raise with ``raise X(...) from e``
so ``--debug`` shows the root cause.
"""

from __future__ import annotations


class HypoloopError(Exception):
    """Base class. ``exit_code`` is what the CLI exits with when this reaches it."""

    exit_code: int = 1


class ConfigError(HypoloopError):
    """Raised when settings, a config file or a CLI option are invalid."""

    exit_code = 2


class NotBuiltYet(HypoloopError):
    """Raised by a command whose feature has not landed yet; never prints fake output."""

    exit_code = 2


class ToolInputError(HypoloopError):
    """Raised when a tool's arguments are invalid: unparseable structures, unknown elements or
    prototypes, negative tolerances, paths outside the workspace."""

    exit_code = 2


class HazardousRequest(ToolInputError):
    """Raised when a structure is, or a request names, a controlled chemical (CWC Schedules 1-3)
    or an explosive (see tools/hazards.py); the message is one line, "refused: <why>"."""


class UnsupportedCalculator(ToolInputError):
    """Raised when a calculator is unknown or cannot treat the requested system (EMT for Si);
    the message names the calculators that can."""


class SimulationFailed(HypoloopError):
    """Raised when a simulation ran but its result cannot be trusted: NaN or exploding energies,
    an engine crash, or a wall-time limit hit."""


class SimulationTimeout(SimulationFailed):
    """Raised when a simulation exceeds its wall-time limit."""


class StructureNotFound(ToolInputError):
    """Raised when a ``structure_id`` names no structure in the workspace."""


class IndexError_(HypoloopError):
    """Base for literature-index errors (named with a trailing underscore so it never shadows
    the builtin ``IndexError``)."""


class IndexNotFound(IndexError_):
    """Raised when opening an index directory that does not exist or holds no index."""

    exit_code = 2


class IndexCorrupt(IndexError_):
    """Raised when an index's files are missing, truncated or inconsistent with its manifest."""


class IndexModelMismatch(IndexError_):
    """Raised when an index is opened with an embedding model other than the one it was built
    with; mixing vector spaces would return silent garbage."""

    exit_code = 2


class SourceError(HypoloopError):
    """Raised when a literature source cannot be read at all (missing path, unknown format)."""

    exit_code = 2


class ModelError(HypoloopError):
    """Raised when the chat model cannot be reached or keeps failing after retries."""


class BatchInputError(HypoloopError):
    """Raised when a batch file is malformed (bad YAML/JSONL, missing ``claim``, duplicate ids)."""

    exit_code = 2


class RunNotFound(HypoloopError):
    """Raised when a run or thread id names no recorded run."""

    exit_code = 2


class ToolRegistrationError(HypoloopError):
    """Raised when a tool cannot be registered: it is not a LangChain tool, or it lacks a
    docstring or a description for one of its arguments (the model's contract)."""


class IndexExists(IndexError_):
    """Raised by ``LiteratureIndex.create`` when the directory already holds an index (open it
    instead, or choose another directory)."""

    exit_code = 2
