"""One settings tree for hypoloop, nested by area.

The ``simulation`` and ``retrieval`` sections are defined by the libraries they configure
(``tools.settings``, ``retrieval.settings``); this module composes them with the agent's own
``llm`` and ``agent`` sections. Precedence (tested): CLI flags > environment (``HYPOLOOP_*``,
nested with ``__``) > TOML config file > defaults. Settings hold data only; the factories that
turn them into chat models, indexes or calculators live beside their users, and the settings
reach tools explicitly (:meth:`Settings.tool_settings`).
"""

from __future__ import annotations

import os
import re
from contextvars import ContextVar
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
from retrieval.settings import RetrievalSettings
from tools.datasets.settings import DataSettings
from tools.settings import SimulationSettings, ToolSettings

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
    context_tokens: int | None = Field(
        None,
        ge=512,
        description="The server's context length in tokens, used when the server does not report it "
        "(llama.cpp /props, Ollama /api/show, vLLM /v1/models); None: unknown, requests are not sized.",
    )
    max_reply_tokens: int = Field(
        2048,
        ge=64,
        description="The most tokens the model may write in one reply (less when the server's context "
        "leaves less room): a small local model can otherwise write until its context is full.",
    )
    claim_wall_s: float = Field(
        900.0,
        gt=0,
        description="Wall time the model may spend on one claim; past it the claim is decided by the "
        "rule-based path (a batch never waits on one slow claim).",
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


ClusterKind = Literal["local", "slurm", "pbs"]


class ClusterSettings(_Section):
    """Where a batch's simulations run: an embedded Dask cluster, or worker jobs submitted to
    Slurm or PBS through dask-jobqueue (the scheduler runs in the driver, which submits the jobs)."""

    kind: ClusterKind = Field(
        "local",
        description="'local': an embedded Dask LocalCluster; 'slurm' or 'pbs': worker jobs "
        "submitted with sbatch or qsub (needs dask-jobqueue).",
    )
    jobs: int = Field(1, ge=1, le=10_000, description="Worker jobs kept running (a lost job is replaced).")
    queue: str | None = Field(None, description="Slurm partition or PBS queue; None: the site's default.")
    account: str | None = Field(None, description="Account (project) the jobs are charged to.")
    cores: int = Field(1, ge=1, description="Cores per job; each job runs one single-threaded worker per core.")
    memory: str = Field("4GB", description="Memory per job, e.g. '4GB' (Dask's byte-size strings).")
    walltime: str = Field("01:00:00", description="Time limit per job, HH:MM:SS.")
    extra_directives: list[str] = Field(
        default_factory=list,
        description="More #SBATCH / #PBS directives, e.g. ['--exclusive'] or ['-l place=excl'].",
    )
    prologue: list[str] = Field(
        default_factory=list,
        description="Shell lines run in each job before its workers start (module load, source a venv).",
    )
    preload: list[str] = Field(
        default_factory=lambda: ["agent.batch.worker_setup"],
        description="Modules each worker preloads as it starts (imports torch, CHGNet and the tools "
        "before its first task).",
    )
    python: str | None = Field(
        None, description="Python the workers run; None: this interpreter (the same virtualenv)."
    )
    interface: str | None = Field(
        None, description="Network interface the scheduler and workers use (e.g. 'ib0'); None: Dask's choice."
    )
    log_directory: Path | None = Field(
        None, description="Where the jobs' stdout/stderr go; None: <home>/cluster-logs."
    )
    job_name: str = Field("hypoloop-worker", description="Name the worker jobs carry in squeue/qstat.")
    start_timeout_s: float = Field(
        3600.0,
        gt=0,
        description="Seconds the batch waits for its first worker job to connect before it gives up "
        "(queue wait included).",
    )


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
    cluster: ClusterSettings = Field(
        default_factory=ClusterSettings, description="Where batch simulations run (local, Slurm, PBS)."
    )

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

    def tool_settings(self) -> ToolSettings:
        """What the simulation tools are bound to: the simulation section, workspace and cache."""
        return ToolSettings(
            simulation=self.simulation,
            workspace_dir=self.workspace_dir,
            cache_dir=self.cache_dir,
            data=self.data,
            data_url=self.data_url,
        )

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
