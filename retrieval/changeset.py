"""Deciding what an ``add`` changes: new, updated, unchanged and duplicate documents.

Dedupe is by content (sha256 of title and text): the same content under another id is a
duplicate; the same id with the same content is unchanged (re-adding a corpus costs a read and
a hash per document, nothing else); the same id with new content replaces the old version.
Ids taken from file names that collide with another file's get a short path-hash suffix.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from retrieval.models import AddReport, Progress, ReportItem, SourceDoc
from retrieval.sources import Problem


@dataclass
class Plan:
    """The changes of one write."""

    report: AddReport
    docs: list[SourceDoc] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)
    delete_ids: set[str] = field(default_factory=set)

    @property
    def changes(self) -> bool:
        return bool(self.docs or self.delete_ids)


def content_hash(doc: SourceDoc) -> str:
    return hashlib.sha256(f"{doc.title}\x00{doc.full_text()}".encode()).hexdigest()


def plan_additions(
    db: sqlite3.Connection, reads: Iterable[SourceDoc | Problem], progress: Callable[[Progress], Any] | None
) -> Plan:
    existing = {r[0]: (r[1], r[2]) for r in db.execute("SELECT doc_id, content_hash, source FROM documents")}
    by_hash = {h: i for i, (h, _) in existing.items()}
    plan = Plan(report=AddReport())
    batch_ids: dict[str, str] = {}
    n = 0
    for item in reads:
        n += 1
        if progress and n % 200 == 0:
            progress(Progress(stage="read", documents=n))
        if isinstance(item, Problem):
            (plan.report.skipped if item.kind == "skipped" else plan.report.errors).append(item.item)
            continue
        _decide(plan, item, existing, by_hash, batch_ids)
    if progress:
        progress(Progress(stage="read", documents=n))
    return plan


def _decide(
    plan: Plan,
    doc: SourceDoc,
    existing: dict[str, tuple[str, str]],
    by_hash: dict[str, str],
    batch_ids: dict[str, str],
) -> None:
    h = content_hash(doc)
    old = existing.get(doc.doc_id)
    if doc.path_derived_id and (
        (old and old[1] != doc.source) or batch_ids.get(doc.doc_id, doc.source) != doc.source
    ):
        # Two different files named alike (a/paper.pdf, b/paper.pdf): keep both, distinguishably.
        suffix = hashlib.sha256(doc.source.encode()).hexdigest()[:6]
        doc = doc.model_copy(update={"doc_id": f"{doc.doc_id}-{suffix}", "path_derived_id": False})
        old = existing.get(doc.doc_id)
    report = plan.report
    if doc.doc_id in batch_ids:
        report.duplicates.append(
            ReportItem(source=doc.source, reason=f"id {doc.doc_id!r} repeated; first kept")
        )
        return
    if old is not None and old[0] == h:
        report.unchanged.append(doc.doc_id)
        batch_ids[doc.doc_id] = doc.source
        return
    twin = by_hash.get(h)
    if twin is not None and twin != doc.doc_id:
        report.duplicates.append(
            ReportItem(source=f"{doc.source} ({doc.doc_id})", reason=f"same content as {twin!r}")
        )
        return
    if old is not None:
        plan.delete_ids.add(doc.doc_id)
        report.updated.append(doc.doc_id)
    else:
        report.added.append(doc.doc_id)
    batch_ids[doc.doc_id] = doc.source
    by_hash[h] = doc.doc_id
    plan.docs.append(doc)
    plan.hashes.append(h)
