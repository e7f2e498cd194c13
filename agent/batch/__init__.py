"""Unattended batches: a YAML or JSONL file of hypotheses in, one JSONL record per item out.

The file is validated as a whole before anything runs (:mod:`agent.batch.items`); items run in
parallel on Dask, simulations on the workers and the agent loops in the driver
(:mod:`agent.batch.runner`, :mod:`agent.batch.cluster`); each record is on disk the moment it
is finished and a resume skips the ids already there (:mod:`agent.batch.results_file`); the
summary and the HTML/markdown report are rendered by :mod:`agent.batch.report`.
"""

from __future__ import annotations

from agent.batch.batch_results import BatchResults
from agent.batch.items import BatchItem, GoalItem, load_batch
from agent.batch.record import run_item
from agent.batch.results_file import done_ids, read_records
from agent.batch.runner import run_batch

__all__ = ["BatchItem", "BatchResults", "GoalItem", "done_ids", "load_batch", "read_records", "run_batch", "run_item"]
