"""Finite-temperature claim specs: thermal expansion and dynamical (phonon) stability.

Thermal expansion: 'Lead expands on heating', 'the linear thermal expansion
coefficient of aluminium is about 23 ppm/K', 'Pb expands more than W on heating'.

Numbers are in ppm/K (1e-6 per kelvin) of the *linear* coefficient, at room temperature (300 K):
the only temperature the accuracy bench calibrates (bench/tools_accuracy_thermal.py).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.language.specs import Material

ROOM_TEMPERATURE_K = 300.0


class ThermalExpansionClaim(BaseModel):
    """`form` 'sign': the crystal expands (alpha > 0) or contracts (alpha < 0) on heating;
    'value': alpha <relation> value (ppm/K); 'comparison': alpha(material) <relation> alpha(second)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The claim as written.")
    negated: bool = Field(False, description="The claim asserts the opposite of the parsed proposition.")
    read_notes: list[str] = Field(default_factory=list, description="How the reader read the claim; shown in Tested as.")
    kind: Literal["thermal_expansion"] = "thermal_expansion"
    form: Literal["sign", "value", "comparison"]
    material: Material
    second: Material | None = Field(None, description="The other material of a comparison.")
    sign: Literal["expands", "contracts"] | None = Field(None, description="For form 'sign'.")
    relation: Literal["about", "equal", "below", "above", "between", "greater", "less"] | None = None
    value: float | None = Field(None, description="Linear coefficient in ppm/K (1e-6/K), for form 'value'.")
    upper: float | None = Field(None, description="Upper bound for relation 'between', ppm/K.")
    precision_pct: float = Field(
        0.0, description="Precision implied by the digits of an unhedged value, in %."
    )
    temperature_k: float = Field(ROOM_TEMPERATURE_K, description="Temperature the claim is about.")


class DynamicalStabilityClaim(BaseModel):
    """'bcc Cu is dynamically stable' (stable=True) / '... unstable' / '... has imaginary modes'."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The claim as written.")
    negated: bool = Field(False, description="The claim asserts the opposite of the parsed proposition.")
    read_notes: list[str] = Field(default_factory=list, description="How the reader read the claim; shown in Tested as.")
    kind: Literal["dynamical_stability"] = "dynamical_stability"
    material: Material
    stable: bool = Field(description="The claim says the crystal has no imaginary phonon modes.")
