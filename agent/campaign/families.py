"""Candidate sets a goal can name: element families, composition families (a cation group times
an anion), molecule families and explicit lists (of crystals or molecules). The goal grammar's family rules are generated from these tables
(agent/campaign/goal_grammar.py), so a family is named in one place only."""

from __future__ import annotations

from dataclasses import dataclass

from agent.language import lexicon as lx
from agent.language import mentions as mn

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
# Composition families: a cation word (with its elements) times an anion word.
CATIONS: dict[str, tuple[str, ...]] = {
    "alkali": lx.GROUPS["alkali"], "alkali metal": lx.GROUPS["alkali"], "alkaline-earth": _AE,
    "alkaline-earth metal": _AE, "transition-metal": ("Ti", "Zr", "Hf", "V", "Nb", "Ta"),
}  # fmt: skip
ANIONS: dict[str, tuple[str, ...]] = {
    "halide": lx.GROUPS["halogen"], "chalcogenide": ("O", "S", "Se", "Te"),
    **{name: (symbol,) for name, (symbol, _) in lx.ANIONS.items()},
}  # fmt: skip
# Named binary families: (cations, anions), read as '<name> compounds' or '<name> semiconductors'.
BINARY_FAMILIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "III-V": (("Al", "Ga", "In"), ("N", "P", "As", "Sb")),
    "II-VI": (("Zn", "Cd"), ("O", "S", "Se", "Te")),
}


# Molecule families (ASE G2 names, the molecules the tools build), in the periodic table's order
# of the central atom: the hydrides of one row.
MOLECULE_FAMILIES: dict[str, tuple[str, ...]] = {
    "second-row hydrides": ("CH4", "NH3", "H2O", "HF"),
    "third-row hydrides": ("SiH4", "PH3", "SH2", "HCl"),
}


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


def molecule_family(name: str) -> Family:
    return Family(name, (MOLECULE_FAMILIES[name],))


def listed(formulas: list[str]) -> Family:
    return Family("the listed materials", (tuple(dict.fromkeys(formulas)),))


def listed_reactions(equations: list[str]) -> Family:
    """Reactions by their equations: one axis, no neighbours (an equation has no next element)."""
    return Family("the listed reactions", (tuple(dict.fromkeys(equations)),))


def element_family(name: str) -> Family:
    return Family(name, (ELEMENT_FAMILIES[name],))


def compound_family(cation: str, anion: str) -> Family:
    """'alkali halides': the cation word's elements times the anion word's."""
    word = cation.removesuffix(" metal")
    return Family(f"{word} {anion}s", (CATIONS[cation], ANIONS[anion]))


def binary_family(name: str) -> Family:
    return Family(f"{name} compounds", BINARY_FAMILIES[name])
