"""Run records: a manifest (versions, model, weight hashes, seeds, prompts, settings; never a
key), a ledger of every tool call, and the result, under ``<home>/runs/<run_id>/``."""

from __future__ import annotations

from agent.runs.catalog import list_runs, load_run, read_ledger, verdict_label
from agent.runs.manifest import RunKind, RunManifest, RunStatus
from agent.runs.recorder import RunRecorder, new_run_id, write_json_atomic

__all__ = [
    "RunKind",
    "RunManifest",
    "RunRecorder",
    "RunStatus",
    "list_runs",
    "load_run",
    "new_run_id",
    "read_ledger",
    "verdict_label",
    "write_json_atomic",
]
