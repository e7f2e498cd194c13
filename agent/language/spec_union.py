"""The union of every built-in claim spec, and the compound claim whose parts are any of them.

Kept apart from the spec modules (agent/language/specs.py, specs_science.py, specs_thermal.py) because it must see them all: a compound claim joins statements of any
simulation kind ("H2O is polar and bent", "Fe is bcc with a magnetic moment of 2.2 µB").
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from agent.language.specs import (
    BondAngleClaim,
    BondLengthComparisonClaim,
    BondLengthValueClaim,
    FormationEnergyClaim,
    LiteratureClaim,
    MoleculeShapeClaim,
    PolymorphClaim,
    PropertyComparisonClaim,
    PropertyValueClaim,
    RefusedClaim,
    TransitionPressureClaim,
    _Spec,
)
from agent.language.specs_reference import PropertyProximityClaim
from agent.language.specs_science import (
    DipoleClaim,
    ElasticClaim,
    FrequencyClaim,
    GapClaim,
    MagnetismClaim,
    ReactionEnergyClaim,
    SurfaceEnergyClaim,
    VacancyEnergyClaim,
)
from agent.language.specs_thermal import DynamicalStabilityClaim, ThermalExpansionClaim

# The kinds a simulation can check: the parts a compound claim may be split into.
_SIMULATION_KINDS = (
    PropertyValueClaim
    | PropertyComparisonClaim
    | PolymorphClaim
    | FormationEnergyClaim
    | MoleculeShapeClaim
    | BondAngleClaim
    | BondLengthValueClaim
    | BondLengthComparisonClaim
    | TransitionPressureClaim
    | VacancyEnergyClaim
    | SurfaceEnergyClaim
    | MagnetismClaim
    | ReactionEnergyClaim
    | DipoleClaim
    | GapClaim
    | FrequencyClaim
    | ElasticClaim
    | ThermalExpansionClaim
    | DynamicalStabilityClaim
    | PropertyProximityClaim
)
SimulationSpec = Annotated[_SIMULATION_KINDS, Field(discriminator="kind")]


class CompoundClaim(_Spec):
    """'Cu crystallizes in fcc with a lattice constant of about 3.6 Å': every part is tested and the
    verdict is their conjunction (supported only if every part is; refuted if any part is)."""

    kind: Literal["compound"] = "compound"
    parts: list[SimulationSpec] = Field(min_length=2, description="The statements the claim joins.")


ClaimSpec = Annotated[
    _SIMULATION_KINDS | CompoundClaim | RefusedClaim | LiteratureClaim,
    Field(discriminator="kind"),
]
