"""The literature index's own error hierarchy, rooted at :class:`RetrievalError`.

The retrieval package is a library on its own (it imports nothing of ``agent``); callers convert
these at their boundary (the literature tool into an error result, the CLI into one line and
``exit_code``). Raise with ``raise X(...) from e``.
"""

from __future__ import annotations


class RetrievalError(Exception):
    """Base of every literature-index error. ``exit_code`` is what a CLI should exit with."""

    exit_code: int = 1


class RetrievalConfigError(RetrievalError):
    """Raised for invalid retrieval settings, an unknown search mode or source format, or an
    embedding model that cannot be found or loaded."""

    exit_code = 2


class IndexNotFound(RetrievalError):
    """Raised when opening an index directory that does not exist or holds no index."""

    exit_code = 2


class IndexExists(RetrievalError):
    """Raised by ``LiteratureIndex.create`` when the directory already holds an index (open it
    instead, or choose another directory)."""

    exit_code = 2


class IndexCorrupt(RetrievalError):
    """Raised when an index's files are missing, truncated or inconsistent with its manifest."""


class IndexModelMismatch(RetrievalError):
    """Raised when an index is opened with an embedding model other than the one it was built
    with; mixing vector spaces would return silent garbage."""

    exit_code = 2


class SourceError(RetrievalError):
    """Raised when a literature source cannot be read at all (missing path, unknown format)."""

    exit_code = 2
