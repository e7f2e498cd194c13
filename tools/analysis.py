"""Pure structure analysis (no calculator): symmetry, lattice parameters, density,
coordination, XRD. Plain floats out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ase import Atoms

# Symmetry tolerance in angstrom: loose enough for relaxed ML-potential structures.
SYMPREC = 1e-2
# Neighbours within this factor of an atom's nearest distance form its first shell.
SHELL_TOLERANCE = 1.1
AMU_PER_A3_TO_G_CM3 = 1.66053906660


def _cell(atoms: Atoms) -> tuple[Any, Any, Any]:
    return (atoms.cell.array, atoms.get_scaled_positions(wrap=True), atoms.numbers)


def spacegroup(atoms: Atoms) -> tuple[str | None, int | None]:
    """(symbol, number) of a periodic structure; (None, None) for molecules."""
    import spglib

    if not atoms.pbc.all():
        return None, None
    ds = spglib.get_symmetry_dataset(_cell(atoms), symprec=SYMPREC)
    if ds is None:
        return None, None
    return str(ds.international), int(ds.number)


def lattice_parameters(atoms: Atoms) -> dict[str, float]:
    a, b, c, alpha, beta, gamma = (round(float(x), 5) for x in atoms.cell.cellpar())
    return {"a": a, "b": b, "c": c, "alpha": alpha, "beta": beta, "gamma": gamma}


def conventional_cubic_a(atoms: Atoms) -> float | None:
    """Lattice constant of the conventional cubic cell, None when the crystal is not cubic."""
    import numpy as np
    import spglib

    if not atoms.pbc.all():
        return None
    ds = spglib.get_symmetry_dataset(_cell(atoms), symprec=SYMPREC)
    if ds is None or not 195 <= int(ds.number) <= 230:
        return None
    # The standard conventional cell has the same volume per atom as ours.
    n_std = len(ds.std_types)
    volume = abs(atoms.cell.volume) / len(atoms) * n_std
    return round(float(np.cbrt(volume)), 5)


def density_g_cm3(atoms: Atoms) -> float | None:
    if not atoms.pbc.all():
        return None
    return round(float(atoms.get_masses().sum()) / abs(atoms.cell.volume) * AMU_PER_A3_TO_G_CM3, 5)


def volume_per_atom(atoms: Atoms) -> float | None:
    return round(abs(atoms.cell.volume) / len(atoms), 5) if atoms.pbc.all() else None


def coordination_numbers(atoms: Atoms, reach: float = 6.0) -> dict[str, float]:
    """Mean first-shell coordination per element (neighbours within 10 % of each atom's
    nearest-neighbour distance)."""
    import numpy as np
    from ase.neighborlist import neighbor_list

    i, d = neighbor_list("id", atoms, reach)
    per_element: dict[str, list[int]] = {}
    for idx, sym in enumerate(atoms.get_chemical_symbols()):
        di = d[i == idx]
        cn = int((di <= SHELL_TOLERANCE * di.min()).sum()) if len(di) else 0
        per_element.setdefault(sym, []).append(cn)
    return {s: round(float(np.mean(v)), 2) for s, v in per_element.items()}


def bonds(atoms: Atoms, scale: float = 1.2) -> list[tuple[int, int]]:
    """Bonded pairs (i < j) of a molecule: closer than ``scale`` x the sum of covalent radii."""
    from ase.data import covalent_radii

    out = []
    pos = atoms.positions
    for i in range(len(atoms)):
        for j in range(i + 1, len(atoms)):
            cutoff = scale * (covalent_radii[atoms.numbers[i]] + covalent_radii[atoms.numbers[j]])
            if float(((pos[i] - pos[j]) ** 2).sum()) ** 0.5 < cutoff:
                out.append((i, j))
    return out


def xrd_peaks(atoms: Atoms, n: int = 5) -> list[dict[str, Any]] | None:
    """The ``n`` strongest Cu K-alpha powder peaks (pymatgen's XRDCalculator)."""
    if not atoms.pbc.all():
        return None
    from pymatgen.analysis.diffraction.xrd import XRDCalculator

    from tools.convert import to_pymatgen

    pattern = XRDCalculator().get_pattern(to_pymatgen(atoms))
    order = sorted(range(len(pattern.x)), key=lambda k: -pattern.y[k])[:n]
    peaks = []
    for k in sorted(order, key=lambda k: pattern.x[k]):
        hkl = pattern.hkls[k][0]["hkl"] if pattern.hkls[k] else []
        peaks.append(
            {
                "two_theta": round(float(pattern.x[k]), 3),
                "intensity": round(float(pattern.y[k]), 2),
                "hkl": [int(x) for x in hkl],
            }
        )
    return peaks
