"""thermochemistry: ideal-gas zero-point energy, enthalpy, entropy and Gibbs energy of a molecule.

The expensive, temperature-independent part (optimised geometry, frequencies, spin, symmetry
number) is cached on its own, so the same molecule at another temperature or pressure, or in
another reaction, costs no new calculation. The ideal-gas evaluation (ASE ``IdealGasThermo``:
rigid rotor, harmonic oscillator, electronic degeneracy 2S+1) is instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tools.call_context import SimResult, new_context, run_cached
from tools.definition import make_tool
from tools.errors import ToolInputError
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context

CM1_TO_EV = 1.239841984e-4
PA_PER_BAR = 1e5
STANDARD_T_K = 298.15
TEMPERATURE_FIELD = Field(STANDARD_T_K, gt=0, le=5000, description="Temperature in kelvin.")
PRESSURE_FIELD = Field(
    1.0, gt=0, le=1e4, description="Pressure in bar (1 bar is the standard state of NIST tables)."
)


class ThermoInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC + " Must be a molecule or atom.")
    calculator: str = CALCULATOR_FIELD
    temperature_k: float = TEMPERATURE_FIELD
    pressure_bar: float = PRESSURE_FIELD
    use_cache: bool = USE_CACHE_FIELD


class ThermoResult(SimResult):
    structure_id: str = Field(description="Id of the optimised geometry.")
    formula: str
    temperature_k: float
    pressure_bar: float
    electronic_energy_ev: float = Field(description="Energy of the optimised geometry.")
    zero_point_energy_ev: float
    enthalpy_ev: float = Field(description="H(T) = E + ZPE + integral of Cp from 0 to T (ideal gas).")
    entropy_ev_per_k: float = Field(description="S(T, p).")
    gibbs_energy_ev: float = Field(description="G = H - T S.")
    enthalpy_correction_ev: float = Field(description="H - E.")
    gibbs_correction_ev: float = Field(description="G - E.")
    frequencies_cm1: list[float] = Field(description="Real vibrational frequencies used.")
    imaginary_frequencies_cm1: list[float] = Field(
        description="Noise-level imaginary modes left out (as positive numbers); larger ones refuse."
    )
    reoptimisations: int = Field(description="Re-optimisations along imaginary modes that were needed.")
    optimisation_steps: int | None = Field(
        None, description="Optimiser steps to the minimum, all attempts (None: cached before recording)."
    )
    spin_multiplicity: int
    point_group: str
    symmetry_number: int
    geometry: Literal["monatomic", "linear", "nonlinear"]
    converged: bool


def molecule_atoms(ctx: Context, spec: StructureSpec) -> Atoms:
    atoms = ctx.atoms(spec)
    if atoms.pbc.any():
        raise ToolInputError(
            "thermochemistry needs a molecule (non-periodic structure), e.g. {'smiles': 'O'}"
        )
    return atoms


def harmonic_data(ctx: Context, atoms: Atoms, info: CalculatorInfo, use_cache: bool) -> dict[str, Any]:
    """Cached, temperature-independent part: optimised geometry, modes, spin and symmetry."""
    from tools.harmonic import harmonic
    from tools.harmonic import parameters as harmonic_parameters
    from tools.point_group import point_group, symmetry_number
    from tools.spin import spin_multiplicity

    def compute() -> dict[str, Any]:
        h = harmonic(atoms.copy(), info, ctx)
        group = point_group(h.atoms)
        warnings = [] if h.converged else ["geometry not fully converged: low modes may be inaccurate"]
        if h.shape == "monatomic" and spin_multiplicity(atoms) > 1:
            warnings.append(
                "open-shell atom: the electronic degeneracy counts spin only (2S+1), not the orbital "
                "and fine-structure levels, so S is low by up to R ln(2L+1)"
            )
        if h.imaginary_cm1:
            listed = ", ".join(f"{f:.0f}i" for f in h.imaginary_cm1)
            warnings.append(f"noise-level imaginary modes {listed} cm^-1 left out of the thermochemistry")
        return {
            "structure_id": ctx.save(h.atoms),
            "formula": h.atoms.get_chemical_formula(mode="hill"),
            "n_atoms": len(h.atoms),
            "electronic_energy_ev": h.energy,
            "frequencies_cm1": [round(f, 2) for f in h.frequencies_cm1],
            "imaginary_frequencies_cm1": [round(f, 2) for f in h.imaginary_cm1],
            "reoptimisations": h.reoptimisations,
            "optimisation_steps": h.steps,
            "spin_multiplicity": spin_multiplicity(atoms),
            "point_group": group,
            "symmetry_number": symmetry_number(group),
            "geometry": h.shape,
            "converged": h.converged,
            "warnings": warnings,
        }

    # The spin is part of the key: it changes the calculation, and its rules may change.
    parameters = {**harmonic_parameters(info), "spin_multiplicity": spin_multiplicity(atoms)}
    return run_cached("harmonic_thermo_data", ctx, atoms, info, parameters, compute, use_cache)


def ideal_gas(
    data: dict[str, Any], atoms: Atoms, temperature_k: float, pressure_bar: float
) -> dict[str, float]:
    """ZPE, H, S, G of the cached harmonic data at (T, p) with ASE's ideal-gas model; ``atoms``
    (the optimised geometry) gives the masses and moments of inertia."""
    from ase.thermochemistry import IdealGasThermo

    vib = [f * CM1_TO_EV for f in data["frequencies_cm1"]]
    thermo = IdealGasThermo(
        vib_energies=vib,
        geometry=data["geometry"],
        potentialenergy=data["electronic_energy_ev"],
        atoms=atoms,
        symmetrynumber=data["symmetry_number"],
        spin=(data["spin_multiplicity"] - 1) / 2,
        vib_selection="all",
    )
    e = float(data["electronic_energy_ev"])
    h = float(thermo.get_enthalpy(temperature_k, verbose=False))
    s = float(thermo.get_entropy(temperature_k, pressure_bar * PA_PER_BAR, verbose=False))
    g = h - temperature_k * s
    return {
        "zero_point_energy_ev": float(thermo.get_ZPE_correction()),
        "enthalpy_ev": h,
        "entropy_ev_per_k": s,
        "gibbs_energy_ev": g,
        "enthalpy_correction_ev": h - e,
        "gibbs_correction_ev": g - e,
    }


def species_thermo(
    ctx: Context, atoms: Atoms, info: CalculatorInfo, t_k: float, p_bar: float, use_cache: bool
) -> dict[str, Any]:
    """Harmonic data (cached) plus its ideal-gas functions at (T, p): a ThermoResult's fields."""
    from tools import workspace as store

    data = dict(harmonic_data(ctx, atoms, info, use_cache))
    values = ideal_gas(data, store.load(data["structure_id"], ctx.workspace), t_k, p_bar)
    data.pop("n_atoms")
    rounded = {k: round(v, 9 if k == "entropy_ev_per_k" else 6) for k, v in values.items()}
    data["electronic_energy_ev"] = round(data["electronic_energy_ev"], 6)
    return {**data, **rounded, "temperature_k": t_k, "pressure_bar": p_bar}


def thermochemistry(params: ThermoInput, settings: ToolSettings) -> ThermoResult:
    """Ideal-gas thermochemistry of a molecule (or free atom) at a temperature and pressure, from
    its optimised geometry and harmonic frequencies (default calculator GFN2-xTB; 'pyscf' for DFT
    with analytic Hessians): zero-point
    energy, enthalpy H, entropy S and Gibbs energy G = H - TS (eV), with the spin multiplicity
    (triplet O2, doublet NO2), point group, rotational symmetry number and geometry used.
    Imaginary modes trigger re-optimisation along them; if they persist the call is refused.
    Absolute values are only meaningful in differences computed with the same calculator."""
    ctx = new_context(settings)
    atoms = molecule_atoms(ctx, params.structure)
    info = ctx.calculator(params.calculator, atoms)
    out = species_thermo(ctx, atoms, info, params.temperature_k, params.pressure_bar, params.use_cache)
    out["parameters"] = {
        **out["parameters"],
        "temperature_k": params.temperature_k,
        "pressure_bar": params.pressure_bar,
    }
    out["wall_s"] = round(ctx.deadline.elapsed(), 4)
    return ThermoResult(**out)


thermochemistry_tool = make_tool("thermochemistry", thermochemistry, ThermoInput, ["xtb", "pyscf", "emt"])
