"""Experimental reference values for bench/tools_accuracy_crystals.py, each with its source.

Measured values are at room temperature unless stated; the calculations are static (0 K), which
accounts for a few per cent (elastic constants of metals stiffen by ~5-10 % from 300 K to 0 K).
"""

from __future__ import annotations

# Adiabatic elastic stiffnesses C11, C12, C44 in GPa (room temperature).
# Kittel, Introduction to Solid State Physics, 8th ed. (Wiley 2005), ch. 3, table of cubic elastic
# stiffness constants (from Simmons & Wang, Single Crystal Elastic Constants and Calculated
# Aggregate Properties: A Handbook, MIT Press 1971): Al, Cu, Ag, Au, Ni, Pd, W.
# Pt: Macfarlane, Rayne & Jones, Phys. Lett. 18, 91 (1965), as tabulated by Simmons & Wang.
# Fe (bcc): Rayne & Chandrasekhar, Phys. Rev. 122, 1714 (1961), as tabulated by Simmons & Wang.
ELASTIC_GPA: dict[str, tuple[str, float, float, float]] = {
    "Al": ("fcc", 106.8, 60.7, 28.2),
    "Cu": ("fcc", 168.4, 121.4, 75.4),
    "Ag": ("fcc", 124.0, 93.4, 46.1),
    "Au": ("fcc", 192.3, 163.1, 42.0),
    "Ni": ("fcc", 250.8, 150.0, 123.5),
    "Pd": ("fcc", 227.1, 176.1, 71.7),
    "Pt": ("fcc", 346.7, 250.7, 76.5),
    "W": ("bcc", 532.6, 204.9, 163.1),
    "Fe": ("bcc", 231.0, 135.0, 116.0),
}

# Monovacancy formation energies in eV from positron annihilation (equilibrium vacancies).
# H.-E. Schaefer, Phys. Status Solidi A 102, 47 (1987); P. Ehrhart, in Landolt-Boernstein III/25,
# Atomic Defects in Metals (Springer 1991). Typical uncertainty +-0.05 eV (W: 3.5-4.1 eV reported).
VACANCY_EV: dict[str, tuple[str, float]] = {
    "Al": ("fcc", 0.67),
    "Cu": ("fcc", 1.28),
    "Ag": ("fcc", 1.11),
    "Au": ("fcc", 0.93),
    "Ni": ("fcc", 1.79),
    "Pd": ("fcc", 1.85),
    "Pt": ("fcc", 1.35),
    "W": ("bcc", 3.7),
}

# Surface energies in J/m^2: W. R. Tyson and W. A. Miller, Surf. Sci. 62, 267 (1977), from the
# liquid-metal surface tension extrapolated to the solid at 0 K (an orientation average). Compared
# with the close-packed facet, (111) fcc and (110) bcc, as is customary (e.g. Vitos et al.,
# Surf. Sci. 411, 186 (1998)); the facet lies some per cent below the average.
SURFACE_J_M2: dict[str, tuple[str, tuple[int, int, int], float]] = {
    "Al": ("fcc", (1, 1, 1), 1.143),
    "Cu": ("fcc", (1, 1, 1), 1.790),
    "Ag": ("fcc", (1, 1, 1), 1.246),
    "Au": ("fcc", (1, 1, 1), 1.506),
    "Ni": ("fcc", (1, 1, 1), 2.380),
    "Pd": ("fcc", (1, 1, 1), 2.003),
    "Pt": ("fcc", (1, 1, 1), 2.489),
    "W": ("bcc", (1, 1, 0), 3.265),
}

# Cohesive energies in eV/atom: Kittel, Introduction to Solid State Physics, 8th ed., Table 3.1
# (ch. 3). EMT's parameters were fitted to these, so its error here is a bookkeeping check, not
# a prediction.
COHESIVE_EV: dict[str, tuple[str, float]] = {
    "Al": ("fcc", 3.39),
    "Cu": ("fcc", 3.49),
    "Ag": ("fcc", 2.95),
    "Au": ("fcc", 3.81),
    "Ni": ("fcc", 4.44),
    "Pd": ("fcc", 3.89),
    "Pt": ("fcc", 5.84),
}

# Magnetic moment per atom at 0 K in Bohr magnetons, from the saturation magnetisation:
# Kittel, Introduction to Solid State Physics, 8th ed., ch. 11, table of ferromagnetic crystal data.
MAGNETIC_MU_B: dict[str, tuple[str, float]] = {
    "Fe": ("bcc", 2.22),
    "Co": ("hcp", 1.72),
    "Ni": ("fcc", 0.606),
}

# Magnetic order of elemental metals (bench/magnetism_calibration.py; formerly the planner's
# handbook table, which no longer decides anything): (prototype, order, ordering temperature K,
# moment µB/atom at 0 K; 0.0 where there is no ordered moment).
# - Ferromagnets: Curie temperature and saturation moment, Kittel, Introduction to Solid State
#   Physics, 8th ed. (Wiley 2005), ch. 11, Table 1 (Fe 1043 K 2.22, Co 1388 K 1.72, Ni 627 K 0.606,
#   Gd 292 K 7.63).
# - Antiferromagnet: Cr, Néel temperature 311 K (Kittel ch. 11 / CRC Handbook of Chemistry and
#   Physics, "Magnetic properties of the elements"); its spin-density-wave moment (~0.4-0.6 µB) is
#   not a ferromagnetic saturation moment, so it is left out of the moment errors (None).
# - No magnetic order (diamagnetic or Pauli paramagnetic): CRC Handbook, "Magnetic susceptibility
#   of the elements and inorganic compounds": Cu, Ag, Au, Al, Pt, Pd, W, Mo, Zn, Pb; V, Nb, Ta, Ti
#   and Mg likewise (Pauli paramagnets).
MAGNETIC_ORDER: dict[str, tuple[str, str, float | None, float | None]] = {
    "Fe": ("bcc", "ferromagnetic", 1043.0, 2.22),
    "Co": ("hcp", "ferromagnetic", 1388.0, 1.72),
    "Ni": ("fcc", "ferromagnetic", 627.0, 0.606),
    "Gd": ("hcp", "ferromagnetic", 292.0, 7.63),
    "Cr": ("bcc", "antiferromagnetic", 311.0, None),
    **{el: (proto, "none", None, 0.0) for el, proto in (
        ("Cu", "fcc"), ("Ag", "fcc"), ("Au", "fcc"), ("Al", "fcc"), ("Pt", "fcc"), ("Pd", "fcc"), ("Pb", "fcc"),
        ("W", "bcc"), ("Mo", "bcc"), ("V", "bcc"), ("Nb", "bcc"), ("Ta", "bcc"),
        ("Zn", "hcp"), ("Ti", "hcp"), ("Mg", "hcp"),
    )},
}  # fmt: skip
