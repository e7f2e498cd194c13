"""Small real input files for the data-collection tests: ASE-written structures, EMT-labelled
extxyz frames, hand-written PWSCF/LAMMPS outputs in their real formats, ASE's own VASP test files."""

from __future__ import annotations

from pathlib import Path

KITTEL = "Kittel, Introduction to Solid State Physics, 8th ed. (2005)"

# A PWSCF (Quantum ESPRESSO 7.2) SCF output of 2-atom Si, cut to the lines ASE's reader uses.
PWSCF_SI = """
     Program PWSCF v.7.2 starts on 23Nov2026 at 10: 0: 0

     bravais-lattice index     =            2
     lattice parameter (alat)  =      10.2600  a.u.
     number of atoms/cell      =            2
     number of atomic types    =            1
     kinetic-energy cutoff     =      30.0000  Ry
     charge density cutoff     =     120.0000  Ry
     Exchange-correlation= PBE
     celldm(1)=  10.260000  celldm(2)=   0.000000  celldm(3)=   0.000000

     crystal axes: (cart. coord. in units of alat)
               a(1) = (  -0.500000   0.000000   0.500000 )
               a(2) = (   0.000000   0.500000   0.500000 )
               a(3) = (  -0.500000   0.500000   0.000000 )

     site n.     atom                  positions (alat units)
         1           Si  tau(   1) = (   0.0000000   0.0000000   0.0000000  )
         2           Si  tau(   2) = (   0.2500000   0.2500000   0.2500000  )

     End of self-consistent calculation

     Number of k-points >= 100: set verbosity='high' to print the bands.

!    total energy              =     -15.84123456 Ry

     Forces acting on atoms (cartesian axes, Ry/au):

     atom    1 type  1   force =     0.00100000    0.00000000    0.00000000
     atom    2 type  1   force =    -0.00100000    0.00000000    0.00000000

     JOB DONE.
"""

LAMMPS_DUMP = """ITEM: TIMESTEP
{step}
ITEM: NUMBER OF ATOMS
2
ITEM: BOX BOUNDS pp pp pp
0.0 2.55
0.0 2.55
0.0 2.55
ITEM: ATOMS id {species} x y z fx fy fz
1 {s1} 0.0 0.0 0.0 0.1 0.0 0.0
2 {s2} 1.275 1.275 {z} -0.1 0.0 0.0
"""


def lammps_dump(column: str = "element") -> str:
    frames = []
    for step, z in ((0, 1.275), (100, 1.300)):
        s = ("Cu", "Cu") if column == "element" else ("1", "1")
        frames.append(LAMMPS_DUMP.format(step=step, species=column, s1=s[0], s2=s[1], z=z))
    return "".join(frames)


def write_extxyz(path: Path, strains: tuple[float, ...] = (-0.01, 0.0, 0.01)) -> None:
    import ase.io
    from ase.build import bulk
    from ase.calculators.emt import EMT
    from ase.calculators.singlepoint import SinglePointCalculator

    frames = []
    for strain in strains:
        atoms = bulk("Cu", "fcc", a=3.61 * (1 + strain), cubic=True)
        atoms.rattle(0.01, seed=1)
        atoms.calc = EMT()
        res = {
            "energy": atoms.get_potential_energy(),
            "forces": atoms.get_forces(),
            "stress": atoms.get_stress(),
        }
        atoms.calc = SinglePointCalculator(atoms, **res)
        atoms.info.update(strain=strain, config_type="strain")
        frames.append(atoms)
    ase.io.write(path, frames, format="extxyz")


def write_table(path: Path, rows: list[str]) -> None:
    header = "material,formula,property,value,unit,conditions,source\n"
    path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")


GOOD_ROWS = [
    f'copper,Cu,lattice constant,3.61,Å,room temperature,"{KITTEL}, ch. 1"',
    f'copper,Cu,bulk modulus,1.37,Mbar,room temperature,"{KITTEL}, ch. 3"',
    f'silicon,Si,bulk modulus,988,kbar,room temperature,"{KITTEL}, ch. 3"',
    f'copper,Cu,cohesive energy,336,kJ/mol,0 K,"{KITTEL}, ch. 3"',
]
