"""The campaign's typed goal: a candidate set (agent/campaign/families.py) and one objective,
read from the goal's words by agent/campaign/goal_reader.py (the goal head grammar plus the
claim reader for the predicate) and rendered back as the "Read as" sentence.

Objective shapes (``SHAPES``):
- structure: "which alkali halides adopt the CsCl structure", "which 3d transition metals are bcc";
- reference: "fcc metals with a higher bulk modulus than copper";
- extreme: "which of Cu, Ag, Au, Ni, Pd, Pt and Al has the largest bulk modulus";
- threshold: "noble metals with a bulk modulus above 150 GPa";
- closest: "which of the fcc metals has the lattice constant closest to 3.9 Å", "... closest to that
  of Cu" (the target a number, or another material's property computed alike);
- match: "which of Cu, Ag and Au have a lattice constant within 2 % of that of Pt";
- judged: any other claim the kinds table judges ("which 3d transition metals are ferromagnetic"),
  each candidate's claim judged whole (agent/campaign/objectives.py).
Anything else is refused with a one-line reason naming what could not be read (:class:`GoalRefused`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from agent.campaign.families import ELEMENT_FAMILIES, Family
from agent.errors import RequestError
from agent.language import lexicon as lx

__all__ = ["ELEMENT_FAMILIES", "MOLECULAR", "PROPERTIES", "SHAPES", "WORDS", "Family", "GoalRefused", "GoalSpec"]

SHAPES = {
    "structure": "which members of a family take a structure (e.g. 'which alkali halides adopt the CsCl structure')",
    "reference": "members of a family with a larger/smaller property than a reference ('fcc metals with a higher bulk modulus than copper')",
    "extreme": "which of a family or list has the largest/smallest property ('which of Cu, Ag, Au has the largest bulk modulus')",
    "threshold": "members of a family with a property above/below a value ('noble metals with a bulk modulus above 150 GPa')",
    "closest": "which of a family or list has a property closest to a number or to another material's ('which fcc metals have the lattice constant closest to 3.9 Å')",
    "match": "members with a property within N % of another material's ('which of Cu, Ag and Au have a lattice constant within 2 % of that of Pt')",
    "judged": "members of a family of which any other claim holds, each judged whole by the claim judges ('which 3d transition metals are ferromagnetic')",
}  # fmt: skip
# The properties the campaign screen computes, with their units.
PROPERTIES = {"bulk_modulus": "GPa", "lattice_constant": "Å", "dipole": "D", "homo_lumo_gap": "eV"}
# How a goal sentence names each (the claim grammar's words).
WORDS = {"bulk_modulus": "bulk modulus", "lattice_constant": "lattice constant", "dipole": "dipole moment",
         "homo_lumo_gap": "HOMO-LUMO gap"}  # fmt: skip
# The screened properties of molecules (candidates are molecules, screened with the fast method).
MOLECULAR = frozenset({"dipole", "homo_lumo_gap"})
Shape = Literal["structure", "reference", "extreme", "threshold", "closest", "match", "judged"]


class GoalRefused(RequestError):
    """The goal cannot be read whole into an objective the offline campaign runs: a valid
    request it cannot serve (exit 1, as before campaigns), not malformed input (exit 2)."""

    exit_code = 1


@dataclass(frozen=True)
class GoalSpec:
    shape: Shape
    family: Family
    prototype: str | None = None  # the structure asked for (structure shape)
    prop: str | None = None
    greater: bool = True
    reference: str | None = None
    threshold: float | None = None
    target: float | None = None  # closest: the number the property should be near (else ``reference``'s)
    tolerance_pct: float | None = None  # match: within this % of ``reference``'s property
    frame: str = "which"  # which / find / rank: how the goal asked (the campaign ranks all alike)
    claim: str = ""  # the predicate as a claim about candidate '{X}', as the reader read it
    objective: str = ""  # judged: the claim's canonical sentence about candidate X
    notes: list[str] = field(default_factory=list)

    @property
    def molecular(self) -> bool:
        """The candidates are molecules screened for a molecular property."""
        return self.prop in MOLECULAR

    def claim_about(self, formula: str) -> str:
        """A judged objective's claim about one candidate."""
        return re.sub(r"(?<![\w-])X(?![\w-])", formula, self.objective)

    def read_as(self) -> str:
        """The goal as read: its sentence and, where a candidate is set against another material's
        property, that the reference is computed alike (the screen computes it in the same batch)."""
        if self.reference is None or self.shape == "judged":
            return self.sentence()
        word = WORDS.get(self.prop or "", "")
        return (f"{self.sentence()} [the {word} of {self.reference} is computed in the same run by the same method "
                f"as each candidate's, so the systematic error they share cancels]")

    def sentence(self) -> str:
        """The goal as a goal sentence the reader reads back to the same spec."""
        listed = self.family.name.startswith("the listed ")
        fam = _listing(self.family.members()) if listed else f"the {self.family.name}"
        word = WORDS.get(self.prop or "", "")
        unit = PROPERTIES.get(self.prop or "", "")
        to = f"that of {self.reference}" if self.reference is not None else f"{self.target or 0:g} {unit}"
        if self.shape == "structure":
            what = f"adopt the {lx.PROTOTYPE_WORDS.get(self.prototype or '', self.prototype)} structure"
        elif self.shape == "threshold":
            rel = "above" if self.greater else "below"
            what = f"have a {word} {rel} {self.threshold:g} {unit}"
        elif self.shape == "reference":
            what = f"have a {'larger' if self.greater else 'smaller'} {word} than {self.reference}"
        elif self.shape == "extreme":
            what = f"has the {'largest' if self.greater else 'smallest'} {word}"
        elif self.shape == "closest":
            what = f"has the {word} closest to {to}"
        elif self.shape == "match":
            what = f"have a {word} within {self.tolerance_pct:g} % of {to}"
        else:
            return f"which of {fam}: {self.objective}"
        return f"which of {fam} {what}"


def _listing(members: list[str]) -> str:
    return members[0] if len(members) == 1 else ", ".join(members[:-1]) + " and " + members[-1]
