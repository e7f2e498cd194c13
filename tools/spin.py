"""The spin multiplicity (2S+1) a molecule is computed in.

Order of evidence: initial magnetic moments set by whoever built the structure (ASE's G2 set
carries them: triplet O2, doublet NO2; a SMILES radical such as ``[O][O]`` sets them too); else
a table of small species whose ground state is not the lowest spin the electron count allows
(O2 from an XYZ file or the SMILES ``O=O`` is still a triplet); else singlet for an even and
doublet for an odd number of electrons. Charged species are not supported by the tools, so the
electron count is the sum of the atomic numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ase import Atoms

# Ground-state multiplicities of free atoms: the ground term of each element, NIST Atomic
# Spectra Database (ground levels and ionization energies), e.g. C 3P, N 4S, O 3P, Si 3P, P 4S, S 3P.
ATOM_MULTIPLICITY: dict[str, int] = {
    "H": 2, "He": 1, "Li": 2, "Be": 1, "B": 2, "C": 3, "N": 4, "O": 3, "F": 2, "Ne": 1,
    "Na": 2, "Mg": 1, "Al": 2, "Si": 3, "P": 4, "S": 3, "Cl": 2, "Ar": 1,
    "K": 2, "Ca": 1, "Ga": 2, "Ge": 3, "As": 4, "Se": 3, "Br": 2, "Kr": 1,
}  # fmt: skip
# Molecules with an even electron count but a triplet ground state (Huber & Herzberg, Constants
# of Diatomic Molecules, 1979: O2 X 3Sigma_g-, S2 X 3Sigma_g-, SO X 3Sigma-, NH X 3Sigma-,
# PH X 3Sigma-, NF X 3Sigma-; methylene CH2 X 3B1, Herzberg, Electronic Spectra of Polyatomic
# Molecules, 1966). Keys are ASE's Hill-order formulas.
TRIPLET_MOLECULES = frozenset({"O2", "S2", "OS", "HN", "HP", "FN", "CH2"})


def spin_multiplicity(atoms: Atoms) -> int:
    """2S+1 of the neutral molecule ``atoms`` (see the module docstring for the order)."""
    total = abs(float(atoms.get_initial_magnetic_moments().sum()))
    if total > 0.5:
        return int(round(total)) + 1
    if not atoms.pbc.any():
        known = known_multiplicity(atoms)
        if known is not None:
            return known
    return 1 + int(atoms.numbers.sum()) % 2


def known_multiplicity(atoms: Atoms) -> int | None:
    """The tabulated ground-state multiplicity of a free atom or small molecule, else None."""
    if len(atoms) == 1:
        return ATOM_MULTIPLICITY.get(atoms.get_chemical_symbols()[0])
    if atoms.get_chemical_formula(mode="hill") in TRIPLET_MOLECULES:
        return 3
    return None
