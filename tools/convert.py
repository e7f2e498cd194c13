"""The only place ASE ``Atoms`` and pymatgen ``Structure`` are converted (DESIGN.md style 7)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ase import Atoms


def to_pymatgen(atoms: Atoms) -> Any:
    from pymatgen.io.ase import AseAtomsAdaptor

    return AseAtomsAdaptor.get_structure(atoms)


def to_ase(structure: Any) -> Atoms:
    from pymatgen.io.ase import AseAtomsAdaptor

    return AseAtomsAdaptor.get_atoms(structure)


def to_pymatgen_molecule(atoms: Atoms) -> Any:
    from pymatgen.core import Molecule

    return Molecule(atoms.get_chemical_symbols(), atoms.positions)
