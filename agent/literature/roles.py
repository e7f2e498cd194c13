"""The relations a literature claim can state, and which of them exclude each other.

A *role* is what a claim says an entity is or does: the cathode of a cell, an insulator, n-type,
stable. A *direction* is what a claim says an entity does to another: increases, reduces, higher.
Roles in one exclusion group cannot both hold for the same entity in the same sense (a material is
not both the cathode and the anode of a cell in the reading a claim means; not both an insulator
and a metal), so a passage binding the claim's entity to an excluded role contradicts the claim.
The tables are lexical and deliberately small: a word outside them makes the relation unknown,
and an unknown relation is never used to refute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# role -> pattern of the words naming it. Patterns exclude the compounds where the word names
# something else ("metal oxide", "half-metallic", "ionic conductor", "semiconductor").
ROLE_PATTERNS: dict[str, str] = {
    "cathode": r"cathodes?|air[\s-]electrodes?|oxygen[\s-]electrodes?|positive[\s-]electrodes?",
    "anode": r"anodes?|fuel[\s-]electrodes?|negative[\s-]electrodes?",
    "electrolyte": r"electrolytes?",
    "interconnect": r"interconnects?",
    "insulator": r"(?<!thermal )(?<!topological )(?:insulators?|insulating)",
    "metal": r"(?<![-\w])(?:metals?|metallic)(?![-\w])(?!\s+(?:oxides?|organic|ions?|cations?|atoms?|cent(?:er|re)s?"
    r"|sites?|salts?|halides?|precursors?|complex(?:es)?|catalysts?|substrates?|nanoparticles?|clusters?"
    r"|contents?|loadings?|dopants?|doping|layers?|foams?|supports?|current collectors?))",
    "conductor": r"(?<!ionic )(?<!ion )(?<!proton )(?<!protonic )(?<!mixed )(?<!oxide-ion )(?<!oxygen-ion )"
    r"(?<!thermal )(?<!lithium )(?<!-)(?:electronic )?conductors?",
    "semiconductor": r"semiconductors?|semiconducting",
    "superconductor": r"superconductors?|superconducting",
    "n-type": r"n-type|n type",
    "p-type": r"p-type|p type",
    "stable": r"(?<![-\w])stable",
    "unstable": r"unstable|metastable",
    "ferromagnetic": r"ferromagnet(?:s|ic)?",
    "antiferromagnetic": r"antiferromagnet(?:s|ic)?",
    "paramagnetic": r"paramagnet(?:s|ic)?",
    "diamagnetic": r"diamagnet(?:s|ic)?",
    "catalyst": r"catalysts?|electrocatalysts?",
    "hydrophobic": r"hydrophobic",
    "hydrophilic": r"hydrophilic",
    "crystalline": r"(?<![-\w])crystalline",
    "amorphous": r"amorphous",
}
# Mutually exclusive roles (each group: no entity holds two of them in one sense).
EXCLUSIVE_GROUPS: list[frozenset[str]] = [
    frozenset({"cathode", "anode", "electrolyte", "interconnect"}),
    frozenset({"insulator", "metal"}),
    frozenset({"insulator", "conductor"}),
    frozenset({"semiconductor", "metal"}),
    frozenset({"n-type", "p-type"}),
    frozenset({"stable", "unstable"}),
    frozenset({"ferromagnetic", "antiferromagnetic", "diamagnetic"}),
    frozenset({"ferromagnetic", "paramagnetic"}),
    frozenset({"hydrophobic", "hydrophilic"}),
    frozenset({"crystalline", "amorphous"}),
]
# A metal is a conductor, and a superconductor is a conductor below its critical temperature:
# a passage naming one of these does not contradict the other.
COMPATIBLE: dict[str, frozenset[str]] = {"metal": frozenset({"conductor"}), "conductor": frozenset({"metal"})}

# Directions: the claim says one entity raises (or lowers) another, or has more (or less) of it.
UP = (
    r"increas(?:e|es|ed|ing)|elevat(?:e|es|ed|ing)|rais(?:e|es|ed|ing)|enhanc(?:e|es|ed|ing|ement)"
    r"|augment(?:s|ed|ing)?|up-?regulat(?:e|es|ed|ing|ion)|higher|greater|more|boost(?:s|ed|ing)?"
    r"|accelerat(?:e|es|ed|ing)|promot(?:e|es|ed|ing)|induc(?:e|es|ed|ing)|stimulat(?:e|es|ed|ing)"
    r"|activat(?:e|es|ed|ing)|improv(?:e|es|ed|ing|ement)|rises?|rose|faster|longer|larger|stronger"
)
DOWN = (
    r"decreas(?:e|es|ed|ing)|reduc(?:e|es|ed|ing|tion)|lower(?:s|ed|ing)?|diminish(?:es|ed|ing)?"
    r"|attenuat(?:e|es|ed|ing)|down-?regulat(?:e|es|ed|ing|ion)|less|fewer|smaller|declin(?:e|es|ed|ing)"
    r"|drops?|dropped|slow(?:s|ed|ing)?|inhibit(?:s|ed|ing|ion)?|suppress(?:es|ed|ing|ion)?"
    r"|impair(?:s|ed|ing)?|block(?:s|ed|ing)?|prevent(?:s|ed|ing)?|worsen(?:s|ed|ing)?|shorter|weaker"
)
DIRECTION_RE = {
    "up": re.compile(rf"(?<![-\w])(?:{UP})(?![-\w])", re.I),
    "down": re.compile(rf"(?<![-\w])(?:{DOWN})(?![-\w])", re.I),
}
ROLE_RE = {role: re.compile(rf"(?<![\w])(?:{pat})(?![\w])", re.I) for role, pat in ROLE_PATTERNS.items()}

NEGATIONS = frozenset(
    "not no never cannot can't isn't aren't wasn't weren't doesn't don't didn't won't neither nor none "
    "hardly rarely unlike instead unsuitable unable fails fail failed lack lacks lacking without".split()
)


@dataclass(frozen=True)
class Mention:
    """A role or direction word found in a text (character offsets)."""

    name: str
    start: int
    end: int


def excluded(role: str) -> frozenset[str]:
    """The roles that cannot hold for an entity that holds `role`."""
    out: set[str] = set()
    for group in EXCLUSIVE_GROUPS:
        if role in group:
            out |= group - {role}
    return frozenset(out - COMPATIBLE.get(role, frozenset()))


# "more stable", "less conducting": a comparison between two things, not a role of one.
_COMPARATIVE = re.compile(r"\b(?:more|less|most|least|better|worse|higher|lower|as)\s+$", re.I)
# "less than 6 months", "more than 50 %": a quantity, not a direction.
_QUANTITY = re.compile(r"^\s+than\s+[\d.,]", re.I)


def role_mentions(text: str) -> list[Mention]:
    found = [
        Mention(r, m.start(), m.end())
        for r, rx in ROLE_RE.items()
        for m in rx.finditer(text)
        if not _COMPARATIVE.search(text[max(0, m.start() - 12) : m.start()])
    ]
    # "semiconductor" also matches nothing else, but "metallic"/"stable" may sit inside a longer
    # match of another role ("metastable"): keep the longest match at each place.
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in found:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def direction_mentions(text: str) -> list[Mention]:
    found = [
        Mention(d, m.start(), m.end())
        for d, rx in DIRECTION_RE.items()
        for m in rx.finditer(text)
        if not _QUANTITY.match(text[m.end() : m.end() + 12])
    ]
    return sorted(found, key=lambda m: m.start)


def opposite(direction: str) -> str:
    return "down" if direction == "up" else "up"
