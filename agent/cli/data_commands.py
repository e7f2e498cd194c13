"""`hypoloop data ...`: the user's data collection (issue #16): add files, search, stats, remove.

Only typer and the standard library at module level: ASE and pymatgen load inside the commands.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from tools.datasets import AddReport, DataCollection, DataRow
    from tools.datasets.models import FileRead

data_app = typer.Typer(no_args_is_help=True)

_DB_OPT = typer.Option(
    None,
    "--db",
    help="Collection: a SQLite path or a database URL such as postgresql://user@host/db "
    "(default: data.url, else <home>/data/collection.db).",
)
_JSON_OPT = typer.Option(False, "--json", help="Machine-readable output.")


def _collection(ctx: typer.Context, db: str | None) -> DataCollection:
    from agent.cli.session import state_of
    from tools.datasets import DataCollection

    settings = state_of(ctx).settings(data={"url": db})
    return DataCollection(settings.data_url)


@data_app.command()
def add(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(
        ..., help="Structure files, simulation outputs, ASE databases, CSV/TSV tables, or folders."
    ),
    db: str | None = _DB_OPT,
    json_out: bool = _JSON_OPT,
) -> None:
    """Ingest files (folders recursively). Exit 2 if a file failed (nothing of it was written)."""
    from agent.cli.session import console

    collection = _collection(ctx, db)
    report = collection.add(paths)
    if json_out:
        console.print_json(report.model_dump_json())
    else:
        _print_report(report, collection.display_url)
    if report.errors:
        raise typer.Exit(2)


def _print_report(report: AddReport, url: str) -> None:
    from agent.cli.session import console, err_console

    console.print(f"[bold]{url}[/]: {report.summary()}", highlight=False)
    for read in report.read[:50]:
        console.print(f"  {_read_line(read)}", highlight=False, markup=False)
    if len(report.read) > 50:
        console.print(f"  ... and {len(report.read) - 50} more files read (use --json for all)")
    for label, items in (("merged", report.merged), ("skipped", report.skipped)):
        for item in items[:50]:
            console.print(f"  {label}: {item.where}: {item.reason}", highlight=False, markup=False)
        if len(items) > 50:
            console.print(f"  ... and {len(items) - 50} more {label} items (use --json for all)")
    for item in report.errors:
        err_console.print(
            f"error: {item.where}: {item.reason}", highlight=False, markup=False, soft_wrap=True
        )


def _read_line(read: FileRead) -> str:
    """'Al_fcc_POSCAR: 1 structure (reader: vasp, from the name)': a user whose file was read by
    an unexpected reader (a name that fooled the rules) sees it here, not in wrong rows later."""
    counts = [f"{n} {word}{'' if n == 1 else 's'}"
              for n, word in ((read.structures, "structure"), (read.measurements, "measurement")) if n]  # fmt: skip
    by = "from the name" if read.detected_by == "name" else "from its content"
    return f"{_shown_path(read.where)}: {', '.join(counts) or 'nothing'} (reader: {read.reader}, {by})"


def _shown_path(where: str) -> str:
    path = Path(where)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return where


@data_app.command()
def search(
    ctx: typer.Context,
    formula: str | None = typer.Option(None, "--formula", help="Formula (matched as reduced formula)."),
    elements: str | None = typer.Option(
        None, "--elements", help="Comma-separated elements rows must contain."
    ),
    spacegroup: str | None = typer.Option(None, "--spacegroup", help="Space-group number or symbol."),
    prop: str | None = typer.Option(
        None, "--property", help="Property name (bulk_modulus, lattice_constant...)."
    ),
    min_value: float | None = typer.Option(None, "--min", help="Lowest value (canonical unit)."),
    max_value: float | None = typer.Option(None, "--max", help="Highest value (canonical unit)."),
    kind: str = typer.Option("any", "--kind", help="any | structure | measurement."),
    ids: list[str] = typer.Argument(None, help="Row ids to show (optional)."),
    limit: int = typer.Option(50, "-k", "--limit", min=1, max=100_000, help="Most rows to print."),
    db: str | None = _DB_OPT,
    json_out: bool = _JSON_OPT,
) -> None:
    """Find rows by formula, elements, space group, property and value range, or by id."""
    from agent.cli.session import console
    from agent.errors import ConfigError
    from tools.datasets import Filters

    if kind not in ("any", "structure", "measurement"):
        raise ConfigError(f"unknown --kind {kind!r} (any, structure or measurement)")
    filters = Filters(
        ids=list(ids or []),
        formula=formula,
        elements=[e for e in (elements or "").replace(" ", ",").split(",") if e],
        spacegroup=spacegroup,
        property=prop,
        min_value=min_value,
        max_value=max_value,
        kind=kind,  # type: ignore[arg-type]
        limit=limit,
    )
    rows, total = _collection(ctx, db).search(filters)
    if json_out:
        console.print_json(json.dumps({"total": total, "rows": [r.model_dump(mode="json") for r in rows]}))
        return
    if not rows:
        console.print("no matching rows")
    for row in rows:
        console.print(_line(row), highlight=False, markup=False)
    if total > len(rows):
        console.print(f"... {total - len(rows)} more (raise --limit)")


def _line(row: DataRow) -> str:
    where = row.provenance[0].where() if row.provenance else "?"
    more = f" (+{len(row.provenance) - 1} sources)" if len(row.provenance) > 1 else ""
    if row.kind == "measurement":
        cond = f" [{row.conditions}]" if row.conditions else ""
        cite = f"  source: {row.provenance[0].source}" if row.provenance and row.provenance[0].source else ""
        return f"{row.id}  {row.formula:8} {row.property} = {row.value:.6g} {row.unit}{cond}  {where}{more}{cite}"
    sg = f" {row.spacegroup_symbol} ({row.spacegroup_number})" if row.spacegroup_number else ""
    energy = f" E={row.energy_per_atom_ev:.6g} eV/atom" if row.energy_per_atom_ev is not None else ""
    engine = f" [{row.engine}]" if row.engine else ""
    return f"{row.id}  {row.formula:8} structure, {row.n_atoms} atoms{sg}{energy}{engine}  {where}{more}"


@data_app.command()
def stats(ctx: typer.Context, db: str | None = _DB_OPT, json_out: bool = _JSON_OPT) -> None:
    """Row counts by kind, formulas, properties and source files."""
    from agent.cli.session import console

    data: dict[str, Any] = _collection(ctx, db).stats()
    if json_out:
        console.print_json(json.dumps(data))
        return
    for key in ("url", "rows", "structures", "measurements", "formulas", "files"):
        console.print(f"{key:14} {data[key]}", highlight=False)
    if data["bytes"] is not None:
        console.print(f"{'size':14} {data['bytes'] / 1e6:.2f} MB")
    for prop, n in data["properties"].items():
        console.print(f"{'  ' + prop:14} {n}", highlight=False)


@data_app.command()
def remove(
    ctx: typer.Context,
    ids: list[str] = typer.Argument(
        ..., help="Row ids ('d-...'), or file/folder paths whose rows to remove."
    ),
    db: str | None = _DB_OPT,
    json_out: bool = _JSON_OPT,
) -> None:
    """Remove rows by id or by source path (exit 1 if any matched nothing)."""
    from agent.cli.session import console, err_console

    report = _collection(ctx, db).remove(*ids)
    if json_out:
        console.print_json(report.model_dump_json())
    else:
        console.print(
            f"removed {len(report.removed)} rows: {', '.join(report.removed) or '-'}", highlight=False
        )
        for item in report.not_found:
            err_console.print(f"  not found: {item}", markup=False, highlight=False)
    if report.not_found:
        raise typer.Exit(1)


@data_app.command()
def public(
    ctx: typer.Context,
    formula: str | None = typer.Option(None, "--formula", help="Formula to look up."),
    elements: str | None = typer.Option(
        None, "--elements", help="Comma-separated elements entries must contain."
    ),
    optimade: list[str] = typer.Option(
        None, "--optimade", help="OPTIMADE base URL (repeatable; default: settings data.optimade_urls)."
    ),
    limit: int = typer.Option(20, "-k", "--limit", min=1, max=1000, help="Entries per database."),
    json_out: bool = _JSON_OPT,
) -> None:
    """Look a formula or element set up in public databases (OPTIMADE, Materials Project)."""
    from agent.cli.session import console, err_console, state_of
    from agent.errors import ConfigError
    from tools.datasets.errors import RowError
    from tools.datasets.public import search_public

    settings = state_of(ctx).settings(data={"optimade_urls": list(optimade or []) or None})
    data = settings.data
    if not formula and not elements:
        raise ConfigError("give --formula or --elements")
    try:
        entries, warnings = search_public(
            formula=formula,
            elements=[e for e in (elements or "").replace(" ", ",").split(",") if e],
            limit=limit,
            optimade_urls=data.optimade_urls,
            mp_api_key=data.mp_api_key.get_secret_value() if data.mp_api_key else None,
            mp_endpoint=data.mp_endpoint,
            online=data.online,
            timeout_s=data.timeout_s,
            cache_dir=settings.cache_dir / "public",
        )
    except RowError as err:
        raise ConfigError(str(err)) from err
    if json_out:
        payload = [entry.model_dump(exclude={"structure"}) for entry in entries]
        console.print_json(json.dumps({"entries": payload, "warnings": warnings}))
        return
    for w in warnings:
        err_console.print(f"warning: {w}", markup=False, highlight=False, soft_wrap=True)
    if not entries:
        console.print("no entries")
    for entry in entries:
        sg = f" {entry.spacegroup_symbol}" if entry.spacegroup_symbol else ""
        line = f"{entry.id:14} {entry.formula:12} {entry.nsites or '?'} sites{sg}  {entry.url}"
        console.print(line, markup=False, highlight=False)
