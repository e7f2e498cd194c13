"""Generated claims for the reader's property tests (tests/language/test_generated.py) and for
bench/reader_fuzz.py: a spec is drawn, written in one of several surface forms from templates
owned here (not the product's canonical sentences), then optionally perturbed with a negation, a
quantifier, a condition or a clause.

``case(rng)`` returns (text, expected spec or None when the text must be refused, the spec a
reader would produce if it ignored the perturbation, which must never be the reading).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from agent.language import specs as c
from agent.language import specs_science as cs

CRYSTALS = [  # (name, symbol, default prototype)
    ("copper", "Cu", "fcc"), ("aluminium", "Al", "fcc"), ("nickel", "Ni", "fcc"), ("silver", "Ag", "fcc"),
    ("tungsten", "W", "bcc"), ("iron", "Fe", "bcc"), ("molybdenum", "Mo", "bcc"), ("silicon", "Si", "diamond"),
    ("magnesium oxide", "MgO", "rocksalt"), ("sodium chloride", "NaCl", "rocksalt"),
]  # fmt: skip
METALS = [m for m in CRYSTALS if len(m[1]) <= 2 and m[1] not in ("Si",)]
MOLECULES = [("water", "H2O"), ("ammonia", "NH3"), ("methane", "CH4"), ("carbon dioxide", "CO2"),
             ("hydrogen cyanide", "HCN"), ("benzene", "C6H6"), ("formaldehyde", "H2CO")]  # fmt: skip
PROPS = {  # property -> (words, [(unit as written, factor to canonical)], typical canonical value)
    "lattice_constant": (["lattice constant", "lattice parameter"], [("Å", 1.0), ("nm", 10.0), ("pm", 0.01)], 4.0),
    "bulk_modulus": (["bulk modulus"], [("GPa", 1.0), ("kbar", 0.1)], 150.0),
    "density": (["density"], [("g/cm³", 1.0), ("g/cc", 1.0)], 8.0),
}
RELATIONS = {
    "about": ["about", "roughly", "approximately", "close to", "near", "~"],
    "below": ["below", "under", "less than", "lower than"],
    "above": ["above", "over", "more than", "greater than", "at least"],
}
ADJECTIVES = {("density", "greater"): "denser", ("density", "less"): "less dense",
              ("bulk_modulus", "greater"): "stiffer", ("bulk_modulus", "less"): "softer"}  # fmt: skip
PERTURBATIONS = {
    "quantifier": ["All ", "Only ", "Most ", "Several ", "Some ", "Few "],
    "condition": [" at 800 K", " under strain", " in thin films", " when doped", " at high pressure", " in solution"],
    "clause": [", which is surprising", ", because its d band is full", "; this is well known", ", unlike lead"],
    "inserted": ["only", "never", "hardly", "twice", "partly", "largely", "almost"],
}


@dataclass
class Case:
    text: str
    expected: Any  # the spec it must read as, or None: it must be refused
    unchanged: Any  # the spec it would be if a perturbation were ignored (never acceptable when perturbed)
    form: str


def _name(rng: random.Random, entry: tuple[str, ...]) -> str:
    return entry[0] if rng.random() < 0.6 else entry[1]


def _cap(s: str) -> str:
    return s[0].upper() + s[1:]


def _material(formula: str, proto: str, named: bool) -> c.Material:
    if named:
        return c.Material(formula=formula, prototype=proto)
    return c.Material(formula=formula, prototype=proto, prototype_assumed=True)


def value_case(rng: random.Random) -> Case:
    prop = rng.choice(list(PROPS))
    words, units, typical = PROPS[prop]
    entry = rng.choice(CRYSTALS)
    named = rng.random() < 0.3 and prop != "density"
    subject = (f"{_protoword(entry[2])} " if named else "") + _name(rng, entry)
    rel = rng.choice(list(RELATIONS))
    unit, factor = rng.choice(units)
    shown = round(typical * rng.uniform(0.5, 1.5) / factor, 2 if factor >= 1 else 1)
    value = float(f"{shown * factor:.12g}")
    word, relword = rng.choice(words), rng.choice(RELATIONS[rel])
    forms = [
        f"The {word} of {subject} is {relword} {shown} {unit}.",
        f"{_cap(subject)}'s {word} is {relword} {shown} {unit}.",
        f"{_cap(subject)} has a {word} of {relword} {shown} {unit}.",
    ]
    text = rng.choice(forms)
    spec = c.PropertyValueClaim(text=text, property=prop, material=_material(entry[1], entry[2], named),
                                relation=rel, value=value)  # fmt: skip
    return Case(text, spec, spec, "value")


def _protoword(proto: str) -> str:
    return {"rocksalt": "rock-salt"}.get(proto, proto)


def comparison_case(rng: random.Random) -> Case:
    a, b = rng.sample(CRYSTALS, 2)
    prop = rng.choice(["density", "bulk_modulus", "lattice_constant"])
    direction = rng.choice(["greater", "less"])
    word = PROPS[prop][0][0]
    na, nb = _name(rng, a), _name(rng, b)
    bigger = rng.choice(["larger", "higher", "greater"]) if direction == "greater" else rng.choice(["smaller", "lower"])
    forms = [f"{_cap(na)} has a {bigger} {word} than {nb}.", f"The {word} of {na} is {bigger} than that of {nb}."]
    if (prop, direction) in ADJECTIVES:
        forms.append(f"{_cap(na)} is {ADJECTIVES[(prop, direction)]} than {nb}.")
    text = rng.choice(forms)
    spec = c.PropertyComparisonClaim(text=text, property=prop, first=_material(a[1], a[2], False),
                                     second=_material(b[1], b[2], False), relation=direction)  # fmt: skip
    return Case(text, spec, spec, "comparison")


def polymorph_case(rng: random.Random) -> Case:
    entry = rng.choice([m for m in CRYSTALS if len(m[1]) <= 2])
    s1, s2 = rng.sample(["fcc", "bcc", "hcp", "diamond"], 2)
    n = _name(rng, entry)
    forms = [
        f"{_cap(n)} is more stable in {s1} than in {s2}.",
        f"{_cap(n)} prefers {s1} over {s2}.",
        f"{_cap(n)} is less stable in the {s2} structure than in the {s1} structure.",
        f"{_cap(n)} is lower in energy in {s1} than in {s2}.",
    ]
    text = rng.choice(forms)
    spec = c.PolymorphClaim(text=text, formula=entry[1], ground=s1, others=[s2])
    return Case(text, spec, spec, "polymorph")


def molecule_case(rng: random.Random) -> Case:
    name, g2 = rng.choice(MOLECULES)
    n = name if rng.random() < 0.6 else g2
    which = rng.choice(["linear", "planar", "polar", "non-polar"])
    form = rng.choice([f"{_cap(n)} is {which}.", f"{_cap(n)} is a {which} molecule.", f"The {n} molecule is {which}."])
    if which in ("polar", "non-polar"):
        spec: Any = cs.DipoleClaim(text=form, molecule=g2, polar=True, negated=which == "non-polar")
    else:
        spec = c.MoleculeShapeClaim(text=form, molecule=g2, shape=which)
    return Case(form, spec, spec, "molecule")


def magnetism_case(rng: random.Random) -> Case:
    entry = rng.choice(METALS)
    state = rng.choice(["ferromagnetic", "magnetic", "non-magnetic", "antiferromagnetic"])
    text = f"{_cap(_name(rng, entry))} is {state}."
    spec = cs.MagnetismClaim(text=text, material=_material(entry[1], entry[2], False), state=state)
    return Case(text, spec, spec, "magnetism")


def vacancy_case(rng: random.Random) -> Case:
    entry = rng.choice(METALS)
    v = round(rng.uniform(0.5, 2.5), 2)
    n = _name(rng, entry)
    text = rng.choice([f"The vacancy formation energy of {n} is about {v} eV.",
                       f"Forming a vacancy in {n} costs about {v} eV."])  # fmt: skip
    spec = cs.VacancyEnergyClaim(text=text, material=_material(entry[1], entry[2], False), relation="about", value=v)
    return Case(text, spec, spec, "vacancy")


DIATOMICS = [("carbon monoxide", "CO", "C-O"), ("nitrogen", "N2", "N-N"), ("hydrogen chloride", "HCl", "H-Cl")]


def frequency_case(rng: random.Random) -> Case:
    name, g2, bond = rng.choice(DIATOMICS)
    v = float(rng.randrange(1500, 4200, 10))
    rel = rng.choice(list(RELATIONS))
    mol = name if rng.random() < 0.6 else g2
    what = rng.choice(["stretching frequency", f"{bond} stretching frequency", "vibrational frequency", f"{bond} stretch"])
    unit = rng.choice(["cm-1", "cm⁻¹", "1/cm"])
    text = f"The {what} of {mol} is {rng.choice(RELATIONS[rel])} {v:g} {unit}."
    spec = cs.FrequencyClaim(text=text, molecule=g2, relation=rel, value=v)
    return Case(text, spec, spec, "frequency")


BASES = [value_case, comparison_case, polymorph_case, molecule_case, magnetism_case, vacancy_case, frequency_case]


def negated(case: Case) -> Case | None:
    """'X is Y' -> 'X is not Y': the same spec with its polarity flipped."""
    if " is " not in case.text or case.expected is None:
        return None
    text = case.text.replace(" is ", " is not ", 1)
    flipped = case.expected.model_copy(update={"negated": not case.expected.negated})
    return Case(text, flipped, case.expected, case.form + "+not")


def perturbed(case: Case, rng: random.Random) -> Case:
    """A perturbation no spec of the case's kind holds: the text must be refused, or at least
    never read as the unchanged spec."""
    what = rng.choice(list(PERTURBATIONS))
    word = rng.choice(PERTURBATIONS[what])
    body = case.text.rstrip(".")
    if what == "quantifier":
        text = word + body[0].lower() + body[1:] + "."
    elif what in ("condition", "clause"):
        text = body + word + "."
    else:
        words = body.split(" ")
        at = rng.randrange(1, len(words))
        text = " ".join(words[:at] + [word] + words[at:]) + "."
    return Case(text, None, case.expected, f"{case.form}+{what}")


def case(rng: random.Random) -> Case:
    base = rng.choice(BASES)(rng)
    roll = rng.random()
    if roll < 0.3:
        return negated(base) or base
    if roll < 0.65:
        return perturbed(base, rng)
    return base
