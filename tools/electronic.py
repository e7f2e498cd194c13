"""electronic_properties: HOMO-LUMO gap, dipole moment and IR spectrum of a molecule.

Orbital energies and the dipole come from one single point at the optimised geometry of a
calculator that declares them (``CalculatorInfo.orbitals``): GFN2-xTB (tblite's public
``interface`` API) or pyscf DFT; IR intensities from finite differences of the dipole along the
same displacements as the frequencies (ASE ``Infrared``), since neither engine's wrapper gives
analytic dipole derivatives.

The optimisation is tools/harmonic.py's, as in molecule_geometry and thermochemistry: for DFT it
starts from the GFN2-xTB minimum with xTB's Hessian (tools/dft_start.py), a fifth of the DFT
force calls to the same threshold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from tools.call_context import SimResult, new_context, run_cached
from tools.definition import make_tool
from tools.errors import UnsupportedCalculator
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec
from tools.thermo import molecule_atoms

if TYPE_CHECKING:
    from ase import Atoms

    from tools.call_context import Context

# A mode is IR-active when its intensity exceeds this (km/mol): symmetry-forbidden modes come out
# below 1e-3 km/mol in finite differences, the weakest allowed fundamentals of small molecules are
# a few km/mol.
IR_ACTIVE_MIN_KM_MOL = 0.1
OPT_FMAX = 1e-3
IR_DELTA_A = 0.01


class ElectronicInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC + " Must be a molecule.")
    calculator: str = CALCULATOR_FIELD
    optimize: bool = Field(
        True, description="Optimise the geometry with the same calculator first (recommended)."
    )
    include_ir: bool = Field(True, description="Also compute IR frequencies and intensities.")
    use_cache: bool = USE_CACHE_FIELD


class IrMode(BaseModel):
    frequency_cm1: float = Field(description="Harmonic frequency; imaginary as negative.")
    intensity_km_mol: float
    ir_active: bool


class ElectronicResult(SimResult):
    structure_id: str = Field(description="Id of the geometry the properties belong to.")
    formula: str
    energy_ev: float
    homo_ev: float
    lumo_ev: float
    homo_lumo_gap_ev: float
    dipole_debye: float = Field(description="Magnitude of the dipole moment.")
    dipole_vector_debye: list[float]
    spin_multiplicity: int
    ir_modes: list[IrMode] | None = Field(
        description="Vibrational modes with IR intensities; null if not asked."
    )
    ir_active_frequencies_cm1: list[float] | None
    converged: bool
    optimisation_steps: int | None = Field(
        None, description="Optimiser steps (0 without optimisation; None: cached before it was recorded)."
    )


def ir_spectrum(atoms: Atoms, ctx: Context) -> list[dict[str, Any]]:
    """Vibrational modes (rigid-body ones dropped) with IR intensities in km/mol."""
    import tempfile

    from ase.vibrations import Infrared

    from tools.harmonic import signed
    from tools.point_group import shape

    n_rigid = 5 if shape(atoms) == "linear" else 6
    with tempfile.TemporaryDirectory(prefix="hypoloop-ir-") as tmp:
        ir = Infrared(atoms, name=f"{tmp}/ir", delta=IR_DELTA_A, nfree=2)
        for _ in ir.iterdisplace():
            ctx.deadline.check()
        ir.run()
        ir.read()
        to_km_mol = float(ir.intensity_prefactor("km/mol")[0])
        cm1 = [signed(complex(f)) for f in ir.get_frequencies()]
        intensities = [float(x) * to_km_mol for x in ir.intensities]
    order = sorted(range(len(cm1)), key=lambda i: abs(cm1[i]))[n_rigid:]
    return [
        {
            "frequency_cm1": round(cm1[i], 2),
            "intensity_km_mol": round(intensities[i], 3),
            "ir_active": intensities[i] > IR_ACTIVE_MIN_KM_MOL,
        }
        for i in sorted(order, key=lambda i: cm1[i])
    ]


def electronic_properties(params: ElectronicInput, settings: ToolSettings) -> ElectronicResult:
    """Electronic properties of a molecule at its optimised geometry (default calculator GFN2-xTB;
    'pyscf' for DFT): HOMO and LUMO energies and the HOMO-LUMO gap (eV), the dipole moment
    (debye), and, with include_ir, the harmonic frequencies (cm^-1) with IR intensities (km/mol)
    and the IR-active ones. Open shells: xtb uses a spin-averaged occupation, DFT unrestricted
    orbitals (HOMO = highest occupied of either spin)."""
    from tools.call_context import checked_energy
    from tools.harmonic import optimise
    from tools.spin import spin_multiplicity

    ctx = new_context(settings)
    atoms = molecule_atoms(ctx, params.structure)
    info = ctx.calculator(params.calculator, atoms)
    orbitals = info.orbitals
    if orbitals is None:
        raise UnsupportedCalculator(
            f"calculator {info.name!r} gives no orbitals or dipole; use 'xtb' or 'pyscf'"
        )
    parameters = {
        "optimize": params.optimize,
        "fmax": OPT_FMAX,
        "include_ir": params.include_ir,
        "delta_a": IR_DELTA_A,
        "spin_multiplicity": spin_multiplicity(atoms),
    }

    def compute() -> dict[str, Any]:
        work, converged, warnings, steps = atoms.copy(), True, [], 0
        if params.optimize and len(work) > 1:
            r = optimise(work, info, ctx, OPT_FMAX, 2000)
            work, converged, energy, steps = r.atoms, r.converged, r.energy, r.steps
            if not converged:
                warnings.append("geometry not fully converged")
        else:
            energy = checked_energy(ctx.attach(work, info), info)
        mult = spin_multiplicity(atoms)
        if mult > 1:
            warnings.append(
                f"open shell (multiplicity {mult}): the gap is approximate (xtb averages the spins; DFT "
                "takes the highest occupied and lowest empty orbital of either spin)"
            )
        modes = ir_spectrum(work, ctx) if params.include_ir and len(work) > 1 else None
        return {
            "structure_id": ctx.save(work),
            "formula": work.get_chemical_formula(mode="hill"),
            "energy_ev": round(energy, 6),
            "spin_multiplicity": mult,
            **orbitals(work, mult, ctx.settings.simulation),
            "ir_modes": modes,
            "ir_active_frequencies_cm1": None
            if modes is None
            else [m["frequency_cm1"] for m in modes if m["ir_active"]],
            "converged": converged,
            "optimisation_steps": steps,
            "warnings": warnings,
        }

    return ElectronicResult(
        **run_cached("electronic_properties", ctx, atoms, info, parameters, compute, params.use_cache)
    )


electronic_properties_tool = make_tool(
    "electronic_properties", electronic_properties, ElectronicInput, ["xtb", "pyscf"]
)
