"""The subject of a computation question: a SMILES string, a reaction equation, a named molecule,
or a crystal (formula + structure, and the facet of a surface question).

Each finder claims its words in the Reader; what the question leaves open (the structure of a
formula, the facet of a surface) is either filled with a stated assumption or refused.
"""

from __future__ import annotations

import re

from agent.language import lexicon as lx
from agent.language import mentions as mn
from agent.questions.conditions import Reader
from agent.questions.spec import QUANTITIES, Subject

Found = tuple[Subject, list[str]] | str  # the subject and its assumptions, or the reason to refuse

_SMILES = re.compile(
    r"\bSMILES(?:\s+(?:string|code|notation))?\s*(?:is\s+|of\s+|=\s*|:\s*)?[`'\"]?"
    r"(?P<s>[A-Za-z0-9@+\-\[\]()=#$/\\%.:*]+?)[`'\"]?(?=[\s,;?!]|\.?\s|\.?$)",
    re.I,
)
_SPACEGROUP = re.compile(
    r"\b(?:in |with )?(?:the )?space[- ]?group\s*(?:no\.?|number|#)?\s*([A-Za-z][A-Za-z0-9_/\-]*[0-9a-z]|\d{1,3})(?![\w/])",
    re.I,
)
_ARROW = re.compile(r"->|→|⟶|=>|<=>|⇌")
_REACTION_START = re.compile(r"(?:\b(?:for|of|reaction|equation)\b|:)\s*", re.I)
_REACTION_END = re.compile(r"\s+(?:at|using|with|in|under|and)\b|\s*[?,;]|\.\s|\.?$", re.I)
# Prototypes the tools build beyond the lexicon's (structure words the claim parser has no use for).
_EXTRA_PROTOTYPES: dict[str, str] = {
    r"rutile": "rutile",
    r"(?:cubic )?perovskite": "perovskite",
    r"spinel": "spinel",
    r"graphite": "graphite",
    r"NiAs[- ]type|nickel[- ]arsenide": "nias",
    r"L1_?2": "l12",
    r"simple[- ]cubic": "sc",
}
_MILLER = re.compile(
    r"\(\s*(-?\d)\s*,?\s*(-?\d)\s*,?\s*(-?\d)\s*\)|\b(\d)(\d)(\d)(?=\s*(?:surface|facet|plane|slab|face)s?\b)"
)
_FOUR_INDEX = re.compile(r"\(\s*-?\d\s*,?\s*-?\d\s*,?\s*-?\d\s*,?\s*-?\d\s*\)")
# The close-packed facet of a cubic metal is the one "its surface energy" usually means.
_DEFAULT_FACET = {"fcc": [1, 1, 1], "bcc": [1, 1, 0]}


def subject_of(r: Reader, key: str) -> Found:
    """The subject for quantity ``key`` ('reaction_*' need an equation, crystal quantities a crystal)."""
    domain = QUANTITIES[key].domain
    if domain == "reaction":
        return _reaction(r, key)
    if _ARROW.search(r.masked()):
        return f"a reaction equation is not the subject of a {QUANTITIES[key].label}"
    smiles = _smiles(r)
    if smiles is not None and domain == "crystal":
        return f"the {QUANTITIES[key].label} is a crystal property; a SMILES string names a molecule"
    if smiles is not None:
        return Subject(kind="smiles", name=f"the molecule with SMILES {smiles}", smiles=smiles), []
    if domain == "crystal":
        return _crystal(r, key)
    molecules = _molecules(r)
    if domain == "any" and not molecules:
        return _crystal(r, key)
    return _molecule(r, key, molecules)


def _smiles(r: Reader) -> str | None:
    m = _SMILES.search(r.text)
    if m is None or not r.take(m.start(), m.end()):
        return None
    return m.group("s")


def _reaction(r: Reader, key: str) -> Found:
    from tools.errors import ToolInputError
    from tools.reaction_parse import parse_equation

    masked = r.masked()
    arrow = _ARROW.search(masked)
    if arrow is None:
        return f"the {QUANTITIES[key].label} needs a reaction equation, e.g. 'N2 + 3 H2 -> 2 NH3'"
    starts = [m.end() for m in _REACTION_START.finditer(masked, 0, arrow.start())]
    start = starts[-1] if starts else len(masked[: arrow.start()]) - len(masked[: arrow.start()].lstrip())
    end_m = _REACTION_END.search(masked, arrow.end())
    end = end_m.start() if end_m else len(masked)
    equation = masked[start:end].strip()
    try:
        parse_equation(equation)
    except ToolInputError as e:
        return f"the reaction '{equation}' cannot be read: {e}"
    r.take(start, end)
    return Subject(kind="reaction", name=equation, reaction=equation), []


def _molecules(r: Reader) -> list[mn.Mention]:
    return mn.molecules(r.masked())


def _molecule(r: Reader, key: str, found: list[mn.Mention]) -> Found:
    names = mn.unique(found)
    label = QUANTITIES[key].label
    if len(names) > 1:
        return f"it names several molecules ({', '.join(names)}); ask about one at a time"
    if not names:
        mats, _ = mn.materials(r.masked())
        if mats:
            what = ", ".join(mn.unique(mats))
            return (
                f"{what} is not a molecule the tools know by name (ASE's G2 set); give it as 'SMILES ...' "
                f"to get its {label}"
            )
        return f"it names no molecule for the {label} (a G2 name or formula, or 'SMILES ...')"
    for m in found:
        r.take(m.start, m.end)
    text = found[0]
    return Subject(kind="molecule", name=r.text[text.start : text.end], molecule=names[0]), []


def _crystal(r: Reader, key: str) -> Found:
    label = QUANTITIES[key].label
    group = _spacegroup(r)
    extra = _extra_prototypes(r)
    mats, protos = mn.materials(r.masked())
    formulas = mn.unique(mats)
    prototypes = list(dict.fromkeys([*extra, *mn.unique(protos)]))
    name = _name(r, mats[0]) if mats else ""
    if not formulas and prototypes in (["diamond"], ["graphite"]):  # "the bulk modulus of diamond": carbon
        formulas, name = ["C"], "carbon"
    molecules = mn.unique(_molecules(r))
    if not prototypes and molecules and (not formulas or formulas == molecules):
        return f"{', '.join(molecules)} is a molecule; the {label} is computed for crystals"
    if len(formulas) != 1:
        what = f"several materials ({', '.join(formulas)})" if formulas else "no material"
        return f"it names {what} for the {label}; ask about one crystal at a time"
    if len(prototypes) > 1:
        return f"it names several structures ({', '.join(prototypes)}); ask about one at a time"
    for m in [*mats, *protos]:
        r.take(m.start, m.end)
    formula = formulas[0]
    assumptions: list[str] = []
    if group is not None and prototypes:
        return f"it names both a structure ({prototypes[0]}) and a space group ({group}); give one"
    if group is not None:  # the tools look it up: the user's data collection, then the prototypes
        return Subject(kind="crystal", name=name, formula=formula, spacegroup=group), assumptions
    if prototypes:
        proto = prototypes[0]
    elif formula in lx.DEFAULT_PROTOTYPE:
        proto = lx.DEFAULT_PROTOTYPE[formula]
        assumptions.append(
            f"no crystal structure was named, so {formula} is taken in its usual ambient structure, {proto}"
        )
    else:
        return f"it names no crystal structure for {formula} and none is known by default; name one (e.g. 'rocksalt {formula}')"
    subject = Subject(kind="crystal", name=name, formula=formula, prototype=proto)
    if key != "surface_energy":
        return subject, assumptions
    return _with_facet(r, subject, assumptions)


def _spacegroup(r: Reader) -> str | None:
    m = _SPACEGROUP.search(r.masked())
    if m is None or not r.take(m.start(), m.end()):
        return None
    return m.group(1)


def _name(r: Reader, m: mn.Mention) -> str:
    return r.text[m.start : m.end]


def _extra_prototypes(r: Reader) -> list[str]:
    out = []
    for pattern, proto in _EXTRA_PROTOTYPES.items():
        for m in re.finditer(rf"(?<![\w-]){pattern}(?![\w])", r.masked(), re.I):
            if r.take(m.start(), m.end()):
                out.append(proto)
    return out


def _with_facet(r: Reader, subject: Subject, assumptions: list[str]) -> Found:
    if _FOUR_INDEX.search(r.masked()):
        return "four-index (hcp) Miller indices are not taken; give the three-index facet (h, k, l)"
    m = _MILLER.search(r.masked())
    if m is not None:
        r.take(m.start(), m.end())
        miller = [int(g) for g in m.groups() if g is not None]
    elif subject.prototype in _DEFAULT_FACET:
        miller = _DEFAULT_FACET[subject.prototype or ""]
        hkl = "".join(map(str, miller))
        assumptions = [
            *assumptions,
            f"no facet was named, so the close-packed ({hkl}) surface of {subject.prototype} is used",
        ]
    else:
        return f"name the facet of the {subject.prototype} {subject.formula} surface, e.g. '(100)'"
    return subject.model_copy(update={"miller": miller}), assumptions
