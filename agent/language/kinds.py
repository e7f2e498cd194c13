"""The claim-kind table: kind -> spec model, plan, judge, predictions, tested-as and the entities
the claim must be about. Adding a kind touches its own module and one row here, not an
isinstance ladder in every caller. Built-in kinds are read by the claim grammar
(agent/language: its rules, builders and canonical sentences); plug-in kinds (entry-point group
``hypoloop.claim_kinds``) parse their own text, tried when the grammar cannot read a claim and
before the literature fallback.

Sensitivity variants are not per kind: each tool declares its own (``HypoloopTool.finer``), and
agent/planner/stress.py applies them to whatever the kind plans.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel

from agent.judges import compound, measured, methods
from agent.judges import crystals as checks
from agent.judges import molecules as checks_molecules
from agent.judges import pressure as checks_pressure
from agent.judges import transition as checks_transition
from agent.judges.models import Judgement, ToolCall
from agent.judges.tool_results import inconclusive
from agent.language.predictions import (
    angle_predictions,
    comparison_predictions,
    formation_predictions,
    length_comparison_predictions,
    length_predictions,
    literature_predictions,
    polymorph_predictions,
    shape_predictions,
    value_predictions,
)
from agent.language.spec_union import CompoundClaim
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
)
from agent.language.tested_as import (
    angle_tested_as,
    comparison_tested_as,
    formation_tested_as,
    length_comparison_tested_as,
    length_tested_as,
    literature_tested_as,
    polymorph_tested_as,
    refused_tested_as,
    shape_tested_as,
    value_tested_as,
)
from agent.literature.judge import judge_literature, plan_literature

Results = dict[str, dict[str, Any]]
ENTRY_POINT_GROUP = "hypoloop.claim_kinds"


@dataclass(frozen=True)
class Entities:
    """What a spec is about (formulas, molecules, structures, properties): used to compare readings."""

    formulas: frozenset[str] = frozenset()
    molecules: frozenset[str] = frozenset()
    prototypes: frozenset[str] = frozenset()
    properties: frozenset[str] = frozenset()


    def __or__(self, other: Entities) -> Entities:
        return Entities(*(getattr(self, f) | getattr(other, f) for f in Entities.__dataclass_fields__))


@dataclass(frozen=True)
class ClaimKind:
    """One row of the table. ``plan(spec, calculator)``, ``judge(spec, results, about_pct)``."""

    name: str
    spec: type[BaseModel]
    plan: Callable[[Any, str], list[ToolCall]]
    judge: Callable[[Any, Results, float], Judgement]
    predictions: Callable[[Any], list[str]]
    tested_as: Callable[[Any], str]
    entities: Callable[[Any], Entities]
    molecular: bool = False
    # A plug-in kind's parser: claim text -> spec or None (built-ins are read by agent/language).
    parse: Callable[[str], Any] | None = None
    source: str = "built-in"
    extras: dict[str, Any] = field(default_factory=dict)


def _material_entities(*materials: Any, prop: str) -> Entities:
    return Entities(
        formulas=frozenset(m.formula for m in materials),
        prototypes=frozenset(m.prototype for m in materials if m.prototype),
        properties=frozenset({prop}),
    )


def _polymorph_entities(s: PolymorphClaim) -> Entities:
    return Entities(
        formulas=frozenset({s.formula}),
        prototypes=frozenset({s.ground, *s.others}),
        properties=frozenset({"ground_state"}),
    )


def _molecule_entities(*molecules: str, props: tuple[str, ...]) -> Entities:
    return Entities(molecules=frozenset(molecules), properties=frozenset(props))


def _compound_entities(s: CompoundClaim) -> Entities:
    parts = [entities(p) for p in s.parts]
    return Entities(
        *(frozenset().union(*(getattr(e, f) for e in parts)) for f in Entities.__dataclass_fields__)
    )


def _compound_tested_as(s: CompoundClaim) -> str:
    return "All of: " + "; ".join(f"({i}) {tested_as(p)}" for i, p in enumerate(s.parts, 1))


def _judge_compound(s: CompoundClaim, results: Results, about: float) -> Judgement:
    parts = [judge(p, compound.part_results(i, results), about) for i, p in enumerate(s.parts, 1)]
    whole = compound.judge_compound(s, parts)
    # Undecided because a part is too close to call within error: the whole is too, so a model
    # verdict cross-checked against it is held modest (graph/stress_effects.py).
    if whole.verdict == "inconclusive" and any(
        p.verdict == "inconclusive" and p.undecided_within_error for p in parts
    ):
        return whole.model_copy(update={"undecided_within_error": True})
    return whole


def _plan_compound(s: CompoundClaim, calculator: str) -> list[ToolCall]:
    return [c for i, p in enumerate(s.parts, 1) for c in compound.prefixed(i, plan(p, calculator))]


def _judge_refused(s: RefusedClaim, results: Results, about: float) -> Judgement:
    return inconclusive(
        "Not tested: the claim says more than the test would represent: " + "; ".join(s.reasons) + ".",
        questions=["rephrase the claim so that every word is something the test represents, or split it"],
    )


def _plan_property(s: Any, calculator: str) -> list[ToolCall]:
    """The simulation, and the user's measurements beside it (never the measurements alone: a
    claim the tools cannot set up stays untested)."""
    simulation = checks.plan_property(s, calculator)
    return [*simulation, *measured.plan_measured(s)] if simulation else []


def _judge_value(s: PropertyValueClaim, r: Results, about: float) -> Judgement:
    return measured.with_measurements(
        checks.judge_value(s, r, about), *measured.measured_decision(s, r, about)
    )


def _judge_comparison(s: PropertyComparisonClaim, r: Results, about: float) -> Judgement:
    return measured.with_measurements(checks.judge_comparison(s, r), *measured.measured_decision(s, r, about))


def _science_rows() -> list[ClaimKind]:
    """Vacancy, surface, magnetism, reaction, dipole, HOMO-LUMO-gap and elastic kinds (issue #12): specs in
    agent/language/specs_science.py, grammar rules in agent/language, checks in checks_{defects,magnetism,reactions,electronic,elastic}.py."""
    from agent.judges import defects as checks_defects
    from agent.judges import elastic as checks_elastic
    from agent.judges import electronic as checks_electronic
    from agent.judges import frequencies as checks_frequency
    from agent.judges import magnetism as checks_magnetism
    from agent.judges import reactions as checks_reactions
    from agent.language import tested_as_science as rs
    from agent.language.reactions_named import species
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

    def vacancy_entities(s: VacancyEnergyClaim) -> Entities:
        mats = [s.material] + ([s.second] if s.second else [])
        return _material_entities(*mats, prop="vacancy") | Entities(properties=frozenset({"formation"}))

    def elastic_entities(s: ElasticClaim) -> Entities:
        # "C44" reads like a formula (carbon-44); it is the claim's own quantity, not a material.
        own = frozenset({s.quantity.upper()}) if s.quantity.startswith("c") else frozenset()
        return _material_entities(s.material, prop="elastic") | Entities(formulas=own)

    return [
        ClaimKind("vacancy_energy", VacancyEnergyClaim, checks_defects.plan_vacancy, checks_defects.judge_vacancy,
                  rs.vacancy_predictions, rs.vacancy_tested_as, vacancy_entities,
                  extras={"plans_every_calculator": True}),
        ClaimKind("surface_energy", SurfaceEnergyClaim, checks_defects.plan_surface, checks_defects.judge_surface,
                  rs.surface_predictions, rs.surface_tested_as,
                  lambda s: _material_entities(s.material, prop="surface"), extras={"plans_every_calculator": True}),
        ClaimKind("magnetism", MagnetismClaim, checks_magnetism.plan_magnetism, checks_magnetism.judge_magnetism,
                  rs.magnetism_predictions, rs.magnetism_tested_as,
                  lambda s: _material_entities(s.material, prop="magnetism"), extras={"plans_every_calculator": True}),
        ClaimKind("reaction_energy", ReactionEnergyClaim, checks_reactions.plan_reaction,
                  checks_reactions.judge_reaction, rs.reaction_predictions, rs.reaction_tested_as,
                  lambda s: _molecule_entities(*species(s.reaction), props=("reaction",)), molecular=True),
        ClaimKind("dipole", DipoleClaim, checks_electronic.plan_electronic, checks_electronic.judge_dipole,
                  rs.dipole_predictions, rs.dipole_tested_as,
                  lambda s: _molecule_entities(s.molecule, *([s.second] if s.second else []), props=("dipole",)),
                  molecular=True),
        ClaimKind("homo_lumo_gap", GapClaim, checks_electronic.plan_electronic, checks_electronic.judge_gap,
                  rs.gap_predictions, rs.gap_tested_as,
                  lambda s: _molecule_entities(s.molecule, *([s.second] if s.second else []), props=("homo_lumo_gap",)),
                  molecular=True),
        ClaimKind("frequency", FrequencyClaim, checks_frequency.plan_frequency, checks_frequency.judge_frequency,
                  checks_frequency.frequency_predictions, checks_frequency.frequency_tested_as,
                  lambda s: _molecule_entities(s.molecule, props=("frequency",)), molecular=True),
        ClaimKind("elastic", ElasticClaim, checks_elastic.plan_elastic, checks_elastic.judge_elastic,
                  rs.elastic_predictions, rs.elastic_tested_as,
                  elastic_entities, extras={"plans_every_calculator": True}),
    ]  # fmt: skip


_BUILTINS = [
    ClaimKind("property_value", PropertyValueClaim, _plan_property, _judge_value, value_predictions, value_tested_as,
              lambda s: _material_entities(s.material, prop=s.property)),
    ClaimKind("property_comparison", PropertyComparisonClaim, _plan_property, _judge_comparison,
              comparison_predictions, comparison_tested_as,
              lambda s: _material_entities(s.first, s.second, prop=s.property)),
    ClaimKind("polymorph", PolymorphClaim, lambda s, c: checks.plan_polymorph(s, c),
              lambda s, r, a: checks.judge_polymorph(s, r), polymorph_predictions, polymorph_tested_as,
              _polymorph_entities),
    ClaimKind("formation_energy", FormationEnergyClaim, checks.plan_formation,
              lambda s, r, a: checks.judge_formation(s, r), formation_predictions, formation_tested_as,
              lambda s: _material_entities(s.material, prop="formation")),
    ClaimKind("molecule_shape", MoleculeShapeClaim, checks_molecules.plan_molecular,
              lambda s, r, a: checks_molecules.judge_shape(s, r), shape_predictions, shape_tested_as,
              lambda s: _molecule_entities(s.molecule, props=("shape", "bond_angle")), molecular=True),
    ClaimKind("bond_angle", BondAngleClaim, checks_molecules.plan_molecular, checks_molecules.judge_angle,
              angle_predictions, angle_tested_as,
              lambda s: _molecule_entities(s.molecule, props=("bond_angle",)), molecular=True),
    ClaimKind("bond_length_value", BondLengthValueClaim, checks_molecules.plan_molecular,
              checks_molecules.judge_length, length_predictions, length_tested_as,
              lambda s: _molecule_entities(s.bond.molecule, props=("bond_length",)), molecular=True),
    ClaimKind("bond_length_comparison", BondLengthComparisonClaim, checks_molecules.plan_molecular,
              lambda s, r, a: checks_molecules.judge_length_comparison(s, r), length_comparison_predictions,
              length_comparison_tested_as, lambda s: _molecule_entities(s.first.molecule, s.second.molecule, props=("bond_length",)),
              molecular=True),
    ClaimKind("transition_pressure", TransitionPressureClaim, checks_pressure.plan_transition,
              checks_transition.judge_transition, checks_transition.transition_predictions,
              checks_transition.transition_tested_as,
              lambda s: Entities(formulas=frozenset({s.formula}), prototypes=frozenset({s.low, s.high}),
                                 properties=frozenset({"transition_pressure"}))),
    *_science_rows(),
    ClaimKind("compound", CompoundClaim, _plan_compound, _judge_compound,
              lambda s: [p for part in s.parts for p in predictions(part)], _compound_tested_as, _compound_entities),
    ClaimKind("refused", RefusedClaim, lambda s, c: [], _judge_refused, lambda s: [], refused_tested_as,
              lambda s: Entities()),
    ClaimKind("literature", LiteratureClaim, lambda s, c: plan_literature(s),
              lambda s, r, a: judge_literature(s, r), literature_predictions, literature_tested_as, lambda s: Entities()),
]  # fmt: skip


# Finite temperature (issue #12): thermal expansion; the words and numbers it represents itself
# (heating, room temperature, 1e-6 /K) are told to coverage through ``extras``.
def _thermal_kind() -> ClaimKind:
    from agent.judges import thermal as ct
    from agent.language.specs_thermal import ThermalExpansionClaim

    return ClaimKind(
        "thermal_expansion", ThermalExpansionClaim, ct.plan_thermal, ct.judge_thermal, ct.thermal_predictions,
        ct.thermal_tested_as,
        lambda s: _material_entities(*([s.material] + ([s.second] if s.second else [])), prop="thermal_expansion"),
        extras={"spec_outside_union": True},
    )  # fmt: skip


def _stability_kind() -> ClaimKind:
    from agent.judges import stability as cs

    return ClaimKind(
        "dynamical_stability", cs.DynamicalStabilityClaim, cs.plan_stability, cs.judge_stability,
        cs.stability_predictions, cs.stability_tested_as,
        lambda s: _material_entities(s.material, prop="dynamical_stability"),
        extras={"spec_outside_union": True},
    )  # fmt: skip


def _proximity_kind() -> ClaimKind:
    """Issue #28 item 4: a property within a tolerance of, or closer than a rival to, a reference."""
    from agent.judges import proximity as cp
    from agent.language.specs_reference import PropertyProximityClaim

    return ClaimKind(
        "property_proximity", PropertyProximityClaim, cp.plan_proximity, cp.judge_proximity,
        cp.proximity_predictions, cp.proximity_tested_as,
        lambda s: _material_entities(*s.materials(), prop=s.property),
    )  # fmt: skip


_BUILTINS += [_thermal_kind(), _stability_kind(), _proximity_kind()]


@cache
def table() -> dict[str, ClaimKind]:
    """Built-in kinds plus entry-point plug-ins (a broken plug-in is skipped and reported by
    :func:`plugin_failures`; a plug-in cannot replace a built-in kind)."""
    import importlib.metadata as md

    rows = {k.name: k for k in _BUILTINS}
    _FAILURES.clear()
    for ep in md.entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
            row = obj() if callable(obj) and not isinstance(obj, ClaimKind) else obj
            if not isinstance(row, ClaimKind) or row.parse is None:
                raise TypeError(f"{ep.value} is not a ClaimKind with a parse function")
            if row.name in rows:
                raise ValueError(f"a built-in claim kind is called {row.name!r}")
        except Exception as e:  # a third-party bug must not break the planner
            _FAILURES.append(
                {"group": ENTRY_POINT_GROUP, "name": ep.name, "error": f"{type(e).__name__}: {e}"}
            )
            continue
        dist = ep.dist.name if ep.dist is not None else "?"
        rows[row.name] = ClaimKind(**{**row.__dict__, "source": f"plug-in {ep.name} ({dist})"})
    return rows


_FAILURES: list[dict[str, str]] = []


def plugin_failures() -> list[dict[str, str]]:
    table()
    return list(_FAILURES)


def plugin_kinds() -> list[ClaimKind]:
    return [k for k in table().values() if k.source != "built-in"]


def kind_of(spec: Any) -> ClaimKind:
    row = table().get(getattr(spec, "kind", ""))
    if row is None:
        raise KeyError(f"unknown claim kind {getattr(spec, 'kind', type(spec).__name__)!r}")
    return row


def plan(spec: Any, calculator: str) -> list[ToolCall]:
    """The calls testing ``spec``. 'auto' on a crystal kind becomes the calculator the bench
    measured most accurate for its quantity and material class (agent/judges/methods.py); kinds
    that run every able calculator, molecules and compounds (whose parts choose their own) keep it."""
    row = kind_of(spec)
    if calculator == "auto" and row.name != "compound" and row.source == "built-in" \
            and not row.extras.get("plans_every_calculator"):
        chosen = methods.primary_molecular(spec) if row.molecular else methods.primary_crystal(spec)
        calculator = chosen or calculator
    return row.plan(spec, calculator)


def judge(spec: Any, results: Results, about: float) -> Judgement:
    return kind_of(spec).judge(spec, results, about)


def predictions(spec: Any) -> list[str]:
    return kind_of(spec).predictions(spec)


def entities(spec: Any) -> Entities:
    return kind_of(spec).entities(spec)


def tested_as(spec: Any) -> str:
    """The claim as the grammar read it first (its canonical sentence, the one the self-check read
    back: a reader checks the reading before the method), then what was computed (the kind's
    sentence: structures assumed, method, conditions) and how it was read (hedges, corrected
    names). Refusals, literature claims and plug-in kinds have no canonical sentence; a compound's
    parts each say theirs."""
    from agent.language.canonical_kinds import RENDERERS, sentence

    text = kind_of(spec).tested_as(spec)
    if getattr(spec, "kind", None) in RENDERERS:
        text = f"{sentence(spec)} Computed as: {text}"
    notes = getattr(spec, "read_notes", None) or []
    return f"{text} [{'; '.join(notes)}]" if notes else text
