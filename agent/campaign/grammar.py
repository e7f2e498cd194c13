"""The goal grammar the offline generator reads: a family of materials (an element group, a
composition family, or an explicit list), a prototype, a property and a relation or threshold.

Goal shapes understood (``SHAPES``):
- structure: "which alkali halides take the CsCl structure", "which 3d transition metals are bcc";
- reference: "fcc metals with a higher bulk modulus than copper";
- extreme: "which of Cu, Ag, Au, Ni, Pd, Pt and Al has the largest bulk modulus";
- threshold: "noble metals with a bulk modulus above 150 GPa".
Anything else is refused with a one-line reason (:class:`GoalRefused`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.errors import RequestError
from agent.language import lexicon as lx
from agent.language import mentions as mn

SHAPES = {
    "structure": "which members of a family take a structure (e.g. 'which alkali halides take the CsCl structure')",
    "reference": "members of a family with a larger/smaller property than a reference ('fcc metals with a higher bulk modulus than copper')",
    "extreme": "which of a family or list has the largest/smallest property ('which of Cu, Ag, Au has the largest bulk modulus')",
    "threshold": "members of a family with a property above/below a value ('noble metals with a bulk modulus above 150 GPa')",
}  # fmt: skip
_AE = ("Mg", "Ca", "Sr", "Ba")  # Be omitted: BeO is wurtzite and Be's compounds are covalent outliers
# Element families by name; the order is the periodic table's, which neighbours follow.
ELEMENT_FAMILIES: dict[str, tuple[str, ...]] = {
    "3d transition metals": ("Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn"),
    "4d transition metals": ("Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd"),
    "5d transition metals": ("Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au"),
    "alkali metals": lx.GROUPS["alkali"],
    "alkaline-earth metals": lx.GROUPS["alkaline-earth"],
    "noble metals": ("Ru", "Rh", "Pd", "Ag", "Os", "Ir", "Pt", "Au"),
    "coinage metals": lx.GROUPS["group 11"],
    "platinum-group metals": ("Ru", "Rh", "Pd", "Os", "Ir", "Pt"),
    **{f"{p} metals": tuple(e for e, q in lx.DEFAULT_PROTOTYPE.items() if q == p and e in lx.SYMBOLS and e not in
                              {"Ne", "Ar", "Kr", "Xe", "C", "Si", "Ge"}) for p in ("fcc", "bcc", "hcp")},
}  # fmt: skip
_FAMILY_RE: list[tuple[str, str]] = [
    (r"3d[- ]transition[- ]metals?", "3d transition metals"), (r"4d[- ]transition[- ]metals?", "4d transition metals"),
    (r"5d[- ]transition[- ]metals?", "5d transition metals"), (r"alkali metals?", "alkali metals"),
    (r"alkaline[- ]earth metals?", "alkaline-earth metals"), (r"noble metals?", "noble metals"),
    (r"coinage metals?", "coinage metals"), (r"platinum[- ]group metals?", "platinum-group metals"),
    (r"fcc metals?", "fcc metals"), (r"bcc metals?", "bcc metals"), (r"hcp metals?", "hcp metals"),
]  # fmt: skip
# Family words: each anion of the language's one table, plus the group names.
_ANIONS = {"halide": lx.GROUPS["halogen"], "chalcogenide": ("O", "S", "Se", "Te"),
           **{name: (symbol,) for name, (symbol, _) in lx.ANIONS.items()}}  # fmt: skip
_CATIONS = [(r"alkali(?: metal)?", lx.GROUPS["alkali"]), (r"alkaline[- ]earth(?: metal)?", _AE),
            (r"transition[- ]metal", ("Ti", "Zr", "Hf", "V", "Nb", "Ta"))]  # fmt: skip
_COMPOUND_FAMILIES = [
    (r"iii[- ]v (?:semiconductors?|compounds?)", "III-V compounds", (("Al", "Ga", "In"), ("N", "P", "As", "Sb"))),
    (r"ii[- ]vi (?:semiconductors?|compounds?)", "II-VI compounds", (("Zn", "Cd"), ("O", "S", "Se", "Te"))),
]  # fmt: skip
PROPERTIES = {"bulk_modulus": (r"bulk modul|stiff|incompressib", "GPa"), "lattice_constant": (r"lattice (?:constant|parameter)", "Å")}  # fmt: skip
_GREATER = r"\b(?:larg|high|great|stiff|more|above|exceed|over|at least)"
_LESS = r"\b(?:small|low|less|soft|below|under|at most)"


class GoalRefused(RequestError):
    """The offline generator does not understand this goal's shape: a valid request it cannot
    serve (exit 1, as before campaigns), not malformed input (exit 2)."""

    exit_code = 1


@dataclass(frozen=True)
class Family:
    """Members as products of ordered axes: ('Li'..'Cs') x ('F'..'I') for the alkali halides."""

    name: str
    axes: tuple[tuple[str, ...], ...]

    def members(self) -> list[str]:
        out = [""]
        for axis in self.axes:
            out = [m + el for m in out for el in axis]
        return out

    def coordinates(self, formula: str) -> tuple[int, ...] | None:
        els = mn.elements_of(formula)
        if len(els) != len(self.axes) or any(e not in a for e, a in zip(els, self.axes, strict=True)):
            return None
        return tuple(a.index(e) for e, a in zip(els, self.axes, strict=True))

    def neighbours(self, formula: str) -> list[str]:
        """Members one step away along one axis (the next element in the family's order)."""
        at = self.coordinates(formula)
        if at is None:
            return []
        out = []
        for k, axis in enumerate(self.axes):
            for step in (-1, 1):
                i = at[k] + step
                if 0 <= i < len(axis):
                    els = [self.axes[j][at[j]] for j in range(len(self.axes))]
                    els[k] = axis[i]
                    out.append("".join(els))
        return out


@dataclass(frozen=True)
class GoalSpec:
    shape: str
    family: Family
    prototype: str | None = None  # the structure asked for (structure shape) or the family's
    prop: str | None = None
    greater: bool = True
    reference: str | None = None
    threshold: float | None = None
    notes: list[str] = field(default_factory=list)


def read_goal(goal: str) -> GoalSpec:
    """The goal's typed reading, or :class:`GoalRefused` with a one-line reason."""
    g = mn.normalize(goal)
    mats, protos = mn.materials(g)
    prototype = protos[0].value if protos else None
    prop = next((p for p, (rx, _) in PROPERTIES.items() if re.search(rx, g, re.I)), None)
    family = _family(g, [m.value for m in mats], prop)
    if family is None:
        raise GoalRefused(_refusal("it names no family of materials I can enumerate (e.g. '3d transition metals', "
                                   "'alkali halides', 'which of Cu, Ag, Au')"))  # fmt: skip
    if prop is None:
        if prototype is None:
            raise GoalRefused(_refusal("it names neither a structure (fcc, bcc, rock-salt, CsCl, ...) nor a property "
                                       "(bulk modulus, lattice constant)"))  # fmt: skip
        like = re.search(r"\b(?:like|analogues? of|substitutes? for)\s", g, re.I)
        return GoalSpec("structure", family, prototype, reference=mats[0].value if like and mats else None)
    return _property_goal(g, family, prototype, prop, [m.value for m in mats])


def _refusal(why: str) -> str:
    return f"the offline planner cannot propose hypotheses for this goal: {why}; it understands {', '.join(SHAPES)} goals"


def _property_goal(g: str, family: Family, prototype: str | None, prop: str, mats: list[str]) -> GoalSpec:
    unit = PROPERTIES[prop][1]
    q = re.search(r"(\d+(?:\.\d+)?)\s*(gpa|å|angstrom|a\b)", g, re.I)
    words = g[: q.start()] if q else g
    more, less = re.search(_GREATER, words, re.I), re.search(_LESS, words, re.I)
    greater = less is None or (more is not None and more.start() < less.start())
    if q:
        return GoalSpec("threshold", family, prototype, prop, greater, threshold=float(q.group(1)))
    ref = re.search(r"\bthan\s+(?:that of\s+)?(?:fcc |bcc |hcp )?(\w+)", g, re.I)
    if ref:
        found = mn.materials(ref.group(1))[0]
        if not found:
            raise GoalRefused(_refusal(f"the reference {ref.group(1)!r} is not a material I know"))
        return GoalSpec("reference", family, prototype, prop, greater, reference=found[0].value)
    if re.search(r"\b(?:most|least|\w+est)\b", g, re.I):
        return GoalSpec("extreme", family, prototype, prop, greater)
    raise GoalRefused(_refusal(f"it names the {prop.replace('_', ' ')} but no reference, threshold (in {unit}) or "
                               "superlative (largest, smallest)"))  # fmt: skip


def _family(g: str, mats: list[str], prop: str | None) -> Family | None:
    for rx, name, axes in _COMPOUND_FAMILIES:
        if re.search(r"\b" + rx, g, re.I):
            return Family(name, axes)
    anion = re.search(r"\b(" + "|".join(_ANIONS) + r")s?\b", g, re.I)
    if anion:
        for rx, cations in _CATIONS:
            hit = re.search(r"\b(" + rx + r")\s+" + anion.group(1), g, re.I)
            if hit:
                word = anion.group(0).lower().rstrip("s") + "s"
                return Family(f"{hit.group(1)} {word}", (cations, _ANIONS[anion.group(1).lower()]))
    for rx, name in _FAMILY_RE:
        if re.search(r"\b" + rx + r"\b", g, re.I):
            return Family(name, (ELEMENT_FAMILIES[name],))
    like = re.search(r"\b(?:like|analogues? of|substitutes? for)\s+(\w+)", g, re.I)
    if like and mats:
        return _substitution_family(mats[0])
    if len(mats) >= 2 and re.search(r"\b(?:of|among|between|from)\b", g, re.I):
        listed = tuple(dict.fromkeys(mats))
        return Family("the listed materials", (listed,))
    return None


def _substitution_family(reference: str) -> Family | None:
    """'materials like MgO': swap the first element within its group."""
    els = mn.elements_of(reference)
    group = lx.group_of(els[0]) if els else None
    if group is None or len(els) > 2:
        return None
    axes = (group[1],) if len(els) == 1 else (group[1], (els[1],))
    return Family(f"substitutes of {reference} within group {group[0]}", axes)
