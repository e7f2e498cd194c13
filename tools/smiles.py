"""A molecule from a SMILES string: RDKit parse, explicit hydrogens, one seeded ETKDG conformer
and a force-field pre-optimisation (MMFF94, UFF where MMFF lacks parameters).

The same SMILES always gives the same coordinates (fixed seed, one thread), so the structure
hash, and with it the result cache, is stable across runs. Radicals written in the SMILES
(``[O][O]``, ``[CH3]``) carry their unpaired electrons as initial magnetic moments, which is
where :func:`tools.spin.spin_multiplicity` reads the spin from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tools.errors import ToolInputError

if TYPE_CHECKING:
    from ase import Atoms

# Fixed so that one SMILES maps to one geometry (and one cache key) on every machine.
EMBED_SEED = 20240611
FORCE_FIELD_STEPS = 2000


def _rdkit(module: str) -> Any:
    """An RDKit module typed Any: its bundled stubs miss most functions of the C++ extension."""
    import importlib

    return importlib.import_module(module)


def parse_smiles(smiles: str) -> Any:
    """The sanitised RDKit molecule (hydrogens implicit), or a one-line ToolInputError."""
    from rdkit import Chem

    _rdkit("rdkit.RDLogger").DisableLog(
        "rdApp.*"
    )  # RDKit prints parse errors to stderr; we raise them instead
    text = smiles.strip()
    if not text or any(c.isspace() for c in text):
        raise ToolInputError(f"invalid SMILES {smiles!r}: empty or contains whitespace")
    mol = Chem.MolFromSmiles(text, sanitize=False)
    if mol is None or mol.GetNumAtoms() == 0:
        raise ToolInputError(f"invalid SMILES {smiles!r}: cannot parse it")
    try:
        Chem.SanitizeMol(mol)
    except Exception as e:  # RDKit raises its own sanitisation exception types
        raise ToolInputError(f"invalid SMILES {smiles!r}: {' '.join(str(e).split())[:160]}") from e
    if len(Chem.GetMolFrags(mol)) > 1:
        raise ToolInputError(
            f"SMILES {smiles!r} holds several molecules ('.'); give one molecule per species"
        )
    charge = Chem.GetFormalCharge(mol)
    if charge != 0:
        raise ToolInputError(
            f"SMILES {smiles!r} has total charge {charge:+d}; only neutral molecules are supported"
        )
    return mol


def from_smiles(smiles: str) -> Atoms:
    """A neutral molecule with hydrogens, one seeded 3D conformer, force-field pre-optimised."""
    import numpy as np
    from ase import Atoms
    from rdkit import Chem

    mol = Chem.AddHs(parse_smiles(smiles))
    _embed(mol, smiles)
    _preoptimise(mol)
    positions = np.array(mol.GetConformer().GetPositions(), dtype=float)
    atoms = Atoms(numbers=[a.GetAtomicNum() for a in mol.GetAtoms()], positions=positions, pbc=False)
    radicals = [float(a.GetNumRadicalElectrons()) for a in mol.GetAtoms()]
    if any(radicals):
        atoms.set_initial_magnetic_moments(radicals)
    return atoms


def _embed(mol: Any, smiles: str) -> None:
    allchem = _rdkit("rdkit.Chem.AllChem")

    if mol.GetNumAtoms() == 1:
        allchem.Compute2DCoords(mol)  # a single atom needs no embedding, only a conformer
        return
    params = allchem.ETKDGv3()
    params.randomSeed = EMBED_SEED
    params.numThreads = 1
    if allchem.EmbedMolecule(mol, params) == 0:
        return
    # Strained or unusual molecules sometimes fail from the distance-geometry start.
    params.useRandomCoords = True
    if allchem.EmbedMolecule(mol, params) != 0:
        raise ToolInputError(f"cannot embed a 3D conformer for SMILES {smiles!r}")


def _preoptimise(mol: Any) -> None:
    allchem = _rdkit("rdkit.Chem.AllChem")

    if mol.GetNumAtoms() < 2:
        return
    if allchem.MMFFHasAllMoleculeParams(mol):
        allchem.MMFFOptimizeMolecule(mol, maxIters=FORCE_FIELD_STEPS)
    elif allchem.UFFHasAllMoleculeParams(mol):
        allchem.UFFOptimizeMolecule(mol, maxIters=FORCE_FIELD_STEPS)
    # Otherwise keep the ETKDG geometry: the quantum-chemical optimisation that follows fixes it.
