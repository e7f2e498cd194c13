"""The canonical sentence of each claim kind (agent/language/canonical.py holds the shared parts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.language.canonical import (
    _PROP,
    _UNIT,
    _conditions,
    _has,
    _is,
    _structure,
    compare_sentence,
    formula,
    material,
    number,
    target,
    value_sentence,
)


def sentence(spec: Any) -> str:
    """The canonical sentence of a simulation spec (a compound: its parts' sentences)."""
    if spec.kind == "compound":
        return " ".join(sentence(p) for p in spec.parts)
    return RENDERERS[spec.kind](spec)


def _property(s: Any) -> str:
    if s.kind == "property_value":
        return value_sentence(s, _PROP[s.property], material(s.material), _UNIT[s.property])
    return compare_sentence(s, _PROP[s.property], material(s.first), material(s.second))


def _capital(name: str) -> str:
    """A sentence starts with a capital: 'polonium' -> 'Polonium' (formulas are already)."""
    return name[:1].upper() + name[1:]


def _polymorph(s: Any) -> str:
    lead = _pressure(s)
    if s.others_assumed:
        return f"{lead}The ground state of {formula(s.formula)} {_is(s)} {_structure(s.ground)}."
    others = ", ".join(f"in {_structure(o)}" for o in s.others[:-1])
    last = f"in {_structure(s.others[-1])}"
    listed = f"{others} or {last}" if others else last
    return f"{lead}{_capital(formula(s.formula))} {_is(s)} more stable in {_structure(s.ground)} than {listed}."


def _pressure(s: Any) -> str:
    if s.pressure_gpa is None:
        return ""
    if s.pressure_mode == "between":
        return f"Between {number(s.pressure_gpa)} and {number(s.pressure_upper_gpa)} GPa, "
    return f"{s.pressure_mode.capitalize()} {number(s.pressure_gpa)} GPa, "


def _formation(s: Any) -> str:
    return f"The formation energy of {material(s.material)} {_is(s)} {s.sign}."


def _shape(s: Any) -> str:
    return f"{s.molecule} {_is(s)} {s.shape}."


def _angle(s: Any) -> str:
    what = f"{s.elements} angle" if s.elements else "bond angle"
    return f"The {what} of {s.molecule} {_is(s)} {target(s, 'degrees')}."


def _length(s: Any) -> str:
    what = f"{s.bond.elements} bond length" if s.bond.elements else "bond length"
    return f"The {what} of {s.bond.molecule} {_is(s)} {target(s, 'Å')}."


def _length_comparison(s: Any) -> str:
    rel = "longer" if s.relation == "greater" else "shorter"
    one = f"{s.first.elements} bond length" if s.first.elements else "bond length"
    two = f"{s.second.elements} bond length" if s.second.elements else "bond length"
    return f"The {one} of {s.first.molecule} {_is(s)} {rel} than the {two} of {s.second.molecule}."


def _transition(s: Any) -> str:
    return (f"The {_structure(s.low)[4:]} to {_structure(s.high)[4:]} transition pressure of {formula(s.formula)} "
            f"{_is(s)} {target(s, 'GPa')}.").replace(" structure to ", " to ").replace(" structure transition", " transition")  # fmt: skip


def _vacancy(s: Any) -> str:
    if s.second is not None:
        return compare_sentence(s, _PROP["vacancy_energy"], material(s.material), material(s.second))
    return value_sentence(s, _PROP["vacancy_energy"], material(s.material), "eV")


def _surface(s: Any) -> str:
    miller = "(" + "".join(str(i) for i in s.miller) + ")"
    if s.other_miller is not None:
        other = "(" + "".join(str(i) for i in s.other_miller) + ")"
        rel = "lower" if s.relation == "less" else "higher"
        return f"The {miller} surface of {material(s.material)} {_has(s)} a {rel} surface energy than its {other} surface."
    return value_sentence(s, f"{miller} surface energy", material(s.material), "J/m²")


def _magnetism(s: Any) -> str:
    if s.state is not None:
        return f"{material(s.material)} {_is(s)} {s.state}{_conditions(s)}."
    at = f" at {number(s.temperature_k)} K" if s.temperature_k is not None else ""
    return f"The magnetic moment of {material(s.material)}{at} {_is(s)} {target(s, 'µB')} per atom."


def _reaction(s: Any) -> str:
    word = {("enthalpy", "negative"): "exothermic", ("enthalpy", "positive"): "endothermic",
            ("gibbs", "negative"): "exergonic", ("gibbs", "positive"): "endergonic"}[(s.quantity, s.sign)]  # fmt: skip
    return f"The reaction {s.reaction} {_is(s)} {word}{_conditions(s)}."


def _dipole(s: Any) -> str:
    if s.polar is not None:
        return f"{s.molecule} {_is(s)} {'polar' if s.polar else 'non-polar'}."
    if s.second is not None:
        return compare_sentence(s, "dipole moment", s.molecule, s.second)
    return value_sentence(s, "dipole moment", s.molecule, "D")


def _gap(s: Any) -> str:
    if s.second is not None:
        return compare_sentence(s, "HOMO-LUMO gap", s.molecule, s.second)
    return value_sentence(s, "HOMO-LUMO gap", s.molecule, "eV")


def _frequency(s: Any) -> str:
    return value_sentence(s, "stretching frequency", s.molecule, "cm-1")


def _elastic(s: Any) -> str:
    if s.quantity == "mechanical_stability":
        return f"{material(s.material)} {_is(s)} mechanically {'stable' if s.state else 'unstable'}."
    if s.quantity == "ductility":
        return f"{material(s.material)} {_is(s)} {'ductile' if s.state else 'brittle'}."
    return value_sentence(s, s.quantity.upper(), material(s.material), "GPa")


def _thermal(s: Any) -> str:
    if s.form == "sign":
        verb = "expand" if s.sign == "expands" else "contract"
        if s.negated:
            return f"{material(s.material)} does not {verb} when heated."
        return f"{material(s.material)} {s.sign} when heated."
    if s.form == "comparison":
        return compare_sentence(s, _PROP["thermal_expansion"], material(s.material), material(s.second))
    return value_sentence(s, _PROP["thermal_expansion"], material(s.material), "ppm/K")


def _dynamical(s: Any) -> str:
    return f"{material(s.material)} {_is(s)} dynamically {'stable' if s.stable else 'unstable'}."


def _proximity(s: Any) -> str:
    of = f"The {_PROP[s.property]} of {material(s.material)} {_is(s)}"
    to = f"that of {material(s.reference)}" if s.reference is not None else f"{number(s.value)} {_UNIT[s.property]}"
    if s.relation == "within":
        return f"{of} within {number(s.tolerance_pct)} % of {to}."
    return f"{of} closer to {to} than that of {material(s.rival)}."


RENDERERS: dict[str, Callable[[Any], str]] = {
    "property_value": _property,
    "property_comparison": _property,
    "polymorph": _polymorph,
    "formation_energy": _formation,
    "molecule_shape": _shape,
    "bond_angle": _angle,
    "bond_length_value": _length,
    "bond_length_comparison": _length_comparison,
    "transition_pressure": _transition,
    "vacancy_energy": _vacancy,
    "surface_energy": _surface,
    "magnetism": _magnetism,
    "reaction_energy": _reaction,
    "dipole": _dipole,
    "homo_lumo_gap": _gap,
    "frequency": _frequency,
    "elastic": _elastic,
    "thermal_expansion": _thermal,
    "dynamical_stability": _dynamical,
    "property_proximity": _proximity,
}
