"""Errors of the data collection. All derive from the tools' error root so the CLI prints one line
and the tool adapter turns them into an error result the model can read."""

from __future__ import annotations

from tools.errors import ToolError, ToolInputError


class DatasetError(ToolError):
    """Base class of data-collection errors."""


class DataFileError(DatasetError):
    """Raised when a file cannot be ingested at all (unreadable, unknown format, malformed); the
    message names the file (and line or frame). Nothing of that file is written."""

    exit_code = 2


class RowError(DatasetError):
    """Raised for one bad row or frame of a file that is otherwise readable; the row is skipped
    with this message as the reason."""

    exit_code = 2


class UnitError(RowError):
    """Raised when a property or unit is not in the unit table, or a value is physically
    impossible after conversion (below absolute zero)."""


class CollectionNotFound(DatasetError):
    """Raised when the collection database does not exist (nothing has been added yet)."""

    exit_code = 2


class CollectionUnavailable(DatasetError):
    """Raised when the collection's database cannot be used: a PostgreSQL server that is down,
    refuses the connection or the password, the database driver not installed (the ``postgres``
    extra), or another writer holding the collection longer than the wait allows."""


class RowNotFound(ToolInputError):
    """Raised when a ``d-...`` id names no row of the collection."""


class PublicDataUnavailable(DatasetError):
    """Raised when a public database cannot be asked: offline, no API key, the optional client
    package missing, or the server unreachable or answering with an error."""
