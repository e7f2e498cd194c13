"""Which entity a role word belongs to, within one sentence.

An entity mention is *bound* to a role word when the text between them is one of the few shapes
that state it: a direct modifier ("LSM cathode", "LSM-based cathode"), a copula or apposition
("LSM is the most widely used cathode", "LSM, which serves as the cathode", "LSM as the cathode"),
or the role named first ("cathode material LSM", "cathode materials such as LSCF and LSM", "the
cathode is LSM"). Anything else between them (another role word, a preposition after the copula,
"and" after the copula, a contrast such as "rather than") leaves them unbound: two words in one
sentence are not a statement. Negation words inside the binding make it a negated binding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.literature.roles import NEGATIONS, Mention

_TOKEN = re.compile(r"[A-Za-z0-9][\w\-'.]*[\w]|[A-Za-z0-9]|[^\s\w]")
_PAREN = re.compile(r"\([^()]*\)")
LINKS = frozenset("is are was were be been being as becomes became become remains remain remained".split())
# Words allowed around the copula: adverbs, participles of use, relative pronouns, modals.
PRE_OK = frozenset(
    """which that who has have had also still widely commonly most frequently extensively often usually
    typically generally mainly mostly primarily predominantly traditionally conventionally currently now
    used employed applied utilized utilised chosen selected adopted considered known regarded investigated
    studied proposed tested developed can could may might would will should served serves serve acts act acted
    function functions functioned , ( ) - the a an""".split()
)
_PREPOSITIONS = frozenset(
    "at in on with for to by from into onto near within under over toward towards through across between "
    "against via than versus vs compared instead rather unlike except besides beside and or but while whereas "
    "although ; after before during".split()
)
_CONTRASTS = frozenset(
    "than versus vs compared instead rather unlike except replace replaced replacing".split()
)
_POST_OK = frozenset(
    """material materials is are was were of made composed consisting consisted comprising comprised based on
    the a an , : = ( ) - layer layers phase""".split()
)
_DIRECT = frozenset("( ) , - based type derived".split())
_LIST_INTRO = frozenset("such like including e.g. e.g namely i.e. i.e especially particularly".split())
_JOINERS = "-+/−–:"
_AFFIX = re.compile(r"^(?:s|es|-based|-type|-derived|-rich|-like|-[δd])?$", re.I)


@dataclass(frozen=True)
class Binding:
    role: str
    negated: bool


def tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def is_compound(text: str, start: int, end: int) -> bool:
    """True when the mention is part of a larger hyphenated name ('YSZ' in 'Ni-YSZ', 'LSM-YSZ')."""
    if start > 0 and text[start - 1] == "(" and text[end : end + 1] == ")":
        return True  # "(YSZ)" restates the name before it, which may be a composite ("NiO-YSZ (...)")
    left = start
    while left > 0 and (text[left - 1].isalnum() or text[left - 1] in _JOINERS):
        left -= 1
    right = end
    while right < len(text) and (text[right].isalnum() or text[right] in _JOINERS):
        right += 1
    return bool(text[left:start].strip("+")) or not _AFFIX.match(text[end:right])


def _negated(toks: list[str], before: list[str]) -> bool:
    return any(t in NEGATIONS for t in toks) or any(t in ("neither", "not", "no") for t in before[-2:])


def _pre_binding(between: str) -> tuple[bool, bool] | None:
    """(bound, negated) for an entity *before* the role word, or None when not bound."""
    if any(t in (";",) for t in tokens(between)):
        return None
    toks = tokens(_PAREN.sub(" ", between))
    if all(t in _DIRECT for t in toks) and len(toks) <= 3:
        return True, False  # "LSM cathode", "LSM-based cathode", "LSM (cathode)"
    if any(t in _CONTRASTS for t in toks) or len(toks) > 12:
        return None
    links = [i for i, t in enumerate(toks) if t in LINKS]
    if not links:
        return None
    first, last = links[0], links[-1]
    head, middle, tail = toks[:first], toks[first + 1 : last], toks[last + 1 :]
    if any(t in _PREPOSITIONS - {"and", "or"} for t in head) or sum(t not in PRE_OK for t in head) > 3:
        return None  # "Cr from the interconnect is ..." binds Cr to nothing
    if any(t in _PREPOSITIONS for t in middle) or sum(t not in PRE_OK | NEGATIONS for t in middle) > 2:
        return None
    tail = [t for i, t in enumerate(tail) if not (t == "of" and i > 0 and tail[i - 1] == "one")]
    if any(t in _PREPOSITIONS for t in tail) or sum(t not in PRE_OK | NEGATIONS for t in tail) > 4:
        return None
    return _polarity(toks)


def _polarity(toks: list[str]) -> tuple[bool, bool] | None:
    """(True, negated); None when a negation scopes over a word of its own ("not a good cathode"
    denies 'good', not 'cathode': it states neither the role nor its negation)."""
    negs = [i for i, t in enumerate(toks) if t in NEGATIONS]
    if not negs:
        return True, False
    after = toks[negs[-1] + 1 :]
    if any(t not in PRE_OK and t not in LINKS and t not in _POST_OK and t not in NEGATIONS for t in after):
        return None
    return True, True


def _post_binding(between: str) -> tuple[bool, bool] | None:
    """(bound, negated) for an entity *after* the role word ('cathode materials such as LSM')."""
    toks = tokens(between)
    if any(t in (";",) or t in _CONTRASTS for t in toks):
        return None
    listed = any(t in _LIST_INTRO for t in toks)
    if listed:
        ok = len(toks) <= 12 and not any(t in ("while", "whereas", "but", "which", "that") for t in toks)
    else:
        ok = len(toks) <= 5 and all(t in _POST_OK or t in NEGATIONS for t in toks)
    return _polarity(toks) if ok else None


_COORDINATED = re.compile(r"^(?:\s+[\w-]+)?\s*(?:,|and|or|/|as well as)\s*(?:the\s+|an?\s+|as\s+)?$", re.I)


def _coordinated(text: str, r: Mention, o: Mention) -> bool:
    return o.start >= r.end and bool(_COORDINATED.match(text[r.end : o.start]))


def bindings(text: str, start: int, end: int, roles: list[Mention]) -> list[Binding]:
    """The roles the entity mention text[start:end] is bound to in this sentence.

    A role written before the entity counts only when no role after it binds the entity: in
    "Ni-YSZ anode, YSZ electrolyte" the second YSZ is the electrolyte, not an apposition of the anode."""
    if "respectively" in text.lower() or is_compound(text, start, end):
        return []  # "A and B are the cathode and anode, respectively" pairs by order: not read here
    before_words = tokens(text[:start])
    if any(t in _CONTRASTS for t in before_words[-3:]):
        return []  # "LSCF rather than LSM is the cathode", "instead of LSM"
    pre: list[Binding] = []
    for r in roles:
        if r.start < end:
            continue
        between = text[end : r.start]
        if any(o.start >= end and o.end <= r.start for o in roles):
            continue  # another role word sits between: it is the one bound, if any
        got = _pre_binding(between)
        if got:
            pre.append(Binding(r.name, got[1] or _negated([], before_words)))
            # "nickel as anode side and cathode side": bound to both coordinated roles
            pre += [Binding(o.name, pre[0].negated) for o in roles if _coordinated(text, r, o)]
            break
    if pre:
        return pre
    for r in reversed(roles):
        if r.end > start:
            continue
        if any(o.start >= r.end and o.end <= start for o in roles):
            continue
        got = _post_binding(text[r.end : start])
        if got and not tokens(text[r.end : start]) and not re.search(r"[A-Z0-9]", text[start:end]):
            got = None  # "cathode LSM" names the cathode; "anodes degrade" does not
        if got:
            return [Binding(r.name, got[1])]
        break
    return []
