"""Property tests of the reader (issue #24): specs of several kinds are written in surface forms
the tests own (tests/language/generators.py), with negations, quantifiers, conditions and clauses
inserted. The reader must recover the spec or refuse; a perturbed claim must never be read as the
unchanged spec. ``python bench/reader_fuzz.py`` prints the counts over a large sample."""

from __future__ import annotations

import random
import sys
from pathlib import Path

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
