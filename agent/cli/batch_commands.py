"""`hypoloop batch` and `hypoloop eval`: a file of hypotheses run unattended through
:func:`agent.batch.run_batch` (the same path as Python), with a progress bar and a summary."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from agent.cli.session import console, err_console, state_of

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from agent.batch import BatchItem, GoalItem

WORKERS_HELP = "Dask worker processes of the embedded cluster (default: one per core; 0: no Dask)."
SCHEDULER_HELP = "Address of a running Dask scheduler (e.g. tcp://10.0.0.5:8786) instead of a local cluster."
CLUSTER_HELP = (
    "local (default), slurm or pbs: submit worker jobs with dask-jobqueue (queue, account, cores, "
    "memory, walltime: the [cluster] settings); they are cancelled when the batch ends."
)
JOBS_HELP = "Worker jobs to keep running with --cluster slurm|pbs (default: cluster.jobs)."
CLUSTER_KINDS = ("local", "slurm", "pbs")


class _Progress:
    """done / failed / running counts and an ETA on stderr; one line per finished item above it."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None
        self.done = self.failed = self.running = 0

    def plan(self, total: int, already: int) -> None:
        if already:
            self.progress.console.print(f"resuming: {already} of {total} already in the results file")
        self.task = self.progress.add_task("batch", total=total, completed=already, **self._fields())

    def event(self, kind: str, item_id: str) -> None:
        if kind == "start":
            self.running += 1
        elif kind == "retry":
            self.running -= 1
            self.progress.console.print(f"{item_id:>12}  worker lost: running it once more", markup=False)
        else:
            self.running -= 1
            self.done += kind == "done"
            self.failed += kind == "failed"
        if self.task is not None:
            self.progress.update(self.task, advance=kind in ("done", "failed"), **self._fields())

    def record(self, r: dict[str, Any]) -> None:
        label = r["verdict"] or "failed"
        conf = f"{r['confidence']:.2f}" if r["confidence"] is not None else "-"
        text = f"{r['id']:>12}  {label:<12} {conf}  {(r['summary'] or r['error'] or '')[:90]}"
        self.progress.console.print(text, highlight=False, markup=False, soft_wrap=True)

    def _fields(self) -> dict[str, Any]:
        return {"ok": self.done, "failed": self.failed, "running": self.running}


def _progress() -> Progress:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(
            "done {task.fields[ok]}  [red]failed {task.fields[failed]}[/]  running {task.fields[running]}"
        ),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err_console,
    )


def _run_file(
    ctx: typer.Context,
    items: list[BatchItem | GoalItem],
    out: Path,
    *,
    workers: int | None,
    scheduler: str | None,
    resume: bool,
    cluster: str | None = None,
    jobs: int | None = None,
) -> tuple[list[dict[str, Any]], float]:
    """Run (or resume) a batch; returns every record in ``out`` for these items, and the time."""
    from agent.batch import read_records, run_batch
    from agent.batch.runner import job_settings
    from agent.cli.notices import print_notices

    settings = state_of(ctx).settings(cluster={"kind": _cluster_kind(cluster), "jobs": jobs})
    job_settings(settings, None, workers, scheduler)  # conflicting options: refused before any output
    print_notices(settings)
    c = settings.cluster
    if c.kind != "local":
        err_console.print(
            f"Dask: submitting {c.jobs} {c.kind} worker job(s) of {c.cores} core(s), {c.memory}, {c.walltime}",
            highlight=False,
        )
    elif scheduler:
        err_console.print(f"Dask: the cluster at {scheduler}", highlight=False)
    elif workers != 0:
        from agent.batch.cluster import default_workers

        err_console.print(
            f"Dask: starting a local cluster of {workers or default_workers()} worker processes"
        )
    t0 = time.perf_counter()
    with _progress() as bar:
        view = _Progress(bar)
        try:
            run_batch(items, settings, out=out, workers=workers, scheduler=scheduler, resume=resume,
                      on_plan=view.plan, on_event=view.event, on_record=view.record)  # fmt: skip
        except KeyboardInterrupt:
            bar.stop()
            cancelled = f"; its {c.kind} jobs were cancelled" if c.kind != "local" else ""
            kept = f"every finished result is in {out}" if out.exists() else "no result yet"
            err_console.print(f"interrupted: {kept}{cancelled}; run again with --resume to go on")
            raise typer.Exit(130) from None
    wanted = {it.id for it in items}
    return [r for r in read_records(out) if r.get("id") in wanted], time.perf_counter() - t0


def _cluster_kind(cluster: str | None) -> str | None:
    from agent.errors import ConfigError

    if cluster is not None and cluster not in CLUSTER_KINDS:
        raise ConfigError(f"--cluster must be one of {', '.join(CLUSTER_KINDS)}, not {cluster!r}")
    return cluster


def _summary_table(summary: dict[str, Any], out: Path) -> None:
    from rich.table import Table

    table = Table(title=f"batch summary -> {out}", show_header=False)
    for key in ("items", "supported", "refuted", "inconclusive", "failed", "retried",
                "tool_calls", "cache_hits", "elapsed_s"):  # fmt: skip
        table.add_row(key.replace("_", " "), str(summary[key]))
    console.print(table)


def batch(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="YAML or JSONL file of {id, claim, context?} items."),
    out: Path | None = typer.Option(
        None, "--out", help="Results JSONL (default: ./<file stem>.results.jsonl)."
    ),
    workers: int | None = typer.Option(None, "--workers", min=0, help=WORKERS_HELP),
    scheduler: str | None = typer.Option(None, "--scheduler", help=SCHEDULER_HELP),
    cluster: str | None = typer.Option(None, "--cluster", help=CLUSTER_HELP),
    jobs: int | None = typer.Option(None, "--jobs", min=1, help=JOBS_HELP),
    resume: bool = typer.Option(False, "--resume", help="Skip the ids already in --out and go on."),
    report: Path | None = typer.Option(None, "--report", help="Also write a report (.html or .md)."),
    json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Test a file of hypotheses unattended, in parallel on Dask; resumable with --resume."""
    from agent.batch import load_batch
    from agent.batch.report import check_report_path, summarize, write_report

    items = load_batch(path)  # the whole file is checked before anything runs or is written
    check_report_path(report)
    # The current folder, not the input's: batch files often sit in shared, read-only places.
    out = out or Path.cwd() / (path.stem + ".results.jsonl")
    records, elapsed = _run_file(
        ctx, items, out, workers=workers, scheduler=scheduler, resume=resume, cluster=cluster, jobs=jobs
    )
    summary = summarize(records, elapsed)
    if report is not None:
        write_report(
            report, records, summary, title=f"hypoloop batch: {path.name}", settings=state_of(ctx).settings()
        )
    if json_out:
        print(json.dumps(summary | {"out": str(out), "report": str(report) if report else None}))
    else:
        _summary_table(summary, out)
        if report is not None:
            console.print(f"report: {report}")
    if summary["failed"]:
        raise typer.Exit(1)


def eval_(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="Batch file whose items carry an 'expected' verdict."),
    out: Path | None = typer.Option(
        None, "--out", help="Report folder: eval.json, eval.md, eval.html and the results JSONL."
    ),
    results: Path | None = typer.Option(
        None, "--results", help="Results JSONL (default: <--out or .>/<file stem>.results.jsonl)."
    ),
    workers: int | None = typer.Option(None, "--workers", min=0, help=WORKERS_HELP),
    scheduler: str | None = typer.Option(None, "--scheduler", help=SCHEDULER_HELP),
    json_out: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score the agent on hypotheses with known answers: accuracy, coverage, confident errors,
    utility, per-kind table, calibration, cost and stress-test outcomes; --out writes reports.
    Results already in the results file are reused (eval always resumes)."""
    from agent.batch import load_batch
    from agent.evaluate import expected_of, report

    items = load_batch(path)
    expected = expected_of(items)  # fail on a missing 'expected' before running anything
    results = results or (out or Path.cwd()) / (path.stem + ".results.jsonl")
    records, _ = _run_file(ctx, items, results, workers=workers, scheduler=scheduler, resume=True)
    rep = report(records, expected, source=str(path))
    if out is not None:
        from agent.eval_report import write_reports

        paths = write_reports(rep, out)
        err_console.print(f"reports: {', '.join(map(str, paths))}", highlight=False, soft_wrap=True)
    if json_out:
        keys = ("per_kind", "calibration", "costs", "stress_tests")
        print(json.dumps(rep["overall"] | {k: rep[k] for k in keys}, indent=2))
        return
    _print_scores(rep)


def _print_scores(rep: dict[str, Any]) -> None:
    s = rep["overall"]
    acc = f"{s['accuracy_on_decided'] * 100:.1f} %" if s["accuracy_on_decided"] is not None else "-"
    console.print(f"accuracy on decided: {s['correct']}/{s['decided']} = {acc}")
    console.print(f"coverage: {s['decided']}/{s['items']} = {(s['coverage'] or 0) * 100:.1f} %")
    wrong = s["confidently_wrong"]
    console.print(f"confidently wrong (confidence >= 0.7): {len(wrong)} {' '.join(wrong)}")
    if s["utility_per_item"] is not None:
        console.print(
            f"utility: {s['utility']:g} ({s['utility_per_item']:.3f} per item; right +1, inconclusive 0, "
            "wrong -2, confidently wrong -4)",
            soft_wrap=True,
        )
    for kind, k in rep["per_kind"].items():
        kacc = f"{k['accuracy_on_decided'] * 100:.0f} %" if k["accuracy_on_decided"] is not None else "-"
        console.print(f"  {kind:<24} {k['decided']}/{k['items']} decided, accuracy {kacc}", highlight=False)
    if s["errors"]:
        console.print(f"errors: {' '.join(s['errors'])}")


def register(app: typer.Typer) -> None:
    app.command(name="batch")(batch)
    app.command(name="eval")(eval_)
