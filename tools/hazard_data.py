"""The controlled-chemicals list (``controlled_chemicals.yaml``) compiled for RDKit matching.

Families are SMARTS patterns, named compounds are structures compared as whole fragments by a
graph key (elements, heavy-atom connectivity and hydrogen counts, not bond orders or charges) so
the same key serves a molecule parsed from SMILES and one whose bond orders could not be perceived
from XYZ coordinates. Names only lead to a structure; the structure is what gets matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from rdkit.Chem import Mol

DATA_FILE = Path(__file__).with_name("controlled_chemicals.yaml")


@dataclass(frozen=True)
class Compound:
    """A named compound of the list: its names and its structure (None for ricin, a protein)."""

    name: str
    synonyms: tuple[str, ...]
    smiles: str | None
    entry_id: str


# What the policy (docs/safety.md, tools/hazard_policy.py) makes of each part of the Annex unless an
# entry says otherwise: Schedule 1 and the Schedule 2 toxic chemicals developed as agents are
# "agent" (nothing is computed about them); the Schedule 3 toxic chemicals are bulk industrial
# chemicals, "toxic" (their properties are computed, their synthesis and analogues are not
# given); Schedule 2 precursors are "precursor" (computed, no synthesis); Schedule 3 precursors
# are "commodity" (high-volume reagents, only design toward harm is refused).
Tier = Literal["agent", "toxic", "precursor", "commodity"]
DEFAULT_TIERS: dict[str, Tier] = {
    "1.A": "agent",
    "1.B": "agent",
    "2.A": "agent",
    "2.B": "precursor",
    "3.A": "toxic",
    "3.B": "commodity",
}
TIERS: tuple[Tier, ...] = ("agent", "toxic", "precursor", "commodity")


@dataclass
class Entry:
    """One item of the CWC Annex on Chemicals: a family (SMARTS) and/or named compounds."""

    id: str
    title: str
    tier: Tier
    patterns: list[tuple[Mol, int]] = field(default_factory=list)
    loose_patterns: list[tuple[Mol, int]] = field(default_factory=list)
    compound_keys: dict[str, str] = field(default_factory=dict)  # graph key -> compound name
    exempt_keys: set[str] = field(default_factory=set)
    stems: tuple[str, ...] = ()

    @property
    def schedule(self) -> int:
        return int(self.id.split(".")[0])


@dataclass(eq=False)  # hashed by identity: one loaded list per process
class HazardData:
    entries: list[Entry]
    compounds: dict[str, Compound]  # lower-cased name or synonym -> compound
    explosives: dict[str, Compound]
    class_terms: dict[str, list[str]]
    # element counts (tools.hazard_text.formula_key) -> compound, for the agents and explosives
    # only: a formula in text names them as surely as a name (isomers share it, see docs/safety.md)
    formulas: dict[tuple[tuple[str, int], ...], Compound] = field(default_factory=dict)


def quiet_rdkit() -> None:
    from rdkit import rdBase

    rdBase.DisableLog("rdApp.*")  # unparseable text tokens are expected, not worth a stderr line


def graph_key(mol: Mol) -> str:
    """Canonical SMILES of the heavy-atom graph, each atom tagged with its hydrogen count; a
    protonated amine counts as the free amine (the Annex lists compounds "and corresponding
    protonated salts"). Anions are not protonated: sodium cyanide is not hydrogen cyanide."""
    from rdkit import Chem

    rw = Chem.RWMol(mol)
    for atom in rw.GetAtoms():
        hydrogens = atom.GetTotalNumHs()
        if atom.GetSymbol() == "N" and atom.GetFormalCharge() == 1 and hydrogens:
            hydrogens -= 1
        atom.SetIsotope(100 + hydrogens)
        atom.SetFormalCharge(0)
        atom.SetIsAromatic(False)
        atom.SetNoImplicit(True)
        atom.SetNumExplicitHs(0)
        atom.SetChiralTag(Chem.ChiralType.CHI_UNSPECIFIED)
    for bond in rw.GetBonds():
        bond.SetBondType(Chem.BondType.SINGLE)
        bond.SetIsAromatic(False)
        bond.SetStereo(Chem.BondStereo.STEREONONE)
    rw.UpdatePropertyCache(strict=False)
    return str(Chem.MolToSmiles(rw, canonical=True))


def loosen(smarts: str) -> str:
    """The same pattern without bond orders, charges or aromaticity, for molecules whose bonds
    were perceived only as connections (XYZ input where bond orders could not be assigned)."""
    text = re.sub(r"#(?!\d)", "~", smarts).replace("=", "~")
    text = re.sub(r"\[([^\[\]]*)\]", lambda m: "[" + re.sub(r";?[+-]\d*", "", m.group(1)) + "]", text)
    out, depth = [], 0
    for ch in text:
        depth += (ch == "[") - (ch == "]")
        # outside brackets the only two-letter symbols are Cl and Br, so a bare c/n/o/s is aromatic
        out.append(f"[#{_AROMATIC_Z[ch]}]" if depth == 0 and ch in _AROMATIC_Z else ch)
    return "".join(out)


_AROMATIC_Z = {"c": 6, "n": 7, "o": 8, "s": 16}


def _compile(smarts: str, macros: dict[str, str]) -> tuple[Mol, Mol]:
    from rdkit import Chem

    for key, value in macros.items():
        smarts = smarts.replace("{" + key + "}", value)
    strict, loose = Chem.MolFromSmarts(smarts), Chem.MolFromSmarts(loosen(smarts))
    if strict is None or loose is None:
        raise ValueError(f"bad SMARTS in {DATA_FILE.name}: {smarts}")
    return strict, loose


def _key_of(smiles: str) -> str:
    from rdkit import Chem

    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        raise ValueError(f"bad SMILES in {DATA_FILE.name}: {smiles}")
    return graph_key(mol)


def _compounds(raw: list[dict[str, Any]], entry_id: str) -> list[Compound]:
    return [
        Compound(str(c["name"]), tuple(str(s) for s in c.get("synonyms") or ()), c.get("smiles"), entry_id)
        for c in raw
    ]


def _entry(raw: dict[str, Any], macros: dict[str, str]) -> tuple[Entry, list[Compound]]:
    entry_id = str(raw["id"])
    tier = raw.get("tier") or DEFAULT_TIERS[entry_id[:3]]
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r} for {entry_id} in {DATA_FILE.name}")
    entry = Entry(id=entry_id, title=str(raw["title"]), tier=tier)
    smarts = list(raw.get("smarts") or [])
    counts = list(raw.get("min_count") or [1] * len(smarts))
    for pattern, count in zip(smarts, counts, strict=True):
        strict, loose = _compile(pattern, macros)
        entry.patterns.append((strict, int(count)))
        entry.loose_patterns.append((loose, int(count)))
    compounds = _compounds(raw.get("compounds") or [], entry.id)
    entry.compound_keys = {_key_of(c.smiles): c.name for c in compounds if c.smiles}
    entry.exempt_keys = {_key_of(s) for s in raw.get("exempt") or []}
    entry.stems = tuple(str(s) for s in raw.get("stems") or ())
    return entry, compounds


def _index(compounds: list[Compound]) -> dict[str, Compound]:
    out: dict[str, Compound] = {}
    for c in compounds:
        for name in (c.name, *c.synonyms):
            out[normalise_name(name)] = c
    return out


def normalise_name(name: str) -> str:
    return " ".join(name.lower().split())


@lru_cache(maxsize=1)
def load() -> HazardData:
    """Read and compile the list once per process."""
    import yaml

    quiet_rdkit()
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    macros = {str(k): str(v) for k, v in raw["macros"].items()}
    entries, named = [], []
    for item in raw["cwc"]:
        entry, compounds = _entry(item, macros)
        entries.append(entry)
        named.extend(compounds)
    explosives = _compounds(raw["explosives"], "explosive")
    terms = {str(k): [str(t) for t in v] for k, v in raw["class_terms"].items()}
    tiers = {e.id: e.tier for e in entries}
    refused_always = [c for c in named if tiers[c.entry_id] == "agent"] + explosives
    formulas = {_formula_of(c.smiles): c for c in refused_always if c.smiles}
    return HazardData(entries, _index(named), _index(explosives), terms, formulas)


def _formula_of(smiles: str) -> tuple[tuple[str, int], ...]:
    from rdkit import Chem
    from rdkit.Chem.rdMolDescriptors import CalcMolFormula

    from tools.hazard_text import formula_key

    mol = Chem.MolFromSmiles(smiles)
    # CalcMolFormula writes charges (+/-) after the counts; salts such as lead azide have none
    # overall, and the charge sign is not part of how people write a formula
    key = formula_key(CalcMolFormula(mol).rstrip("+-"))
    if key is None:
        raise ValueError(f"no formula for {smiles} in {DATA_FILE.name}")
    return key


def match_cwc(fragments: list[Mol], strict: bool) -> tuple[Entry, str] | None:
    """The first entry (Annex order: Schedule 1 before 2 before 3) a fragment matches, with what
    matched: the named compound, else the family title."""
    data = load()
    keys = [graph_key(f) for f in fragments]
    for entry in data.entries:
        for frag, key in zip(fragments, keys, strict=True):
            if key in entry.compound_keys:
                return entry, entry.compound_keys[key]
            if key in entry.exempt_keys:
                continue
            patterns = entry.patterns if strict else entry.loose_patterns
            for query, min_count in patterns:
                if len(frag.GetSubstructMatches(query, maxMatches=min_count)) >= min_count:
                    return entry, entry.title
    return None
