"""Which calculator tests a claim first, and which checks it independently: chosen by measured
accuracy, never by a calculator's name in a judge.

Crystals (rule, tested):
- the candidates are the periodic calculators the registry says can treat every element of the
  claim (EMT only covers a few fcc metals, where its measured errors are small);
- for a property with calibrated error models (agent/judges/calibration.py: lattice constant,
  bulk modulus, density, elastic constants, vacancy and surface energies) they are ranked by the
  width of the interval their model gives for the material's class, narrowest first; a calculator
  never calibrated for the property ranks last;
- structure orderings at zero pressure are ranked by the band fitted on known ground states for
  the formula's family (agent/judges/polymorph_bands.py), narrowest first, an unfitted calculator
  last;
- other energy differences (orderings under pressure and transition pressures, whose equations of
  state over tens of GPa the zero-pressure fit does not measure: SevenNet's P(V) for Si was not
  monotonic to 50 GPa where CHGNet's was; formation, phonons, thermal expansion) have no
  per-calculator calibration against experiment: CHGNet stays first, then the other universal
  potential, then EMT;
- the independent check is the next calculator in the ranking, so two methods with different
  training data (CHGNet and SevenNet) check each other wherever both apply.

Molecules: ranked by the measured mean absolute error of the quantity
(tools/accuracy_molecules.py), smallest first; a method with no measured error for it ranks last.
"""

from __future__ import annotations

from collections.abc import Iterable

from agent.judges import calibration

# The order for quantities no bench has calibrated per calculator (see the module rule).
UNCALIBRATED_ORDER = ("chgnet", "sevennet", "emt")
# The structure orderings, ranked by their fitted band (agent/judges/polymorph_bands.py).
ORDERING = "structure_ordering"
# Quantities with per-class error models (the calibration set's properties).
CALIBRATED = frozenset({
    "lattice_constant", "bulk_modulus", "density", "c11", "c12", "c44",
    "vacancy_formation_energy", "surface_energy",
})  # fmt: skip


def _able(formulas: Iterable[str], periodic: bool) -> list[str]:
    from agent.language.mentions import elements_of
    from tools.calculators import supported_calculators

    symbols = sorted({el for f in formulas for el in elements_of(f)})
    return list(supported_calculators(symbols, periodic)) if symbols else []


def _width(quantity: str, calc: str, materials: list[tuple[str, str | None]]) -> float:
    """The widest interval the calculator's models give over the claim's materials (ln units)."""
    widths = []
    for formula, prototype in materials:
        model = calibration.error_model(quantity, calc, formula, prototype)
        widths.append(float("inf") if model.basis == "unmeasured" else model.half_width)
    return max(widths)


def _ordering_band(calc: str, materials: list[tuple[str, str | None]]) -> float:
    """The widest fitted ordering band over the claim's formulas (inf where one is unfitted)."""
    from agent.judges import polymorph_bands

    bands = [polymorph_bands.band(calc, formula) for formula, _ in materials]
    return max((float("inf") if b is None else b for b in bands), default=float("inf"))


def crystal_ranking(quantity: str | None, materials: list[tuple[str, str | None]]) -> list[str]:
    """Able periodic calculators for ``materials`` ((formula, prototype) pairs), best first."""
    able = [c for c in _able((f for f, _ in materials), periodic=True) if c != "xtb"]
    order = {name: i for i, name in enumerate(UNCALIBRATED_ORDER)}
    if quantity == ORDERING:
        return sorted(able, key=lambda c: (_ordering_band(c, materials), order.get(c, len(order))))
    if quantity not in CALIBRATED:
        return sorted(able, key=lambda c: order.get(c, len(order)))
    return sorted(able, key=lambda c: (_width(quantity, c, materials), order.get(c, len(order))))


def molecular_ranking(quantity: str, able: Iterable[str]) -> list[str]:
    """Molecular calculators ranked by their measured mean absolute error for ``quantity``."""
    from tools.accuracy_molecules import molecule_mae

    def key(calc: str) -> float:
        mae = molecule_mae(calc, quantity)
        return float("inf") if mae is None else mae

    return sorted(able, key=key)


def independent(ranking: list[str], used: str) -> str | None:
    """The best-ranked calculator other than ``used`` (None when only one applies)."""
    return next((c for c in ranking if c != used), None)


# ---- a claim's quantity and materials ------------------------------------------------------------
_KIND_QUANTITY = {"vacancy_energy": "vacancy_formation_energy", "surface_energy": "surface_energy"}


def quantity_of(spec: object) -> str | None:
    """The calibrated quantity a crystal claim's check computes (None: an energy ordering or a
    quantity without per-calculator calibration)."""
    kind = getattr(spec, "kind", None)
    if kind in ("property_value", "property_comparison", "property_proximity"):
        return str(getattr(spec, "property", "")) or None
    if kind == "elastic" and getattr(spec, "quantity", "") in ("c11", "c12", "c44"):
        return str(spec.quantity)  # type: ignore[attr-defined]
    if kind == "polymorph" and getattr(spec, "pressure_gpa", None) is None:
        return ORDERING
    return _KIND_QUANTITY.get(str(kind))


def materials_of(spec: object) -> list[tuple[str, str | None]]:
    """(formula, prototype) of every crystal the claim names."""
    out = []
    for field in ("material", "first", "second", "reference", "rival"):
        m = getattr(spec, field, None)
        if m is not None and hasattr(m, "formula"):
            out.append((str(m.formula), m.prototype))
    formula = getattr(spec, "formula", None)
    if not out and isinstance(formula, str):
        out.append((formula, None))
    return out


def primary_crystal(spec: object) -> str | None:
    """The most accurate measured calculator for a crystal claim (None: none applies)."""
    materials = materials_of(spec)
    ranking = crystal_ranking(quantity_of(spec), materials) if materials else []
    return ranking[0] if ranking else None


def independent_crystal(spec: object, used: str) -> str | None:
    """The calculator that checks a crystal claim independently of ``used``."""
    materials = materials_of(spec)
    return independent(crystal_ranking(quantity_of(spec), materials), used) if materials else None


def weaker(spec: object, used: str, other: str) -> bool:
    """Whether ``other`` has a larger measured error than ``used`` for this claim (its check is then
    one-sided: see agent/judges/models.py Variant.weaker). Unmeasured orderings are never weaker."""
    mol = molecular_quantity(spec)
    if mol is not None:
        ranking = molecular_ranking(mol, [used, other])
        return ranking.index(other) > ranking.index(used)
    quantity, materials = quantity_of(spec), materials_of(spec)
    if quantity == ORDERING and materials:
        return _ordering_band(other, materials) > _ordering_band(used, materials)
    if quantity not in CALIBRATED or not materials:
        return False
    return _width(quantity, other, materials) > _width(quantity, used, materials)


# ---- molecules ----------------------------------------------------------------------------------------
# The measured error (tools/accuracy_molecules.py) that ranks the methods for each molecular kind;
# kinds without one keep the tools' default (GFN2-xTB): orbital gaps (no reference), and shapes,
# whose linear / bent and planar / pyramidal thresholds (3 and 10 degrees, judges/molecules.py) lie
# beyond either method's measured angle errors (xTB's worst 3.6 degrees, O3); DFT checks shapes.
_MOLECULAR_QUANTITY = {"reaction_energy": "reaction_enthalpy_kj_mol", "dipole": "dipole_debye",
                       "frequency": "frequency_scaled_relative_percent",
                       "bond_length_value": "bond_length_percent", "bond_length_comparison": "bond_length_percent",
                       "bond_angle": "bond_angle_deg"}  # fmt: skip


# Shapes are judged against thresholds (3 and 10 degrees) beyond both methods' angle errors: the
# primary stays the tools' default (GFN2-xTB, the cheaper), and the other method measured for
# angles checks it, so a shape verdict never rests on one method.
_CHECK_ONLY_QUANTITY = {"molecule_shape": "bond_angle_deg"}


def molecular_quantity(spec: object) -> str | None:
    return _MOLECULAR_QUANTITY.get(str(getattr(spec, "kind", "")))


def _molecular_able() -> list[str]:
    from tools.calculators import registry

    return [name for name, info in registry().items() if info.molecular and not info.periodic]


def primary_molecular(spec: object) -> str | None:
    """The molecular method with the smallest measured error for the claim's quantity."""
    quantity = molecular_quantity(spec)
    if quantity is None:
        return None
    ranking = molecular_ranking(quantity, _molecular_able())
    return ranking[0] if ranking else None


def independent_molecular(spec: object, used: str) -> str | None:
    quantity = molecular_quantity(spec) or _CHECK_ONLY_QUANTITY.get(str(getattr(spec, "kind", "")))
    if quantity is None:
        return None
    from tools.accuracy_molecules import molecule_mae

    measured = [c for c in molecular_ranking(quantity, _molecular_able()) if molecule_mae(c, quantity) is not None]
    return independent(measured, used)
