"""Vocabulary of the offline planner: elements, compound and molecule names, prototypes, units.

Pure data and small lookups, no heavy imports: the planner must parse claims without ASE.
"""

from __future__ import annotations

import re

_SYMBOLS = (
    "H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr "
    "Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm "
    "Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu"
).split()
_NAMES = (
    "hydrogen helium lithium beryllium boron carbon nitrogen oxygen fluorine neon sodium magnesium "
    "aluminium silicon phosphorus sulfur chlorine argon potassium calcium scandium titanium vanadium "
    "chromium manganese iron cobalt nickel copper zinc gallium germanium arsenic selenium bromine krypton "
    "rubidium strontium yttrium zirconium niobium molybdenum technetium ruthenium rhodium palladium silver "
    "cadmium indium tin antimony tellurium iodine xenon caesium barium lanthanum cerium praseodymium "
    "neodymium promethium samarium europium gadolinium terbium dysprosium holmium erbium thulium ytterbium "
    "lutetium hafnium tantalum tungsten rhenium osmium iridium platinum gold mercury thallium lead bismuth "
    "polonium astatine radon francium radium actinium thorium protactinium uranium neptunium plutonium"
).split()

SYMBOLS: frozenset[str] = frozenset(_SYMBOLS)
ELEMENT_NAME: dict[str, str] = dict(zip(_SYMBOLS, _NAMES, strict=True))
NAME_TO_SYMBOL: dict[str, str] = {name: sym for sym, name in ELEMENT_NAME.items()}
# US spellings and old names.
NAME_TO_SYMBOL.update({"aluminum": "Al", "cesium": "Cs", "sulphur": "S", "wolfram": "W"})

# One-letter or two-letter symbols that are also everyday English words or units: a bare token
# "In", "As", "At", "I" or "K" (kelvin) is never read as an element; the name must be used.
AMBIGUOUS_SYMBOLS = frozenset(
    {"I", "In", "As", "At", "He", "No", "Be", "K", "Am", "Es", "Ho", "Po", "Pa", "U"}
)

# Typical cation oxidation states, used to turn "aluminium oxide" into Al2O3.
_CATION_CHARGE = {
    **dict.fromkeys(("Li", "Na", "K", "Rb", "Cs", "Ag", "Cu"), 1),
    **dict.fromkeys(("Be", "Mg", "Ca", "Sr", "Ba", "Zn", "Cd", "Ni", "Co", "Fe", "Mn", "Pb", "Sn"), 2),
    **dict.fromkeys(("Al", "Ga", "In", "B", "Sc", "Y", "La", "Cr"), 3),
    **dict.fromkeys(("Ti", "Zr", "Hf", "Si", "Ge", "Ce", "C"), 4),
}
# Anion names -> (element, charge): the one anion table (compound names here, families in campaigns).
ANIONS = {
    "oxide": ("O", 2), "sulfide": ("S", 2), "sulphide": ("S", 2), "selenide": ("Se", 2),
    "telluride": ("Te", 2), "fluoride": ("F", 1), "chloride": ("Cl", 1), "bromide": ("Br", 1),
    "iodide": ("I", 1), "nitride": ("N", 3), "phosphide": ("P", 3), "arsenide": ("As", 3),
    "antimonide": ("Sb", 3), "carbide": ("C", 4), "hydride": ("H", 1),
}  # fmt: skip
_COUNT_PREFIX = {"mono": 1, "di": 2, "tri": 3, "tetra": 4, "penta": 5}


def _formula(parts: list[tuple[str, int]]) -> str:
    return "".join(f"{el}{n if n > 1 else ''}" for el, n in parts)


def compound_from_name(cation: str, anion: str) -> str | None:
    """'magnesium' + 'oxide' -> 'MgO'; 'titanium' + 'dioxide' -> 'TiO2'; None when unknown."""
    sym = NAME_TO_SYMBOL.get(cation.lower())
    if sym is None:
        return None
    anion = anion.lower()
    count = None
    for prefix, n in _COUNT_PREFIX.items():
        if anion.startswith(prefix) and anion[len(prefix) :] in ANIONS:
            count, anion = n, anion[len(prefix) :]
            break
    if anion not in ANIONS:
        return None
    an_sym, an_charge = ANIONS[anion]
    if count is not None:
        return _formula([(sym, 1), (an_sym, count)])
    charge = _CATION_CHARGE.get(sym)
    if charge is None:
        return None
    from math import gcd

    g = gcd(charge, an_charge)
    return _formula([(sym, an_charge // g), (an_sym, charge // g)])


COMPOUND_NAME_RE = re.compile(
    r"\b(" + "|".join(sorted(NAME_TO_SYMBOL, key=len, reverse=True)) + r")\s+"
    r"((?:mono|di|tri|tetra|penta)?(?:" + "|".join(ANIONS) + r"))\b",
    re.IGNORECASE,
)
ELEMENT_NAME_RE = re.compile(r"\b(" + "|".join(sorted(NAME_TO_SYMBOL, key=len, reverse=True)) + r")\b", re.I)

# Prototype names accepted by the tools, with the phrasings a scientist uses for them.
PROTOTYPE_ALIASES: dict[str, tuple[str, ...]] = {
    "fcc": (r"fcc", r"face[- ]cent(?:e?r)ed[- ]cubic", r"cubic[- ]close[- ]packed", r"ccp", r"a1"),
    "bcc": (r"bcc", r"body[- ]cent(?:e?r)ed[- ]cubic", r"a2"),
    "hcp": (r"hcp", r"hexagonal[- ]close[- ]packed", r"a3"),
    "diamond": (r"diamond(?:[- ](?:cubic|type|structure|lattice))?", r"a4"),
    "rocksalt": (r"rock[- ]?salt", r"halite", r"b1", r"nacl[- ]type"),
    "cesiumchloride": (r"cs ?cl[- ]type", r"c(?:ae|e)sium[- ]chloride[- ]type", r"b2"),
    "zincblende": (r"zinc[- ]?blende", r"sphalerite", r"b3", r"zns[- ]type"),
    "wurtzite": (r"wurtzite", r"b4"),
    "fluorite": (r"fluorite", r"caf2[- ]type", r"c1"),
    "betatin": (r"(?:beta|β)[- ]?(?:tin|sn)(?:[- ]type)?", r"white[- ]tin(?:[- ]type)?", r"a5"),
}
# A formula used as the name of a structure type ("the CsCl structure").
FORMULA_PROTOTYPE = {"CsCl": "cesiumchloride", "NaCl": "rocksalt", "ZnS": "zincblende", "CaF2": "fluorite"}
PROTOTYPE_WORDS = {
    "fcc": "fcc", "bcc": "bcc", "hcp": "hcp", "diamond": "diamond", "rocksalt": "rock-salt",
    "cesiumchloride": "CsCl-type", "zincblende": "zinc-blende", "wurtzite": "wurtzite", "fluorite": "fluorite",
    "betatin": "β-tin",
}  # fmt: skip
CUBIC_ATOMS_PER_CELL = {
    "fcc": 4, "bcc": 2, "diamond": 8, "rocksalt": 8, "zincblende": 8, "cesiumchloride": 2, "fluorite": 12, "sc": 1,
}  # fmt: skip

# Known ground-state (or standard) structures at ambient conditions; the planner uses them when a
# claim names no structure and says so in the judgement.
DEFAULT_PROTOTYPE: dict[str, str] = {
    **dict.fromkeys("Cu Ag Au Al Ni Pd Pt Pb Ca Sr Rh Ir Ce Ne Ar Kr Xe".split(), "fcc"),
    **dict.fromkeys("Fe Cr Mo W V Nb Ta Li Na K Rb Cs Ba Eu".split(), "bcc"),
    **dict.fromkeys("Ti Zr Hf Mg Zn Cd Co Be Sc Y Ru Os Re Tc".split(), "hcp"),
    **dict.fromkeys("C Si Ge".split(), "diamond"),
    **dict.fromkeys(
        "NaCl KCl LiF NaF KF LiCl KBr NaBr MgO CaO SrO BaO NiO MnO CoO AgCl TiC TiN ZrN".split(), "rocksalt"
    ),
    **dict.fromkeys("CsCl CsBr CsI".split(), "cesiumchloride"),
    **dict.fromkeys(
        "GaAs ZnS InP GaP AlP AlAs SiC CdTe ZnSe ZnTe InAs GaSb AlSb BP BAs CuCl".split(), "zincblende"
    ),
    **dict.fromkeys("ZnO GaN AlN InN BeO".split(), "wurtzite"),
    **dict.fromkeys("CaF2 UO2 CeO2 ThO2 SrF2 BaF2".split(), "fluorite"),
}

# Groups of the periodic table, for substitution proposals.
GROUPS: dict[str, tuple[str, ...]] = {
    "alkali": ("Li", "Na", "K", "Rb", "Cs"),
    "alkaline-earth": ("Be", "Mg", "Ca", "Sr", "Ba"),
    "group 4": ("Ti", "Zr", "Hf"),
    "group 5": ("V", "Nb", "Ta"),
    "group 6": ("Cr", "Mo", "W"),
    "group 8": ("Fe", "Ru", "Os"),
    "group 9": ("Co", "Rh", "Ir"),
    "group 10": ("Ni", "Pd", "Pt"),
    "group 11": ("Cu", "Ag", "Au"),
    "group 12": ("Zn", "Cd", "Hg"),
    "group 13": ("B", "Al", "Ga", "In"),
    "group 14": ("C", "Si", "Ge", "Sn"),
    "pnictogen": ("N", "P", "As", "Sb"),
    "chalcogen": ("O", "S", "Se", "Te"),
    "halogen": ("F", "Cl", "Br", "I"),
}
GROUP_ALIASES = {
    "alkali metal": "alkali", "alkali": "alkali", "alkaline[- ]earth": "alkaline-earth",
    "noble metal": "group 11", "coinage metal": "group 11", "halide": "halogen", "halogen": "halogen",
    "chalcogen": "chalcogen", "pnictogen": "pnictogen",
}  # fmt: skip


def group_of(symbol: str) -> tuple[str, tuple[str, ...]] | None:
    for name, members in GROUPS.items():
        if symbol in members:
            return name, members
    return None


# Metals ASE's EMT covers (and that CHGNet also covers): the second-calculator cross-check applies.
EMT_METALS = frozenset({"Al", "Cu", "Ag", "Au", "Ni", "Pd", "Pt"})

# Molecules by name -> ASE G2 name. Formulas map to the G2 spelling (H2S is 'SH2' in G2).
MOLECULE_NAMES: dict[str, str] = {
    "water": "H2O", "carbon dioxide": "CO2", "ammonia": "NH3", "methane": "CH4", "carbon monoxide": "CO",
    "dinitrogen": "N2", "nitrogen molecule": "N2", "dioxygen": "O2", "oxygen molecule": "O2",
    "dihydrogen": "H2", "hydrogen molecule": "H2", "hydrogen fluoride": "HF", "hydrogen chloride": "HCl",
    "hydrogen cyanide": "HCN", "ethylene": "C2H4", "ethene": "C2H4", "acetylene": "C2H2", "ethyne": "C2H2",
    "ethane": "C2H6", "benzene": "C6H6", "formaldehyde": "H2CO", "methanol": "CH3OH", "ethanol": "CH3CH2OH",
    "sulfur dioxide": "SO2", "sulphur dioxide": "SO2", "hydrogen sulfide": "SH2", "hydrogen sulphide": "SH2",
    "nitrous oxide": "N2O", "nitrogen dioxide": "NO2", "nitric oxide": "NO", "ozone": "O3",
    "boron trifluoride": "BF3", "phosphine": "PH3", "silane": "SiH4", "carbon disulfide": "CS2",
    "carbon disulphide": "CS2", "hydrogen peroxide": "H2O2", "chlorine gas": "Cl2", "fluorine gas": "F2",
    "formic acid": "HCOOH", "acetone": "CH3COCH3", "propane": "C3H8", "carbon tetrachloride": "CCl4",
    "carbon tetrafluoride": "CF4", "nitrogen trifluoride": "NF3", "silicon tetrafluoride": "SiF4",
    "boron trichloride": "BCl3", "phosphorus trifluoride": "PF3", "carbonyl sulfide": "OCS",
    "hydrazine": "N2H4",
}  # fmt: skip
MOLECULE_FORMULAS: dict[str, str] = {
    f: f
    for f in (
        "H2O CO2 NH3 CH4 CO N2 O2 H2 HF HCl HCN C2H4 C2H2 C2H6 C6H6 H2CO CH3OH SO2 N2O NO2 NO O3 BF3 PH3 "
        "SiH4 CS2 H2O2 Cl2 F2 HCOOH C3H8 CCl4 CF4 NF3 SiF4 BCl3 PF3 OCS N2H4 Li2 Na2 P2 S2 SO"
    ).split()
}
MOLECULE_FORMULAS.update({"H2S": "SH2", "SH2": "SH2", "CH2O": "H2CO", "C2H5OH": "CH3CH2OH", "OH2": "H2O"})

# ---- units -------------------------------------------------------------------------------------
LENGTH_UNITS = {"å": 1.0, "Å": 1.0, "angstrom": 1.0, "ångström": 1.0, "a": 1.0, "nm": 10.0, "pm": 0.01}
PRESSURE_UNITS = {"gpa": 1.0, "mpa": 1e-3, "kbar": 0.1, "mbar": 100.0, "tpa": 1000.0}
LENGTH_UNIT_RE = r"(?:Å|Å|ångströms?|angstr[oö]ms?|Angstr[oö]ms?|nm|pm|A\b)"
PRESSURE_UNIT_RE = r"(?:GPa|MPa|kbar|Mbar|TPa)"
ANGLE_UNIT_RE = r"(?:°|degrees?|deg\b)"
