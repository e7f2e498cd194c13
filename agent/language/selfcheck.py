"""Self-checks before judging: each spec's canonical sentence must read back as the same spec, and
its negation as the negated spec. A spec that fails either was built from a reading the language
cannot reproduce, so it is not tested (the failure names which check failed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Fields that record how the claim was written, not what it asserts. The precision implied by the
# digits is one: '10.26 bohr' is 5.42934 Å, which no decimal spelling in Å reproduces exactly.
PROVENANCE = frozenset({"text", "read_notes", "name", "coefficients", "precision_pct"})


def meaning(spec: Any) -> dict[str, Any]:
    """What a spec asserts: its fields less provenance, numbers to 9 significant digits (a unit
    conversion leaves float noise, not a new value)."""
    data = spec.model_dump()
    return {k: _rounded(v) for k, v in data.items() if k not in PROVENANCE}


def _rounded(v: Any) -> Any:
    if isinstance(v, float):
        return float(f"{v:.9g}")
    if isinstance(v, list):
        return [_rounded(x) for x in v]
    if isinstance(v, dict):
        return {k: _rounded(x) for k, x in v.items()}
    return v


def check(specs: list[Any], read: Callable[..., Any]) -> str | None:
    """None when every spec survives both round trips through ``read`` (the reader, without its
    own self-check), else the reason."""
    from agent.language.canonical_kinds import sentence

    for spec in specs:
        for variant, what in ((spec, "its canonical sentence"), (_negated(spec), "its negation")):
            text = sentence(variant)
            back = read(text, self_check=False)
            if not back.ok or len(back.specs) != 1 or not same(back.specs[0], variant):
                got = "; ".join(sentence(s) for s in back.specs) if back.ok else back.refusal
                return f"self-check failed: {what} '{text}' reads back as {got!r}"
    return None


def same(read_back: Any, spec: Any) -> bool:
    """Equal meanings; a value may differ within the precision the claim stated, since the
    canonical sentence writes it with those digits ('10.26 bohr' -> '5.43 Å')."""
    a, b = meaning(read_back), meaning(spec)
    if a.keys() != b.keys():
        return False
    tol = max(float(getattr(spec, "precision_pct", 0.0) or 0.0) / 100.0, 1e-9)
    for key in a:
        x, y = a[key], b[key]
        if key in ("value", "upper") and isinstance(x, float) and isinstance(y, float):
            if abs(x - y) > tol * max(abs(x), abs(y)):
                return False
        elif x != y:
            return False
    return True


def _negated(spec: Any) -> Any:
    return spec.model_copy(update={"negated": not spec.negated})
