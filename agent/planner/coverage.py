"""Account for every word that changes a claim's meaning: what the parsed spec does not represent.

The parser reads a claim into a typed spec; this module asks what the spec leaves out. Words that
change the meaning and have no place in the spec (quantifiers, unusual negations, factors,
conditions, modal hedges, scoping clauses), numbers the spec does not use, and materials,
molecules, structures or properties the spec does not test make the claim *refused*: the verdict
is inconclusive and names the words. Testing a misread claim is how a wrong verdict gets a high
confidence, because every stress check re-runs the same misreading.
"""

from __future__ import annotations

import re
from typing import Any

from agent.planner import mentions as mn
from agent.planner.claim_union import CompoundClaim
from agent.planner.kinds import entities

# (what it is, pattern, why the test cannot represent it). Patterns run on the normalised claim.
_CUES: list[tuple[str, str, str]] = [
    ("quantifier", r"\b(?:both|all|each|every|any|none|only|neither|whole|entire|several|many|most of|few)\b",
     "a quantifier over several things, while the test checks one statement"),
    ("negation", r"\bno (?:less|more|\w+er)\b|\bnor\b|\bfails? to\b|\bfailed to\b|\bnot un\w+|\bhardly\b|"
     r"\bbarely\b|\bscarcely\b|\bby no means\b|\bfar from\b|\blacks?\b|\bwithout\b|\buntrue\b|\bfalse\b|"
     r"\bincorrect\b|\bwrong\b|\bmyth\b|\bcontrary\b|\bnot only\b",
     "a form of negation the test does not represent"),
    ("factor", r"\b(?:twice|thrice|(?:double[sd]?|triple[sd]?|quadruple[sd]?)(?! bonds?\b)|half|halved|\w+[- ](?:times|fold)|"
     r"\d+(?:\.\d+)?\s*(?:x|×)|orders? of magnitude|percent|per ?cent|by (?:about |roughly |some )?\d)|%",
     "a factor or difference, while the test checks only which is larger"),
    ("condition", r"\bpressures?\b|\bcompressed\b|\bunder (?:compression|tension|load|strain)\b|"
     r"\btemperatures?\b|\bheated\b|\bheating\b|\bcool(?:ed|ing)\b|\bmelt\w*|\bliquid\b|\bamorphous\b|"
     r"°C|\bkelvin\b|\bstrain\w*|\bdop(?:ed|ing|ant)\w*|\bdefect\w*|\bvacanc\w+|\binterstitial\w*|"
     r"\bimpurit\w+|\bsurfaces?\b|\bfilms?\b|\bthin\b|\bnano\w*|\bclusters?\b|\bmonolayers?\b|"
     r"\binterfaces?\b|\bgrains?\b|\balloy\w*|\bsolutions?\b|\bsubstrates?\b|\bhydrated\b|\bsolvat\w+|"
     r"\bcharged\b|\bions?\b|\bexcited\b|\bmagneti\w+|\bferromagnet\w*|\bspin\w*|\belectric field\b|"
     r"\bepitax\w*|\bpolycrystal\w*|\bsingle crystals?\b|\bhigh[- ]pressure\b|\bhigh[- ]temperature\b",
     "a condition (pressure, temperature, strain, doping, defects, surfaces, films, particles, charge, "
     "spin) that the computed static, pure, bulk, neutral, non-magnetic system does not have"),
    ("condition", r"(?<![\w.])(?!0+(?:\.0+)?\s*K\b)\d+(?:\.\d+)?\s*K\b",
     "a temperature, while the computed structures are static (0 K) and no finite-temperature method is applied"),
    ("condition", r"\b(?:when|if|unless|once|provided|whenever|until)\b",
     "a condition clause the test does not represent"),
    ("modal", r"\b(?:may|might|could|can|possibly|likely|unlikely|probably|tends? to|usually|typically|"
     r"generally|often|sometimes|rarely|seldom|presumably|perhaps|expected to|predicted to|believed to)\b",
     "a hedge on the statement itself (possibility, tendency), which one computation cannot settle"),
    ("clause", r",\s*(?:with|which|where|whereas|while|although|though|but|so|and)\b|\b(?:which|whereas|although|"
     r"though|whose|however|because|since|due to|so that|therefore|thus)\b|;",
     "a clause that adds to or scopes the statement, which the test does not represent"),
    ("superlative", r"\b(?:of all|among|any other|than (?:all|any)|the (?:highest|lowest|largest|smallest|"
     r"hardest|softest|densest|stiffest|longest|shortest)|the most|the least)\b",
     "a comparison against a whole class, while the test checks the named materials only"),
]  # fmt: skip
_COMPILED = [(what, re.compile(p, re.I), why) for what, p, why in _CUES]

# Phrases that state the conditions the tools do compute (0 K, no pressure) or that only name the
# claim's own terms; they are removed before the cues run.
_ALLOWED = re.compile(
    r"\bat (?:ambient|zero|atmospheric|normal|standard) (?:pressure|conditions)\b|\bambient[- ]pressure\b|"
    r"\bat (?:0|zero) ?(?:K|kelvin)\b|\bat absolute zero\b|\b(?:at|near) room temperature\b|\bunder ambient conditions\b|"
    r"\bwith respect to (?:its |the )?(?:constituent )?elements\b|\bwith respect to\b|\bcompared (?:with|to)\b|"
    r"(?<!no )\b(?:more|most|less|least) (?:stable|favou?rable|dense|compressible|incompressible)\b|"
    r"\bmost stable\b|\bharder to compress\b|\beasier to compress\b|\bmore difficult to compress\b|"
    r"\bsome(?= \d)|\brather than\b|\binstead of\b|\beither\b|\bin energy\b|\bbelow\b|\babove\b",
    re.I,
)
# Words a kind represents itself, so they are not cues for it.
_OWN_WORDS: dict[str, re.Pattern[str]] = {
    "molecule_shape": re.compile(r"\bnon-?(?:linear|planar)\b", re.I),
    "polymorph": re.compile(r"\b(?:the )?(?:most|least) stable\b|\blowest[- ]energy\b", re.I),
    "transition_pressure": re.compile(r"\b(?:phase )?transition pressure\b|\bpressures?\b", re.I),
    # The science kinds (agent/planner/claims_science.py) represent these words themselves.
    "vacancy_energy": re.compile(r"\bvacanc(?:y|ies)\b|\b(?:more|less) easily\b|\bmore energy\b", re.I),
    "surface_energy": re.compile(r"\bsurfaces?\b|\bfacets?\b|\b(?:more|less) stable\b", re.I),
    "magnetism": re.compile(
        r"\b(?:non-?|anti)?(?:ferro)?magnet\w*|\bnot magnetic\b|"
        r"\bat \d+(?:\.\d+)? ?K\b|\bmoments?\b",
        re.I,
    ),
    "reaction_energy": re.compile(r"\bat \d+(?:\.\d+)? ?K\b|\bsynthesis from\b", re.I),
}
_NUMBER = re.compile(r"(?<![\w.\-])-?\d+(?:\.\d+)?(?![\w.])")
# Unit conversions the parser applies (nm, pm, Mbar, kbar, TPa), to match a stated number to the spec.
_FACTORS = (1.0, 10.0, 0.01, 100.0, 0.1, 1000.0, 0.001)
_PROPERTY_WORDS = {
    "lattice_constant": re.compile(
        r"lattice (?:constant|parameter|spacing)|cell (?:parameter|edge|constant)", re.I
    ),
    "bulk_modulus": re.compile(r"bulk modul|compressib|to compress\b|\bstiff", re.I),
    "density": re.compile(r"\bdens(?:e|er|ity)\b", re.I),
    "formation": re.compile(r"formation (?:energy|enthalpy)|heat of formation", re.I),
    "ground_state": re.compile(
        r"ground[- ]state|most stable|crystalli[sz]|\badopts?\b|lowest[- ]energy", re.I
    ),
    "bond_angle": re.compile(r"\bangles?\b", re.I),
    "bond_length": re.compile(r"\bbond length|\bbonds?\b(?! angle)", re.I),
    "shape": re.compile(r"\blinear\b|\bplanar\b|\bbent\b|pyramidal", re.I),
    # The science kinds' quantities (agent/planner/claims_science.py).
    "vacancy": re.compile(r"\bvacanc", re.I),
    "surface": re.compile(r"\bsurface energ|\bfacets?\b|\(\d{3}\)", re.I),
    "magnetism": re.compile(r"magneti|\bferro|\bCurie\b", re.I),
    "dipole": re.compile(r"\bdipole|\bpolar\b|\bnon-?polar\b", re.I),
    "homo_lumo_gap": re.compile(r"\bHOMO|\bLUMO", re.I),
    "elastic": re.compile(
        r"\bC\s?_?\{?(?:11|12|44)\b|\bmechanically\b|\bductil|\bbrittle|\bPugh\b|\belastic", re.I
    ),
    "reaction": re.compile(
        r"\breaction\b|ΔG|ΔH|\bgibbs\b|\bfree energy\b|\bexergonic|\bendergonic|\bcombustion\b|"
        r"\breforming\b|water-gas",
        re.I,
    ),
}


_NOTHING = re.compile(r"(?!x)x")


def _kind_extra(kind: str, name: str) -> re.Pattern[str]:
    """A pattern a kind's table row declares in ``extras`` (words or numbers it represents itself),
    or one that matches nothing."""
    from agent.planner.kinds import table

    row = table().get(kind)
    pattern = row.extras.get(name) if row is not None else None
    return pattern if isinstance(pattern, re.Pattern) else _NOTHING


def _numbers_of(spec: Any) -> list[float]:
    parts = list(spec.parts) if isinstance(spec, CompoundClaim) else [spec]
    out: list[float] = []
    for part in parts:
        for name in ("value", "upper", "temperature_k"):
            v = getattr(part, name, None)
            if isinstance(v, int | float):
                out.append(float(v))
        out += _science_numbers(part)
    return out


def _science_numbers(part: Any) -> list[float]:
    """Numbers the science kinds represent besides values: Miller indices as written ('111'),
    stoichiometric coefficients."""
    out = [float(c) for c in getattr(part, "coefficients", None) or []]
    for name in ("miller", "other_miller"):
        m = getattr(part, name, None)
        if m:
            out.append(float("".join(str(abs(i)) for i in m)))
    return out


def _cue_reasons(text: str, kinds: set[str]) -> list[str]:
    masked = _ALLOWED.sub(" ", text)
    for kind in kinds:
        own = _OWN_WORDS.get(kind)
        if own is not None:
            masked = own.sub(" ", masked)
        masked = _kind_extra(kind, "own_words").sub(" ", masked)
    reasons = []
    for what, pattern, why in _COMPILED:
        m = pattern.search(masked)
        if m:
            reasons.append(f"the claim says '{m.group(0).strip(' ,')}' ({what}): {why}")
    return reasons


def _number_reasons(text: str, spec: Any) -> list[str]:
    used = _numbers_of(spec)
    masked = re.sub(r"\b(?:at )?0 ?K\b", " ", text)  # 0 K is what the tools compute
    masked = _kind_extra(getattr(spec, "kind", ""), "own_numbers").sub(" ", masked)
    reasons = []
    for m in _NUMBER.finditer(masked):
        n = float(m.group(0))
        if not any(abs(n * f - u) <= 1e-6 * max(1.0, abs(u)) for f in _FACTORS for u in used):
            reasons.append(f"the claim states the number {m.group(0)}, which the test does not use")
    return reasons


def _entity_reasons(text: str, spec: Any) -> list[str]:
    reasons = []
    about = entities(spec)
    formulas = about.formulas
    elements = {el for f in formulas for el in mn.elements_of(f)}
    mats, protos = mn.materials(text)
    molecular = bool(about.molecules)
    for m in dict.fromkeys(x.value for x in mats):
        if m not in formulas and m not in elements and not molecular:
            reasons.append(f"the claim names {m}, which the test does not include")
    known_protos = about.prototypes
    for p in dict.fromkeys(x.value for x in protos):
        if p not in known_protos and not molecular:
            reasons.append(f"the claim names the {p} structure, which the test does not include")
    if molecular:
        named = {x.value for x in mn.molecules(text)}
        for mol in sorted(named - about.molecules):
            reasons.append(f"the claim names {mol}, which the test does not include")
    tested = about.properties
    own = _kind_extra(getattr(spec, "kind", ""), "own_words")
    for prop, pattern in _PROPERTY_WORDS.items():
        if pattern.search(own.sub(" ", text)) and prop not in tested:
            reasons.append(
                f"the claim also speaks of the {prop.replace('_', ' ')}, which the test does not cover"
            )
    return reasons


def cue_reasons(text: str) -> list[str]:
    """The meaning-changing words of a claim no simulation spec could be built for."""
    return _cue_reasons(text, set())


def unrepresented(text: str, spec: Any) -> list[str]:
    """Why ``spec`` does not represent all of ``text`` (empty when it does)."""
    from agent.planner.pressure import mask_condition

    text = mask_condition(text, spec)  # the pressure condition the spec represents
    kinds = {p.kind for p in (spec.parts if isinstance(spec, CompoundClaim) else [spec])}
    reasons = _cue_reasons(text, kinds) + _number_reasons(text, spec) + _entity_reasons(text, spec)
    return list(dict.fromkeys(reasons))
