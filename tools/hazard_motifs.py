"""Explosive motifs: which molecules the screen treats as explosives, by structure.

One energetic group is not enough: nitromethane, nitrobenzene, an inorganic nitrate or phosphate
and a battery salt must pass. The rules (each returns a one-line reason or None):

- three or more energetic groups (C-nitro, nitrate ester, nitramine, organic azide, covalent
  perchlorate) in one molecule with an oxygen balance of at least ``MANY_MIN_OXYGEN_BALANCE``:
  TNT (-74 %), RDX, HMX, PETN, nitroglycerin, picric acid, TATB, CL-20; but not
  2,4,7-trinitrofluorenone (-109 %), an electron acceptor of organic electronics;
- two such groups with an oxygen balance of at least ``PAIR_MIN_OXYGEN_BALANCE`` (EGDN, FOX-7; but
  not 1,3-dinitrobenzene at -95 % or 2,4-dinitrotoluene at -114 %);
- organic peroxides with two or more O-O bonds (TATP, DADP, HMTD; benzoyl peroxide has one);
- fulminates, heavy-metal azides and acetylides, hydrazoic acid (primary explosives); sodium
  azide and calcium carbide pass;
- small organic azides with (C + O) / N below ``AZIDE_MIN_CO_PER_N`` (methyl azide, 2-azidoethanol);
- organic salts of perchlorate, chlorate or nitrate with an oxygen balance of at least
  ``SALT_MIN_OXYGEN_BALANCE`` (urea nitrate, guanidinium nitrate, methylammonium perchlorate;
  tetrabutylammonium perchlorate, an electrochemistry electrolyte, passes).

Inorganic oxidisers without carbon (ammonium nitrate, ammonium perchlorate, LiNO3, LiClO4) are not
flagged: they are fertilisers, propellant oxidisers and battery salts studied as materials, and
computing their properties gives no uplift. Patterns ignore bond orders and charges where they can
so they also work on molecules read from XYZ coordinates.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdkit.Chem import Mol

# Oxygen balance (to CO2 and H2O) as defined in Meyer, Koehler, Homburg, "Explosives", 7th ed.
# (Wiley-VCH 2016): OB% = -1600 / M * (2 C + H / 2 - O), here with halogens taking their hydrogen
# as HX. Reference values from that book: TNT -74.0 %, RDX -21.6 %, PETN -10.1 %, NG +3.5 %.
# Explosive power rises as OB approaches zero; the thresholds below separate the listed examples.
MANY_MIN_OXYGEN_BALANCE = -100.0
PAIR_MIN_OXYGEN_BALANCE = -70.0
SALT_MIN_OXYGEN_BALANCE = -80.0
# Smith's rule for organic azides, (N_C + N_O) / N_N >= 3 to isolate safely (Braese et al., Angew.
# Chem. Int. Ed. 2005, 44, 5188); we flag only the far end, below 1.5, where small azides are
# themselves explosives, so that aryl and benzyl azides used in click chemistry pass.
AZIDE_MIN_CO_PER_N = 1.5
HEAVY_METALS = "Pb,Ag,Hg,Cu,Cd,Tl,Au"
_NO2 = "[#7;X3](~[#8;X1])~[#8;X1]"
_GROUPS = {
    "C-nitro": f"[#6]-{_NO2}",
    "nitrate ester": f"[#6]-[#8;X2]-{_NO2}",
    "nitramine": f"[#7]-{_NO2}",
    "organic azide": "[#6]-[#7;X2]~[#7;X2]~[#7;X1]",
    "covalent perchlorate": "[#6]-[#8;X2]-[#17](~[#8;X1])(~[#8;X1])~[#8;X1]",
}
_PEROXIDE = "[#8;X2]-[#8;X2]"
_PRIMARY = {
    "fulminate": "[#6;X1,$([#6;X2;H1]),$([#6;X2]-[" + HEAVY_METALS + "])]~[#7;X2]~[#8;X1]",
    "heavy-metal azide (covalent)": f"[{HEAVY_METALS}]-[#7]~[#7;X2]~[#7;X1]",
    "hydrazoic acid": "[#7;X2;H1]~[#7;X2]~[#7;X1]",
    "heavy-metal acetylide": f"[{HEAVY_METALS}]-[#6;X2]~[#6;X2]",
}
_AZIDE_ION = "[#7;X1]~[#7;X2]~[#7;X1]"
_ACETYLIDE_ION = "[#6;X1]~[#6;X1]"
_OXIDISER_ANIONS = {
    "perchlorate": "[#17;X4](~[#8;X1])(~[#8;X1])(~[#8;X1])~[#8;X1]",
    "chlorate": "[#17;X3](~[#8;X1])(~[#8;X1])~[#8;X1]",
    "nitrate": "[#7;X3](~[#8;X1])(~[#8;X1])~[#8;X1]",
}


@lru_cache(maxsize=1)
def _queries() -> dict[str, Mol]:
    from rdkit import Chem

    table = {
        **_GROUPS,
        **_PRIMARY,
        **_OXIDISER_ANIONS,
        "peroxide": _PEROXIDE,
        "azide ion": _AZIDE_ION,
        "acetylide ion": _ACETYLIDE_ION,
    }
    return {name: Chem.MolFromSmarts(s) for name, s in table.items()}


def element_counts(mol: Mol) -> dict[str, int]:
    counts: dict[str, int] = {}
    for atom in mol.GetAtoms():
        counts[atom.GetSymbol()] = counts.get(atom.GetSymbol(), 0) + 1
        counts["H"] = counts.get("H", 0) + atom.GetTotalNumHs()
    return counts


def oxygen_balance(mol: Mol) -> float:
    """Oxygen balance in percent (see the module constants for the definition and source)."""
    from rdkit import Chem

    c = element_counts(mol)
    halogens = sum(c.get(x, 0) for x in ("F", "Cl", "Br", "I"))
    need = 2 * c.get("C", 0) + (c.get("H", 0) - halogens) / 2 - c.get("O", 0)
    table = Chem.GetPeriodicTable()
    weight = sum(n * table.GetAtomicWeight(symbol) for symbol, n in c.items())
    return -1600.0 * need / weight if weight else 0.0


def _count(mol: Mol, name: str) -> int:
    return len(mol.GetSubstructMatches(_queries()[name]))


def energetic_groups(mol: Mol) -> dict[str, int]:
    return {name: n for name in _GROUPS if (n := _count(mol, name))}


def explosive_reason(fragments: list[Mol], whole: Mol) -> str | None:
    """Why the molecule (given as its fragments and as a whole) is treated as an explosive, or None."""
    for frag in fragments:
        reason = _molecule_reason(frag)
        if reason:
            return reason
    return _salt_reason(fragments, whole)


def _molecule_reason(mol: Mol) -> str | None:
    for name in _PRIMARY:
        if _count(mol, name):
            return f"{name} (primary explosive)"
    counts = element_counts(mol)
    if not counts.get("C"):
        return None
    groups = energetic_groups(mol)
    n = sum(groups.values())
    kinds = ", ".join(sorted(groups))
    ob = oxygen_balance(mol)
    if n >= 3 and ob >= MANY_MIN_OXYGEN_BALANCE:
        return f"{n} energetic groups ({kinds}) with oxygen balance {round(ob):d} % (>= {MANY_MIN_OXYGEN_BALANCE:.0f} %)"
    if n == 2 and ob >= PAIR_MIN_OXYGEN_BALANCE:
        return f"2 energetic groups ({kinds}) with oxygen balance {round(ob):d} % (>= {PAIR_MIN_OXYGEN_BALANCE:.0f} %)"
    if (peroxides := _count(mol, "peroxide")) >= 2:
        return f"organic peroxide with {peroxides} O-O bonds (TATP/HMTD type)"
    if groups.get("organic azide") and counts.get("N"):
        ratio = (counts.get("C", 0) + counts.get("O", 0)) / counts["N"]
        if ratio < AZIDE_MIN_CO_PER_N:
            return f"small organic azide, (C+O)/N = {ratio:.2f} (< {AZIDE_MIN_CO_PER_N})"
    return None


def _salt_reason(fragments: list[Mol], whole: Mol) -> str | None:
    symbols = {a.GetSymbol() for a in whole.GetAtoms()}
    if symbols & set(HEAVY_METALS.split(",")):
        for ion in ("azide", "acetylide"):
            if any(_count(f, f"{ion} ion") for f in fragments):
                return f"heavy-metal {ion} (primary explosive)"
    anions = [name for name in _OXIDISER_ANIONS if any(_is_anion(f, name) for f in fragments)]
    organic = any(element_counts(f).get("C") for f in fragments)
    if anions and organic:
        ob = oxygen_balance(whole)
        if ob >= SALT_MIN_OXYGEN_BALANCE:
            return f"organic {anions[0]} salt with oxygen balance {round(ob):d} % (>= {SALT_MIN_OXYGEN_BALANCE:.0f} %)"
    return None


def _is_anion(frag: Mol, name: str) -> bool:
    return frag.GetNumAtoms() <= 5 and _count(frag, name) > 0
