"""Claims that compare a crystal property with a reference (issue #28 item 4): a number, or
another material's property computed in the same run by the same method.

- 'The lattice constant of Cu is within 2 % of that of Pt' (``relation`` 'within': the ratio of
  the two computed values lies within ``tolerance_pct`` of 1);
- 'The bulk modulus of Pd is closer to 180 GPa than that of Cu', 'the lattice constant of Pd is
  closer to that of Pt than that of Ni' (``relation`` 'closer': the material's value is nearer the
  target than the ``rival``'s); a superlative 'closest to' is one such claim per rival.

A number target is in the property's canonical unit (Å, GPa, g/cm³). 'Within N % of a number'
is a value range and stays a PropertyValueClaim ('between'). Plain data (agent/language/specs.py).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from agent.language.specs import Material, Property, _Spec


class PropertyProximityClaim(_Spec):
    """A crystal property near a target: within a tolerance of another material's, or closer to a
    number or another material's than a rival's is."""

    kind: Literal["property_proximity"] = "property_proximity"
    property: Property
    material: Material
    relation: Literal["within", "closer"]
    reference: Material | None = Field(None, description="The target is this material's computed property.")
    value: float | None = Field(None, description="The target as a number, in the property's canonical unit.")
    tolerance_pct: float | None = Field(None, description="'within': the allowed relative difference, in %.")
    rival: Material | None = Field(None, description="'closer': the material whose value is farther from the target.")

    def materials(self) -> list[Material]:
        """Every crystal the test computes, the claim's own first."""
        return [m for m in (self.material, self.reference, self.rival) if m is not None]
