"""Shared CLI plumbing: consoles and the per-invocation state the root callback builds."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

if TYPE_CHECKING:
    from agent.settings import Settings

console = Console()
err_console = Console(stderr=True)


@dataclass
class CliState:
    """What the root options decided; commands ask it for settings with their own overrides."""

    config: Path | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    debug: bool = False
    json: bool = False

    def settings(self, **more: Any) -> Settings:
        """Settings with root flags and ``more`` (a command's own flags) on top of env and file."""
        from agent.settings import Settings

        merged = _merge(self.overrides, more)
        return Settings.load(self.config, **merged)


def state_of(ctx: typer.Context) -> CliState:
    """The root state; commands invoked without the root callback (tests) get defaults."""
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


def run_overrides(home: Path | None, offline: bool, model: str | None, base_url: str | None) -> dict[str, Any]:
    """Settings overrides from the options a user may type before or after the sub-command."""
    llm: dict[str, Any] = {"model": model, "base_url": base_url}
    out: dict[str, Any] = {"home": home, "llm": llm}
    if offline:
        llm["provider"] = "offline"
        out["data"] = {"online": False}  # offline also means no public-database queries
    return out


# Options accepted after the sub-command as well as before it (`hypoloop test "..." --offline`),
# shown in every command's --help. After the sub-command they win over the same option before it.
_GLOBAL_OPTIONS: dict[str, tuple[Any, Any]] = {
    "home": (Path | None, typer.Option(None, "--home", help="Workspace directory (else $HYPOLOOP_HOME).")),
    "offline": (bool, typer.Option(False, "--offline", help="Force the offline planner (no language model).")),
    "model": (str | None, typer.Option(None, "--model", help="Chat model name.")),
    "base_url": (str | None, typer.Option(None, "--base-url", help="OpenAI-compatible server URL.")),
}
_JSON_OPTION: tuple[Any, Any] = (bool, typer.Option(False, "--json", help="Machine-readable output."))


def with_global_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` as a command that also takes the global options; they update the root state
    before ``fn`` runs, and ``--json`` given before the sub-command reaches ``fn``'s ``json_out``."""
    sig = inspect.signature(fn)
    names = [n for n in _GLOBAL_OPTIONS if n not in sig.parameters]
    options = {n: _GLOBAL_OPTIONS[n] for n in names}
    has_json = "json_out" in sig.parameters
    if not has_json:
        options["json_out"] = _JSON_OPTION
    has_ctx = "ctx" in sig.parameters
    if not has_ctx:  # typer hands a Context to any parameter annotated with it
        options["ctx"] = (typer.Context, inspect.Parameter.empty)
    kw = inspect.Parameter.KEYWORD_ONLY
    extra = [inspect.Parameter(n, kw, default=d, annotation=tp) for n, (tp, d) in options.items()]

    @functools.wraps(fn)
    def command(*args: Any, **kwargs: Any) -> Any:
        ctx = kwargs["ctx"] if has_ctx else kwargs.pop("ctx")
        state = state_of(ctx)
        state.overrides = _merge(state.overrides, run_overrides(**{n: kwargs.pop(n) for n in names}))
        state.json = state.json or bool(kwargs["json_out"] if has_json else kwargs.pop("json_out"))
        if has_json:
            kwargs["json_out"] = state.json
        return fn(*args, **kwargs)

    command.__signature__ = sig.replace(parameters=[*sig.parameters.values(), *extra])  # type: ignore[attr-defined]
    return command


def add_global_options(app: typer.Typer) -> None:
    """Give every command of ``app`` and of its sub-apps the global options."""
    for info in app.registered_commands:
        if info.callback is not None:
            info.callback = with_global_options(info.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            add_global_options(group.typer_instance)


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for k, v in b.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        elif v is not None:
            out[k] = v
    return out
