"""phonons: harmonic phonons of a crystal by finite displacements (phonopy).

phonopy (Togo & Tanaka, Scr. Mater. 108, 1 (2015)) is used rather than ``ase.phonons`` because it
displaces only the symmetry-inequivalent atoms along symmetry-reduced directions (one supercell
for an fcc metal instead of six), which is what makes CHGNet phonons and a quasi-harmonic volume
scan affordable, and because it gives the mesh, DOS and thermal properties with tested code. The
crystal is relaxed and reduced to its primitive cell; force constants come from an
``n x n x n`` supercell of it. The key numbers (lowest frequency, F_vib at 300 K) are recomputed
with a larger supercell so that their convergence is reported, not assumed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from tools.call_context import SimResult, checked_energy, checked_forces, run_on_crystal
from tools.definition import make_tool
from tools.errors import SimulationFailed, ToolInputError
from tools.ground_state import relaxed_crystal, standardized
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context

EV_PER_KJ_MOL = 1.0 / 96.48533212
THZ_TO_CM = 33.35641
# A mode below -IMAGINARY_THZ is imaginary. Finite displacements leave acoustic modes near Gamma
# at a few hundredths of a THz either side of zero, so a small tolerance separates noise from a
# real instability (bcc Cu's unstable branch is at several THz).
IMAGINARY_THZ = 0.1
REFERENCE_T = 300.0
DOS_POINTS = 60


def displacement_for(calculator: str, given: float | None) -> float:
    """The finite displacement: 0.01 angstrom for analytic potentials; 0.03 for machine-learned ones,
    whose float32 forces are noisy enough at 0.01 to give spurious imaginary modes (CHGNet Cu at a
    1.5 % expanded lattice: -1.1 THz at 0.01, none at 0.04; the frequencies otherwise agree)."""
    if given is not None:
        return given
    return 0.01 if calculator == "emt" else 0.03


class PhononInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC + " Must be a crystal.")
    calculator: str = CALCULATOR_FIELD
    supercell: int = Field(
        3, ge=2, le=6, description="Supercell of the primitive cell used for force constants: n x n x n."
    )
    displacement: float | None = Field(
        None,
        ge=0.002,
        le=0.05,
        description="Atomic displacement in angstrom; null: 0.01 for EMT, 0.03 for machine-learned potentials.",
    )
    mesh: int = Field(12, ge=4, le=30, description="q-point mesh n x n x n for DOS and thermal properties.")
    temperatures: list[float] = Field(
        default_factory=lambda: [300.0],
        min_length=1,
        max_length=20,
        description="Temperatures (K) at which the vibrational free energy is reported.",
    )
    check_convergence: bool = Field(
        True, description="Also compute with an (n+1)^3 supercell and report how the key numbers change."
    )
    use_cache: bool = USE_CACHE_FIELD


class ThermalPoint(BaseModel):
    temperature_k: float
    free_energy_ev_per_atom: float = Field(
        description="Vibrational Helmholtz free energy F_vib (ZPE included)."
    )
    entropy_mev_per_k_atom: float
    heat_capacity_mev_per_k_atom: float


class SupercellPoint(BaseModel):
    supercell: int = Field(description="n of the n x n x n supercell of the primitive cell.")
    supercell_atoms: int
    min_frequency_thz: float = Field(description="Lowest mode on the mesh; negative = imaginary.")
    free_energy_300k_ev_per_atom: float


class PhononResult(SimResult):
    structure_id: str = Field(description="Id of the relaxed primitive cell the phonons are of.")
    primitive_atoms: int
    supercell: int
    supercell_atoms: int
    n_displacements: int = Field(description="Displaced supercells computed (symmetry-reduced).")
    min_frequency_thz: float = Field(description="Lowest frequency on the mesh; negative means imaginary.")
    max_frequency_thz: float
    imaginary_mode_fraction: float = Field(description="Fraction of mesh modes below -0.1 THz.")
    dynamically_stable: bool | None = Field(
        description="No imaginary modes; null when the supercells disagree on it (not converged)."
    )
    thermal: list[ThermalPoint]
    dos: list[list[float]] = Field(
        description="Total phonon DOS as [frequency THz, states/THz per atom] pairs."
    )
    convergence: list[SupercellPoint] = Field(description="The key numbers per supercell size.")
    free_energy_change_mev_per_atom: float | None = Field(
        description="|F_vib(300 K)| change between the two supercells (null without a convergence check)."
    )


def phonopy_cell(atoms: Atoms) -> Any:
    from phonopy.structure.atoms import PhonopyAtoms

    return PhonopyAtoms(
        symbols=atoms.get_chemical_symbols(),
        cell=atoms.cell.array,
        scaled_positions=atoms.get_scaled_positions(),
    )


def _ase_cell(cell: Any) -> Atoms:
    from ase import Atoms

    return Atoms(symbols=cell.symbols, cell=cell.cell, scaled_positions=cell.scaled_positions, pbc=True)


def force_constants(
    prim: Atoms, n: int, displacement: float, info: CalculatorInfo, ctx: Context
) -> tuple[Any, float]:
    """(phonopy object with force constants, static energy per atom of ``prim``)."""
    from phonopy import Phonopy

    ph = Phonopy(phonopy_cell(prim), supercell_matrix=[n, n, n], primitive_matrix=None, log_level=0)
    ph.generate_displacements(distance=displacement)
    calc = info.factory(ctx.settings.simulation)
    forces = []
    for cell in ph.supercells_with_displacements or []:
        ctx.deadline.check()
        work = _ase_cell(cell)
        work.calc = calc
        forces.append(checked_forces(work, info))
    ph.forces = forces
    ph.produce_force_constants()
    ph.symmetrize_force_constants()  # acoustic sum rule: removes spurious imaginary modes at Gamma
    static = prim.copy()
    static.calc = calc
    return ph, checked_energy(static, info) / len(prim)


def mesh_frequencies(ph: Any, mesh: int) -> Any:
    import numpy as np

    ph.run_mesh([mesh] * 3, with_eigenvectors=False, is_gamma_center=True)
    return np.asarray(ph.get_mesh_dict()["frequencies"], float)


def thermal_points(ph: Any, temperatures: list[float], n_atoms: int) -> list[dict[str, float]]:
    """F_vib, S and C_v per atom at ``temperatures`` (run_mesh must have been called)."""
    # Gamma acoustic modes are zero up to numerical noise; counting them adds a noise term to F_vib.
    ph.run_thermal_properties(temperatures=temperatures, exclude_gamma_acoustic=True)
    d = ph.get_thermal_properties_dict()
    out = []
    for t, f, s, cv in zip(
        d["temperatures"], d["free_energy"], d["entropy"], d["heat_capacity"], strict=True
    ):
        out.append(
            {
                "temperature_k": float(t),
                "free_energy_ev_per_atom": round(float(f) * EV_PER_KJ_MOL / n_atoms, 6),
                # J/(K mol) -> meV/K: 1 J/mol = 1e-3 kJ/mol.
                "entropy_mev_per_k_atom": round(float(s) * 1e-3 * EV_PER_KJ_MOL * 1e3 / n_atoms, 5),
                "heat_capacity_mev_per_k_atom": round(float(cv) * 1e-3 * EV_PER_KJ_MOL * 1e3 / n_atoms, 5),
            }
        )
    return out


def _dos(ph: Any, n_atoms: int) -> list[list[float]]:
    import numpy as np

    ph.run_total_dos()
    d = ph.get_total_dos_dict()
    freq, dos = np.asarray(d["frequency_points"]), np.asarray(d["total_dos"])
    step = max(1, len(freq) // DOS_POINTS)
    return [
        [round(float(f), 4), round(float(g) / n_atoms, 5)]
        for f, g in zip(freq[::step], dos[::step], strict=True)
    ]


def relaxed_primitive(atoms: Atoms, info: CalculatorInfo, ctx: Context) -> Atoms:
    prim, _, _ = relaxed_crystal(standardized(atoms), info, ctx, fmax=0.005)
    return standardized(prim)


def _supercell_point(
    prim: Atoms, n: int, params: PhononInput, info: CalculatorInfo, ctx: Context
) -> tuple[Any, Any, dict[str, Any]]:
    if len(prim) * n**3 > ctx.settings.simulation.max_atoms:
        raise ToolInputError(
            f"a {n}x{n}x{n} supercell of this {len(prim)}-atom cell has {len(prim) * n**3} atoms, above "
            f"simulation.max_atoms ({ctx.settings.simulation.max_atoms}); use a smaller supercell"
        )
    ph, _ = force_constants(prim, n, displacement_for(info.name, params.displacement), info, ctx)
    freqs = mesh_frequencies(ph, params.mesh)
    f300 = thermal_points(ph, [REFERENCE_T], len(prim))[0]["free_energy_ev_per_atom"]
    point = {"supercell": n, "supercell_atoms": len(prim) * n**3,
             "min_frequency_thz": round(float(freqs.min()), 4), "free_energy_300k_ev_per_atom": f300}  # fmt: skip
    return ph, freqs, point


def compute_phonons(atoms: Atoms, info: CalculatorInfo, ctx: Context, params: PhononInput) -> dict[str, Any]:
    import numpy as np

    prim = relaxed_primitive(atoms, info, ctx)
    ph, freqs, point = _supercell_point(prim, params.supercell, params, info, ctx)
    points = [point]
    if params.check_convergence:
        points.append(_supercell_point(prim, params.supercell + 1, params, info, ctx)[2])
    verdicts = {p["min_frequency_thz"] > -IMAGINARY_THZ for p in points}
    stable = verdicts.pop() if len(verdicts) == 1 else None
    warnings = []
    if stable is None:
        warnings.append("the supercells disagree on imaginary modes: dynamical stability not converged")
    change = abs(points[-1]["free_energy_300k_ev_per_atom"] - points[0]["free_energy_300k_ev_per_atom"]) * 1e3
    if not np.isfinite(freqs).all():
        raise SimulationFailed(f"{info.name} phonons: non-finite frequencies")
    thermal = thermal_points(ph, sorted(set(params.temperatures)), len(prim))
    if stable is False:
        warnings.append("imaginary modes: the harmonic free energy leaves them out and is not meaningful")
    return {
        "structure_id": ctx.save(prim),
        "primitive_atoms": len(prim),
        "supercell": params.supercell,
        "supercell_atoms": point["supercell_atoms"],
        "n_displacements": len(ph.supercells_with_displacements),
        "min_frequency_thz": point["min_frequency_thz"],
        "max_frequency_thz": round(float(freqs.max()), 4),
        "imaginary_mode_fraction": round(float((freqs < -IMAGINARY_THZ).mean()), 4),
        "dynamically_stable": stable,
        "thermal": thermal,
        "dos": _dos(ph, len(prim)),
        "convergence": points,
        "free_energy_change_mev_per_atom": round(change, 3) if params.check_convergence else None,
        "warnings": warnings,
    }


def phonons(params: PhononInput, settings: ToolSettings) -> PhononResult:
    """Harmonic phonons of a crystal by finite displacements (phonopy): the crystal is relaxed,
    reduced to its primitive cell, and force constants computed in an n x n x n supercell.
    Returns the lowest and highest frequency on a q mesh (THz; negative = imaginary), whether the
    crystal is dynamically stable (no imaginary modes, e.g. bcc Cu is not), the phonon DOS, the
    vibrational free energy F_vib(T), entropy and heat capacity per atom, and the key numbers
    recomputed with an (n+1)^3 supercell to show their convergence."""
    return PhononResult(
        **run_on_crystal(
            "phonons", params, settings, lambda atoms, info, ctx: compute_phonons(atoms, info, ctx, params)
        )
    )


def larger_supercell(args: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    n = int(args.get("supercell", 3))
    if n >= 5:
        return None
    return {**args, "supercell": n + 1}, f"supercell {n + 1}x{n + 1}x{n + 1} instead of {n}x{n}x{n}"


phonons_tool = make_tool(
    "phonons", phonons, PhononInput, ["emt", "chgnet", "sevennet"], sensitivity=larger_supercell
)
