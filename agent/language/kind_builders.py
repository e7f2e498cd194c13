"""One builder per frame kind: frame -> claim spec(s) of the planner's kinds, or ``Unrepresented``
with the reason. Here live the checks of meaning the grammar cannot make: which substances are
crystals or molecules the tools build, which units measure which property, which conditions a
kind represents, and how a named reaction becomes a balanced equation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from agent.language import specs as c
from agent.language import specs_science as cs
from agent.language.frames import Condition, ElementsRef, Entity, Frame, Prop, Reaction, State, Value
from agent.language.lexicon import DEFAULT_PROTOTYPE, PROTOTYPE_WORDS
from agent.language.reaction_names import NoEquation, equation_for


class Unrepresented(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Args:
    text: str
    notes: list[str]
    conditions: list[Condition]


ELEMENT_PROTOTYPES = frozenset({"fcc", "bcc", "hcp", "diamond", "sc", "betatin"})
# property -> (dimension of its values, what it is called)
_DIMENSION = {
    "lattice_constant": "length", "bulk_modulus": "pressure", "density": "density", "vacancy_energy": "energy",
    "surface_energy": "surface", "magnetic_moment": "moment", "dipole": "dipole", "homo_lumo_gap": "energy",
    "elastic": "pressure", "thermal_expansion": "expansion", "bond_angle": "angle", "bond_length": "length",
    "frequency": "wavenumber",
}  # fmt: skip
_MOLECULAR = frozenset({"dipole", "homo_lumo_gap", "bond_angle", "bond_length", "frequency"})


def _common(a: Args) -> dict[str, Any]:
    return {"text": a.text, "read_notes": list(a.notes)}


# ---- substances --------------------------------------------------------------------------------------
def crystal(e: Entity, *, element_only: bool = False) -> c.Material:
    """The crystal an entity names, with the structure the claim gives or the known default
    (marked assumed). A named molecule or an unknown composition is not a crystal."""
    if e.sub is None or e.sub.formula is None or e.as_ == "molecule":
        raise Unrepresented(f"'{e.text}' is not a crystal the tools build")
    formula = e.sub.formula
    if element_only and not e.sub.element:
        raise Unrepresented(f"'{e.text}' is a compound; this property is computed for elements only")
    if e.structure is not None:
        _fits(formula, e.structure, e.sub.element)
        return c.Material(formula=formula, prototype=e.structure)
    return c.Material(formula=formula, prototype=DEFAULT_PROTOTYPE.get(formula), prototype_assumed=True)


def _fits(formula: str, structure: str, element: bool) -> None:
    if (structure in ELEMENT_PROTOTYPES) != element:
        what = "an element" if structure in ELEMENT_PROTOTYPES else "a compound"
        raise Unrepresented(f"the {PROTOTYPE_WORDS.get(structure, structure)} structure is one of {what}, "
                            f"and {formula} is not")  # fmt: skip


def molecule(e: Entity) -> str:
    if e.sub is None or e.sub.molecule is None or e.as_ == "crystal":
        raise Unrepresented(f"'{e.text}' is not a molecule the tools build (ASE's G2 set)")
    if e.structure is not None:
        raise Unrepresented(f"'{e.text}' is given a crystal structure, but the property is of a molecule")
    return e.sub.molecule


def _diatomic(mol: str, bond: str | None) -> str:
    """A frequency claim names the one vibration of a diatomic molecule; a polyatomic molecule's
    modes would need an assignment (which mode is 'the C-O stretch') the tools do not make."""
    from ase.collections import g2

    atoms = g2[mol]
    if len(atoms) != 2:
        raise Unrepresented(f"{mol} has {3 * len(atoms) - 6} vibrations and the tools do not assign a named one; "
                            "frequency claims are tested for diatomic molecules")  # fmt: skip
    if bond is not None and sorted(bond.split("-")) != sorted(atoms.get_chemical_symbols()):
        raise Unrepresented(f"{mol} has no {bond} bond")
    return mol


def _no_conditions(a: Args, allowed: tuple[str, ...] = ("ambient", "temperature0")) -> None:
    """Refuse any condition the kind does not represent: by default a static crystal at 0 K and
    zero pressure, so 'at room temperature' is refused too (the spec would drop it)."""
    for cond in a.conditions:
        if cond.what == "ambient" and "ambient" in allowed:
            continue
        if cond.what == "temperature" and cond.value == 0.0 and "temperature0" in allowed:
            continue
        if cond.what == "temperature" and cond.value == 300.0 and "room" in allowed:
            continue
        if cond.what == "gas_phase" and "gas_phase" in allowed:
            continue
        raise Unrepresented(f"the condition '{cond.text}' is not one this test represents")


def _value_fields(v: Value, prop: str) -> dict[str, Any]:
    want = _DIMENSION[prop]
    if v.dimension != want:
        raise Unrepresented(f"'{v.written}' is not a {want}, and the {prop.replace('_', ' ')} is one")
    if v.per is not None and prop != "magnetic_moment":
        raise Unrepresented(f"'{v.per}' is not part of how this test states the {prop.replace('_', ' ')}")
    return {"relation": v.relation, "value": v.value, "upper": v.upper, "precision_pct": v.precision_pct}


# ---- values and comparisons --------------------------------------------------------------------------
def build_value(f: Frame, a: Args) -> Any:
    prop: Prop = f.args["prop"]
    e: Entity = f.args["entity"]
    fields = _value_fields(f.args["value"], prop.name)
    base = {**_common(a), "negated": f.negated}
    if prop.name in _MOLECULAR:
        _no_conditions(a, ("gas_phase", "temperature0"))
        return _molecular_value(prop, e, fields, base)
    if prop.name == "magnetic_moment":
        temperature = _temperature(a)
        return cs.MagnetismClaim(**base, material=crystal(e, element_only=True), temperature_k=temperature, **fields)
    _no_conditions(a)
    if prop.name in ("lattice_constant", "bulk_modulus", "density"):
        return c.PropertyValueClaim(**base, property=prop.name, material=crystal(e), **fields)
    if prop.name == "vacancy_energy":
        return cs.VacancyEnergyClaim(**base, material=crystal(e, element_only=True), **fields)
    if prop.name == "surface_energy":
        if prop.miller is None:
            raise Unrepresented("a surface energy needs its facet's Miller indices, such as (111)")
        return cs.SurfaceEnergyClaim(**base, material=crystal(e, element_only=True), miller=list(prop.miller), **fields)
    if prop.name == "elastic":
        return cs.ElasticClaim(**base, material=crystal(e, element_only=True), quantity=prop.cij, **fields)
    from agent.language.specs_thermal import ThermalExpansionClaim

    return ThermalExpansionClaim(**base, form="value", material=crystal(e), **fields)


def _molecular_value(prop: Prop, e: Entity, fields: dict[str, Any], base: dict[str, Any]) -> Any:
    mol = molecule(e)
    if prop.name == "dipole":
        return cs.DipoleClaim(**base, molecule=mol, **fields)
    if prop.name == "homo_lumo_gap":
        return cs.GapClaim(**base, molecule=mol, **fields)
    if prop.name == "bond_angle":
        return c.BondAngleClaim(**base, molecule=mol, elements=prop.triad, **fields)
    if prop.name == "frequency":
        return cs.FrequencyClaim(**base, molecule=_diatomic(mol, prop.bond), **fields)
    return c.BondLengthValueClaim(**base, bond=c.Bond(molecule=mol, elements=prop.bond), **fields)


def build_compare(f: Frame, a: Args) -> Any:
    prop: Prop = f.args["prop"]
    first, second = f.args["first"], f.args["second"]
    rel = f.args["direction"]
    base = {**_common(a), "negated": f.negated}
    if prop.name in _MOLECULAR:
        _no_conditions(a, ("gas_phase", "temperature0"))
        m1, m2 = molecule(first), molecule(second)
        if prop.name == "dipole":
            return cs.DipoleClaim(**base, molecule=m1, second=m2, relation=rel)
        if prop.name == "homo_lumo_gap":
            return cs.GapClaim(**base, molecule=m1, second=m2, relation=rel)
        if prop.name == "bond_length":
            other: Prop = f.args.get("second_prop") or prop
            return c.BondLengthComparisonClaim(**base, first=c.Bond(molecule=m1, elements=prop.bond),
                                               second=c.Bond(molecule=m2, elements=other.bond), relation=rel)  # fmt: skip
        raise Unrepresented(f"comparing the {prop.name.replace('_', ' ')}s of two molecules is not a test hypoloop has")
    _no_conditions(a)
    if prop.name in ("lattice_constant", "bulk_modulus", "density"):
        return c.PropertyComparisonClaim(**base, property=prop.name, first=crystal(first), second=crystal(second),
                                         relation=rel)  # fmt: skip
    if prop.name == "vacancy_energy":
        return cs.VacancyEnergyClaim(**base, material=crystal(first, element_only=True),
                                     second=crystal(second, element_only=True), relation=rel)  # fmt: skip
    if prop.name == "thermal_expansion":
        from agent.language.specs_thermal import ThermalExpansionClaim

        return ThermalExpansionClaim(**base, form="comparison", material=crystal(first), second=crystal(second),
                                     relation=rel)  # fmt: skip
    raise Unrepresented(f"comparing the {prop.name.replace('_', ' ')} of two materials is not a test hypoloop has")


def build_facets(f: Frame, a: Args) -> Any:
    _no_conditions(a)
    return cs.SurfaceEnergyClaim(**_common(a), negated=f.negated, material=crystal(f.args["entity"], element_only=True),
                                 miller=list(f.args["first"]), other_miller=list(f.args["second"]),
                                 relation=f.args["direction"])  # fmt: skip


ELEMENT_POOL = ["fcc", "bcc", "hcp", "diamond", "sc"]
AB_POOL = ["rocksalt", "cesiumchloride", "zincblende", "wurtzite"]


def prototype_pool(formula: str) -> list[str] | None:
    """The common prototypes a ground-state claim is tested against (None: no set for this
    stoichiometry, so a ground state cannot be tested, only an ordering of named structures)."""
    import re

    parts = re.findall(r"([A-Z][a-z]?)(\d*)", formula)
    if len(parts) == 1:
        return ELEMENT_POOL
    if len(parts) == 2 and parts[0][1] in ("", "1") and parts[1][1] in ("", "1"):
        return AB_POOL
    return None


# ---- structures ------------------------------------------------------------------------------------
def build_polymorph(f: Frame, a: Args) -> Any:
    e: Entity = f.args["entity"]
    if e.structure is not None:
        raise Unrepresented(f"'{e.text}' is given a structure, and the claim is about which structure it takes")
    mat = crystal(e)
    ground, others = f.args["ground"], [o for o in f.args["others"] if o != f.args["ground"]]
    for s in [ground, *others]:
        _fits(mat.formula, s, e.sub.element if e.sub else False)
    assumed = False
    pressure = _pressure(a)
    if f.args["scope"] == "global" and pressure:
        raise Unrepresented("a ground state is tested against the common prototypes of ambient structures only; "
                            "at a pressure, name the structures to compare")  # fmt: skip
    if f.args["scope"] == "global":
        pool = prototype_pool(mat.formula)
        if pool is None:
            raise Unrepresented(f"hypoloop has no set of common prototypes for the stoichiometry of {mat.formula} "
                                "to test a ground state against")  # fmt: skip
        extra = [p for p in pool if p != ground and p not in others]
        # Pool order first, then any named structure outside the pool: one spec however phrased.
        others, assumed = [p for p in pool if p != ground] + [o for o in others if o not in pool], bool(extra)
    if not others:
        raise Unrepresented("the claim names no structure to compare with")
    return c.PolymorphClaim(**_common(a), negated=f.negated, formula=mat.formula, ground=ground, others=others,
                            others_assumed=assumed, **pressure)  # fmt: skip


def _pressure(a: Args) -> dict[str, Any]:
    out: dict[str, Any] = {}
    rest = []
    said = ""
    for cond in a.conditions:
        if cond.what == "pressure":
            if out:
                raise Unrepresented(f"the claim states two pressures ('{said}' and '{cond.text}'); the test holds one")
            said = cond.text
            out = {"pressure_gpa": cond.value, "pressure_upper_gpa": cond.upper, "pressure_mode": cond.mode}
        else:
            rest.append(cond)
    _no_conditions(Args(a.text, a.notes, rest))
    return out


def build_transition(f: Frame, a: Args) -> Any:
    _no_conditions(a)
    mat = crystal(f.args["entity"])
    v: Value = f.args["value"]
    if v.dimension != "pressure":
        raise Unrepresented(f"'{v.written}' is not a pressure")
    return c.TransitionPressureClaim(**_common(a), negated=f.negated, formula=mat.formula, low=f.args["low"],
                                     high=f.args["high"], relation=v.relation, value=v.value, upper=v.upper,
                                     precision_pct=v.precision_pct)  # fmt: skip


# ---- states ----------------------------------------------------------------------------------------
def build_state(f: Frame, a: Args) -> Any:
    s: State = f.args["state"]
    e: Entity = f.args["entity"]
    base = {**_common(a), "negated": f.negated}
    if s.what in ("shape", "polarity"):
        _no_conditions(a, ("gas_phase", "temperature0"))
        return _molecular_state(s, e, base)
    if s.what == "magnetic":
        return _magnetic(s, e, a, base)
    _no_conditions(a)
    if s.what in ("mechanical", "ductility"):
        quantity = "mechanical_stability" if s.what == "mechanical" else "ductility"
        positive = s.which in ("stable", "ductile")
        return cs.ElasticClaim(**{**base, "negated": f.negated != (not positive)}, material=crystal(e, element_only=True),
                               quantity=quantity, state=True)  # fmt: skip
    if s.what == "dynamical":
        from agent.language.specs_thermal import DynamicalStabilityClaim

        return DynamicalStabilityClaim(**{**base, "negated": f.negated != (s.which == "unstable")}, material=crystal(e),
                                       stable=True)  # fmt: skip
    sign = "negative" if s.which == "stable" else "positive"
    return _formation(e, sign, s.elements, base)


def _molecular_state(s: State, e: Entity, base: dict[str, Any]) -> Any:
    mol = molecule(e)
    if s.what == "polarity":
        return cs.DipoleClaim(**{**base, "negated": base["negated"] != (s.which == "nonpolar")}, molecule=mol, polar=True)
    if s.which == "other_shape":
        raise Unrepresented("hypoloop tests whether a molecule is linear or planar; a named geometry such as "
                            "tetrahedral says more than that and is not tested as the weaker statement")  # fmt: skip
    atoms = _atom_count(mol)
    if s.which == "bent" and atoms != 3:
        raise Unrepresented(f"'bent' is read as non-linear only for a molecule of three atoms, and {mol} has {atoms}")
    if s.which == "pyramidal" and atoms != 4:
        raise Unrepresented(f"'pyramidal' is read as non-planar only for a molecule of four atoms, and {mol} has {atoms}")
    shape = "linear" if s.which in ("linear", "bent") else "planar"
    flip = s.which in ("bent", "nonplanar", "pyramidal")
    return c.MoleculeShapeClaim(**{**base, "negated": base["negated"] != flip}, molecule=mol, shape=shape)


def _atom_count(g2: str) -> int:
    from ase.build import molecule as ase_molecule

    return len(ase_molecule(g2))


def _temperature(a: Args) -> float | None:
    """The one temperature a magnetism claim states (None: the ground state)."""
    temperature = None
    for cond in a.conditions:
        if cond.what == "temperature" and temperature is None:
            temperature = cond.value
        elif cond.what != "ambient":
            raise Unrepresented(f"the condition '{cond.text}' is not one this test represents")
    return temperature


def _magnetic(s: State, e: Entity, a: Args, base: dict[str, Any]) -> Any:
    temperature = _temperature(a)
    state = {"ferromagnetic": "ferromagnetic", "antiferromagnetic": "antiferromagnetic",
             "magnetic_state": "magnetic", "nonmagnetic": "non-magnetic"}[s.which]  # fmt: skip
    return cs.MagnetismClaim(**base, material=crystal(e, element_only=True), state=state, temperature_k=temperature)


def _formation(e: Entity, sign: str, ref: ElementsRef | None, base: dict[str, Any]) -> Any:
    mat = crystal(e)
    import re

    from agent.language.substances import symbols

    elements = set(re.findall(r"[A-Z][a-z]?", mat.formula))
    if len(elements) < 2 or not elements <= symbols():
        raise Unrepresented(f"{mat.formula} is an element; a formation energy is of a compound from its elements")
    if ref is not None and not ref.own:
        named = {re.sub(r"\d", "", s.formula or s.molecule or "") for s in ref.substances}
        if named != elements:
            raise Unrepresented(f"the reference states named are not the elements of {mat.formula}")
    return c.FormationEnergyClaim(**base, material=mat, sign=sign)


def build_formation(f: Frame, a: Args) -> Any:
    _no_conditions(a)
    return _formation(f.args["entity"], f.args["sign"], f.args.get("elements"), {**_common(a), "negated": f.negated})


def build_thermal_sign(f: Frame, a: Args) -> Any:
    from agent.language.specs_thermal import ThermalExpansionClaim

    _no_conditions(a, ("room", "ambient"))
    return ThermalExpansionClaim(**_common(a), negated=f.negated, form="sign", material=crystal(f.args["entity"]),
                                 sign=f.args["sign"])  # fmt: skip


def build_reaction(f: Frame, a: Args) -> Any:
    r: Reaction = f.args["reaction"]
    temperature = None
    for cond in a.conditions:
        if cond.what == "temperature":
            temperature = cond.value
        elif cond.what not in ("ambient", "gas_phase"):
            raise Unrepresented(f"the condition '{cond.text}' is not one this test represents")
    try:
        equation, name, coefficients = equation_for(r)
    except NoEquation as e:
        raise Unrepresented(str(e)) from e
    return cs.ReactionEnergyClaim(**_common(a), negated=f.negated, reaction=equation, name=name,
                                  quantity=f.args["quantity"], sign=f.args["sign"], temperature_k=temperature,
                                  coefficients=coefficients)  # fmt: skip


BUILDERS: dict[str, Callable[[Frame, Args], Any]] = {
    "value": build_value,
    "compare": build_compare,
    "facets": build_facets,
    "polymorph": build_polymorph,
    "transition": build_transition,
    "state": build_state,
    "formation": build_formation,
    "thermal_sign": build_thermal_sign,
    "reaction": build_reaction,
}
