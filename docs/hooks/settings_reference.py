"""MkDocs hook: the table of every setting on the Settings page, generated at build time from the
pydantic settings classes (names, defaults, descriptions), so the page cannot drift from the code.

``render()`` is plain Python (tests call it); ``on_page_markdown`` puts it where the page has
the ``<!-- settings-reference -->`` marker.
"""

from __future__ import annotations

from typing import Any

MARKER = "<!-- settings-reference -->"


def render() -> str:
    """One table per settings section: dotted name, environment variable, default, description."""
    from agent.settings import Settings

    out: list[str] = []
    _section(Settings, [], out)
    return "\n".join(out)


def _section(model: Any, path: list[str], out: list[str]) -> None:
    rows, nested = [], []
    for name, field in model.model_fields.items():
        sub = field.annotation
        if isinstance(sub, type) and hasattr(sub, "model_fields"):
            nested.append((name, sub))
            continue
        dotted = ".".join([*path, name])
        env = "HYPOLOOP_" + "__".join(p.upper() for p in [*path, name])
        default = "" if field.is_required() else _default(field)
        text = " ".join((field.description or "").split()).replace("|", "\\|").replace("<", "&lt;")
        rows.append(f"| `{dotted}` | `{env}` | {default} | {text} |")
    if rows:
        title = f"`[{'.'.join(path)}]`" if path else "top level"
        out += [f"### {title}\n", "| setting | environment | default | description |", "|---|---|---|---|"]
        out += rows + [""]
    for name, sub in nested:
        _section(sub, [*path, name], out)


def _default(field: Any) -> str:
    if field.default_factory is not None:  # e.g. the per-user data folder: differs per machine
        return "(computed)"
    value = field.default
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    text = text.replace("|", "\\|")
    return f"`{text}`" if len(text) < 60 else f"`{text[:57]}...`"


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if MARKER in markdown:
        return markdown.replace(MARKER, render())
    return markdown
