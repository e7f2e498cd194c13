"""Property-based: generated goal specs, rendered in several surface forms by templates this test
owns, must read back to the same spec (or be refused; never read as a different spec)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.campaign.families import ELEMENT_FAMILIES
from agent.campaign.goal_reader import read_goal
from agent.campaign.grammar import GoalRefused

FAMILIES = {"3d transition metals": "3d transition metals", "noble metals": "noble metals",
            "alkali halides": "alkali halides", "III-V compounds": "III-V semiconductors",
            "alkaline-earth oxides": "alkaline-earth oxides", "fcc metals": "fcc metals"}  # fmt: skip
PROPS = {"bulk_modulus": ("bulk modulus", "GPa"), "lattice_constant": ("lattice constant", "Å")}
STRUCTURES = {"bcc": "bcc", "fcc": "fcc", "rocksalt": "rock-salt", "cesiumchloride": "CsCl", "zincblende": "zinc-blende"}
# A structure fits the family's kind: the reader refuses 'which alkali halides are bcc' (and it should).
ELEMENTAL = {"3d transition metals", "noble metals", "fcc metals"}
LISTS = [["Cu", "Ag", "Au"], ["Ni", "Pd", "Pt", "Al"], ["Fe", "V", "Cr"]]


@st.composite
def specs(draw: st.DrawFn) -> dict[str, object]:
    shape = draw(st.sampled_from(["structure", "threshold", "reference", "extreme"]))
    listed = shape == "extreme" and draw(st.booleans())
    family = draw(st.sampled_from(LISTS)) if listed else draw(st.sampled_from(sorted(FAMILIES)))
    spec: dict[str, object] = {"shape": shape, "family": family}
    if shape == "structure":
        fits = ["bcc", "fcc"] if family in ELEMENTAL else ["rocksalt", "cesiumchloride", "zincblende"]
        spec["prototype"] = draw(st.sampled_from(fits))
        return spec
    spec["prop"] = draw(st.sampled_from(sorted(PROPS)))
    spec["greater"] = draw(st.booleans())
    if shape == "threshold":
        spec["threshold"] = float(draw(st.integers(1, 300)))
    if shape == "reference":
        spec["reference"] = draw(st.sampled_from(["Cu", "Ag", "W"]))
    return spec


def surface(spec: dict[str, object], form: int) -> str:
    """One of several ways a user could write the spec."""
    fam = spec["family"]
    head = [f"which {FAMILIES[fam]}", f"find the {FAMILIES[fam]} that", f"{FAMILIES[fam]} which"][form] \
        if isinstance(fam, str) else f"which of {', '.join(fam[:-1])} and {fam[-1]}"  # fmt: skip
    if spec["shape"] == "structure":
        word = STRUCTURES[str(spec["prototype"])]
        return f"{head} " + [f"adopt the {word} structure", f"are {word}", f"crystallise in the {word} structure"][form]
    word, unit = PROPS[str(spec["prop"])]
    more = bool(spec["greater"])
    if spec["shape"] == "threshold":
        rel = ("above", "over", "exceeding")[form] if more else ("below", "under", "below")[form]
        return f"{head} have a {word} {rel} {spec['threshold']:g} {unit}"
    if spec["shape"] == "reference":
        cmp = ("larger", "higher", "greater")[form] if more else ("smaller", "lower", "smaller")[form]
        return f"{head} have a {cmp} {word} than {spec['reference']}"
    sup = ("largest", "highest", "greatest")[form] if more else ("smallest", "lowest", "smallest")[form]
    return f"{head} {'has' if isinstance(fam, list) else 'have'} the {sup} {word}"


@settings(max_examples=60, deadline=None)
@given(spec=specs(), form=st.integers(0, 2))
def test_a_rendered_spec_reads_back_or_is_refused(spec: dict[str, object], form: int) -> None:
    text = surface(spec, form)
    try:
        got = read_goal(text)
    except GoalRefused:
        assert form != 0, f"the plainest form must read: {text}"
        return
    fam = spec["family"]
    members = fam if isinstance(fam, list) else None
    assert got.shape == spec["shape"], text
    if members is not None:
        assert got.family.members() == members, text
    else:
        assert got.family.name == fam, text
    assert got.prototype == spec.get("prototype"), text
    assert got.prop == spec.get("prop"), text
    assert got.threshold == spec.get("threshold"), text
    assert got.reference == spec.get("reference"), text
    if "greater" in spec:
        assert got.greater == spec["greater"], text


def test_most_rendered_specs_are_read() -> None:
    """The refusal branch above must not be the usual outcome: these plain forms all read."""
    for fam in ELEMENT_FAMILIES:
        assert read_goal(f"which {fam} have a bulk modulus above 100 GPa").family.name == fam
