"""Elastic moduli from a 6x6 stiffness tensor (Voigt notation, GPa): Voigt-Reuss-Hill averages,
Pugh and Poisson ratios, and mechanical (Born) stability. Pure numpy, no calculator.

Formulas: Voigt and Reuss bounds as in Hill, Proc. Phys. Soc. A 65, 349 (1952); stability as a
positive-definite stiffness tensor, with the cubic special case C11 - C12 > 0, C11 + 2 C12 > 0,
C44 > 0 (Born & Huang 1954; Mouhat & Coudert, Phys. Rev. B 90, 224104 (2014)).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Pugh's empirical boundary (Phil. Mag. 45, 823 (1954)): B/G above it suggests ductile behaviour.
PUGH_DUCTILE = 1.75


@dataclass
class Moduli:
    bulk_voigt: float
    bulk_reuss: float
    shear_voigt: float
    shear_reuss: float

    @property
    def bulk_hill(self) -> float:
        return (self.bulk_voigt + self.bulk_reuss) / 2

    @property
    def shear_hill(self) -> float:
        return (self.shear_voigt + self.shear_reuss) / 2


def vrh(c: Any) -> Moduli:
    """Voigt, Reuss (and so Hill) bulk and shear moduli of the 6x6 tensor ``c`` (GPa)."""
    import numpy as np

    c = np.asarray(c, float)
    s = np.linalg.inv(c)
    kv = (c[0, 0] + c[1, 1] + c[2, 2] + 2 * (c[0, 1] + c[1, 2] + c[0, 2])) / 9
    gv = (
        c[0, 0] + c[1, 1] + c[2, 2] - (c[0, 1] + c[1, 2] + c[0, 2]) + 3 * (c[3, 3] + c[4, 4] + c[5, 5])
    ) / 15
    kr = 1 / (s[0, 0] + s[1, 1] + s[2, 2] + 2 * (s[0, 1] + s[1, 2] + s[0, 2]))
    gr = 15 / (
        4 * (s[0, 0] + s[1, 1] + s[2, 2])
        - 4 * (s[0, 1] + s[1, 2] + s[0, 2])
        + 3 * (s[3, 3] + s[4, 4] + s[5, 5])
    )
    return Moduli(float(kv), float(kr), float(gv), float(gr))


def cubic_tensor(c11: float, c12: float, c44: float) -> list[list[float]]:
    """The full 6x6 Voigt tensor of a cubic crystal."""
    out = [[0.0] * 6 for _ in range(6)]
    for i in range(3):
        for j in range(3):
            out[i][j] = c11 if i == j else c12
        out[i + 3][i + 3] = c44
    return out


def cubic_born(c11: float, c12: float, c44: float) -> list[str]:
    """The cubic Born criteria that fail (empty: mechanically stable)."""
    failed = []
    if not c11 - c12 > 0:
        failed.append(f"C11 - C12 = {c11 - c12:.1f} GPa <= 0 (tetragonal shear instability)")
    if not c11 + 2 * c12 > 0:
        failed.append(f"C11 + 2 C12 = {c11 + 2 * c12:.1f} GPa <= 0 (negative bulk modulus)")
    if not c44 > 0:
        failed.append(f"C44 = {c44:.1f} GPa <= 0 (shear instability)")
    return failed


def eigen_born(c: Any) -> tuple[list[float], list[str]]:
    """(eigenvalues of the symmetrised tensor, failed criteria): stable iff all are positive."""
    import numpy as np

    sym = (np.asarray(c, float) + np.asarray(c, float).T) / 2
    eig = sorted(float(x) for x in np.linalg.eigvalsh(sym))
    failed = [f"stiffness eigenvalue {x:.1f} GPa <= 0" for x in eig if x <= 0]
    return eig, failed


def criteria(c: Any, cubic: bool) -> list[float]:
    """Stability criterion values (all positive = stable): C11 - C12, C11 + 2 C12, C44 for a cubic
    tensor, else the smallest eigenvalue."""
    c11, c12, c44 = float(c[0][0]), float(c[0][1]), float(c[3][3])
    return [c11 - c12, c11 + 2 * c12, c44] if cubic else [eigen_born(c)[0][0]]


def stability(final: Any, per_strain: list[Any], cubic: bool) -> tuple[float, float, bool | None]:
    """(margin, uncertainty, verdict): the smallest criterion of ``final``, how much the criteria
    move between the per-strain-magnitude tensors, and stable / unstable / None when the margin
    is within that uncertainty (marginal: the sign is not determined)."""
    values = criteria(final, cubic)
    spreads = [0.0] * len(values)
    if len(per_strain) > 1:
        rows = [criteria(t, cubic) for t in per_strain]
        spreads = [max(r[i] for r in rows) - min(r[i] for r in rows) for i in range(len(values))]
    i = min(range(len(values)), key=lambda k: values[k])
    if abs(values[i]) <= spreads[i]:
        return values[i], spreads[i], None
    return values[i], spreads[i], values[i] > 0


def poisson_ratio(bulk: float, shear: float) -> float:
    return (3 * bulk - 2 * shear) / (2 * (3 * bulk + shear))
