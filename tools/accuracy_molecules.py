"""Measured accuracy of the molecular tools against experiment, for calibrated decisions.

Mean absolute errors of GFN2-xTB (tblite 0.4+, the ``xtb`` calculator) measured by

    PYTHONPATH=. .venv/bin/python bench/tools_accuracy_molecules.py

(references and their sources are cited in that script): 9 gas-phase reaction enthalpies at
298.15 K against NIST / CODATA enthalpies of formation, 22 harmonic frequencies of H2O, CO2, NH3
and CH4 against CCCBDB experimental fundamentals, 8 standard entropies against NIST-JANAF, and 9
dipole moments against the CRC Handbook. Re-run the bench and update these numbers when the
calculator or the tools change.
"""

from __future__ import annotations

# property -> mean absolute error (unit in the key); measured 2026-11-23 (wall 8 s on 2 shared cores).
MOLECULE_MAE: dict[str, dict[str, float]] = {
    "xtb": {
        # Errors are large and systematic (CO and H2-rich reactions worst: -231 kJ/mol for the
        # water-gas shift, -420 for methane combustion); the sign was right in 9 of 9 reactions.
        "reaction_enthalpy_kj_mol": 177.9,
        "reaction_enthalpy_max_kj_mol": 419.6,
        "reaction_sign_accuracy": 1.0,
        # Harmonic vs experimental fundamentals (anharmonicity included in the error): 5.0 %.
        "frequency_cm1": 81.3,
        "frequency_relative_percent": 5.0,
        "entropy_j_mol_k": 0.26,
        "dipole_debye": 0.457,
    },
}


def molecule_mae(calculator: str, prop: str, variant: str | None = None) -> float | None:
    """The measured mean absolute error of ``prop`` with ``calculator`` (and its ``variant``, e.g.
    pyscf's DFT level; the plain name holds the default level's figures), or None if unmeasured."""
    if variant and variant != "default":
        return MOLECULE_MAE.get(f"{calculator}:{variant}", {}).get(prop)
    return MOLECULE_MAE.get(calculator, {}).get(prop)
