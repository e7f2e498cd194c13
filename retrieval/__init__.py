"""Literature index: ingest papers, chunk, embed, and search them with FAISS + BM25 hybrid retrieval.

Exports are lazy (PEP 562) so ``import retrieval`` stays cheap: faiss, torch and
sentence-transformers load only when an index is opened or built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from retrieval.index import LiteratureIndex
    from retrieval.models import AddReport, Hit, RemoveReport

__all__ = ["AddReport", "Hit", "LiteratureIndex", "RemoveReport"]

_EXPORTS = {
    "LiteratureIndex": "retrieval.index",
    "Hit": "retrieval.models",
    "AddReport": "retrieval.models",
    "RemoveReport": "retrieval.models",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'retrieval' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
