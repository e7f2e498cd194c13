"""The cells a spin-polarised comparison of magnetic orders is computed in: two atoms of one
element whose sites can carry opposite moments.

All three states (non-magnetic, ferromagnetic, antiferromagnetic) are computed in the same
2-atom cell with the same k-mesh, so the k-sampling and basis errors of a state are shared by the
others and cancel in the energy differences the claims turn on (a 1-atom cell for the first two
and a 2-atom cell for the third would not fold onto the same k-points).

- bcc: its simple-cubic conventional cell, corner and body centre on two sublattices (the
  CsCl-type antiferromagnet, the order of Cr's commensurate approximation);
- fcc: the layered tetragonal cell a/sqrt(2) x a/sqrt(2) x a, (001) planes alternating (the
  L1_0-type "AFM-I" order, the simplest collinear antiferromagnet of an fcc lattice);
- hcp: its own 2-atom primitive cell, the A and B planes alternating.

Lattice: the caller's, else ASE's reference lattice of the element when its reference structure
is that prototype, else the nearest-neighbour estimate (tools/prototypes.estimate_lattice, what
every prototype built here starts from). Not a relaxed lattice: a spin-polarised relaxation costs
several SCFs per state, and another calculator's relaxed lattice (CHGNet's ground-state path)
would bring that calculator's volume error into the moments, which depend on the volume.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

from tools.errors import ToolInputError

if TYPE_CHECKING:
    from ase import Atoms

Prototype = Literal["fcc", "bcc", "hcp"]
# Lanthanides and actinides: their 4f/5f shells need a Hubbard U or self-interaction correction and
# GTH basis sets here do not cover most of them; the method is not offered for them.
F_BLOCK = set(range(57, 72)) | set(range(89, 104))


def check_element(element: str) -> int:
    """The atomic number of a supported element; ToolInputError for anything else."""
    from ase.data import atomic_numbers

    z = atomic_numbers.get(element)
    if z is None or z == 0:
        raise ToolInputError(f"{element!r} is not an element symbol; this tool treats elemental metals only")
    if z in F_BLOCK:
        raise ToolInputError(
            f"{element} is an f-block element: its localised f moments need a method beyond "
            "spin-polarised PBE with this basis, which this tool does not offer"
        )
    return z


def supported(formula: str, prototype: str | None) -> str | None:
    """None when magnetic_states can compute ``formula`` in ``prototype``, else why not (a planner
    asks this before planning the call; it imports no engine)."""
    import importlib.util

    if prototype not in ("fcc", "bcc", "hcp"):
        return f"prototype {prototype or 'unknown'}: only fcc, bcc and hcp are computed"
    try:
        check_element(formula)
    except ToolInputError as e:
        return str(e)
    if importlib.util.find_spec("pyscf") is None:
        return "pyscf is not installed"
    return None


def lattice(element: str, prototype: Prototype, a: float | None, c: float | None) -> tuple[float, float | None]:
    """(a, c) in angstrom: the given values, else the prototype's estimate (module docstring)."""
    from tools.prototypes import IDEAL_C_OVER_A, estimate_lattice

    est_a, est_c = estimate_lattice([element], prototype)
    a = a if a is not None else est_a
    if prototype != "hcp":
        return a, None
    if c is None:
        c = (est_c / est_a if est_c else IDEAL_C_OVER_A) * a
    return a, c


def two_atom_cell(element: str, prototype: Prototype, a: float, c: float | None = None) -> Atoms:
    """The 2-atom cell of the module docstring; its sites are the two sublattices."""
    from ase import Atoms
    from ase.build import bulk

    if prototype == "bcc":
        return Atoms(element * 2, cell=[a, a, a], scaled_positions=[[0, 0, 0], [0.5, 0.5, 0.5]], pbc=True)
    if prototype == "fcc":
        t = a / math.sqrt(2)
        return Atoms(element * 2, cell=[t, t, a], scaled_positions=[[0, 0, 0], [0.5, 0.5, 0.5]], pbc=True)
    if prototype == "hcp":
        return bulk(element, "hcp", a=a, c=c)
    raise ToolInputError(f"prototype {prototype!r}: only fcc, bcc and hcp are computed")
