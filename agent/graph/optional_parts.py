"""Optional parts of a workspace (a literature index, a data collection) the user may not have set up.

A part the user has not set up is not a failure: a run never calls the tool that needs it (the
model is not offered the tool, a planned call to it is dropped), so no ledger entry, report row or
`/runs` line shows an error for it, and the user is told once per command or chat session what
the part would add and how to add it (:func:`parts_notice`). ``doctor`` reports the same parts.

Only a sure absence counts as "not set up": a local index folder or collection file that does not
exist. A configured database server is taken at its word; if it fails, that is a real failure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.settings import Settings

LITERATURE_TOOL = "literature_search"
DATA_TOOL = "data_query"


@dataclass(frozen=True)
class MissingPart:
    """A part that is not set up, the tool that needs it, and the words to tell the user."""

    tool: str
    part: str  # "literature index"
    adds: str  # what the part would add to a verdict
    how: str  # the command that sets it up
    # Some calls run without the part: data_query can ask the public databases (public=true) when
    # they are configured and online, so the tool stays offered and only collection-only calls drop.
    public_calls_run: bool = False

    def blocks(self, args: Mapping[str, Any] | None) -> bool:
        """Whether a call with ``args`` (None: the tool itself, for binding) needs the part."""
        if not self.public_calls_run:
            return True
        return args is not None and not args.get("public")


def _index_missing(settings: Settings) -> bool:
    manifest = settings.index_path.expanduser() / "manifest.json"
    if not manifest.is_file():
        return True
    try:
        return int(json.loads(manifest.read_text(encoding="utf-8")).get("chunks", 1)) == 0
    except (OSError, ValueError, TypeError, AttributeError):
        return False  # a corrupt index is a real problem: the search reports it


def _public_databases(settings: Settings) -> bool:
    data = settings.data
    return data.online and bool(data.optimade_urls or data.mp_api_key)


def missing_parts(settings: Settings) -> dict[str, MissingPart]:
    """Tool name -> the part it needs that ``settings``' workspace lacks (cheap: two file checks)."""
    from tools.datasets.collection import DataCollection

    out = {}
    if _index_missing(settings):
        out[LITERATURE_TOOL] = MissingPart(
            LITERATURE_TOOL,
            "literature index",
            "cited passages from your papers as evidence",
            "`hypoloop index add PATH`",
        )
    if not DataCollection(settings.data_url).may_exist():
        out[DATA_TOOL] = MissingPart(
            DATA_TOOL,
            "data collection",
            "your own measured values and structures as evidence",
            "`hypoloop data add PATH`",
            public_calls_run=_public_databases(settings),
        )
    return out


def parts_notice(settings: Settings) -> str | None:
    """One line naming the parts not set up, what each would add and how to add it (None: all set)."""
    parts = missing_parts(settings).values()
    if not parts:
        return None
    said = "; ".join(f"a {p.part} would add {p.adds} ({p.how})" for p in parts)
    return f"Not set up, so not used: {said}."


def blocked(name: str, args: Mapping[str, Any] | None, missing: Mapping[str, MissingPart]) -> bool:
    """Whether a call of tool ``name`` with ``args`` needs a part that is not set up."""
    part = missing.get(name)
    return part is not None and part.blocks(args)
