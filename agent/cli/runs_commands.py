"""`hypoloop runs list|show`: inspect recorded runs (manifest, tool ledger, result).

Loaded when the CLI starts, so only typer, rich and the standard library at module level."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from agent.cli.session import console, state_of

runs_app = typer.Typer(
    help="List and inspect recorded runs: manifest, tool-call ledger and result.",
    no_args_is_help=True,
    add_completion=False,
)


@runs_app.command("list")
def list_cmd(
    ctx: typer.Context,
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="Show at most this many runs."),
    json_out: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """List recorded runs, newest first."""
    from agent.runs import list_runs

    settings = state_of(ctx).settings()
    rows = list_runs(settings, limit=limit)
    if json_out:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        console.print(f"no runs recorded yet in {escape(str(settings.runs_dir))}")
        return
    table = Table(box=None)
    # The id starts with its UTC creation time, so it doubles as the date column; it and the
    # short columns never wrap, so ids stay copyable on narrow terminals.
    for name in ("run id (UTC time)", "kind", "status"):
        table.add_column(name, no_wrap=True)
    table.add_column("tools", justify="right", no_wrap=True)
    table.add_column("verdict", min_width=8)
    table.add_column("input", min_width=16, overflow="fold")
    for r in rows:
        table.add_row(
            r["run_id"],
            str(r.get("kind") or "?"),
            _status(r.get("status")),
            str(r.get("tool_runs", 0)),
            escape(r.get("verdict") or "-"),
            escape(r.get("input") or ""),
        )
    console.print(table)


@runs_app.command("show")
def show_cmd(
    ctx: typer.Context,
    run_id: str = typer.Argument(..., help="Run id, a unique prefix of one, or a thread id."),
    json_out: bool = typer.Option(False, "--json", help="The whole record as JSON."),
) -> None:
    """Show one run: what ran, with which model and tools, and what came out."""
    from agent.runs import load_run

    run = load_run(state_of(ctx).settings(), run_id)
    if json_out:
        typer.echo(json.dumps(run, indent=2, ensure_ascii=False, default=str))
        return
    _print_manifest(run)
    _print_ledger(run)
    _print_result(run.get("result"))


def _print_manifest(run: dict[str, Any]) -> None:
    m = run["manifest"]
    console.print(
        f"[bold]run {escape(run['run_id'])}[/]  {escape(str(m.get('kind')))}  {_status(m.get('status'))}"
    )
    wall = f"  ({m['wall_s']:.1f} s)" if isinstance(m.get("wall_s"), (int, float)) else ""
    console.print(f"  created   {_t(m.get('created_at'))}  finished {_t(m.get('finished_at'))}{wall}")
    if m.get("thread_id"):
        console.print(f"  thread    {escape(str(m['thread_id']))}")
    console.print(f"  model     {escape(_model_line(m.get('model') or {}))}")
    usage = m.get("usage") or {}
    if usage:
        console.print(f"  tokens    in {usage.get('input_tokens', 0)}, out {usage.get('output_tokens', 0)}")
    console.print(f"  version   hypoloop {m.get('hypoloop_version')}, Python {m.get('python')}")
    console.print(f"  input     {escape(str(m.get('input', '')))}")
    if m.get("error"):
        console.print(f"  [red]error[/]     {escape(str(m['error']))}")
    console.print(f"  files     {escape(run['path'])}")


def _model_line(model: dict[str, Any]) -> str:
    line = f"{model.get('provider')} {model.get('model')}"
    if model.get("temperature") is not None:
        line += f" (temperature {model['temperature']})"
    if model.get("base_url"):
        line += f" at {model['base_url']}"
    return line


def _print_ledger(run: dict[str, Any]) -> None:
    ledger = run["ledger"]
    console.print(f"[bold]ledger[/] ({len(ledger)} tool runs)")
    for e in ledger:
        wall = e.get("wall_s")
        wall_txt = f"{wall:8.2f} s" if isinstance(wall, (int, float)) else "       ? s"
        outcome = f"[red]error:[/] {escape(_one_line(e['error']))}" if e.get("error") else "[green]ok[/]"
        console.print(f"  {e.get('seq', '-'):>3}  {escape(str(e.get('tool'))):<24} {wall_txt}  {outcome}")
    if run.get("ledger_errors"):
        console.print(f"  [yellow]{run['ledger_errors']} unreadable ledger line(s) skipped[/]")


def _print_result(result: Any) -> None:
    from agent.runs import verdict_label

    if not isinstance(result, dict):
        console.print("[bold]result[/] none recorded")
        return
    console.print(f"[bold]result[/] {escape(verdict_label(result) or '-')}")
    verdicts = result.get("verdicts")
    items = verdicts if isinstance(verdicts, list) else [result] if "verdict" in result else []
    for v in items:
        if not isinstance(v, dict) or not isinstance(v.get("verdict"), str):
            continue
        conf = v.get("confidence")
        conf_txt = f" (confidence {conf:.2f})" if isinstance(conf, (int, float)) else ""
        console.print(f"  {escape(v['verdict'])}{conf_txt}: {escape(str(v.get('claim', '')))}")
        if v.get("summary"):
            console.print(f"    {escape(_one_line(str(v['summary'])))}")
    for a in result.get("answers") or []:
        if isinstance(a, dict) and a.get("answer"):
            console.print(f"  answer: {escape(_one_line(str(a['answer']), 300))}")
    if not items:
        for h in result.get("hypotheses") or []:
            if isinstance(h, dict):
                console.print(
                    f"  hypothesis {escape(str(h.get('id', '')))}: {escape(str(h.get('claim', '')))}"
                )


def _status(status: Any) -> str:
    colour = {"done": "green", "running": "cyan", "failed": "red", "interrupted": "yellow"}.get(
        str(status), "red"
    )
    return f"[{colour}]{status}[/]"


def _t(ts: Any) -> str:
    return str(ts)[:19].replace("T", " ") + " UTC" if ts else "-"


def _one_line(text: str, limit: int = 120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@runs_app.command("resume")
def resume_cmd(
    ctx: typer.Context,
    run_id: str = typer.Argument(..., help="Run id, unique prefix, or thread id of an unfinished run."),
    json_out: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Continue an interrupted or failed run from its last checkpoint (no tool is re-run)."""
    from agent.assistant import Assistant
    from agent.runs import load_run

    settings = state_of(ctx).settings()
    manifest = load_run(settings, run_id)["manifest"]
    thread = manifest.get("thread_id") or manifest["run_id"]
    result = Assistant(settings).resume(thread)
    if json_out:
        typer.echo(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    from agent.cli.render import answer_panel, hypotheses_table, verdict_panel

    if result.mode == "propose":
        hypotheses_table(result.hypotheses, console)
    for v in result.verdicts:
        verdict_panel(v, console)
    for a in result.answers:
        answer_panel(a, console)
