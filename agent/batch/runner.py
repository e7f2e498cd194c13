"""``run_batch``: every item of a batch tested, each record on disk the moment it is finished.

Each in-flight hypothesis runs its agent loop in a driver thread (the language model or the
offline planner stays here); its simulation tool calls go to the Dask workers. A few more
hypotheses than workers are kept in flight so the workers stay busy while the driver plans, and
the costliest start first (agent/batch/schedule.py) so the batch does not end on one long job.
Only the driver's main thread writes the results file, so records never interleave.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.batch.batch_results import BatchResults
from agent.batch.items import Item, load_batch
from agent.batch.prefetch import Prefetcher
from agent.batch.record import failed_record, run_item
from agent.batch.results_file import ResultsFile, done_ids
from agent.batch.schedule import costliest_first
from agent.errors import ConfigError, WorkerLost
from agent.interrupts import check, interrupts_kept

if TYPE_CHECKING:
    from agent.assistant import Assistant
    from agent.settings import ClusterKind, ClusterSettings, Settings

# A hypothesis whose worker died is run once more, then recorded as failed.
MAX_ATTEMPTS = 2
# Hypotheses in flight per Dask worker: the driver plans one while the worker computes another.
IN_FLIGHT_PER_WORKER = 2

# on_event(kind, item_id): kind is "start", "retry", "done" (a verdict) or "failed" (an error).
EventHook = Callable[[str, str], None]
_Outcome = tuple[Item, "dict[str, Any] | None", "WorkerLost | None"]
# No Dask: no executor, one hypothesis at a time, nothing to say about where a record ran.
_NO_DASK: tuple[Any, Callable[[], int], Callable[[], dict[str, Any]]] = (None, lambda: 1, dict)


def run_batch(
    items: Iterable[Item] | Path | str,
    settings: Settings | None = None,
    *,
    out: Path | str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    cluster: ClusterKind | None = None,
    resume: bool = False,
    assistant: Assistant | None = None,
    on_record: Callable[[dict[str, Any]], None] | None = None,
    on_event: EventHook | None = None,
    on_plan: Callable[[int, int], None] | None = None,
) -> BatchResults:
    """Test every item; returns the records of this call, in the order they finished (a list that
    renders as a table in Jupyter and converts with ``.to_dataframe()``).

    ``items``: a batch file (validated as a whole first) or :class:`BatchItem` / :class:`GoalItem` objects.
    ``out``: results JSONL, each record appended and fsynced as it finishes; an ``out`` that
    already holds results needs ``resume=True``, which skips the ids already there.
    ``workers``: size of the embedded Dask ``LocalCluster`` (default: one per core; ``0``: no
    Dask, tools run in this process one hypothesis at a time). ``scheduler``: the address of
    an existing Dask cluster instead. ``cluster``: 'slurm' or 'pbs' submits worker jobs
    (``settings.cluster``: jobs, queue, cores, memory, walltime...; they are cancelled when the
    batch ends or is interrupted, and each record's ``cluster.jobs`` names them); default
    ``settings.cluster.kind``. ``on_plan(total, already_done)`` is called once before the
    first item starts; ``on_event`` and ``on_record`` as each item progresses (progress bars).
    """
    from agent.assistant import Assistant
    from agent.graph.warm import import_run_modules
    from agent.settings import Settings

    todo = load_batch(Path(items)) if isinstance(items, (str, Path)) else list(items)
    settings = settings or (assistant.settings if assistant is not None else Settings.load())
    jobs = job_settings(settings, cluster, workers, scheduler)
    with ExitStack() as stack:
        # First: a Ctrl-C or SIGTERM while the cluster starts cancels its jobs like one later on.
        stack.enter_context(interrupts_kept())
        # Nothing is created before the cluster is up: a wrong scheduler address leaves no file.
        already = done_ids(Path(out)) if out is not None and resume else set()
        todo, total = [it for it in todo if it.id not in already], len(todo)
        executor, slots, annotate = _dask(stack, settings, workers, scheduler, jobs) if todo else _NO_DASK
        results = None
        if out is not None:
            results = stack.enter_context(ResultsFile(Path(out), resume=resume))
            todo = [it for it in todo if it.id not in results.done]  # under the lock: authoritative
        if on_plan is not None:
            on_plan(total, total - len(todo))
        if not todo:
            return BatchResults()
        calculator = settings.simulation.default_calculator
        if executor is not None:  # in parallel only: one at a time, the order changes nothing
            todo = costliest_first(todo, calculator)
        if assistant is None:
            assistant = Assistant(settings, tool_executor=executor)
        elif executor is not None:
            stack.enter_context(_lent(assistant, tool_executor=executor))
        ahead = None
        if executor is not None and assistant.offline:
            # The offline planner's calls are known from each claim's text: the workers start
            # on them now, while the driver still loads its agent modules and between turns.
            ahead = stack.enter_context(Prefetcher(executor, todo, calculator))
        if scheduler:
            # Workers already up: they compute the calls sent ahead while this imports (an
            # embedded cluster's warm-up ran while its workers started). Once here, rather than
            # in the first hypotheses' threads, which measured ~1.5 s slower side by side.
            import_run_modules(settings)
        # Each claim is checkpointed once, as its run ends: a batch resumes by claim (--resume),
        # and per-step checkpoints cost driver CPU that the workers' cores need.
        stack.enter_context(_lent(assistant, durability="exit"))
        hooks = (on_record, on_event, annotate)
        return BatchResults(_drive(assistant, todo, slots, results, hooks, ahead))


def job_settings(
    settings: Settings, cluster: ClusterKind | None, workers: int | None, scheduler: str | None
) -> ClusterSettings | None:
    """The Slurm/PBS section to submit jobs with, or None for a local cluster or an address."""
    kind = cluster or settings.cluster.kind
    if kind == "local":
        return None
    if scheduler:
        raise ConfigError(f"--cluster {kind} starts its own scheduler: drop --scheduler")
    if workers is not None:
        raise ConfigError(f"--workers is for the local cluster; with --cluster {kind} set --jobs and cluster.cores")
    return settings.cluster.model_copy(update={"kind": kind})


def _dask(
    stack: ExitStack, settings: Settings, workers: int | None, scheduler: str | None, jobs: ClusterSettings | None
) -> tuple[Any, Callable[[], int], Callable[[], dict[str, Any]]]:
    """The tool executor, the in-flight limit and what each record says of where it ran:
    Dask's, or none (``workers=0``: one at a time)."""
    if workers == 0 and not scheduler and jobs is None:
        return _NO_DASK
    from agent.batch.cluster import DaskCluster, DaskToolExecutor
    from agent.graph.warm import import_run_modules

    logs = (jobs.log_directory if jobs is not None else None) or settings.home / "cluster-logs"
    cluster = stack.enter_context(
        DaskCluster(
            workers, scheduler, while_starting=lambda: import_run_modules(settings), jobs=jobs, log_directory=logs
        )
    )
    executor = DaskToolExecutor(cluster.client, settings.tool_settings(), cluster.capacity)
    return executor, lambda: IN_FLIGHT_PER_WORKER * cluster.capacity(), cluster.record_fields


def _drive(
    assistant: Assistant,
    todo: list[Item],
    slots: Callable[[], int],
    results: ResultsFile | None,
    hooks: tuple[Callable[[dict[str, Any]], None] | None, EventHook | None, Callable[[], dict[str, Any]]],
    ahead: Prefetcher | None,
) -> list[dict[str, Any]]:
    """Keep up to ``slots()`` hypotheses running; record each as it finishes; retry a lost one.
    ``ahead`` (calls sent ahead) is told as each item starts and ends; ``hooks``: on_record,
    on_event, and the fields every record gets about where it ran."""
    on_record, on_event, annotate = hooks
    notify: EventHook = on_event or (lambda kind, item_id: None)
    finished: queue.Queue[_Outcome] = queue.Queue()
    pending = deque(todo)
    attempts: dict[str, int] = {}
    running = 0
    records = []
    while pending or running:
        limit = slots()
        while pending and running < limit:
            item = pending.popleft()
            attempts[item.id] = attempts.get(item.id, 0) + 1
            if ahead is not None:
                ahead.started(item.id)
            _start(assistant, item, finished)
            running += 1
            notify("start", item.id)
        item, record, lost = _next(finished)
        running -= 1
        if lost is not None:
            if attempts[item.id] < MAX_ATTEMPTS:
                pending.appendleft(item)
                notify("retry", item.id)
                continue
            record = failed_record(item, f"WorkerLost: {lost} (tried {attempts[item.id]} times)", 0)
        assert record is not None
        if ahead is not None:
            ahead.finished(item.id)
        record["attempts"] = attempts[item.id]
        record.update(annotate())
        if results is not None:
            results.append(record)
        records.append(record)
        notify("failed" if record["error"] else "done", item.id)
        if on_record is not None:
            on_record(record)
    return records


def _start(assistant: Assistant, item: Item, finished: queue.Queue[_Outcome]) -> None:
    def work() -> None:
        try:
            finished.put((item, run_item(assistant, item), None))
        except WorkerLost as e:
            finished.put((item, None, e))
        except BaseException as e:  # run_item records errors; this is a last resort
            finished.put((item, failed_record(item, f"internal error: {type(e).__name__}: {e}", 1), None))

    # Daemon threads: Ctrl-C ends the batch at once; what finished is already on disk, what was
    # in flight is simply run again by --resume.
    threading.Thread(target=work, name=f"hypothesis-{item.id}", daemon=True).start()


def _next(finished: queue.Queue[_Outcome]) -> _Outcome:
    while True:  # a timeout keeps the main thread responsive to Ctrl-C on every platform
        try:
            return finished.get(timeout=0.5)
        except queue.Empty:
            check()  # a Ctrl-C whose exception was dropped ends the batch here
            continue


@contextmanager
def _lent(assistant: Assistant, **values: Any) -> Iterator[None]:
    """``assistant`` with these attributes for the batch; a caller's assistant gets its own back."""
    previous = {name: getattr(assistant, name) for name in values}
    for name, value in values.items():
        setattr(assistant, name, value)
    try:
        yield
    finally:
        for name, value in previous.items():
            setattr(assistant, name, value)
