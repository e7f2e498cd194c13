"""Shared CLI plumbing: consoles and the per-invocation state the root callback builds."""

from __future__ import annotations

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

    def settings(self, **more: Any) -> Settings:
        """Settings with root flags and ``more`` (a command's own flags) on top of env and file."""
        from agent.settings import Settings

        merged = _merge(self.overrides, more)
        return Settings.load(self.config, **merged)


def state_of(ctx: typer.Context) -> CliState:
    """The root state; commands invoked without the root callback (tests) get defaults."""
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, CliState) else CliState()


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for k, v in b.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        elif v is not None:
            out[k] = v
    return out


def not_built(command: str, issue: int | None = None) -> None:
    """Used by commands whose feature has not landed: say so and exit 2, no fake output."""
    from agent.errors import NotBuiltYet

    where = f" (tracked in issue #{issue})" if issue else ""
    raise NotBuiltYet(f"`hypoloop {command}` is not built yet{where}")
