"""Claim text -> ClaimSpec, through the claim language's reader (agent/language/reader.py).

- The reader derives the whole sentence: one statement is its spec, several are a compound claim
  (tested part by part; the verdict is their conjunction).
- A sentence the grammar cannot derive, or one it reads in two ways, is refused with the span or
  both readings, when it speaks of what the tools compute (the language's property and predicate
  words); a plug-in kind may still read it; any other declarative claim goes to the literature.
"""

from __future__ import annotations

from typing import Any

from agent.language.kind_builders import prototype_pool
from agent.language.reader import Reading, read
from agent.language.spec_union import ClaimSpec, CompoundClaim
from agent.language.specs import LiteratureClaim, RefusedClaim
from agent.language.tokens import normalise
from agent.literature.terms import content_terms, expanded_queries

TOOLS_COVER = (
    "hypoloop's simulations cover lattice constants, bulk moduli, densities, elastic constants, polymorph "
    "energies and pressures, formation energies, vacancy and surface energies, magnetic moments, thermal "
    "expansion, phonon stability, molecular geometry, dipoles, HOMO-LUMO gaps and reaction energy signs"
)


def _spec_of(reading: Reading) -> Any:
    specs = reading.specs
    return specs[0] if len(specs) == 1 else CompoundClaim(text=reading.text, parts=specs)


def refusal_of(reading: Reading) -> RefusedClaim:
    nearest = f"the nearest claim it can read (not tested): {reading.nearest}" if reading.nearest else None
    return RefusedClaim(text=reading.text, reasons=[reading.refusal or "the claim could not be read"], parsed_as=nearest)


def parse_claim(text: str, *, literature: bool = True) -> ClaimSpec | None:
    """The claim's spec; a refusal naming what could not be read; a literature claim for claims
    about something else (None with ``literature=False``)."""
    t = normalise(text)
    reading = read(t)
    if reading.ok:
        return _spec_of(reading)  # type: ignore[no-any-return]
    plugin = _parse_plugin(t)
    if plugin is not None:
        return plugin  # type: ignore[no-any-return]
    if reading.about_tools:
        return refusal_of(reading)
    return literature_claim(t) if literature else None


def _parse_plugin(text: str) -> Any:
    """A claim of a plug-in kind (entry point ``hypoloop.claim_kinds``), tried when the built-in
    language cannot read it. A plug-in whose parser raises is skipped: its bug must not break the
    planner."""
    from agent.language.kinds import plugin_kinds

    for row in plugin_kinds():
        try:
            spec = row.parse(text) if row.parse is not None else None
        except Exception:  # noqa: BLE001 - third-party code; the literature fallback still applies
            continue
        if spec is not None:
            return spec
    return None


def literature_claim(text: str) -> LiteratureClaim | None:
    """The claim as one to check against the literature index (None without content terms).
    Also used for any claim by the stress test's literature search."""
    t = normalise(text)
    if len(content_terms(t)) < 2:
        return None
    return LiteratureClaim(text=t, queries=expanded_queries(t), why_not_simulated=unsupported_reason(t))


def unsupported_reason(text: str) -> str:
    """Why the simulation checks cannot judge this claim (used in inconclusive verdicts)."""
    t = normalise(text)
    if not t:
        return "the claim is empty"
    reading = read(t)
    if reading.ok:
        return "the claim parses; nothing prevents a simulation check"
    if reading.about_tools:
        return f"the claim speaks of what the tools compute, but {reading.refusal}"
    return f"{TOOLS_COVER}; this claim is outside them"


__all__ = ["literature_claim", "parse_claim", "prototype_pool", "refusal_of", "unsupported_reason"]
