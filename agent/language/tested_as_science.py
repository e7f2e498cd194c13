"""Tested-as sentences and predictions of the vacancy, surface, magnetism and reaction kinds
(the kind table, agent/language/kinds.py, dispatches to them). Each states the method and what
was computed, so a reader sees at once what the verdict rests on."""

from __future__ import annotations

from typing import Any

from agent.language.specs_science import (
    DipoleClaim,
    ElasticClaim,
    GapClaim,
    MagnetismClaim,
    ReactionEnergyClaim,
    SurfaceEnergyClaim,
    VacancyEnergyClaim,
)
from agent.language.tested_as import _material, _target
from agent.language.tested_as import check_words as _check
from agent.language.tested_as import method_words as _method

_TWO = "computed with EMT, CHGNet and SevenNet where each applies, each with its benchmark's measured error range"


def _not(spec: Any) -> str:
    return "not " if spec.negated else ""


def _hkl(m: list[int]) -> str:
    return "(" + "".join(str(i) for i in m) + ")"


def vacancy_tested_as(spec: VacancyEnergyClaim) -> str:
    from agent.judges.defects import VACANCY_SUPERCELLS

    cells = VACANCY_SUPERCELLS.get(spec.material.prototype or "", [32, 64])
    what = f"The monovacancy formation energy (relaxed ions, fixed cell, {' and '.join(map(str, cells))}-atom supercells)"
    if spec.second is None:
        assert spec.value is not None
        return (f"{what} of {_material(spec.material)} is {_not(spec)}"
                f"{_target(spec.value, spec.upper, spec.relation, 'eV')} ({_TWO}).")  # fmt: skip
    rel = "larger" if spec.relation == "greater" else "smaller"
    return f"{what} of {_material(spec.material)} is {_not(spec)}{rel} than that of {_material(spec.second)} ({_TWO})."


def surface_tested_as(spec: SurfaceEnergyClaim) -> str:
    what = "surface energy (relaxed symmetric slabs of 4 and 6 planes, 10 and 14 Å vacuum, static)"
    if spec.other_miller is None:
        assert spec.value is not None
        return (f"The {_hkl(spec.miller)} {what} of {_material(spec.material)} is {_not(spec)}"
                f"{_target(spec.value, spec.upper, spec.relation, 'J/m²')} ({_TWO}).")  # fmt: skip
    rel = "higher" if spec.relation == "greater" else "lower"
    return (f"The {_hkl(spec.miller)} {what} of {_material(spec.material)} is {_not(spec)}{rel} than its "
            f"{_hkl(spec.other_miller)} surface energy (EMT, CHGNet and SevenNet where each applies, each must agree).")  # fmt: skip


def magnetism_claim_sentence(spec: MagnetismClaim) -> str:
    """The claim as tested, without the method."""
    at = f" at {spec.temperature_k:g} K" if spec.temperature_k else " in its ground state"
    if spec.state is None:
        assert spec.value is not None and spec.relation is not None
        when = f" at {spec.temperature_k:g} K" if spec.temperature_k else ""
        return (f"The magnetic moment of {_material(spec.material)}{when} is {_not(spec)}"
                f"{_target(spec.value, spec.upper, spec.relation, 'µB per atom')}.")  # fmt: skip
    state = {
        "non-magnetic": "has no magnetic order",
        "magnetic": "is magnetically ordered (ferro- or antiferromagnetic)",
    }
    said = state.get(spec.state, "is " + spec.state)
    if spec.negated:
        said = said.replace("has no ", "has ").replace("is ", "is not ", 1)
    return f"{_material(spec.material)} {said}{at}."


def _magnetism_method(spec: MagnetismClaim) -> str:
    """What is computed and what it cannot show for this claim (agent/judges/magnetism_sources.py)."""
    if not spec.material.prototype:
        computed = "no computation: no crystal structure is known for it, so no moment is predicted"
    else:
        computed = f"CHGNet's 0 K moment per atom of relaxed {spec.material.label()} against its measured error"
        if spec.state in ("ferromagnetic", "antiferromagnetic"):
            computed += ", unsigned, so not telling ferro- from antiferromagnetic order"
        computed += _spin_dft_words(spec)
        if spec.state is not None and spec.temperature_k:
            computed += (f"; no tool computes an ordering temperature, so only the absence of a moment "
                         f"decides at {spec.temperature_k:g} K")  # fmt: skip
        elif spec.temperature_k:
            computed += f", which does not decide the moment at {spec.temperature_k:g} K"
    data = "moments and Curie temperatures" if spec.state is not None else "moments"
    return f"{computed}; your measured {data}; the literature"


def _spin_dft_words(spec: MagnetismClaim) -> str:
    """The spin-polarised DFT comparison of ordered states, where the plan runs it."""
    from agent.judges.magnetism import spin_dft_applies
    from tools.spin_dft import SpinMethod

    if not spin_dft_applies(spec):
        return ""
    m = SpinMethod()
    return (f"; {m.words(per_axis=True)} energies and moments of its non-, ferro- and antiferromagnetic "
            f"states in a 2-atom cell at ASE's reference lattice, against the method's record on elemental metals")


def magnetism_tested_as(spec: MagnetismClaim) -> str:
    return f"{magnetism_claim_sentence(spec)[:-1]} ({_magnetism_method(spec)})."


def reaction_tested_as(spec: ReactionEnergyClaim) -> str:
    symbol = "ΔH" if spec.quantity == "enthalpy" else "ΔG"
    name = f"{spec.name}, " if spec.name else ""
    t = spec.temperature_k if spec.temperature_k is not None else 298.15
    return (f"{symbol} of {name}{spec.reaction} (every species an ideal gas at 1 bar, {t:g} K) is {_not(spec)}"
            f"{spec.sign} ({_method(spec)} geometries, energies and harmonic thermochemistry{_check(spec)}).")  # fmt: skip


def vacancy_predictions(spec: VacancyEnergyClaim) -> list[str]:
    return [vacancy_tested_as(spec).replace(f" ({_TWO})", "")]


def surface_predictions(spec: SurfaceEnergyClaim) -> list[str]:
    facet = f"The computed {_hkl(spec.miller)} surface energy of {spec.material.formula} is {_not(spec)}"
    if spec.other_miller is None:
        assert spec.value is not None
        return [facet + _target(spec.value, spec.upper, spec.relation, "J/m²") + "."]
    rel = "higher" if spec.relation == "greater" else "lower"
    return [facet + f"{rel} than its {_hkl(spec.other_miller)} surface energy, with every calculator."]


def magnetism_predictions(spec: MagnetismClaim) -> list[str]:
    return [magnetism_claim_sentence(spec)]


def reaction_predictions(spec: ReactionEnergyClaim) -> list[str]:
    return [reaction_tested_as(spec).split(f" ({_method(spec)}")[0] + "."]


def dipole_tested_as(spec: DipoleClaim) -> str:
    method = f"{_method(spec)}, optimised isolated molecule, compared with its measured dipole error{_check(spec)}"
    if spec.second is not None:
        rel = "larger" if spec.relation == "greater" else "smaller"
        return f"The dipole moment of {spec.molecule} is {_not(spec)}{rel} than that of {spec.second} ({method})."
    if spec.polar is not None:
        return f"The {spec.molecule} molecule is {_not(spec)}{'polar' if spec.polar else 'non-polar'} ({method})."
    assert spec.value is not None and spec.relation is not None
    return f"The dipole moment of {spec.molecule} is {_not(spec)}{_target(spec.value, spec.upper, spec.relation, 'D')} ({method})."


def gap_tested_as(spec: GapClaim) -> str:
    method = "GFN2-xTB orbital energies of the optimised isolated molecule; no measured error"
    if spec.second is not None:
        rel = "larger" if spec.relation == "greater" else "smaller"
        return f"The HOMO-LUMO gap of {spec.molecule} is {_not(spec)}{rel} than that of {spec.second} ({method})."
    assert spec.value is not None
    return f"The HOMO-LUMO gap of {spec.molecule} is {_not(spec)}{_target(spec.value, spec.upper, spec.relation, 'eV')} ({method})."


def dipole_predictions(spec: DipoleClaim) -> list[str]:
    return [dipole_tested_as(spec).split(f" ({_method(spec)}")[0] + "."]


def gap_predictions(spec: GapClaim) -> list[str]:
    return [gap_tested_as(spec).split(" (GFN2")[0] + "."]


def elastic_tested_as(spec: ElasticClaim) -> str:
    method = "finite-strain elastic constants, static crystal at 0 K, EMT, CHGNet and SevenNet where each applies"
    if spec.quantity in ("c11", "c12", "c44"):
        assert spec.value is not None and spec.relation is not None
        return (f"{spec.quantity.upper()} of {_material(spec.material)} is {_not(spec)}"
                f"{_target(spec.value, spec.upper, spec.relation, 'GPa')} ({method}, each with its measured error range).")  # fmt: skip
    if spec.quantity == "mechanical_stability":
        state = "satisfies" if spec.state else "violates"
        return (f"{_material(spec.material)} {'does not ' + state[:-1] if spec.negated else state} the Born mechanical "
                f"stability criteria ({method}).")  # fmt: skip
    side = "above" if spec.state else "below"
    word = f"{_not(spec)}{'ductile' if spec.state else 'brittle'}"
    return (f"Pugh's ratio B/G (Hill) of {_material(spec.material)} is {_not(spec)}{side} 1.75, i.e. {word} by "
            f"Pugh's empirical criterion ({method}).")  # fmt: skip


def elastic_predictions(spec: ElasticClaim) -> list[str]:
    return [elastic_tested_as(spec).split(" (finite-strain")[0] + "."]
