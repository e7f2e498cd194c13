"""Property tests of the reader (issue #24): specs of several kinds are written in surface forms
the tests own (tests/language/generators.py), with negations, quantifiers, conditions and clauses
inserted. The reader must recover the spec or refuse; a perturbed claim must never be read as the
unchanged spec. ``python bench/reader_fuzz.py`` prints the counts over a large sample."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from generators import case, negated, perturbed, value_case  # noqa: E402

from agent.language.reader import read  # noqa: E402
from agent.language.selfcheck import same  # noqa: E402


def outcome(c: object) -> str:
    """'right', 'refused' or 'misread' for a generated case."""
    r = read(c.text)  # type: ignore[attr-defined]
    if not r.ok:
        return "refused"
    if len(r.specs) != 1:
        return "misread"
    got = r.specs[0]
    if c.expected is None:  # type: ignore[attr-defined]
        return "misread" if same(got, c.unchanged) else "right"  # type: ignore[attr-defined]
    return "right" if same(got, c.expected) else "misread"  # type: ignore[attr-defined]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_generated_claims_are_read_right_or_refused(rng: random.Random) -> None:
    c = case(rng)
    assert outcome(c) != "misread", (c.text, c.form, read(c.text).specs)


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False))
def test_a_negation_flips_the_spec(rng: random.Random) -> None:
    c = negated(value_case(rng))
    assume(c is not None)  # the 'has a ... of' form has no copula to negate
    assert c is not None and outcome(c) != "misread", c.text


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False))
def test_perturbations_never_leave_the_spec_unchanged(rng: random.Random) -> None:
    c = perturbed(value_case(rng), rng)
    assert outcome(c) != "misread", (c.text, read(c.text).specs)


def test_the_unperturbed_forms_are_mostly_read() -> None:
    """Coverage floor on a fixed sample: refusing every claim would pass the tests above."""
    rng = random.Random(7)
    results = [outcome(c) for c in (base(rng) for base in _bases(rng, 60))]
    assert results.count("misread") == 0
    assert results.count("right") >= 0.9 * len(results), results


def _bases(rng: random.Random, n: int) -> list:
    from generators import BASES

    return [rng.choice(BASES) for _ in range(n)]


BASES = [
    "The reaction CH4 + 2 O2 -> CO2 + 2 H2O is exothermic.",
    "The (111) surface of silver has a lower surface energy than its (110) surface.",
    "Gold is denser than copper, which is denser than aluminium.",
    "Is ammonia planar? No, it is not.",
    "Copper is fcc with a lattice constant of about 3.6 Å.",
    "Nickel adopts fcc. Its bulk modulus is about 180 GPa.",
]
INSERTS = ["only", "never", "twice", "almost", "usually"]
TAILS = [" at 800 K", " in thin films", ", which is surprising", " when doped"]


def _variants(claim: str) -> list[str]:
    words = claim.rstrip(".").split(" ")
    step = max(1, len(words) // 4)
    out = [" ".join(words[:i] + [w] + words[i:]) + "." for w in INSERTS for i in range(1, len(words), step)]
    return out + [claim.rstrip(".") + t + "." for t in TAILS]


@pytest.mark.parametrize("claim", BASES)
def test_an_inserted_word_changes_the_reading_is_refused_or_is_named(claim: str) -> None:
    """Never the same reading with a word silently dropped: a hedge read as such is named in the
    read_notes of the statement it hedges (the others are unhedged)."""
    base = read(claim)
    assert base.ok, base.refusal
    for v in _variants(claim):
        r = read(v)
        if r.ok and len(r.specs) == len(base.specs) and all(same(a, b) for a, b in zip(r.specs, base.specs, strict=True)):
            assert any(any("hedged" in n for n in s.read_notes) for s in r.specs), v
