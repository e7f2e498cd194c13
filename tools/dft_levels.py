"""The named DFT levels of the ``pyscf`` calculator: functional, dispersion, basis, grid.

Only data here (no pyscf import): the registry and the settings read it at startup. A level may
be composite, "energy method // geometry method" (the usual practice in thermochemistry): the
geometry, forces and analytic Hessian come from a cheap hybrid in a double-zeta basis, the final
electronic energy, dipole and orbitals from one single point with a better functional in a
triple-zeta basis with diffuse functions, where basis-set error dominates. Estimated on the nine
NIST reactions of bench/tools_accuracy_molecules.py from single points at G2 geometries plus
xTB thermal corrections, MAE in kJ/mol: B3LYP-D3(BJ) ~40 in def2-SVP, ~27 in def2-TZVP, ~18 in
def2-QZVP (4x the cost of TZVP); wB97X-D3(BJ) ~23 in def2-TZVP, ~17 in def2-TZVPD. Measured by
the bench through the tools: wB97X-D3(BJ)/def2-TZVP//B3LYP-D3(BJ)/def2-SVP 24.3 kJ/mol with
dipoles 0.1-0.3 D too large; the diffuse functions of def2-TZVPD bring water's dipole from 2.11
to 1.90 D (experiment 1.85) and the reaction MAE to 20.5 kJ/mol, dipole MAE 0.08 D
(tools/accuracy_molecules.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DftLevelName = Literal["default", "screening"]


@dataclass(frozen=True)
class Method:
    """One functional in one basis. ``xc`` is pyscf's name, which may carry its own dispersion
    ("wb97x-d3bj" is wB97X-V's functional without VV10, plus D3(BJ): Najibi & Goerigk 2018)."""

    xc: str
    dispersion: str | None  # pyscf-dispersion's name ("d3bj", "d4") added to ``xc``, or None
    basis: str
    grid_level: int  # pyscf's Treutler grid level 0-9; 3 is its default
    # Grids of the analytic Hessian (None: ``grid_level``): its explicit second derivatives of
    # the XC energy, and the XC kernel of its coupled-perturbed (response) equations.
    hessian_grid_level: int | None = None
    response_grid_level: int | None = None

    @property
    def hessian_grids(self) -> tuple[int, int]:
        """(explicit, response) grid levels of the analytic Hessian."""
        explicit = self.grid_level if self.hessian_grid_level is None else self.hessian_grid_level
        return explicit, self.grid_level if self.response_grid_level is None else self.response_grid_level

    @property
    def label(self) -> str:
        disp = f"-{self.dispersion.upper()}" if self.dispersion else ""
        return f"{self.xc.upper()}{disp}/{self.basis}"


@dataclass(frozen=True)
class DftLevel:
    """Geometry (optimisation, forces, Hessian) and energy (final energy, dipole, orbitals)
    methods. ``frequency_scale`` maps the geometry method's harmonic frequencies onto
    experimental fundamentals: a literature factor, never fitted here."""

    geometry: Method
    energy: Method
    frequency_scale: float
    scale_source: str

    @property
    def label(self) -> str:
        if self.energy == self.geometry:
            return self.geometry.label
        return f"{self.energy.label}//{self.geometry.label}"


# The Hessian's XC terms, ~70 % of its cost, are quadratures. Its response kernel on level 1 (as
# Gaussian's CPHF defaults to SG-1) changed B3LYP/def2-SVP frequencies by at most 0.01 cm^-1
# (methanol, CO2) for ~0.75 of the Hessian's CPU time. The explicit second derivatives stay on
# the SCF's level 3: on level 2 CO2's asymmetric stretch moved by +7.8 cm^-1.
B3LYP_SVP = Method("b3lyp", "d3bj", "def2-svp", 3, response_grid_level=1)
LEVELS: dict[str, DftLevel] = {
    # B3LYP-D3(BJ)/def2-SVP geometries and analytic Hessians (~15 s for a 6-atom molecule on one
    # core; def2-TZVP Hessians cost ~45 s), wB97X-D3(BJ)/def2-TZVPD single points (~10 s).
    # Scale factor: B3LYP/6-31G(d), a polarised double-zeta basis like def2-SVP, harmonic ->
    # fundamentals 0.9614 (Scott & Radom, J. Phys. Chem. 100, 16502 (1996), Table 1).
    "default": DftLevel(
        B3LYP_SVP, Method("wb97x-d3bj", None, "def2-tzvpd", 3), 0.9614, "Scott & Radom 1996, B3LYP/6-31G(d)"
    ),
    # PBE-D3(BJ)/def2-SVP throughout: no exact exchange (no K matrix), a coarser grid and no
    # single point, several times cheaper. Scale factor: pure GGAs underestimate harmonic
    # frequencies, so theirs is near one; BP86/6-31G(d) 0.9914 (Scott & Radom 1996, Table 1),
    # the GGA closest to PBE in that table.
    "screening": DftLevel(
        Method("pbe", "d3bj", "def2-svp", 2),
        Method("pbe", "d3bj", "def2-svp", 2),
        0.9914,
        "Scott & Radom 1996, BP86/6-31G(d)",
    ),
}
