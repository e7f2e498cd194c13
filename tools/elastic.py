"""elastic_constants: the stiffness tensor by finite strains (stress-strain method).

The crystal is put in its standard orientation and relaxed; then each Voigt strain component is
applied at +-several magnitudes, the ions relaxed where the strain leaves forces on them
(internal relaxation, e.g. C44 of diamond), and C_ij is the slope of stress i against strain j
(least squares over all magnitudes). Cubic crystals need two strain patterns (C11, C12 from
e_xx; C44 from the shear e_yz); others all six, giving the full 6x6 tensor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tools import elastic_moduli as em
from tools.call_context import SimResult, checked_forces, run_on_crystal
from tools.definition import make_tool
from tools.errors import SimulationFailed, ToolInputError
from tools.ground_state import relaxed_crystal, standardized
from tools.relax import relax_atoms
from tools.settings import ToolSettings
from tools.spec import CALCULATOR_FIELD, STRUCTURE_FIELD_DOC, USE_CACHE_FIELD, StructureSpec

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.call_context import Context

GPA_PER_EV_A3 = 160.21766208
# Forces above this (eV/angstrom) after straining mean the ions have an internal degree of freedom.
ION_FORCE = 1e-3
ION_FMAX = 2e-3
# Constants that change more than this fraction between strain magnitudes: not in the linear regime.
LINEARITY_TOLERANCE = 0.05
# Voigt index -> Cartesian pair.
VOIGT = ((0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1))
Mode = Literal["auto", "cubic", "general"]
IonMode = Literal["auto", "always", "never"]


class ElasticInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    structure: StructureSpec = Field(description=STRUCTURE_FIELD_DOC + " Must be a crystal.")
    calculator: str = CALCULATOR_FIELD
    max_strain: float = Field(
        0.01, ge=0.001, le=0.03, description="Largest strain magnitude applied (fraction, e.g. 0.01 = 1 %)."
    )
    n_magnitudes: int = Field(
        2, ge=1, le=4, description="Strain magnitudes per sign, evenly spaced up to max_strain."
    )
    symmetry: Mode = Field(
        "auto",
        description="'cubic' (C11, C12, C44 from two strain patterns), 'general' (all six patterns, "
        "full 6x6 tensor) or 'auto' (cubic when the crystal is cubic).",
    )
    relax_ions: IonMode = Field(
        "auto",
        description="Relax atomic positions in each strained cell: 'auto' when the strain leaves "
        "forces on the atoms, 'always' or 'never'.",
    )
    use_cache: bool = USE_CACHE_FIELD


class StrainSeries(BaseModel):
    max_strain: float = Field(description="Largest strain magnitude used for this estimate.")
    c11_gpa: float
    c12_gpa: float
    c44_gpa: float


class ElasticResult(SimResult):
    structure_id: str = Field(description="Id of the relaxed, standard-oriented crystal.")
    crystal_system: str
    method: str = Field(description="'cubic' or 'general' strain set.")
    c11_gpa: float
    c12_gpa: float
    c44_gpa: float
    tensor_gpa: list[list[float]] = Field(description="6x6 stiffness tensor, Voigt order xx yy zz yz xz xy.")
    bulk_modulus_voigt_gpa: float
    bulk_modulus_reuss_gpa: float
    bulk_modulus_hill_gpa: float
    shear_modulus_voigt_gpa: float
    shear_modulus_reuss_gpa: float
    shear_modulus_hill_gpa: float
    pugh_ratio: float = Field(description="B/G (Hill); above 1.75 suggests ductile (Pugh 1954).")
    poisson_ratio: float
    mechanically_stable: bool | None = Field(
        description="Born stability criteria all satisfied; null when the tightest criterion is within "
        "its change between strain magnitudes (marginal: the sign is not determined)."
    )
    stability_margin_gpa: float = Field(
        description="Tightest criterion: min(C11 - C12, C11 + 2 C12, C44) for cubic, else the smallest eigenvalue."
    )
    stability_uncertainty_gpa: float = Field(
        description="How much that criterion moves between strain magnitudes."
    )
    born_failures: list[str]
    eigenvalues_gpa: list[float]
    ions_relaxed: bool
    series: list[StrainSeries] = Field(description="C11, C12, C44 from each strain magnitude alone.")


def strained(atoms: Atoms, voigt: int, eps: float) -> Atoms:
    """``atoms`` deformed by the Voigt strain component ``voigt`` = ``eps`` (engineering shear)."""
    import numpy as np

    e = np.zeros((3, 3))
    i, j = VOIGT[voigt]
    if i == j:
        e[i, i] = eps
    else:
        e[i, j] = e[j, i] = eps / 2
    out = atoms.copy()
    out.set_cell(atoms.cell.array @ (np.eye(3) + e), scale_atoms=True)
    return out


def stress_gpa(atoms: Atoms, info: CalculatorInfo, ctx: Context, ions: IonMode) -> tuple[Any, bool]:
    """(Voigt stress in GPa, ions relaxed?) of a strained cell; tensile stress positive."""
    import numpy as np

    work = atoms.copy()
    ctx.attach(work, info)
    relaxed = False
    if ions == "always" or (ions == "auto" and float(np.abs(checked_forces(work, info)).max()) > ION_FORCE):
        r = relax_atoms(work, info, ctx, ION_FMAX, 300, relax_cell=False, optimizer="BFGS")
        if not r.converged:
            ctx.warnings.append("ion relaxation in a strained cell did not converge")
        relaxed = True
    s = np.asarray(work.get_stress(voigt=True), float) * GPA_PER_EV_A3
    if not np.isfinite(s).all():
        raise SimulationFailed(f"{info.name} returned a non-finite stress")
    return s, relaxed


def strain_columns(
    atoms: Atoms, patterns: list[int], strains: list[float], info: CalculatorInfo, ctx: Context, ions: IonMode
) -> tuple[dict[int, dict[float, Any]], bool]:
    """Stress vectors per strain pattern and signed strain."""
    out: dict[int, dict[float, Any]] = {}
    any_relaxed = False
    for j in patterns:
        out[j] = {}
        for eps in strains:
            ctx.deadline.check()
            out[j][eps], relaxed = stress_gpa(strained(atoms, j, eps), info, ctx, ions)
            any_relaxed |= relaxed
    return out, any_relaxed


def fitted_tensor(columns: dict[int, dict[float, Any]], magnitudes: list[float]) -> Any:
    """6x6 C (NaN where not measured): slope of each stress against each strain."""
    import numpy as np

    c = np.full((6, 6), np.nan)
    for j, points in columns.items():
        eps = np.array([e for e in points if abs(e) in magnitudes])
        sig = np.array([points[e] for e in eps])
        c[:, j] = np.polyfit(eps, sig, 1)[0]
    return c


def cubic_constants(c: Any) -> tuple[float, float, float]:
    return float(c[0, 0]), float((c[1, 0] + c[2, 0]) / 2), float(c[3, 3])


def crystal_system(atoms: Atoms) -> str:
    from tools.analysis import spacegroup

    n = spacegroup(atoms)[1] or 1
    bounds = ((2, "triclinic"), (15, "monoclinic"), (74, "orthorhombic"), (142, "tetragonal"),
              (167, "trigonal"), (194, "hexagonal"), (230, "cubic"))  # fmt: skip
    return next(name for top, name in bounds if n <= top)


def _stability_fields(tensor: Any, per_strain: list[Any], cubic: bool) -> dict[str, Any]:
    margin, spread, stable = em.stability(tensor, per_strain, cubic)
    out: dict[str, Any] = {
        "stability_margin_gpa": round(margin, 2),
        "stability_uncertainty_gpa": round(spread, 2),
        "mechanically_stable": stable,
        "warnings": [],
    }
    if stable is None:
        out["warnings"].append(
            f"marginal mechanical stability: the tightest Born criterion ({margin:.1f} GPa) changes by "
            f"{spread:.1f} GPa between strain magnitudes, so its sign is not determined"
        )
    return out


def _moduli_fields(tensor: Any, cubic: tuple[float, float, float] | None) -> dict[str, Any]:
    m = em.vrh(tensor)
    eig, failed = em.eigen_born(tensor)
    if cubic is not None:
        failed = em.cubic_born(*cubic)
    b, g = m.bulk_hill, m.shear_hill
    return {
        "bulk_modulus_voigt_gpa": round(m.bulk_voigt, 2),
        "bulk_modulus_reuss_gpa": round(m.bulk_reuss, 2),
        "bulk_modulus_hill_gpa": round(b, 2),
        "shear_modulus_voigt_gpa": round(m.shear_voigt, 2),
        "shear_modulus_reuss_gpa": round(m.shear_reuss, 2),
        "shear_modulus_hill_gpa": round(g, 2),
        "pugh_ratio": round(b / g, 4) if g > 0 else float("inf"),
        "poisson_ratio": round(em.poisson_ratio(b, g), 4),
        "born_failures": failed,
        "eigenvalues_gpa": [round(x, 2) for x in eig],
    }


def _series(columns: dict[int, dict[float, Any]], magnitudes: list[float]) -> list[dict[str, float]]:
    out = []
    for m in magnitudes:
        c11, c12, c44 = cubic_constants(fitted_tensor(columns, [m]))
        out.append(
            {"max_strain": m, "c11_gpa": round(c11, 2), "c12_gpa": round(c12, 2), "c44_gpa": round(c44, 2)}
        )
    return out


def _linearity_warning(series: list[dict[str, float]]) -> list[str]:
    if len(series) < 2:
        return []
    first, last = series[0], series[-1]
    scale = max(abs(first["c11_gpa"]), 1.0)
    spread = max(abs(first[k] - last[k]) for k in ("c11_gpa", "c12_gpa", "c44_gpa"))
    if spread > LINEARITY_TOLERANCE * scale:
        return [
            f"stress-strain not linear: constants change by {spread:.1f} GPa between strains "
            f"{first['max_strain']:g} and {last['max_strain']:g} (anharmonicity, or a calculator whose "
            "stress is not smooth at small strains); treat them as uncertain by at least this much"
        ]
    return []


def compute_elastic(atoms: Atoms, info: CalculatorInfo, ctx: Context, params: ElasticInput) -> dict[str, Any]:
    import numpy as np

    start = standardized(atoms)
    bulk, _, _ = relaxed_crystal(start, info, ctx, fmax=0.005)
    system = crystal_system(bulk)
    if params.symmetry == "cubic" and system != "cubic":
        raise ToolInputError(f"symmetry='cubic' but the crystal is {system}; use 'general' or 'auto'")
    cubic = params.symmetry == "cubic" or (params.symmetry == "auto" and system == "cubic")
    mags = [round(params.max_strain * (k + 1) / params.n_magnitudes, 6) for k in range(params.n_magnitudes)]
    strains = sorted([-m for m in mags] + mags)
    patterns = [0, 3] if cubic else list(range(6))
    columns, ions = strain_columns(bulk, patterns, strains, info, ctx, params.relax_ions)
    c = fitted_tensor(columns, mags)
    consts = cubic_constants(c)
    tensor = np.asarray(em.cubic_tensor(*consts)) if cubic else (c + c.T) / 2
    series = _series(columns, mags)
    per_strain = [fitted_tensor(columns, [m]) for m in mags]
    if cubic:
        per_strain = [em.cubic_tensor(*cubic_constants(t)) for t in per_strain]
    stability = _stability_fields(tensor, per_strain, cubic)
    warnings = _linearity_warning(series) + stability.pop("warnings")
    if not cubic and np.abs(c - c.T).max() > LINEARITY_TOLERANCE * max(np.abs(c).max(), 1.0):
        warnings.append("the fitted tensor is not symmetric within 5 %: noisy stresses; symmetrised")
    return {
        "structure_id": ctx.save(bulk),
        "crystal_system": system,
        "method": "cubic" if cubic else "general",
        "c11_gpa": round(consts[0], 2),
        "c12_gpa": round(consts[1], 2),
        "c44_gpa": round(consts[2], 2),
        "tensor_gpa": [[round(float(x), 2) for x in row] for row in tensor],
        **_moduli_fields(tensor, consts if cubic else None),
        **stability,
        "ions_relaxed": ions,
        "series": series,
        "warnings": warnings,
    }


def elastic_constants(params: ElasticInput, settings: ToolSettings) -> ElasticResult:
    """Elastic constants of a crystal by finite strains (stress-strain): the crystal is relaxed in its
    standard orientation, strained by +-several magnitudes, ions relaxed where needed, and C_ij fitted.
    Returns C11, C12, C44 (GPa; for non-cubic crystals C11, the mean of C12 and C13, and C44) and the 6x6 tensor,
    Voigt-Reuss-Hill bulk and shear moduli, the Pugh ratio B/G, Poisson's ratio, Born mechanical
    stability with the failed criteria, and the constants from each strain magnitude (linearity check)."""
    return ElasticResult(
        **run_on_crystal(
            "elastic_constants",
            params,
            settings,
            lambda atoms, info, ctx: compute_elastic(atoms, info, ctx, params),
        )
    )


elastic_constants_tool = make_tool(
    "elastic_constants", elastic_constants, ElasticInput, ["emt", "chgnet", "sevennet"]
)
