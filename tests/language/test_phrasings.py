"""The phrasing suite (tests/language/phrasings.py): each claim is read as its expected spec or
refused, never read as anything else; refusals name the span they could not read."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from phrasings import READ, REFUSED  # noqa: E402

from agent.language.canonical_kinds import sentence  # noqa: E402
from agent.language.reader import read  # noqa: E402


@pytest.mark.parametrize("claim,want", READ, ids=[c for c, _ in READ])
def test_read_or_refused_never_misread(claim: str, want: str) -> None:
    r = read(claim)
    if r.ok:
        assert " | ".join(sentence(s) for s in r.specs) == want
    else:
        assert r.refusal


@pytest.mark.parametrize("claim,word", REFUSED, ids=[c for c, _ in REFUSED])
def test_refused_naming_the_span(claim: str, word: str) -> None:
    r = read(claim)
    assert not r.ok, [sentence(s) for s in r.specs]
    assert word.lower() in (r.refusal or "").lower(), r.refusal


def test_suite_size_and_coverage() -> None:
    """At least 150 phrasings; at least 90 % of the readable ones read (refusing all would pass
    the test above)."""
    assert len(READ) + len(REFUSED) >= 150
    read_ok = sum(read(c).ok for c, _ in READ)
    assert read_ok >= 0.9 * len(READ), read_ok
