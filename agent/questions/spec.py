"""What a computation question is, typed: the quantity asked for, its subject, the conditions and
the calculator named, plus the table of quantities the offline question compiler understands.

Data only (no parsing, no tools): questions_parse.py fills a QuestionSpec from text,
questions_plan.py turns it into tool calls, questions_answer.py renders the tool results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Domain = Literal["molecule", "crystal", "reaction", "any"]
SubjectKind = Literal["molecule", "smiles", "crystal", "reaction"]


@dataclass(frozen=True)
class Quantity:
    """One quantity a question can ask for: the phrases that name it and the tool that computes it.

    ``crystal_tool`` is set for quantities asked of both molecules and crystals (a geometry)."""

    label: str  # as the answer names it
    pattern: str  # regex (case-insensitive) of the phrases naming it
    domain: Domain
    tool: str
    crystal_tool: str | None = None
    uses_temperature: bool = False


# Order matters: the first pattern that matches a span claims it, so specific phrases
# ("vacancy formation energy", "Gibbs energy of reaction") stand before general ones.
QUANTITIES: dict[str, Quantity] = {
    "ir_frequencies": Quantity(
        "IR-active vibrational frequencies",
        r"\bIR\b[- ]?(?:active )?(?:frequenc\w*|spectr\w*|modes?|bands?|intensit\w*)|infra-?red "
        r"(?:frequenc\w*|spectr\w*|active \w+)",
        "molecule", "electronic_properties",
    ),
    "zero_point_energy": Quantity(
        "zero-point energy", r"zero[- ]point (?:vibrational )?energ\w*|\bZPE\b", "molecule", "vibrational_modes"
    ),
    "vibrational_frequencies": Quantity(
        "harmonic vibrational frequencies",
        r"vibrational (?:frequenc\w*|modes?|spectr\w*|wavenumbers?)|harmonic (?:vibrational )?frequenc\w*"
        r"|normal modes?|\bvibrations\b|\bfrequencies\b|stretch(?:ing)? (?:frequenc\w*|modes?|vibrations?)"
        r"|bending (?:frequenc\w*|modes?)",
        "molecule", "vibrational_modes",
    ),
    "vacancy_formation_energy": Quantity(
        "vacancy formation energy",
        r"(?:mono)?vacancy(?: formation)? energ\w*|energy (?:cost )?(?:to|of) (?:create|creating|form|forming)"
        r" an? (?:single )?vacanc\w*|vacancy formation",
        "crystal", "vacancy_formation_energy",
    ),
    "surface_energy": Quantity("surface energy", r"surface (?:free )?energ\w*", "crystal", "surface_energy"),
    "cohesive_energy": Quantity("cohesive energy", r"cohesive energ\w*", "crystal", "cohesive_energy"),
    "formation_energy": Quantity(
        "formation energy",
        r"formation (?:energ\w*|enthalp\w*)|(?:enthalpy|energy|heat) of formation",
        "crystal", "formation_energy",
    ),
    "reaction_gibbs": Quantity(
        "Gibbs energy of reaction",
        r"gibbs (?:free )?energy (?:change )?(?:of|for) (?:the |this )?reaction|reaction (?:gibbs )?free energy"
        r"|reaction gibbs (?:free )?energy|free energy (?:change )?(?:of|for) (?:the |this )?reaction"
        r"|(?:Δ|delta)\s*_?G(?:_?r(?:xn)?)?\b",
        "reaction", "reaction_energy", uses_temperature=True,
    ),
    "reaction_enthalpy": Quantity(
        "enthalpy of reaction",
        r"(?:enthalpy|heat) (?:change )?(?:of|for) (?:the |this )?reaction|reaction (?:enthalpy|heat)"
        r"|(?:Δ|delta)\s*_?H(?:_?r(?:xn)?)?\b",
        "reaction", "reaction_energy", uses_temperature=True,
    ),
    "reaction_energy": Quantity(
        "electronic energy of reaction",
        r"(?:electronic )?energy (?:change )?(?:of|for) (?:the |this )?reaction|reaction energ\w*"
        r"|(?:Δ|delta)\s*_?E(?:_?r(?:xn)?)?\b",
        "reaction", "reaction_energy", uses_temperature=True,
    ),
    "gibbs_energy": Quantity(
        "Gibbs free energy", r"gibbs (?:free )?energy|\bfree energy", "molecule", "thermochemistry",
        uses_temperature=True,
    ),
    "enthalpy": Quantity("enthalpy", r"\benthalpy\b", "molecule", "thermochemistry", uses_temperature=True),
    "entropy": Quantity("entropy", r"\bentropy\b", "molecule", "thermochemistry", uses_temperature=True),
    "dipole_moment": Quantity("dipole moment", r"\bdipole(?: moment)?s?\b", "molecule", "electronic_properties"),
    "homo_lumo_gap": Quantity(
        "HOMO-LUMO gap", r"\bhomo\s*[-/–]?\s*lumo(?: (?:energy )?gap)?|\bH-?L gap\b", "molecule", "electronic_properties"
    ),
    "lattice_constant": Quantity(
        "lattice constant", r"lattice (?:constant|parameter|spacing)s?|\bcell (?:parameter|constant)s?",
        "crystal", "equation_of_state",
    ),
    "bulk_modulus": Quantity("bulk modulus", r"bulk modul(?:us|i)", "crystal", "equation_of_state"),
    "shear_modulus": Quantity("shear modulus", r"shear modul(?:us|i)", "crystal", "elastic_constants"),
    "elastic_constants": Quantity(
        "elastic constants",
        r"elastic (?:constant|moduli|modulus|tensor|stiffness|propert)\w*|stiffness (?:tensor|constants?|matrix)"
        r"|\bC11\b|\bC12\b|\bC44\b",
        "crystal", "elastic_constants",
    ),
    "magnetic_moment": Quantity(
        "magnetic moment", r"magnetic moments?|magneti[sz]ation", "crystal", "magnetic_moments"
    ),
    "geometry": Quantity(
        "optimised geometry",
        r"(?:optimi[sz]\w*|relax\w*|minimi[sz]\w*)\s+(?:the\s+|its\s+)?(?:molecular\s+|crystal\s+)?"
        r"(?:geometry|structure)|(?:equilibrium|optimi[sz]ed|relaxed|minimum[- ]energy|ground[- ]state) "
        r"(?:geometry|structure)|\bgeometry\b|bond (?:lengths?|angles?|distances?)|\b(?:[A-Z][a-z]?-){1,2}[A-Z][a-z]? "
        r"(?:bond )?(?:angle|length|distance)s?\b",
        "any", "molecule_geometry", crystal_tool="relax_structure",
    ),
}  # fmt: skip

# Phrases of quantities no tool computes, refused with the reason rather than guessed at.
UNSUPPORTED: dict[str, str] = {
    r"\bband ?gaps?\b": "no tool computes the band gap of a crystal (the HOMO-LUMO gap of a molecule, "
    "with GFN2-xTB, is supported)",
    r"\bmelting (?:point|temperature)": "no tool computes melting points",
    r"\bthermal conductivit": "no tool computes thermal conductivity",
    r"\bphonon (?:band|dispersion|density)": "no tool computes phonon dispersions",
}

# The question shapes the compiler understands, for the fallback answer.
SHAPES = (
    "Offline questions I can compute: a molecule (name, formula or 'SMILES ...') with vibrational "
    "frequencies, zero-point energy, IR spectrum, Gibbs energy / enthalpy / entropy at T and p, dipole "
    "moment, HOMO-LUMO gap or optimised geometry; a reaction 'A + B -> C' with its energy, enthalpy or "
    "Gibbs energy at T; a crystal (formula with an optional structure: 'bcc tungsten') with lattice "
    "constant, bulk or shear modulus, elastic constants, vacancy formation, surface (hkl), formation or "
    "cohesive energy, magnetic moment or relaxed structure; optionally 'with EMT | CHGNet | GFN2-xTB'."
)


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Subject(_Data):
    """What the question is about: one molecule, SMILES, crystal or reaction."""

    kind: SubjectKind
    name: str = Field(description="As the question wrote it (for the answer).")
    molecule: str | None = Field(None, description="ASE G2 name of a molecule.")
    smiles: str | None = None
    formula: str | None = None
    prototype: str | None = None
    spacegroup: str | None = Field(None, description="Space group (symbol or number) instead of a prototype.")
    miller: list[int] | None = Field(None, description="Facet (h, k, l) of a surface question.")
    reaction: str | None = None

    def describe(self) -> str:
        """The subject as the answer names it: 'copper (fcc)', 'TiO2 (space group 136)', 'ethanol'."""
        if self.kind != "crystal":
            return self.name
        if self.spacegroup is not None:
            return f"{self.name} (space group {self.spacegroup})"
        facet = f", ({''.join(map(str, self.miller))}) surface" if self.miller else ""
        return f"{self.name} ({self.prototype}{facet})"

    def structure(self) -> dict[str, str | None]:
        """The tools' structure argument (tools/spec.py StructureSpec) for this subject."""
        if self.kind == "molecule":
            return {"molecule": self.molecule}
        if self.kind == "smiles":
            return {"smiles": self.smiles}
        if self.spacegroup is not None:
            return {"formula": self.formula, "spacegroup": self.spacegroup}
        return {"formula": self.formula, "prototype": self.prototype}


class QuestionSpec(_Data):
    """A computation question, compiled: what to compute, of what, under which conditions."""

    text: str
    quantity: str = Field(description="A key of QUANTITIES.")
    subject: Subject
    calculator: str | None = Field(None, description="The calculator the question names; None: the default.")
    temperature_k: float | None = None
    pressure_bar: float | None = None
    assumptions: list[str] = Field(
        default_factory=list, description="What the compiler assumed because the question did not say."
    )

    @property
    def info(self) -> Quantity:
        return QUANTITIES[self.quantity]

    @property
    def tool(self) -> str:
        info = self.info
        crystal = self.subject.kind == "crystal"
        return info.crystal_tool if crystal and info.crystal_tool else info.tool


class QuestionRefusal(_Data):
    """A computation question the compiler recognised but will not compute, with the one-line reason."""

    text: str
    quantity: str | None = None
    reason: str
