"""Claim specs for the defect, surface, magnetism and reaction tools (issue #12).

Plain data objects like those of agent/language/specs.py (they serialize, they do not compute).
Units: eV for vacancy formation energies, J/m² for surface energies, Bohr magnetons per atom for
moments, kJ/mol for reaction energies, kelvin for temperatures.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from agent.language.specs import Material, Relation, _Spec

ValueOrComparison = Literal["about", "equal", "below", "above", "between", "greater", "less"]


class VacancyEnergyClaim(_Spec):
    """'Creating a vacancy in aluminium costs less than 1 eV' (a value), or 'a vacancy costs more
    energy in nickel than in aluminium' (``second`` set: a comparison between two metals)."""

    kind: Literal["vacancy_energy"] = "vacancy_energy"
    material: Material
    relation: ValueOrComparison
    value: float | None = Field(None, description="eV; None for a comparison.")
    upper: float | None = None
    precision_pct: float = 0.0
    second: Material | None = Field(None, description="The other metal of a comparison.")


class SurfaceEnergyClaim(_Spec):
    """'The (111) surface energy of Pt is about 2.5 J/m²' (a value) or 'Platinum's (111) surface is
    lower in energy than its (110) surface' (``other_miller`` set: an ordering of two facets)."""

    kind: Literal["surface_energy"] = "surface_energy"
    material: Material
    miller: list[int] = Field(min_length=3, max_length=3)
    relation: ValueOrComparison
    value: float | None = Field(None, description="J/m²; None for a facet ordering.")
    upper: float | None = None
    precision_pct: float = 0.0
    other_miller: list[int] | None = Field(None, min_length=3, max_length=3)


MagneticState = Literal["ferromagnetic", "magnetic", "non-magnetic", "antiferromagnetic"]


class MagnetismClaim(_Spec):
    """'Nickel is ferromagnetic', 'copper is non-magnetic', 'iron is ferromagnetic at 300 K', or a
    moment value ('the magnetic moment of iron is about 2.2 µB per atom': ``state`` None)."""

    kind: Literal["magnetism"] = "magnetism"
    material: Material
    state: MagneticState | None = None
    temperature_k: float | None = Field(None, description="Stated temperature; None: the ground state.")
    relation: Relation | None = None
    value: float | None = Field(None, description="Moment in µB per atom, for a moment claim.")
    upper: float | None = None
    precision_pct: float = 0.0


class ReactionEnergyClaim(_Spec):
    """'Ammonia synthesis from N2 and H2 is exothermic', 'ΔG of N2 + 3 H2 -> 2 NH3 is negative at
    400 K': the sign of ΔH or ΔG of a balanced gas-phase reaction."""

    kind: Literal["reaction_energy"] = "reaction_energy"
    reaction: str = Field(description="Balanced equation, e.g. 'N2 + 3 H2 -> 2 NH3'.")
    name: str | None = Field(None, description="The named reaction the equation stands for.")
    quantity: Literal["enthalpy", "gibbs"]
    sign: Literal["negative", "positive"]
    temperature_k: float | None = Field(None, description="Stated temperature; None: 298.15 K.")
    coefficients: list[float] = Field(default_factory=list, description="Stoichiometric numbers stated.")


SCIENCE_SPECS = (VacancyEnergyClaim, SurfaceEnergyClaim, MagnetismClaim, ReactionEnergyClaim)


class DipoleClaim(_Spec):
    """'Water is a polar molecule', 'CO2 is non-polar', 'the dipole moment of ammonia is about
    1.5 D', 'water has a larger dipole moment than ammonia' (``second`` set)."""

    kind: Literal["dipole"] = "dipole"
    molecule: str = Field(description="ASE G2 name.")
    polar: bool | None = Field(None, description="A polarity claim: True polar, False non-polar.")
    relation: ValueOrComparison | None = None
    value: float | None = Field(None, description="Debye.")
    upper: float | None = None
    precision_pct: float = 0.0
    second: str | None = Field(None, description="The other molecule of a comparison.")


class GapClaim(_Spec):
    """'Benzene has a smaller HOMO-LUMO gap than methane' (``second`` set), or a gap value in eV."""

    kind: Literal["homo_lumo_gap"] = "homo_lumo_gap"
    molecule: str
    relation: ValueOrComparison
    value: float | None = Field(None, description="eV; None for a comparison.")
    upper: float | None = None
    precision_pct: float = 0.0
    second: str | None = None


class ElasticClaim(_Spec):
    """'C44 of copper is about 75 GPa', 'Copper is mechanically stable in fcc', 'Gold is ductile'
    (Pugh's criterion): one elastic quantity of one metal."""

    kind: Literal["elastic"] = "elastic"
    material: Material
    quantity: Literal["c11", "c12", "c44", "mechanical_stability", "ductility"]
    relation: Relation | None = None
    value: float | None = Field(None, description="GPa, for an elastic constant.")
    upper: float | None = None
    precision_pct: float = 0.0
    state: bool | None = Field(None, description="Stable / ductile (True) or unstable / brittle (False).")


class FrequencyClaim(_Spec):
    """'The C-O stretching frequency of carbon monoxide is near 2143 cm-1': the harmonic frequency
    of a diatomic molecule's one vibration (a polyatomic molecule's named mode would need a mode
    assignment the tools do not make, so the reader refuses it)."""

    kind: Literal["frequency"] = "frequency"
    molecule: str = Field(description="ASE G2 name of a diatomic molecule.")
    relation: Literal["about", "equal", "below", "above", "between"]
    value: float = Field(description="cm^-1.")
    upper: float | None = None
    precision_pct: float = 0.0
