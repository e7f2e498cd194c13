"""reaction_energy: Delta E, Delta H(T) and Delta G(T) of a balanced gas-phase reaction.

Each species goes through the same cached harmonic analysis as the thermochemistry tool, so a
molecule computed once (in any reaction, at any temperature) is never computed again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tools.accuracy_molecules import molecule_mae
from tools.call_context import SimResult, new_context
from tools.definition import make_tool
from tools.errors import ToolInputError
from tools.reaction_parse import Equation, check_balance, parse_equation
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, USE_CACHE_FIELD, StructureSpec
from tools.thermo import PRESSURE_FIELD, TEMPERATURE_FIELD, molecule_atoms, species_thermo

if TYPE_CHECKING:
    from ase import Atoms

    from tools.call_context import Context

KJ_PER_MOL_PER_EV = 96.485332
SMILES_PREFIX = "smiles:"


class ReactionInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reaction: str = Field(
        max_length=500,
        description="Balanced reaction, e.g. 'N2 + 3 H2 -> 2 NH3' or 'CO + H2O -> CO2 + H2'. Species "
        "are molecule names or formulas (tried first) or SMILES (prefix 'smiles:' to force it: 'O' is "
        "the oxygen atom, 'smiles:O' water); coefficients precede them.",
    )
    calculator: str = CALCULATOR_FIELD
    temperature_k: float = TEMPERATURE_FIELD
    pressure_bar: float = PRESSURE_FIELD
    use_cache: bool = USE_CACHE_FIELD


class SpeciesTerm(BaseModel):
    species: str = Field(description="The species as written in the reaction.")
    side: Literal["reactant", "product"]
    coefficient: float
    formula: str
    structure_id: str = Field(description="Id of its optimised geometry.")
    electronic_energy_ev: float
    zero_point_energy_ev: float
    enthalpy_ev: float
    gibbs_energy_ev: float
    spin_multiplicity: int
    symmetry_number: int
    cached: bool


class ReactionResult(SimResult):
    reaction: str = Field(description="The reaction as understood.")
    temperature_k: float
    pressure_bar: float
    delta_e_ev: float = Field(description="Electronic energy change (no zero-point energy).")
    delta_zpe_ev: float
    delta_h_ev: float = Field(description="Enthalpy change at temperature_k.")
    delta_g_ev: float = Field(description="Gibbs energy change at temperature_k and pressure_bar.")
    delta_e_kj_mol: float
    delta_h_kj_mol: float
    delta_g_kj_mol: float
    exothermic: bool = Field(description="Delta H < 0.")
    exergonic: bool = Field(description="Delta G < 0.")
    species: list[SpeciesTerm]


def species_spec(name: str) -> StructureSpec:
    """A G2 name or formula when it is one, else a SMILES (checked), else a one-line error.
    The prefix 'smiles:' forces SMILES: 'O' is the oxygen atom, 'smiles:O' is water."""
    from tools.prototypes import g2_name
    from tools.smiles import parse_smiles

    if name.lower().startswith(SMILES_PREFIX):
        smiles = name[len(SMILES_PREFIX) :].strip()
        parse_smiles(smiles)
        return StructureSpec(smiles=smiles)
    try:
        g2_name(name)
        return StructureSpec(molecule=name)
    except ToolInputError:
        pass
    try:
        parse_smiles(name)
    except ToolInputError as e:
        raise ToolInputError(
            f"unknown species {name!r}: not a molecule name or formula of the G2 set, nor a valid "
            f"SMILES ({e})"
        ) from e
    return StructureSpec(smiles=name)


def _resolve(ctx: Context, eq: Equation) -> dict[str, Atoms]:
    atoms: dict[str, Atoms] = {}
    for term in eq.reactants + eq.products:
        if term.species not in atoms:
            atoms[term.species] = molecule_atoms(ctx, species_spec(term.species))
    counts = {}
    for name, a in atoms.items():
        symbols = a.get_chemical_symbols()
        counts[name] = {s: symbols.count(s) for s in set(symbols)}
    check_balance(eq, counts)
    return atoms


def _sum(terms: list[dict[str, Any]], key: str) -> float:
    sign = {"reactant": -1.0, "product": 1.0}
    return sum(sign[t["side"]] * t["coefficient"] * t[key] for t in terms)


def reaction_energy(params: ReactionInput, settings: ToolSettings) -> ReactionResult:
    """Energy, enthalpy and Gibbs energy of a balanced gas-phase reaction at a temperature and
    pressure (ideal gas; default calculator GFN2-xTB, 'pyscf' for DFT), in eV and kJ/mol per reaction as written:
    Delta E (electronic), Delta ZPE, Delta H(T), Delta G(T, p), whether it is exothermic
    (Delta H < 0) and exergonic (Delta G < 0), and each species' optimised geometry and values.
    The element balance is checked; an unbalanced reaction is refused with both sides' counts."""
    ctx = new_context(settings)
    eq = parse_equation(params.reaction)
    atoms = _resolve(ctx, eq)
    info = ctx.calculator(params.calculator, next(iter(atoms.values())))
    infos = {name: ctx.calculator(params.calculator, a) for name, a in atoms.items()}
    t, p = params.temperature_k, params.pressure_bar
    done = {name: species_thermo(ctx, a, infos[name], t, p, params.use_cache) for name, a in atoms.items()}
    terms = []
    for side, group in (("reactant", eq.reactants), ("product", eq.products)):
        for term in group:
            r = done[term.species]
            terms.append({"species": term.species, "side": side, "coefficient": term.coefficient, **r})
    de, dh, dg = (_sum(terms, k) for k in ("electronic_energy_ev", "enthalpy_ev", "gibbs_energy_ev"))
    warnings = [f"{t['species']}: {w}" for t in terms for w in t["warnings"]]
    variant = info.variant(ctx.settings.simulation) if info.variant else None
    mae = molecule_mae(info.name, "reaction_enthalpy_kj_mol", variant)
    if mae is not None and abs(dh * KJ_PER_MOL_PER_EV) < 2 * mae:
        warnings.append(
            f"{info.name} reaction enthalpies have a measured MAE of {mae:.0f} kJ/mol against experiment "
            "(bench/tools_accuracy_molecules.py): |Delta H| is within twice that, so its sign is uncertain"
        )
    return ReactionResult(
        reaction=eq.text(),
        temperature_k=t,
        pressure_bar=p,
        delta_e_ev=round(de, 6),
        delta_zpe_ev=round(_sum(terms, "zero_point_energy_ev"), 6),
        delta_h_ev=round(dh, 6),
        delta_g_ev=round(dg, 6),
        delta_e_kj_mol=round(de * KJ_PER_MOL_PER_EV, 3),
        delta_h_kj_mol=round(dh * KJ_PER_MOL_PER_EV, 3),
        delta_g_kj_mol=round(dg * KJ_PER_MOL_PER_EV, 3),
        exothermic=dh < 0,
        exergonic=dg < 0,
        species=[
            SpeciesTerm(**{k: v for k, v in tm.items() if k in SpeciesTerm.model_fields}) for tm in terms
        ],
        calculator=info.name,
        calculator_version=info.version(ctx.settings.simulation),
        calculator_variant=variant,
        parameters={**done[eq.reactants[0].species]["parameters"], "temperature_k": t, "pressure_bar": p},
        wall_s=round(ctx.deadline.elapsed(), 4),
        cached=all(r["cached"] for r in done.values()),
        warnings=list(dict.fromkeys(ctx.warnings + warnings)),
    )


reaction_energy_tool = make_tool("reaction_energy", reaction_energy, ReactionInput, ["xtb", "pyscf", "emt"])
