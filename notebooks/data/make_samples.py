"""Regenerates the sample structure files of this folder with ASE (run from any directory).

The structures are ideal prototypes at handbook lattice constants (Kittel, Introduction to Solid
State Physics, 8th ed., ch. 1: Cu 3.61, Al 4.05, Si 5.43, NaCl 5.63 angstrom); the extxyz
trajectory carries EMT energies, forces and stresses of strained Cu. measurements.csv is written
by hand (values and their sources are in its columns).
"""

from __future__ import annotations

from pathlib import Path

import ase.io
from ase.build import bulk
from ase.calculators.emt import EMT
from ase.calculators.singlepoint import SinglePointCalculator

HERE = Path(__file__).resolve().parent


def main() -> None:
    ase.io.write(HERE / "Cu_fcc.cif", bulk("Cu", "fcc", a=3.61, cubic=True))
    ase.io.write(HERE / "Al_fcc.cif", bulk("Al", "fcc", a=4.05, cubic=True))
    # The same Si twice: primitive POSCAR and conventional CIF; ingest merges them into one row.
    ase.io.write(HERE / "POSCAR_Si", bulk("Si", "diamond", a=5.43), format="vasp", direct=True)
    ase.io.write(HERE / "Si_conventional.cif", bulk("Si", "diamond", a=5.43, cubic=True))
    ase.io.write(HERE / "NaCl.vasp", bulk("NaCl", "rocksalt", a=5.63), format="vasp", direct=True)
    frames = []
    for strain in (-0.02, -0.01, 0.0, 0.01, 0.02):
        atoms = bulk("Cu", "fcc", a=3.61 * (1 + strain), cubic=True)
        atoms.calc = EMT()
        results = {
            "energy": atoms.get_potential_energy(),
            "forces": atoms.get_forces(),
            "stress": atoms.get_stress(),
        }
        atoms.calc = SinglePointCalculator(atoms, **results)
        atoms.info.update(strain=strain, calculator="EMT (ASE)", config_type="isotropic strain")
        frames.append(atoms)
    ase.io.write(HERE / "Cu_strain_emt.extxyz", frames, format="extxyz")


if __name__ == "__main__":
    main()
