"""ASE ``Atoms`` -> RDKit molecules for the hazard screen.

A molecule's bonds come from RDKit's ``DetermineBonds`` (connectivity from covalent radii, then
bond orders for a total charge of 0, +1 or -1). When bond orders cannot be assigned (radicals,
metals, odd geometries) the connectivity alone is kept and the screen uses its loose patterns.
A periodic structure is cut into its molecules (bonded clusters, made whole across the cell
boundary); a cluster that bonds to its own periodic image and contains a metal is an extended
solid (a metal, an oxide, LiFePO4, a MOF) and is not screened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ase import Atoms
    from rdkit.Chem import Mol

# Bond-order perception is a combinatorial search: above this many atoms keep connectivity only.
MAX_ATOMS_FOR_BOND_ORDERS = 150
# Bond cutoff: sum of covalent radii times this factor (RDKit's DetermineConnectivity uses 1.3
# in its van der Waals-free mode; the same value is used for cutting crystals into molecules).
BOND_FACTOR = 1.3
# Elements of molecular (covalent, non-metallic) chemistry; an extended network made only of
# these is still screened, since a molecule can be made to touch its own periodic image.
NON_METALS = frozenset("H He B C N O F Ne Si P S Cl Ar As Se Br Kr Te I Xe".split())


def molecules_of(atoms: Atoms) -> list[tuple[Mol, bool]]:
    """RDKit molecules of a structure, each with whether its bond orders are known."""
    if not atoms.pbc.any():
        return [_to_mol(atoms.get_chemical_symbols(), atoms.positions)]
    return [_to_mol(symbols, positions) for symbols, positions in _molecular_clusters(atoms)]


def _xyz_block(symbols: list[str], positions: Any) -> str:
    lines = [f"{s} {x:.6f} {y:.6f} {z:.6f}" for s, (x, y, z) in zip(symbols, positions, strict=True)]
    return f"{len(symbols)}\n\n" + "\n".join(lines) + "\n"


def _to_mol(symbols: list[str], positions: Any) -> tuple[Mol, bool]:
    from rdkit import Chem
    from rdkit.Chem import rdDetermineBonds

    raw = Chem.MolFromXYZBlock(_xyz_block(symbols, positions))
    if raw is None:
        raise ValueError("RDKit could not read the coordinates")
    if len(symbols) <= MAX_ATOMS_FOR_BOND_ORDERS:
        for charge in (0, 1, -1):
            mol = Chem.Mol(raw)
            try:
                rdDetermineBonds.DetermineBonds(mol, charge=charge)
                return Chem.RemoveHs(mol), True
            except Exception:  # RDKit raises ValueError/RuntimeError when no bond orders fit
                continue
    mol = Chem.Mol(raw)
    rdDetermineBonds.DetermineConnectivity(mol)
    mol.UpdatePropertyCache(strict=False)
    Chem.FastFindRings(mol)
    return Chem.RemoveHs(mol, sanitize=False), False


def _molecular_clusters(atoms: Atoms) -> list[tuple[list[str], Any]]:
    """Bonded clusters of a periodic structure, unwrapped. Extended (infinite) clusters with a
    metal are dropped; all-non-metal ones (polymers, or a molecule squeezed into a cell so small
    that it bonds to its own image) are kept as their unwrapped repeat unit."""
    import numpy as np
    from ase.neighborlist import NeighborList, natural_cutoffs

    # two atoms bond when closer than mult * (r_i + r_j)
    nl = NeighborList(
        natural_cutoffs(atoms, mult=BOND_FACTOR), self_interaction=False, bothways=True, skin=0.0
    )
    nl.update(atoms)
    cell = np.asarray(atoms.cell.array)
    shift_of: dict[int, Any] = {}
    clusters: list[tuple[list[str], Any]] = []
    for start in range(len(atoms)):
        if start in shift_of:
            continue
        members, extended = _walk(start, nl, shift_of)
        symbols = [atoms[i].symbol for i in members]
        if extended and not set(symbols) <= NON_METALS:
            continue
        pos = np.array([atoms.positions[i] + shift_of[i] @ cell for i in members])
        clusters.append((symbols, pos))
    return clusters


def _walk(start: int, nl: Any, shift_of: dict[int, Any]) -> tuple[list[int], bool]:
    """Breadth-first walk through bonds, recording each atom's image shift; a second, different
    shift for an atom already reached means the cluster is bonded to its own image."""
    import numpy as np

    shift_of[start] = np.zeros(3, int)
    queue, members, extended = [start], [start], False
    while queue:
        i = queue.pop()
        neighbours, offsets = nl.get_neighbors(i)
        for j, off in zip(neighbours, offsets, strict=True):
            shift = shift_of[i] + off
            if j not in shift_of:
                shift_of[j] = shift
                members.append(int(j))
                queue.append(int(j))
            elif not np.array_equal(shift_of[j], shift):
                extended = True
    return members, extended
