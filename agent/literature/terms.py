"""Terms of a literature claim: content words, synonyms, abbreviations and compound names.

A claim becomes a list of *concepts*; each concept is satisfied by any of its alternatives
(a stemmed word, a phrase, an abbreviation, or a chemical formula holding the right elements).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from agent.language import lexicon as lx

STOPWORDS = frozenset(
    """a an the is are was were be been being of in on at to for from by with as and or that this these those
    it its it's their there which who whom whose what when where how than then so such into onto over under
    about can could may might will would shall should do does did has have had having also very more most
    less least much many some any each every all both either neither one two its via per up down out off
    well often known being widely used use material materials compound compounds substance type kind
    """.split()
) - {"most", "widely", "used", "use", "often"}
# Words that add no checkable content: a passage need not repeat them.
OPTIONAL = frozenset(
    {"material", "materials", "compound", "compounds", "substance", "one", "kind", "type", "well"}
)

SYNONYMS: list[frozenset[str]] = [
    frozenset("widely commonly extensively frequently most common popular conventional standard typical typically "
              "often usually broadly mainstream classic traditional predominant dominant prevalent".split()),
    frozenset("used use uses employed employ applied apply adopted".split()),
    frozenset("cathode cathodes".split()),
    frozenset("stable stability stabilities".split()),
    frozenset("conductor conductivity conducting conductive conduction".split()),
    frozenset("increase increases enhance enhances improve improves raise raises higher".split()),
    frozenset("decrease decreases reduce reduces lower lowers decline declines".split()),
    frozenset("high higher".split()),
    frozenset("low lower".split()),
]  # fmt: skip

# "widely used" and its kin form one concept: a passage calling LSM the "conventional" or
# "standard" cathode states the same thing without the word "used".
_USAGE = (
    "widely used", "commonly used", "most used", "frequently used", "extensively used", "often used",
    "widely employed", "commonly employed", "widely applied", "widely studied", "extensively studied",
    "most studied", "most common", "most popular", "conventional", "standard", "common", "popular",
    "typical", "classic", "traditional", "prevalent", "state of the art", "benchmark", "dominant",
)  # fmt: skip
PREDICATE_PHRASES: list[tuple[str, tuple[str, ...]]] = [
    (r"\b(?:widely|commonly|most|frequently|extensively|often|typically|broadly)\s+"
     r"(?:used|employed|applied|utili[sz]ed|studied|investigated|adopted)\b", _USAGE),
    (r"\bmost (?:common|popular|widespread)\b", _USAGE),
]  # fmt: skip
# Domain phrases that name the same thing as a single claim word.
PHRASE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "cathode": ("air electrode", "oxygen electrode"),
    "cathodes": ("air electrode", "oxygen electrode"),
    "anode": ("fuel electrode",),
    "anodes": ("fuel electrode",),
}

# Abbreviations common in materials and electrochemistry papers -> the phrase they stand for.
ABBREVIATIONS: dict[str, str] = {
    "LSM": "lanthanum strontium manganite",
    "LSCF": "lanthanum strontium cobalt ferrite",
    "LSC": "lanthanum strontium cobaltite",
    "BSCF": "barium strontium cobalt ferrite",
    "LSGM": "lanthanum strontium gallium magnesium oxide",
    "YSZ": "yttria stabilized zirconia",
    "ScSZ": "scandia stabilized zirconia",
    "GDC": "gadolinium doped ceria",
    "CGO": "gadolinium doped ceria",
    "SDC": "samarium doped ceria",
    "SOFC": "solid oxide fuel cell",
    "SOEC": "solid oxide electrolysis cell",
    "PEMFC": "proton exchange membrane fuel cell",
    "MIEC": "mixed ionic electronic conductor",
    "TPB": "triple phase boundary",
    "ORR": "oxygen reduction reaction",
    "OER": "oxygen evolution reaction",
    "EIS": "electrochemical impedance spectroscopy",
    "XRD": "x-ray diffraction",
    "SEM": "scanning electron microscopy",
    "TEM": "transmission electron microscopy",
    "DFT": "density functional theory",
    "MOF": "metal organic framework",
}
# Phrases that set the topic: a passage's document title may supply them.
TOPIC_ABBREVIATIONS = frozenset({"SOFC", "SOEC", "PEMFC"})
# "-ite"/"-ate" anion names -> the element they are built on (lanthanum strontium manganite: La Sr Mn O).
ANION_ELEMENT = {
    "manganite": "Mn", "manganate": "Mn", "cobaltite": "Co", "cobaltate": "Co", "ferrite": "Fe", "chromite": "Cr",
    "nickelate": "Ni", "gallate": "Ga", "titanate": "Ti", "zirconate": "Zr", "cerate": "Ce", "aluminate": "Al",
    "niobate": "Nb", "vanadate": "V", "tungstate": "W", "molybdate": "Mo", "silicate": "Si", "cuprate": "Cu",
    "oxide": "O", "ceria": "Ce", "zirconia": "Zr", "yttria": "Y", "scandia": "Sc", "alumina": "Al", "titania": "Ti",
}  # fmt: skip


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer  # PyStemmer: small C extension, a dependency of bm25s

    return Stemmer.Stemmer("english")


def stem(word: str) -> str:
    return str(_stemmer().stemWord(word.lower()))


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z0-9\-]*[A-Za-z0-9]|[A-Za-z]", text)


@dataclass
class Concept:
    """One thing a supporting passage must state, in any of its spellings."""

    label: str
    stems: list[tuple[str, ...]] = field(default_factory=list)  # stemmed word sequences
    abbreviations: set[str] = field(default_factory=set)
    elements: frozenset[str] = frozenset()  # a formula with all of these matches
    topic: bool = False


def _synonym_stems(word: str) -> list[tuple[str, ...]]:
    w = word.lower()
    out = {(stem(w),)}
    for group in SYNONYMS:
        if w in group:
            out.update((stem(g),) for g in group if "-" not in g)
    return sorted(out)


def element_of_word(word: str) -> str | None:
    w = word.lower()
    return lx.NAME_TO_SYMBOL.get(w) or ANION_ELEMENT.get(w)


def concepts(text: str) -> list[Concept]:
    """Split a claim into concepts: compound names, abbreviations, topic phrases, content words."""
    t = text
    out: list[Concept] = []
    for abbr, phrase in ABBREVIATIONS.items():
        plural = r"s?"
        pat_abbr = re.compile(rf"\b{abbr}{plural}\b")
        pat_phrase = re.compile(r"\b" + r"[\s-]+".join(phrase.split()) + r"s?\b", re.I)
        if pat_abbr.search(t) or pat_phrase.search(t):
            out.append(_phrase_concept(phrase, {abbr}, topic=abbr in TOPIC_ABBREVIATIONS))
            t = pat_phrase.sub(" ", pat_abbr.sub(" ", t))
    t, chemical = _chemical_runs(t)
    out.extend(chemical)
    for pattern, alternatives in PREDICATE_PHRASES:
        m = re.search(pattern, t, re.I)
        if m:
            out.append(
                Concept(label=m.group(0), stems=[tuple(stem(w) for w in a.split()) for a in alternatives])
            )
            t = t[: m.start()] + " " + t[m.end() :]
    for w in words(t):
        if "-" in w:
            out.extend(_hyphenated(w))
            continue
        lw = w.lower()
        if lw in STOPWORDS or lw in OPTIONAL or len(lw) < 3 and not w.isupper():
            continue
        stems = _synonym_stems(w)
        stems += [tuple(stem(x) for x in alt.split()) for alt in PHRASE_SYNONYMS.get(lw, ())]
        symbol = lx.NAME_TO_SYMBOL.get(lw)
        abbrs = (
            {symbol} if symbol and len(symbol) == 2 else set()
        )  # "Ni-YSZ" names nickel; "N" is too ambiguous
        out.append(Concept(label=w, stems=stems, abbreviations=abbrs))
    return out


# Suffixes that say how a thing is used, not what it is: "Nickel-based anodes" name nickel.
_AFFIXES = frozenset({"based", "type", "doped", "derived", "rich", "like", "containing", "supported"})


def _hyphenated(word: str) -> list[Concept]:
    """A hyphenated word as passages split it: its parts in sequence (the stems are per part)."""
    parts = [p for p in word.split("-") if p and p.lower() not in _AFFIXES]
    if len(parts) == 1:
        return concepts(parts[0]) if len(parts[0]) >= 3 or parts[0].isupper() else []
    if not parts:
        return []
    return [Concept(label=word, stems=[tuple(stem(p) for p in parts)])]


def _phrase_concept(phrase: str, abbrs: set[str], *, topic: bool = False) -> Concept:
    ws = phrase.split()
    elements = frozenset(e for e in (element_of_word(w) for w in ws) if e)
    return Concept(
        label=phrase,
        stems=[tuple(stem(w) for w in ws)],
        abbreviations=abbrs,
        elements=elements if len(elements) >= 2 else frozenset(),
        topic=topic,
    )


_DOPANT_LINKS = frozenset({"doped", "substituted"})


def _chemical_runs(text: str) -> tuple[str, list[Concept]]:
    """Runs of two or more element / '-ite' words ('lanthanum strontium manganite') -> one concept."""
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for m in re.finditer(r"[A-Za-z]+", text):
        chemical = element_of_word(m.group()) is not None
        if chemical and (not current or text[current[-1].end() : m.start()].strip(" -") == ""):
            current.append(m)
            continue
        if (
            current
            and m.group().lower() in _DOPANT_LINKS
            and text[current[-1].end() : m.start()].strip(" -") == ""
        ):
            current.append(m)  # "strontium-doped lanthanum manganite" is one compound
            continue
        if len(current) >= 2:
            runs.append(current)
        current = [m] if chemical else []
    if len(current) >= 2:
        runs.append(current)
    found: list[Concept] = []
    for run in reversed(runs):
        while run and run[-1].group().lower() in _DOPANT_LINKS:
            run = run[:-1]
        if sum(element_of_word(w.group()) is not None for w in run) < 2:
            continue
        phrase = " ".join(w.group().lower() for w in run)
        abbrs = {a for a, p in ABBREVIATIONS.items() if p == phrase}
        found.insert(0, _phrase_concept(phrase, abbrs))
        text = text[: run[0].start()] + " " + text[run[-1].end() :]
    return text, found


def _phrase_re(phrase: str) -> re.Pattern[str]:
    return re.compile(r"\b" + r"[\s-]+".join(phrase.split()) + r"(s?)\b", re.I)


def expanded_queries(text: str) -> list[str]:
    """The claim as written, with its phrases abbreviated the way papers write them ('solid oxide
    fuel cells' -> 'SOFCs'), and with its abbreviations spelled out: each spelling finds other papers."""
    abbreviated, spelled = text, text
    for abbr, phrase in ABBREVIATIONS.items():
        abbreviated = _phrase_re(phrase).sub(abbr + r"\1", abbreviated)
        spelled = re.sub(rf"\b{abbr}(s?)\b", phrase + r"\1", spelled)
    return list(dict.fromkeys([text, abbreviated, spelled]))


def content_terms(text: str) -> list[str]:
    """Labels of the claim's concepts (what a supporting passage must state)."""
    return [c.label for c in concepts(text)]
