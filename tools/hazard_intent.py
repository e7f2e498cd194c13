"""What a free-text request asks for, as the hazard policy needs it (docs/safety.md).

The policy refuses by subject *and* intent: computing the dipole of phosgene is allowed, a route to
phosgene or a more volatile phosgene analogue is not. This module reads the intent; it decides
nothing (:func:`tools.hazard_policy.decide` does). A route or an analogue counts only when it is
bound to a subject, i.e. the subject is the object of the request ("synthesis of HCN", "phosgene
analogues", "how is phosgene made"), so "synthesise a MOF that captures HCN" is not a route to HCN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A request to create or improve something: class terms ("nerve agents", "explosives") count only
# with one of these (kept from the first screen: "design a more potent nerve agent").
DESIGN_WORDS = re.compile(
    r"\b(propos\w*|design\w*|optimi[sz]\w*|rank\w*|synthes\w*|make|making|produc\w*|prepar\w*|improv\w*|"
    r"enhanc\w*|weaponi[sz]\w*|discover\w*|invent\w*|generat\w*|"
    r"more (?:potent|toxic|lethal|powerful|stable|volatile|persistent|energetic|sensitive)|"
    r"analog(?:ue)?s?|stronger|deadlier)\b",
    re.IGNORECASE,
)
# ...and not when the request is about defending against the class.
DEFENCE_WORDS = re.compile(
    r"\b(detect\w*|sensor\w*|sensing|decontaminat\w*|degrad\w*|destroy\w*|destruction|disposal|"
    r"neutrali[sz]\w*|protect\w*|antidote\w*|treat\w*|remediat\w*|adsorb\w*|captur\w*|filter\w*|"
    r"verif\w*|treaty|history|historical)\b",
    re.IGNORECASE,
)
# ...unless the defence is what is to be defeated ("evade detection", "bypass filters").
_EVASION = re.compile(r"\b(?:evad\w*|evasion|bypass\w*|defeat\w*|circumvent\w*|undetect\w*)\b", re.IGNORECASE)
# Verbs and nouns that ask for a way to make, scale up or disperse the thing that follows them.
_PRODUCTION = (
    r"synthesi[sz]e[sd]?|synthesi[sz]ing|synthesis|syntheses|prepare|preparing|preparation|produce|"
    r"producing|production|manufacture|manufacturing|make|making|scale[- ]up|weaponi[sz]\w*|"
    r"aerosoli[sz]\w*|disperse|dispersal|dispersing|stockpil\w*"
)
_PRODUCTION_WORD = re.compile(rf"\b(?:{_PRODUCTION})\b", re.IGNORECASE)
_PASSIVE_HOW = re.compile(
    r"\bhow\b(?P<between>[^.?!;]{0,80}?)\b(?:made|produced|prepared|synthesi[sz]ed|manufactured)\b",
    re.IGNORECASE,
)
_TO_TARGET = re.compile(r"\b(?:routes?|pathways?|convert\w*|transform\w*|turn\w*)\b", re.IGNORECASE)
_ANALOGUE = r"analog(?:ue)?s?|derivatives?|variants?|congeners?|homolog(?:ue)?s?"
_ANALOGUE_WORD = re.compile(rf"\b(?:{_ANALOGUE})\b", re.IGNORECASE)
# Words that may stand between a request word and its object ("a synthesis route for the pure ...").
_FILLER = frozenset(
    "a an the some its their of for to from into towards toward pure anhydrous liquid gaseous new "
    "novel simple cheap efficient industrial laboratory lab large-scale small-scale step-by-step "
    "route routes pathway pathways procedure method methods way ways protocol grams kilograms "
    "quantities quantity more".split()
)
# Thermochemistry of a production reaction ("the enthalpy of phosgene synthesis") is a computation.
_THERMO_BEFORE = re.compile(
    r"\b(?:energy|energies|enthalpy|enthalpies|gibbs|free energy|thermodynamics|thermochemistry|"
    r"heat|equilibrium|ΔH|ΔG|ΔE|dH|dG)\b(?:\s+\w+){0,3}\s*$",
    re.IGNORECASE,
)
_SAFER = re.compile(
    r"\b(?:less toxic|non-?toxic|safer|substitut\w*|replac\w*|alternatives?|greener|lower toxicity|"
    r"reduc\w* (?:the )?toxicity|detoxif\w*)\b",
    re.IGNORECASE,
)
# Request verbs in the forms a request uses ("design", "propose", "make ... more"), not the
# descriptive ones of an abstract ("enhances", "suggesting", "generation").
_DESIGN_VERB = (
    r"design|designing|propose|proposing|suggest|invent|generate|generating|discover|"
    r"optimi[sz]e|optimi[sz]ing|engineer|engineering|modify|modifying|tune|tuning|improve|improving|"
    r"enhance|enhancing|increase|increasing|maximi[sz]e|boost|make|making"
)
_DESIGN_CONTEXT = re.compile(rf"\b(?:{_DESIGN_VERB}|{_ANALOGUE})\b", re.IGNORECASE)
# How far before the harm words the request verb may stand, in the same sentence.
_DESIGN_REACH = 80
_UP = r"more|higher|greater|increas\w*|maximi[sz]\w*|enhanc\w*|boost\w*|improv\w*|stronger|rais\w*|better"
# Toward harm to people: refused whatever the subject, when something is being designed.
_HARM = re.compile(
    rf"\b(?:(?:{_UP})\s+(?:the\s+|its\s+|their\s+)?(?:acute\s+|inhalation\s+|human\s+)?"
    r"(?:toxic\w*|lethal\w*|poison\w*)|most\s+(?:toxic|lethal|poisonous)|deadl(?:ier|iest)|"
    r"(?:lower|lowest|reduc\w*|decreas\w*|minimi[sz]\w*)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:LD50|LC50|LCt50|lethal dose|lethal concentration))\b",
    re.IGNORECASE,
)
# Toward an agent's figures of merit: refused when a listed chemical or a class term is the subject
# (a more volatile refrigerant or a more potent drug is ordinary design work).
_AGENT_PROPERTY = re.compile(
    rf"\b(?:(?:{_UP})\s+(?:the\s+|its\s+|their\s+)?(?:volatil\w*|vapou?r pressure|persisten\w*|"
    r"potency|potent|skin (?:penetration|permeation|absorption)|shelf life|storage stability)|"
    r"more (?:volatile|persistent|stable in storage)|"
    r"(?:lower|slower|reduc\w*)\s+(?:the\s+)?(?:rate of\s+)?hydrolysis(?:\s+rate)?)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\s,;:()\"'“”]+")
_PRONOUNS = frozenset({"it", "them", "this", "these", "that", "those"})


@dataclass(frozen=True)
class Intent:
    """What a request asks, beyond computing properties of what it names.

    ``design``: a request to create or improve something (what class terms need to count);
    ``production_of`` / ``analogues_of``: the subjects (lower case, as written) that a synthesis,
    production or dispersal request, or an analogue-design request, is about ("*" for "it/them");
    ``harm``: the words asking for design toward toxicity or lethality;
    ``agent_property``: the words asking for design toward volatility, persistence or potency.
    A structure handed to a tool carries :data:`COMPUTE`: nothing but a computation.
    """

    design: bool = False
    production_of: frozenset[str] = frozenset()
    analogues_of: frozenset[str] = frozenset()
    harm: str | None = None
    agent_property: str | None = None
    safer: bool = False


COMPUTE = Intent()


def read_intent(text: str, subjects: list[str]) -> Intent:
    """The intent of ``text``, with production and analogue requests bound to ``subjects`` (the
    molecule mentions the screen found, as written in the text)."""
    harm = _requested(text, _HARM)
    agent = _requested(text, _AGENT_PROPERTY)
    safer = bool(_SAFER.search(text))
    return Intent(
        design=bool(DESIGN_WORDS.search(text))
        and (not DEFENCE_WORDS.search(text) or bool(_EVASION.search(text))),
        production_of=_production_of(text, subjects),
        analogues_of=frozenset() if safer else _objects_of(text, _ANALOGUE_WORD, subjects, nouns=True),
        harm=harm,
        agent_property=agent,
        safer=safer,
    )


def _requested(text: str, direction: re.Pattern[str]) -> str | None:
    """The words of ``direction`` ("more toxic") that a request verb or an analogue word governs:
    in the same sentence, before it, at most ``_DESIGN_REACH`` characters away, or right after."""
    for sentence in re.split(r"(?<=[.?!;])\s+|\n", text):
        for m in direction.finditer(sentence):
            before = sentence[max(0, m.start() - _DESIGN_REACH) : m.start()]
            after = sentence[m.end() : m.end() + 30]
            if (
                _DESIGN_CONTEXT.search(before)
                or _ANALOGUE_WORD.search(after)
                or _DESIGN_CONTEXT.match(m.group(0))
            ):
                return m.group(0)
    return None


def _production_of(text: str, subjects: list[str]) -> frozenset[str]:
    bound = set(_objects_of(text, _PRODUCTION_WORD, subjects, nouns=True))
    for m in _PASSIVE_HOW.finditer(text):  # "how is phosgene made"
        between = m.group("between").lower()
        bound |= {s.lower() for s in subjects if s.lower() in between}
    for sentence in re.split(r"[.?!;\n]", text):  # "a route from CO and Cl2 to phosgene"
        if _TO_TARGET.search(sentence):
            bound |= _after(sentence, re.compile(r"\b(?:to|into|towards?)\b", re.IGNORECASE), subjects)
    return frozenset(bound)


def _objects_of(text: str, word: re.Pattern[str], subjects: list[str], nouns: bool) -> frozenset[str]:
    """Subjects that directly follow ``word`` (only fillers between) or, for nouns, directly
    precede it ("phosgene synthesis", "HCN analogues")."""
    bound = set(_after(text, word, subjects))
    if nouns:
        for s in subjects:
            pattern = rf"(?<![\w]){re.escape(s)}(?:-like)?\s+(?:{word.pattern})"
            for m in re.finditer(pattern, text, re.IGNORECASE):
                if not _THERMO_BEFORE.search(text[: m.start()]):
                    bound.add(s.lower())
    return frozenset(bound)


def _after(text: str, word: re.Pattern[str], subjects: list[str]) -> set[str]:
    bound: set[str] = set()
    for m in word.finditer(text):
        if _THERMO_BEFORE.search(text[: m.start()]):
            continue
        rest = text[m.end() :]
        position = 0
        for token in _WORD.finditer(rest):
            low = token.group(0).lower()
            if low in _PRONOUNS:
                # "prepare it" points back at the subject; "make it faster" is an idiom
                if m.group(0).lower() not in ("make", "making"):
                    bound.add("*")
                break
            hit = next((s for s in subjects if rest[token.start() :].lower().startswith(s.lower())), None)
            if hit is not None:
                bound.add(hit.lower())
                break
            position += 1
            if low not in _FILLER or position > 6:
                break
    return bound
