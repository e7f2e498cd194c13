"""Prototypes ASE's ``bulk`` does not build: rutile, cubic perovskite, L1_2, spinel, graphite, NiAs,
beta-tin.

Each is a space group plus Wyckoff sites (ITA settings); a formula's elements are assigned to
the sites by their counts (ties in formula order, e.g. SrTiO3: Sr on A, Ti on B). The starting
lattice constant is estimated by scaling the cell until the shortest distance between unlike
sites equals the sum of covalent radii (a guess to relax from, like the other prototypes); the
c/a and internal parameters of the non-cubic ones are literature starting values that a cell
relaxation then optimises, never results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tools.errors import ToolInputError

if TYPE_CHECKING:
    from ase import Atoms


@dataclass(frozen=True)
class CellPrototype:
    spacegroup: int
    # (count per formula unit, fractional position of the Wyckoff representative) per site role;
    # roles are filled with elements in this order.
    sites: tuple[tuple[int, tuple[float, float, float]], ...]
    c_over_a: float | None  # None: cubic
    setting: int = 1
    # True when every atom sits on a position fixed by symmetry (only the volume is free).
    fixed: bool = False


CELLS: dict[str, CellPrototype] = {
    # TiO2 rutile, P4_2/mnm: Ti 2a, O 4f (u,u,0); u = 0.305, c/a = 0.644 (Burdett et al.,
    # J. Am. Chem. Soc. 109, 3639 (1987)) as starting values.
    "rutile": CellPrototype(136, ((1, (0.0, 0.0, 0.0)), (2, (0.305, 0.305, 0.0))), 0.644),
    # Cubic perovskite ABX3, Pm-3m: A 1a, B 1b, X 3c.
    "perovskite": CellPrototype(
        221, ((1, (0.0, 0.0, 0.0)), (1, (0.5, 0.5, 0.5)), (3, (0.5, 0.5, 0.0))), None, fixed=True
    ),
    # L1_2 (Cu3Au), Pm-3m: majority 3c, minority 1a.
    "l12": CellPrototype(221, ((3, (0.0, 0.5, 0.5)), (1, (0.0, 0.0, 0.0))), None, fixed=True),
    # Spinel AB2X4, Fd-3m origin choice 2: A 8a, B 16d, X 32e (x,x,x) with x = 0.2624 (MgAl2O4).
    "spinel": CellPrototype(
        227,
        ((1, (0.125, 0.125, 0.125)), (2, (0.5, 0.5, 0.5)), (4, (0.2624, 0.2624, 0.2624))),
        None,
        setting=2,
    ),
    # Graphite (Bernal), P6_3/mmc: C 2b and 2c; c/a = 2.73 (a 2.46, c 6.71 angstrom).
    "graphite": CellPrototype(194, ((1, (0.0, 0.0, 0.25)), (1, (1 / 3, 2 / 3, 0.25))), 2.73),
    # NiAs, P6_3/mmc: Ni 2a (octahedral), As 2c; c/a = 1.39 (a 3.62, c 5.03 angstrom).
    "nias": CellPrototype(194, ((1, (0.0, 0.0, 0.0)), (1, (1 / 3, 2 / 3, 0.25))), 1.39),
    # beta-tin (A5), I4_1/amd origin choice 1: one element on 4a (0,0,0), no free coordinate;
    # c/a = 0.552 from Si-II at 11.7 GPa, a 4.686, c 2.585 angstrom (Jamieson, Science 139, 762
    # (1963)); white Sn has 0.546. Only c/a and the volume are free, so a cell relaxation suffices.
    "betatin": CellPrototype(141, ((1, (0.0, 0.0, 0.0)),), 0.552),
}
CELL_ALIASES = {
    "tio2": "rutile",
    "c4": "rutile",
    "abo3": "perovskite",
    "cubic_perovskite": "perovskite",
    "cubicperovskite": "perovskite",
    "e21": "perovskite",
    "l1_2": "l12",
    "l1₂": "l12",
    "cu3au": "l12",
    "mgal2o4": "spinel",
    "h1_1": "spinel",
    "a9": "graphite",
    "b8_1": "nias",
    "b81": "nias",
    "nickelarsenide": "nias",
    "nickel_arsenide": "nias",
    "beta-tin": "betatin",
    "beta_tin": "betatin",
    "β-tin": "betatin",
    "β-sn": "betatin",
    "beta-sn": "betatin",
    "whitetin": "betatin",
    "a5": "betatin",
}


def assign_sites(proto: str, counts: dict[str, int]) -> list[str]:
    """Element per site role of ``proto`` for a formula with ``counts``; ToolInputError if the
    stoichiometry does not fit (e.g. rutile needs AB2)."""
    cell = CELLS[proto]
    want = [n for n, _ in cell.sites]
    if proto == "graphite":  # an element on both sites
        if len(counts) == 1:
            return [next(iter(counts))] * 2
        raise ToolInputError(f"graphite needs one element; got {'-'.join(counts)}")
    have = sorted(counts.values())
    g = min(counts.values())
    if len(counts) != len(want) or sorted(n * g for n in want) != have:
        ratio = ":".join(str(n) for n in want)
        raise ToolInputError(f"{proto} needs {len(want)} elements in ratio {ratio}; got {counts}")
    free = list(counts)
    out = []
    for n in want:
        element = next(e for e in free if counts[e] == n * g)
        free.remove(element)
        out.append(element)
    return out


def _build(proto: str, elements: list[str], a: float, c: float | None) -> Atoms:
    from ase.spacegroup import crystal

    cell = CELLS[proto]
    c_len = a if cell.c_over_a is None else (c if c is not None else a * cell.c_over_a)
    gamma = 120.0 if cell.spacegroup == 194 else 90.0
    atoms = crystal(
        elements,
        basis=[pos for _, pos in cell.sites],
        spacegroup=cell.spacegroup,
        setting=cell.setting,
        cellpar=[a, a, c_len, 90.0, 90.0, gamma],
        primitive_cell=True,
    )
    atoms.pbc = True
    return atoms


def _shortest_bond(atoms: Atoms, elements: list[str]) -> tuple[float, float]:
    """(shortest distance between unlike elements, or any for an element; sum of covalent radii)."""
    import numpy as np
    from ase.data import covalent_radii

    big = atoms.repeat(2)
    d = big.get_all_distances(mic=True)
    z = big.numbers
    unlike = z[:, None] != z[None, :] if len(set(elements)) > 1 else ~np.eye(len(z), dtype=bool)
    i, j = np.unravel_index(np.where(unlike, d, np.inf).argmin(), d.shape)
    target = float(covalent_radii[z[i]] + covalent_radii[z[j]])
    return float(d[i, j]), target


def build_cell(proto: str, counts: dict[str, int], a: float | None, c: float | None) -> Atoms:
    """Primitive cell of ``proto`` for a formula with ``counts`` (lattice estimated if not given)."""
    elements = assign_sites(proto, counts)
    if a is None:
        trial = _build(proto, elements, 1.0, None)
        d, target = _shortest_bond(trial, elements)
        a = target / d
    try:
        return _build(proto, elements, a, c)
    except Exception as e:  # ase.spacegroup raises on inconsistent sites
        raise ToolInputError(f"cannot build {proto} for {counts}: {e}") from e
