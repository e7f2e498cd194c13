"""MkDocs hook: the CLI reference page, written at build time from the click command tree that
`hypoloop` itself runs, so the page cannot drift from the commands (docs build: mkdocs.yml).
Typer >= 0.26 vendors its own click (``typer._click``), so commands are read by duck typing
(``.commands``, ``.context_class``, ``param_type_name``) rather than ``isinstance`` checks.

``render()`` is plain Python (tests call it); ``on_files`` adds its output as ``cli.md``.
"""

from __future__ import annotations

from typing import Any

PAGE = "cli.md"
_INTRO = (
    "# CLI reference\n\n"
    "Generated from the commands themselves when the documentation is built: every command, "
    "its arguments and options, with the help text `hypoloop ... --help` prints. The global "
    "options (`--offline`, `--json`, `--model`, `--base-url`, `--home`, `--config`) may also be "
    "given after the sub-command.\n"
)


def command_tree() -> Any:
    """The click command behind the `hypoloop` console script."""
    import typer

    from agent.cli.app import app

    return typer.main.get_command(app)


def render(root: Any = None) -> str:
    """Markdown for ``root`` and every sub-command under it, depth first, in declared order."""
    root = root or command_tree()
    parts = [_INTRO]
    for path, command in _walk(root, ["hypoloop"]):
        parts.append(_section(path, command))
    return "\n".join(parts)


def _walk(command: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    out = [(path, command)]
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            if not sub.hidden:
                out += _walk(sub, [*path, name])
    return out


def _section(path: list[str], command: Any) -> str:
    level = "#" * min(len(path) + 1, 4)
    ctx = command.context_class(command, info_name=path[-1])
    lines = [f"{level} `{' '.join(path)}`\n"]
    if command.help:
        lines.append(_plain(command.help) + "\n")
    usage = " ".join(command.get_usage(ctx).split())  # "Usage: test [OPTIONS] CLAIM"
    usage = usage.split(" ", 2)[2] if usage.count(" ") >= 2 else ""
    lines.append(f"```text\n{' '.join(path)} {usage}\n```\n")
    rows = [_row(p, ctx) for p in command.params if not getattr(p, "hidden", False)]
    rows = [r for r in rows if r]
    if rows:
        lines.append("| argument / option | description |\n|---|---|")
        lines += rows
        lines.append("")
    return "\n".join(lines)


def _row(param: Any, ctx: Any) -> str | None:
    if param.name == "help":
        return None
    names = " / ".join(f"`{n}`" for n in (*param.opts, *param.secondary_opts))
    if param.param_type_name == "argument":
        names = f"`{(param.metavar or param.name or '').upper()}`"
    help_text = _plain(getattr(param, "help", None) or "")
    default = param.get_default(ctx) if not param.required else None
    if default not in (None, False, (), "") and not callable(default):
        help_text += f" (default: `{default}`)"
    if param.required:
        help_text += " (required)"
    escaped = help_text.replace("|", "\\|")  # a pipe would end the table cell
    return f"| {names} | {escaped} |"


def _plain(text: str) -> str:
    """Help text as markdown: rich markup removed, paragraphs kept, source line breaks joined."""
    import re

    text = re.sub(r"\[/?(?:bold|dim|italic|cyan|green|red|yellow|b|i)\]", "", text)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    return "\n\n".join(p for p in paragraphs if p and not p.startswith("\b"))


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    files.append(File.generated(config, PAGE, content=render()))
    return files
