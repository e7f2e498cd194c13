"""Parser tests for the vacancy, surface, magnetism and reaction kinds (issue #12): several
phrasings each, negations, and refusals of words the specs do not represent."""

from __future__ import annotations

from typing import Any

import pytest

from agent import planner
from agent.planner import parse_claim, spec_from_dict

rendered = planner.tested_as  # a module-level "test*" name would be collected by pytest

VACANCY_VALUES = [
    ("Creating a vacancy in aluminium costs less than 1 eV.", "Al", "below", 1.0, False),
    ("The vacancy formation energy of Al is about 0.7 eV.", "Al", "about", 0.7, False),
    ("Forming a vacancy in copper costs more than 1 eV.", "Cu", "above", 1.0, False),
    ("The formation energy of a vacancy in nickel is between 1.5 and 2 eV.", "Ni", "between", 1.5, False),
    ("A vacancy in gold does not cost more than 2 eV.", "Au", "above", 2.0, True),
    ("Vacancy formation in platinum costs 1.35 eV.", "Pt", "equal", 1.35, False),
]


@pytest.mark.parametrize("text,formula,relation,value,negated", VACANCY_VALUES)
def test_vacancy_values(text: str, formula: str, relation: str, value: float, negated: bool) -> None:
    spec: Any = parse_claim(text)
    assert spec is not None and spec.kind == "vacancy_energy", spec
    assert (spec.material.formula, spec.relation, spec.value, spec.negated) == (formula, relation, value, negated)
    assert spec.second is None
    assert "monovacancy formation energy" in rendered(spec) and "EMT, CHGNet and SevenNet" in rendered(spec)


VACANCY_COMPARISONS = [
    ("A vacancy costs more energy in nickel than in aluminium.", "Ni", "Al", "greater", False),
    ("Vacancies form more easily in aluminium than in copper.", "Al", "Cu", "less", False),
    ("The vacancy formation energy of gold is lower than that of platinum.", "Au", "Pt", "less", False),
    ("Compared with copper, nickel has a higher vacancy formation energy.", "Ni", "Cu", "greater", False),
    ("The vacancy formation energy of silver is not higher than that of copper.", "Ag", "Cu", "greater", True),
]


@pytest.mark.parametrize("text,first,second,relation,negated", VACANCY_COMPARISONS)
def test_vacancy_comparisons(text: str, first: str, second: str, relation: str, negated: bool) -> None:
    spec: Any = parse_claim(text)
    assert spec is not None and spec.kind == "vacancy_energy", spec
    assert spec.second is not None
    got = (spec.material.formula, spec.second.formula, spec.relation, spec.negated)
    assert got == (first, second, relation, negated)


SURFACES = [
    ("Platinum's (111) surface is lower in energy than its (110) surface.", [1, 1, 1], [1, 1, 0], "less"),
    ("The (100) surface of copper has a higher surface energy than the (111) surface.", [1, 0, 0], [1, 1, 1], "greater"),
    ("For gold, the (111) facet is more stable than the (100) facet.", [1, 1, 1], [1, 0, 0], "less"),
    ("Compared with the (111) surface, the (110) surface of nickel is higher in energy.", [1, 1, 0], [1, 1, 1], "greater"),
]  # fmt: skip


@pytest.mark.parametrize("text,miller,other,relation", SURFACES)
def test_surface_orderings(text: str, miller: list[int], other: list[int], relation: str) -> None:
    spec: Any = parse_claim(text)
    assert spec is not None and spec.kind == "surface_energy", spec
    assert (spec.miller, spec.other_miller, spec.relation) == (miller, other, relation)
    assert "(" + "".join(map(str, miller)) + ")" in rendered(spec)


def test_surface_values_and_units() -> None:
    spec: Any = parse_claim("The (111) surface energy of Pt is about 2.5 J/m2.")
    assert (spec.kind, spec.miller, spec.relation, spec.value) == ("surface_energy", [1, 1, 1], "about", 2.5)
    spec = parse_claim("The surface energy of Cu(111) is below 1500 mJ/m²")
    assert spec is not None and spec.kind == "surface_energy" and spec.value == pytest.approx(1.5)
    assert spec.relation == "below"


MAGNETISM = [
    ("Nickel is ferromagnetic.", "Ni", "ferromagnetic", None, False),
    ("Copper is non-magnetic.", "Cu", "non-magnetic", None, False),
    ("Copper is not magnetic.", "Cu", "magnetic", None, True),
    ("Iron is ferromagnetic at 300 K.", "Fe", "ferromagnetic", 300.0, False),
    ("Nickel is not ferromagnetic at 800 K.", "Ni", "ferromagnetic", 800.0, True),
    ("Cobalt is ferromagnetic at room temperature.", "Co", "ferromagnetic", 300.0, False),
    ("Chromium is antiferromagnetic.", "Cr", "antiferromagnetic", None, False),
    ("Gold is magnetic.", "Au", "magnetic", None, False),
]


@pytest.mark.parametrize("text,formula,state,temperature,negated", MAGNETISM)
def test_magnetic_states(text: str, formula: str, state: str, temperature: float | None, negated: bool) -> None:
    spec: Any = parse_claim(text)
    assert spec is not None and spec.kind == "magnetism", spec
    assert (spec.material.formula, spec.state, spec.temperature_k, spec.negated) == (formula, state, temperature, negated)
    said = rendered(spec)
    assert "CHGNet's 0 K moment" in said and "handbook" not in said


def test_magnetic_moment_value() -> None:
    spec: Any = parse_claim("The magnetic moment of iron is about 2.2 µB per atom.")
    assert (spec.kind, spec.state, spec.relation, spec.value) == ("magnetism", None, "about", 2.2)
    assert "magnetic moment" in rendered(spec)


REACTIONS = [
    ("Ammonia synthesis from N2 and H2 is exothermic.", "N2 + 3 H2 -> 2 NH3", "enthalpy", "negative", None),
    ("Ammonia synthesis from N2 and H2 is exothermic at 500 K.", "N2 + 3 H2 -> 2 NH3", "enthalpy", "negative", 500.0),
    ("ΔG of N2 + 3 H2 -> 2 NH3 is negative at 400 K.", "N2 + 3 H2 -> 2 NH3", "gibbs", "negative", 400.0),
    ("The water-gas shift reaction is exothermic at 500 K.", "CO + H2O -> CO2 + H2", "enthalpy", "negative", 500.0),
    ("Steam reforming of methane is endothermic.", "CH4 + H2O -> CO + 3 H2", "enthalpy", "positive", None),
    ("The Haber process releases heat.", "N2 + 3 H2 -> 2 NH3", "enthalpy", "negative", None),
    ("Methane combustion is exergonic at 298 K.", "CH4 + 2 O2 -> CO2 + 2 H2O", "gibbs", "negative", 298.0),
    ("The reaction CO + 2 H2 → CH3OH is exothermic.", "CO + 2 H2 -> CH3OH", "enthalpy", "negative", None),
]  # fmt: skip


@pytest.mark.parametrize("text,equation,quantity,sign,temperature", REACTIONS)
def test_reactions(text: str, equation: str, quantity: str, sign: str, temperature: float | None) -> None:
    spec: Any = parse_claim(text)
    assert spec is not None and spec.kind == "reaction_energy", spec
    assert (spec.reaction, spec.quantity, spec.sign, spec.temperature_k) == (equation, quantity, sign, temperature)
    said = rendered(spec)
    assert equation in said and "GFN2-xTB" in said and "ideal gas" in said


def test_negated_reaction() -> None:
    spec: Any = parse_claim("Hydrogen combustion is not endothermic.")
    assert (spec.kind, spec.sign, spec.negated, spec.reaction) == ("reaction_energy", "positive", True, "2 H2 + O2 -> 2 H2O")


REFUSED = [
    ("Creating a vacancy in strained aluminium costs less than 1 eV.", "strained"),
    ("A vacancy in aluminium costs less than 1 eV when doped.", "doped"),
    ("Creating a vacancy in aluminium costs less than 1 eV at 40 GPa.", "40"),
    ("Vacancies in both aluminium and copper cost less than 2 eV.", "both"),
    ("Platinum's (111) surface is lower in energy than its (110) surface in thin films.", "films"),
    ("Nickel is ferromagnetic, which makes it useful in batteries.", "makes it useful"),
    ("Ammonia synthesis from N2 and H2 is exothermic at 40 GPa.", "40"),
    ("A vacancy costs three times more energy in nickel than in aluminium.", "three times"),
]


@pytest.mark.parametrize("text,word", REFUSED)
def test_refusals_name_the_word(text: str, word: str) -> None:
    spec: Any = parse_claim(text)
    assert spec is not None and spec.kind == "refused", (spec.kind if spec else None, spec)
    assert word.lower() in " ".join(spec.reasons).lower(), spec.reasons


NOT_SCIENCE = [
    ("Copper with vacancies is less dense than gold.", "refused"),  # about density, not vacancy energy
    ("Ferromagnetic iron is stiffer than copper.", "refused"),
    ("Forming NaCl from its elements is exothermic.", "formation_energy"),
]


@pytest.mark.parametrize("text,kind", NOT_SCIENCE)
def test_other_kinds_keep_their_claims(text: str, kind: str) -> None:
    spec = parse_claim(text)
    assert spec is not None and spec.kind == kind


@pytest.mark.parametrize(
    "text",
    ["Creating a vacancy in aluminium costs less than 1 eV.", "Nickel is ferromagnetic at 300 K.",
     "Platinum's (111) surface is lower in energy than its (110) surface.", "ΔG of N2 + 3 H2 -> 2 NH3 is negative at 400 K."],
)  # fmt: skip
def test_specs_round_trip_through_graph_state(text: str) -> None:
    spec: Any = parse_claim(text)
    again = spec_from_dict(spec.model_dump())
    assert type(again) is type(spec) and again == spec


@pytest.mark.parametrize(
    "text,word",
    [
        ("Aluminium's vacancy formation energy is lower than copper's surface energy.", "surface"),
        ("The (111) surface of nickel is more stable than its (100) surface because nickel is ferromagnetic.", "because"),
        ("Ammonia synthesis from N2 and O2 is exothermic.", "O2"),
        ("The vacancy formation energy of copper is higher than that of nickel by 0.5 eV.", "0.5 eV"),
    ],
)
def test_mixed_quantities_are_refused(text: str, word: str) -> None:
    spec: Any = parse_claim(text)
    assert spec is not None and spec.kind == "refused", spec
    assert word.lower() in " ".join(spec.reasons).lower(), spec.reasons


ELECTRONIC = [
    ("Water is a polar molecule.", "dipole", "H2O", {"polar": True, "negated": False}),
    ("Carbon dioxide is non-polar.", "dipole", "CO2", {"polar": True, "negated": True}),
    ("CO2 is not polar.", "dipole", "CO2", {"polar": True, "negated": True}),
    ("Methane has no dipole moment.", "dipole", "CH4", {"polar": True, "negated": True}),
    ("The dipole moment of ammonia is about 1.5 D.", "dipole", "NH3", {"relation": "about", "value": 1.5}),
    ("Water has a larger dipole moment than ammonia.", "dipole", "H2O", {"second": "NH3", "relation": "greater"}),
    ("Ammonia is less polar than water.", "dipole", "NH3", {"second": "H2O", "relation": "less"}),
    ("Benzene has a smaller HOMO-LUMO gap than methane.", "homo_lumo_gap", "C6H6", {"second": "CH4", "relation": "less"}),
    ("The HOMO-LUMO gap of water is about 7 eV.", "homo_lumo_gap", "H2O", {"relation": "about", "value": 7.0}),
]  # fmt: skip


@pytest.mark.parametrize("text,kind,molecule,fields", ELECTRONIC)
def test_electronic(text: str, kind: str, molecule: str, fields: dict[str, Any]) -> None:
    spec: Any = parse_claim(text)
    assert spec is not None and spec.kind == kind, spec
    assert spec.molecule == molecule
    for name, want in fields.items():
        assert getattr(spec, name) == want, (name, getattr(spec, name))
    assert "GFN2-xTB" in rendered(spec)


@pytest.mark.parametrize(
    "text,word",
    [("Water is polar in solution.", "solution"), ("Water is polar in the liquid.", "liquid")],
)  # fmt: skip
def test_electronic_refusals(text: str, word: str) -> None:
    spec: Any = parse_claim(text)
    assert spec is not None and spec.kind == "refused", spec
    assert word.lower() in (" ".join(spec.reasons) + " " + (spec.parsed_as or "")).lower(), spec.reasons


ELASTIC = [
    ("C44 of copper is about 75 GPa.", "Cu", "c44", {"relation": "about", "value": 75.0}),
    ("The C11 of aluminium is above 100 GPa.", "Al", "c11", {"relation": "above", "value": 100.0}),
    ("The elastic constant C12 of nickel is below 0.2 TPa.", "Ni", "c12", {"relation": "below", "value": 200.0}),
    ("Copper is mechanically stable in fcc.", "Cu", "mechanical_stability", {"state": True}),
    ("Copper is mechanically unstable in bcc.", "Cu", "mechanical_stability", {"state": True, "negated": True}),
    ("Gold is ductile.", "Au", "ductility", {"state": True, "negated": False}),
    ("Tungsten is brittle according to Pugh's criterion.", "W", "ductility", {"state": True, "negated": True}),
    ("Gold is not ductile.", "Au", "ductility", {"state": True, "negated": True}),
]


@pytest.mark.parametrize("text,formula,quantity,fields", ELASTIC)
def test_elastic(text: str, formula: str, quantity: str, fields: dict[str, Any]) -> None:
    spec: Any = parse_claim(text)
    assert spec is not None and spec.kind == "elastic", spec
    assert (spec.material.formula, spec.quantity) == (formula, quantity)
    for name, want in fields.items():
        assert getattr(spec, name) == want, (name, getattr(spec, name))
    assert "EMT, CHGNet and SevenNet" in rendered(spec)


@pytest.mark.parametrize(
    "text,word",
    [("Gold is ductile at 1000 K.", "1000"), ("C44 of copper is about 75 GPa under pressure.", "pressure"),
     ("Gold is ductile when alloyed.", "alloyed")],
)  # fmt: skip
def test_elastic_refusals(text: str, word: str) -> None:
    spec: Any = parse_claim(text)
    assert spec is not None and spec.kind == "refused", spec
    assert word.lower() in " ".join(spec.reasons).lower(), spec.reasons


def test_ferromagnet_noun_and_two_statements() -> None:
    spec: Any = parse_claim("Iron is a ferromagnet.")
    assert spec.kind == "magnetism" and spec.state == "ferromagnetic"
    spec = parse_claim("Nickel is ferromagnetic with a moment of about 0.6 µB.")
    assert spec is not None and spec.kind == "compound"  # order and moment: two statements, each tested
    assert [p.state for p in spec.parts] == ["ferromagnetic", None] and spec.parts[1].value == 0.6


@pytest.mark.parametrize(
    "text,parts",
    [("Water is polar and ammonia is non-polar.", 2), ("Water has a larger dipole moment than ammonia and methane.", 2),
     ("Gold and silver are ductile.", 2)],
)  # fmt: skip
def test_lists_and_conjunctions_are_compounds(text: str, parts: int) -> None:
    """Statements the grammar splits into parts (formerly refused as 'one metal' / 'one molecule')."""
    spec: Any = parse_claim(text)
    assert spec is not None and spec.kind == "compound" and len(spec.parts) == parts, spec


def test_hedged_reaction_is_tested_with_the_hedge_named() -> None:
    spec: Any = parse_claim("Ammonia synthesis from N2 and H2 is probably exothermic.")
    assert spec.kind == "reaction_energy" and spec.sign == "negative"
    assert "probably" in rendered(spec)
