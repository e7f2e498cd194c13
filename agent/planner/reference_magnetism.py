"""Handbook magnetic data of the elements: labelled reference evidence, never a computation.

Why a table: CHGNet's predicted moment of fcc Ni is 0.068 µB against 0.606 µB measured
(``python bench/tools_accuracy_crystals.py --calculators chgnet --properties magnetic``), CHGNet
takes no spin input so it cannot compare ferromagnetic and non-magnetic energies, and no other
calculator here treats spin in a periodic metal (EMT has no spin; GFN2-xTB in tblite is for
molecules). So whether an element orders magnetically is taken from the handbooks below, shown
as "reference" evidence with its citation, and the computed CHGNet moment is shown beside it
as a cross-check that can only make the verdict inconclusive, never decide it on its own where
its measured error covers the threshold.

Sources:
- Ferromagnets, Curie temperature (K) and saturation moment at 0 K (µB/atom): C. Kittel,
  Introduction to Solid State Physics, 8th ed. (Wiley 2005), ch. 11, Table 1 (Fe 1043 K 2.22,
  Co 1388 K 1.72, Ni 627 K 0.606, Gd 292 K 7.63, Dy 88 K 10.2).
- Antiferromagnets, Néel temperature (K): Cr 311 K (Kittel, ch. 11 / CRC Handbook of Chemistry
  and Physics, "Magnetic properties of the elements"); alpha-Mn ~95 K (CRC, same table).
- No magnetic order (diamagnetic or Pauli paramagnetic), molar susceptibility in 1e-6 cm³/mol:
  CRC Handbook of Chemistry and Physics, "Magnetic susceptibility of the elements and inorganic
  compounds": Cu -5.46, Ag -19.5, Au -28.0, Zn -9.15, Pb -23.0, Al +16.5, Pt +193, Pd +540,
  W +59, Mo +72.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Order = Literal["ferromagnetic", "antiferromagnetic", "none"]
KITTEL = "Kittel, Introduction to Solid State Physics, 8th ed., ch. 11, Table 1"
CRC = "CRC Handbook of Chemistry and Physics, magnetic susceptibility of the elements"


@dataclass(frozen=True)
class MagneticReference:
    element: str
    order: Order
    ordering_temperature_k: float | None  # Curie or Neel temperature; None: no order at any T
    moment_mu_b: float | None  # saturation moment per atom at 0 K (ferromagnets)
    source: str
    detail: str


def _ferro(el: str, tc: float, moment: float) -> MagneticReference:
    return MagneticReference(
        el, "ferromagnetic", tc, moment, KITTEL, f"Curie temperature {tc:g} K, {moment:g} µB/atom at 0 K"
    )


def _none(el: str, chi: float) -> MagneticReference:
    kind = "diamagnetic" if chi < 0 else "Pauli paramagnetic"
    return MagneticReference(
        el, "none", None, None, CRC, f"{kind}, molar susceptibility {chi:+g}e-6 cm³/mol, no magnetic order"
    )


REFERENCES: dict[str, MagneticReference] = {
    r.element: r
    for r in (
        _ferro("Fe", 1043, 2.22), _ferro("Co", 1388, 1.72), _ferro("Ni", 627, 0.606), _ferro("Gd", 292, 7.63),
        _ferro("Dy", 88, 10.2),
        MagneticReference("Cr", "antiferromagnetic", 311, None, CRC, "antiferromagnetic below its Neel temperature 311 K"),
        MagneticReference("Mn", "antiferromagnetic", 95, None, CRC, "alpha-Mn: antiferromagnetic below about 95 K"),
        _none("Cu", -5.46), _none("Ag", -19.5), _none("Au", -28.0), _none("Zn", -9.15), _none("Pb", -23.0),
        _none("Al", 16.5), _none("Pt", 193), _none("Pd", 540), _none("W", 59), _none("Mo", 72),
    )
}  # fmt: skip
# A stated temperature this close (relative) to the ordering temperature is not decided: the
# transition is not sharp in real samples and the tabulated values differ by some kelvin.
NEAR_TRANSITION = 0.05


def reference_for(element: str) -> MagneticReference | None:
    return REFERENCES.get(element)


def ordered_at(ref: MagneticReference, temperature_k: float | None) -> bool | None:
    """Whether the element is magnetically ordered at ``temperature_k`` (None: 0 K, the ground
    state); None when the temperature is too near the transition to say."""
    if ref.order == "none" or ref.ordering_temperature_k is None:
        return False
    if temperature_k is None:
        return True
    tc = ref.ordering_temperature_k
    if abs(temperature_k - tc) <= NEAR_TRANSITION * tc:
        return None
    return temperature_k < tc
