"""Agent commands: test, ask, propose, batch, eval (chat is not built yet and says so)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from agent.cli.session import console, err_console, not_built, state_of

if TYPE_CHECKING:
    from agent.assistant import Assistant


def _assistant(ctx: typer.Context) -> Assistant:
    from agent.assistant import Assistant
    from agent.llm import offline_notice

    settings = state_of(ctx).settings()
    notice = offline_notice(settings)
    if notice:
        err_console.print(f"[yellow]{notice}[/]", highlight=False)
    return Assistant(settings)


def test(
    ctx: typer.Context,
    claim: str = typer.Argument(..., help="The claim to stress-test."),
    json_out: bool = typer.Option(False, "--json", help="Print the verdict as JSON."),
    thread: str | None = typer.Option(None, "--thread", help="Thread id (to name the run)."),
) -> None:
    """Stress-test a claim and print a verdict with its evidence."""
    result = _assistant(ctx).run("test", claim, thread_id=thread)
    verdict = result.verdicts[0]
    if json_out:
        print(json.dumps(verdict.model_dump(mode="json") | {"run_id": result.run_id}, indent=2))
        return
    from agent.cli.render import verdict_panel

    verdict_panel(verdict, console)
    console.print(f"[dim]run {result.run_id}: `hypoloop runs show {result.run_id}`[/]")


def ask(
    ctx: typer.Context,
    question: str = typer.Argument(..., help="A research question."),
    json_out: bool = typer.Option(False, "--json", help="Print the answer as JSON."),
) -> None:
    """Answer a question with literature and simulations."""
    result = _assistant(ctx).run("ask", question)
    if json_out:
        print(json.dumps(result.answers[0].model_dump(mode="json") | {"run_id": result.run_id}, indent=2))
        return
    from agent.cli.render import answer_panel

    answer_panel(result.answers[0], console)


def propose(
    ctx: typer.Context,
    goal: str = typer.Argument(..., help="A research goal."),
    n: int = typer.Option(3, "--n", min=1, max=50, help="How many hypotheses."),
    test_them: bool = typer.Option(False, "--test", help="Also stress-test each hypothesis."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Propose hypotheses for a goal (and optionally test them)."""
    result = _assistant(ctx).run("propose", goal, n=n, test_proposals=test_them)
    if json_out:
        data = result.model_dump(mode="json")
        print(json.dumps({k: data[k] for k in ("run_id", "hypotheses", "verdicts", "notes")}, indent=2))
    else:
        from agent.cli.render import hypotheses_table, verdict_panel

        for note in result.notes:
            err_console.print(f"[yellow]{note}[/]", highlight=False)
        if result.hypotheses:
            hypotheses_table(result.hypotheses, console)
        for v in result.verdicts:
            verdict_panel(v, console)
    if not result.hypotheses:
        raise typer.Exit(1)


def chat() -> None:
    """Interactive research chat (resumable threads)."""
    not_built("chat")


def _run_file(
    ctx: typer.Context, path: Path, out: Path | None
) -> tuple[list[Any], list[dict[str, Any]], Path]:
    """Run (or resume) a batch file; returns its items, all records in the output, the output path."""
    from agent.batch import load_batch, run_batch

    items = load_batch(path)
    # The current folder, not the input's: batch files often sit in shared, read-only places.
    out = out or Path.cwd() / (path.stem + ".results.jsonl")
    assistant = _assistant(ctx)

    def show(r: dict[str, Any]) -> None:
        label = r["verdict"] or "error"
        conf = f"{r['confidence']:.2f}" if r["confidence"] is not None else "-"
        err_console.print(
            f"{r['id']:>12}  {label:<12} {conf}  {(r['summary'] or r['error'] or '')[:90]}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )

    run_batch(items, out=out, assistant=assistant, on_record=show)
    wanted = {it.id for it in items}
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    return items, [r for r in records if r.get("id") in wanted], out


def batch(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="YAML or JSONL file of {id, claim, context?} items."),
    out: Path | None = typer.Option(
        None, "--out", help="Results JSONL (default: ./<file stem>.results.jsonl)."
    ),
) -> None:
    """Test a file of hypotheses unattended; resumable (ids already in --out are skipped)."""
    _, records, out = _run_file(ctx, path, out)
    counts = {
        label: sum(r.get("verdict") == label for r in records)
        for label in ("supported", "refuted", "inconclusive")
    }
    errors = sum(bool(r.get("error")) for r in records)
    console.print(
        f"{len(records)} items: "
        + ", ".join(f"{n} {k}" for k, n in counts.items())
        + f", {errors} errors -> {out}"
    )
    if errors:
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
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Score the agent on hypotheses with known answers: accuracy, coverage, confident errors,
    utility, per-kind table, calibration, cost and stress-test outcomes; --out writes reports."""
    from agent.batch import load_batch
    from agent.evaluate import expected_of, report

    expected = expected_of(load_batch(path))  # fail on a missing 'expected' before running anything
    if results is None and out is not None:
        results = out / (path.stem + ".results.jsonl")
    _, records, _ = _run_file(ctx, path, results)
    rep = report(records, expected, source=str(path))
    if out is not None:
        from agent.eval_report import write_reports

        paths = write_reports(rep, out)
        err_console.print(f"reports: {', '.join(map(str, paths))}", highlight=False, soft_wrap=True)
    if json_out:
        print(json.dumps(rep["overall"] | {k: rep[k] for k in ("per_kind", "calibration", "costs", "stress_tests")}, indent=2))
        return
    _print_scores(rep)


def _print_scores(rep: dict[str, Any]) -> None:
    s = rep["overall"]
    acc = f"{s['accuracy_on_decided'] * 100:.1f} %" if s["accuracy_on_decided"] is not None else "-"
    console.print(f"accuracy on decided: {s['correct']}/{s['decided']} = {acc}")
    console.print(f"coverage: {s['decided']}/{s['items']} = {(s['coverage'] or 0) * 100:.1f} %")
    console.print(
        f"confidently wrong (confidence >= 0.7): {len(s['confidently_wrong'])} {' '.join(s['confidently_wrong'])}"
    )
    per = s["utility_per_item"]
    console.print(
        f"utility: {s['utility']:g} ({per:.3f} per item; right +1, inconclusive 0, wrong -2, confidently wrong -4)"
        if per is not None
        else "utility: -",
        soft_wrap=True,
    )
    for kind, k in rep["per_kind"].items():
        kacc = f"{k['accuracy_on_decided'] * 100:.0f} %" if k["accuracy_on_decided"] is not None else "-"
        console.print(f"  {kind:<24} {k['decided']}/{k['items']} decided, accuracy {kacc}", highlight=False)
    if s["errors"]:
        console.print(f"errors: {' '.join(s['errors'])}")


def register(app: typer.Typer) -> None:
    for name, fn in (
        ("test", test),
        ("ask", ask),
        ("propose", propose),
        ("chat", chat),
        ("batch", batch),
        ("eval", eval_),
    ):
        app.command(name=name)(fn)
