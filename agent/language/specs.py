"""Claim specifications the offline planner understands: a discriminated union on `kind`.

Each spec keeps the original text and is a plain data object (it serializes, it does not compute).
Numbers are stored in the planner's canonical units: angstrom, GPa, degrees, eV/atom.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Property = Literal["lattice_constant", "bulk_modulus", "density"]
Relation = Literal["about", "equal", "below", "above", "between"]
Comparison = Literal["greater", "less"]

PROPERTY_UNITS: dict[str, str] = {"lattice_constant": "Å", "bulk_modulus": "GPa", "density": "g/cm³"}
PROPERTY_WORDS: dict[str, str] = {
    "lattice_constant": "lattice constant",
    "bulk_modulus": "bulk modulus",
    "density": "density",
}


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The claim as written.")
    negated: bool = Field(False, description="The claim asserts the opposite of the parsed proposition.")
    read_notes: list[str] = Field(
        default_factory=list, description="How the reader read the claim (hedges, corrected names); shown in Tested as."
    )


class Material(BaseModel):
    """A crystal: formula plus prototype; `prototype_assumed` when the claim named none."""

    model_config = ConfigDict(extra="forbid")

    formula: str
    prototype: str | None = None
    prototype_assumed: bool = False

    def label(self) -> str:
        from agent.language.lexicon import PROTOTYPE_WORDS

        proto = PROTOTYPE_WORDS.get(self.prototype or "", self.prototype or "")
        return f"{proto} {self.formula}".strip()


class PropertyValueClaim(_Spec):
    """'The lattice constant of fcc Cu is about 3.6 Å', 'the bulk modulus of Au is below 50 GPa'."""

    kind: Literal["property_value"] = "property_value"
    property: Property
    material: Material
    relation: Relation
    value: float
    upper: float | None = Field(None, description="Upper bound for relation 'between'.")
    precision_pct: float = Field(
        0.0, description="Precision implied by the digits of an unhedged value, in %."
    )


class PropertyComparisonClaim(_Spec):
    """'Ni has a larger bulk modulus than Al': `first` <relation> `second`."""

    kind: Literal["property_comparison"] = "property_comparison"
    property: Property
    first: Material
    second: Material
    relation: Comparison


class PolymorphClaim(_Spec):
    """'Si is more stable in diamond than in bcc or fcc': `ground` lies below every one of `others`."""

    kind: Literal["polymorph"] = "polymorph"
    formula: str
    ground: str
    others: list[str]
    others_assumed: bool = Field(False, description="The competitors were not named by the claim.")
    # Pressure condition (agent/judges/pressure_points.py): None = zero pressure, energies compared;
    # otherwise enthalpies H = E + PV are compared at the pressure(s) the mode names.
    pressure_gpa: float | None = Field(None, description="Stated pressure in GPa (lower bound for 'between').")
    pressure_upper_gpa: float | None = Field(None, description="Upper pressure for mode 'between', GPa.")
    pressure_mode: Literal["at", "above", "below", "between"] = Field(
        "at", description="At the pressure, at every pressure above / below it, or between the two."
    )


class FormationEnergyClaim(_Spec):
    """'NaCl has a negative formation energy with respect to its elements'."""

    kind: Literal["formation_energy"] = "formation_energy"
    material: Material
    sign: Literal["negative", "positive"]


class MoleculeShapeClaim(_Spec):
    """'Water is a linear molecule', 'ammonia is planar'."""

    kind: Literal["molecule_shape"] = "molecule_shape"
    molecule: str = Field(description="ASE G2 name.")
    shape: Literal["linear", "planar"]


class BondAngleClaim(_Spec):
    """'The H-O-H angle in water is close to 104.5 degrees'."""

    kind: Literal["bond_angle"] = "bond_angle"
    molecule: str
    elements: str | None = Field(None, description="Angle as 'H-O-H' (centre in the middle); None: any.")
    relation: Relation
    value: float
    upper: float | None = None
    precision_pct: float = 0.0


class Bond(BaseModel):
    model_config = ConfigDict(extra="forbid")

    molecule: str
    elements: str | None = Field(None, description="'C-O'; None when the molecule has one kind of bond.")


class BondLengthValueClaim(_Spec):
    """'The O-H bond in water is about 0.96 Å'."""

    kind: Literal["bond_length_value"] = "bond_length_value"
    bond: Bond
    relation: Relation
    value: float
    upper: float | None = None
    precision_pct: float = 0.0


class BondLengthComparisonClaim(_Spec):
    """'The N-N bond in N2 is shorter than the O-O bond in O2': `first` <relation> `second`."""

    kind: Literal["bond_length_comparison"] = "bond_length_comparison"
    first: Bond
    second: Bond
    relation: Comparison


class TransitionPressureClaim(_Spec):
    """'Si transforms from diamond to beta-tin at about 11 GPa': the pressure where the enthalpy of
    `high` falls below that of `low` (agent/judges/pressure.py)."""

    kind: Literal["transition_pressure"] = "transition_pressure"
    formula: str
    low: str = Field(description="Prototype stable below the transition.")
    high: str = Field(description="Prototype stable above the transition.")
    relation: Relation
    value: float = Field(description="GPa.")
    upper: float | None = Field(None, description="Upper bound for relation 'between', GPa.")
    precision_pct: float = 0.0


class LiteratureClaim(_Spec):
    """A claim no simulation can check here, to be judged by quoting the literature index."""

    kind: Literal["literature"] = "literature"
    queries: list[str] = Field(description="Search queries: the claim, then with abbreviations expanded.")
    why_not_simulated: str = Field("", description="Why no simulation kind applies.")


class RefusedClaim(_Spec):
    """A claim with words that change its meaning and that no test here represents (a quantifier,
    a factor, a condition, a clause): it is not tested, and the verdict says why."""

    kind: Literal["refused"] = "refused"
    reasons: list[str] = Field(min_length=1, description="Each unrepresented word or phrase, with why.")
    parsed_as: str | None = Field(None, description="What the rest of the claim would have been tested as.")
