"""Screen molecules and requests for controlled chemicals and explosives.

The list is the Chemical Weapons Convention's Annex on Chemicals (Schedules 1-3, see
``controlled_chemicals.yaml``) plus the explosive motifs of :mod:`tools.hazard_motifs`. Matching is
by structure with RDKit: a SMILES, a molecule name (the list's names and ASE's G2 set resolve to a
structure first) or coordinates (bonds perceived with RDKit's DetermineBonds). Names are a second
channel, never the only one: a renamed or unnamed structure is still caught.

This module identifies: ``screen_molecule`` says what one molecule is, ``screen_text`` what every
molecule (name, SMILES, formula) and class term in free text is, each with the policy tier of its
list entry. Whether a request is refused is decided by :func:`tools.hazard_policy.decide` alone;
``check_text`` and ``check_structure`` are its two ways in (free text with its intent, and a
structure a tool will compute). Pure library: RDKit is imported on first use, nothing of ``agent``.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

from tools import hazard_data, hazard_intent, hazard_policy, hazard_text

if TYPE_CHECKING:
    from ase import Atoms
    from rdkit.Chem import Mol

Category = Literal["cwc_schedule_1", "cwc_schedule_2", "cwc_schedule_3", "explosive", "none", "unscreened"]
# The list entry's policy tier (tools/hazard_data.py), "explosive", "class" for a class term
# ("nerve agents"), "clear" when nothing matched, "unscreened" when no structure could be made.
Tier = Literal["agent", "toxic", "precursor", "commodity", "explosive", "class", "clear", "unscreened"]
CWC_SOURCE = "CWC Annex on Chemicals"
_MAX_SUBJECT = 60


@dataclass(frozen=True)
class HazardResult:
    """What the screen identified in one molecule or mention (it decides nothing).

    ``category`` says which list it is on ("none" when clear, "unscreened" when no structure could
    be made of it); ``tier`` is what the policy makes of its entry; ``reason`` is one line naming the
    subject and the list entry; ``entry`` is the matched entry ("CWC Annex on Chemicals 1.A.1",
    "explosive motif") or None; ``subject`` is what was screened, as given.
    """

    category: Category
    tier: Tier
    reason: str
    entry: str | None
    subject: str

    @property
    def hazardous(self) -> bool:
        """Whether the policy refuses to compute anything about this molecule."""
        return hazard_policy.decide((self,), hazard_intent.COMPUTE).refused

    def refusal(self) -> str:
        return hazard_policy.decide((self,), hazard_intent.COMPUTE).refusal()

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "hazardous": self.hazardous}


def check_text(request: str) -> hazard_policy.Decision:
    """The policy's decision on a free-text request (claim, question, goal, batch file, a model's
    proposal): every mention screened, the request's intent read, one decision."""
    subjects = screen_text(request)
    intent = hazard_intent.read_intent(request, [s.subject for s in subjects if s.tier != "class"])
    return hazard_policy.decide(subjects, intent)


def check_structure(result: HazardResult) -> hazard_policy.Decision:
    """The policy's decision on a structure a tool is about to compute with."""
    return hazard_policy.decide((result,), hazard_intent.COMPUTE)


def screen_molecule(molecule: str | Atoms) -> HazardResult:
    """Screen one molecule given as a name, a SMILES or an ASE ``Atoms``."""
    if not isinstance(molecule, str):
        return screen_atoms(molecule)
    text = hazard_text.normalise_text(molecule).strip()
    for attempt in (screen_name, _screen_g2, screen_smiles):
        result = attempt(text)
        if result is not None:
            return result
    return HazardResult(
        "unscreened", "unscreened", f"{_short(text)}: not a known name or a SMILES", None, text
    )


def screen_text(request: str) -> list[HazardResult]:
    """Every molecule named (list names, CAS numbers, family names) or written as SMILES or as an
    agent's formula in ``request``, screened, plus class terms ("nerve agents"); listed results
    first, most severe tier first. Identification only: :func:`check_text` decides."""
    results: dict[str, HazardResult] = {}
    for kind, value in hazard_text.mentions(request, hazard_data.load()):
        result = _screen_mention(kind, value)
        if result is not None:
            results.setdefault(result.subject.lower(), result)
    return sorted(results.values(), key=lambda r: _SEVERITY.index(r.tier))


_SEVERITY: tuple[Tier, ...] = (
    "explosive",
    "agent",
    "class",
    "toxic",
    "precursor",
    "commodity",
    "unscreened",
    "clear",
)


def first_hazard(request: str) -> hazard_policy.Decision | None:
    """The policy's refusal of ``request``, or None when it is allowed (see :func:`check_text`)."""
    decision = check_text(request)
    return decision if decision.refused else None


def screen_name(name: str) -> HazardResult | None:
    """Screen a compound the list names (name, synonym or CAS number) through its structure;
    None when the list does not know the name."""
    data = hazard_data.load()
    key = hazard_data.normalise_name(name)
    compound = data.compounds.get(key) or data.explosives.get(key)
    if compound is None:
        return None
    if compound.smiles is None:  # ricin: a protein, nothing to match but its name
        entry = next(e for e in data.entries if e.id == compound.entry_id)
        return _cwc_result(name, entry, f"{entry.title} (a protein, recognised by name)")
    result = screen_smiles(compound.smiles, subject=name)
    if result is None:
        raise ValueError(f"bad SMILES for {compound.name} in {hazard_data.DATA_FILE.name}")
    return result


def screen_smiles(smiles: str, subject: str | None = None) -> HazardResult | None:
    """Screen a SMILES string; None when it does not parse."""
    from rdkit import Chem

    hazard_data.quiet_rdkit()
    mol = Chem.MolFromSmiles(smiles) if smiles else None
    if mol is None or mol.GetNumAtoms() == 0:
        return None
    return screen_mol(mol, subject or smiles)


def screen_atoms(atoms: Atoms, subject: str | None = None) -> HazardResult:
    """Screen a structure from its coordinates (each molecule of a molecular crystal too)."""
    from tools.hazard_atoms import molecules_of

    label = _short(subject or atoms.get_chemical_formula(mode="hill"))
    key = _atoms_key(atoms)
    cached = _ATOMS_CACHE.get(key)
    if cached is not None:  # same structure, maybe under another name
        return _relabel(cached, label)
    try:
        molecules = molecules_of(atoms)
    except Exception as e:  # RDKit cannot build a molecule: say so, do not guess
        return HazardResult(
            "unscreened", "unscreened", f"{label}: bonds could not be perceived ({e})", None, label
        )
    results = [screen_mol(mol, label, strict) for mol, strict in molecules]
    result = min(results, key=lambda r: _SEVERITY.index(r.tier), default=None) or _clear(label)
    if len(_ATOMS_CACHE) > 1024:
        _ATOMS_CACHE.clear()
    _ATOMS_CACHE[key] = result
    return result


_ATOMS_CACHE: dict[str, HazardResult] = {}


def screen_mol(mol: Mol, subject: str, strict: bool = True) -> HazardResult:
    """Screen an RDKit molecule; ``strict`` is False when its bond orders are unknown."""
    from rdkit import Chem

    from tools.hazard_motifs import explosive_reason

    subject = _short(subject)
    mol = _without_isotopes(mol, strict)
    fragments = list(Chem.GetMolFrags(mol, asMols=True, sanitizeFrags=False))
    cwc = hazard_data.match_cwc(fragments, strict)
    if cwc is not None and cwc[0].tier == "agent":
        return _cwc_result(subject, *cwc)
    why = explosive_reason(fragments, mol)
    if why is not None:
        return HazardResult(
            "explosive", "explosive", f"{subject} has an explosive motif: {why}", "explosive motif", subject
        )
    if cwc is not None:
        return _cwc_result(subject, *cwc)
    return _clear(subject)


def _without_isotopes(mol: Mol, strict: bool) -> Mol:
    """Deuterium and other isotope labels would hide a methyl group from the patterns."""
    from rdkit import Chem

    if not any(atom.GetIsotope() for atom in mol.GetAtoms()):
        return mol
    rw = Chem.RWMol(mol)
    for atom in rw.GetAtoms():
        atom.SetIsotope(0)
    try:
        return Chem.RemoveHs(rw, sanitize=strict)
    except Exception:  # a molecule that no longer sanitises: keep its graph
        return Chem.RemoveHs(rw, sanitize=False)


def _cwc_result(subject: str, entry: hazard_data.Entry, what: str) -> HazardResult:
    detail = what if what.startswith(entry.title) else f"{what}; {entry.title}"
    reason = f"{subject} matches CWC Schedule {entry.schedule} ({entry.id} {detail})"
    category: Category = ("cwc_schedule_1", "cwc_schedule_2", "cwc_schedule_3")[entry.schedule - 1]
    return HazardResult(category, entry.tier, reason, f"{CWC_SOURCE} {entry.id}", subject)


def _screen_mention(kind: str, value: str) -> HazardResult | None:
    if kind == "name":
        return screen_name(value)
    if kind == "smiles":
        return screen_smiles(value)
    if kind == "formula":
        compound = hazard_data.load().formulas[hazard_text.formula_key(value) or ()]
        result = screen_smiles(str(compound.smiles), subject=value)
        if result is None:
            raise ValueError(f"bad SMILES for {compound.name} in {hazard_data.DATA_FILE.name}")
        return HazardResult(
            result.category,
            result.tier,
            f"{value} is the formula of {compound.name}; " + result.reason,
            result.entry,
            value,
        )
    if kind == "stem":
        entry_id, stem = value.split("|", 1)
        entry = next(e for e in hazard_data.load().entries if e.id == entry_id)
        return _cwc_result(stem.replace("&", "..."), entry, f"names the family {entry.title!r}")
    cwc = kind == "class:cwc"
    category: Category = "cwc_schedule_1" if cwc else "explosive"
    what = "chemical-weapon agents, CWC Schedule 1" if cwc else "explosives"
    reason = f"the request asks to design, make or improve {value!r} ({what})"
    return HazardResult(category, "class", reason, f"class term ({kind[6:]})", value)


def _screen_g2(name: str) -> HazardResult | None:
    """A molecule of ASE's G2 set (the tools' molecule names), screened by its structure."""
    from tools.prototypes import g2_name

    try:
        g2 = g2_name(name)
    except Exception:  # not a G2 name
        return None
    from ase.build import molecule

    return screen_atoms(molecule(g2), subject=name)


def _clear(subject: str) -> HazardResult:
    return HazardResult(
        "none", "clear", f"{subject}: no controlled-chemical or explosive motif", None, subject
    )


def _relabel(result: HazardResult, label: str) -> HazardResult:
    old = result.subject
    return HazardResult(result.category, result.tier, label + result.reason[len(old) :], result.entry, label)


def _atoms_key(atoms: Atoms) -> str:
    h = hashlib.sha256()
    h.update(atoms.numbers.tobytes())
    h.update(atoms.positions.round(4).tobytes())
    h.update(atoms.cell.array.round(4).tobytes())
    h.update(atoms.pbc.tobytes())
    return h.hexdigest()


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_SUBJECT else text[: _MAX_SUBJECT - 3] + "..."
