"""The calculator registry: what each engine can treat, how to build it, and its version.

Built-ins: ``emt`` (ASE), ``chgnet`` (bundled weights, one model per process), ``sevennet``
(checkpoints bundled in sevenn; tools/calculator_sevennet.py), ``xtb`` (GFN2-xTB through tblite,
molecules) and ``pyscf`` (Kohn-Sham DFT at the level named by ``simulation.dft_level``, molecules;
tools/dft_calculator.py). Third-party calculators register through the entry-point
group ``hypoloop.calculators``; an entry point loads to a :class:`CalculatorInfo` (or a callable
returning one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tools.calculator_xtb import XTB_ELEMENTS, xtb_calculator
from tools.errors import UnsupportedCalculator
from tools.torch_threads import configure_torch

if TYPE_CHECKING:
    from ase import Atoms
    from ase.calculators.calculator import Calculator

    from tools.settings import SimulationSettings

ENTRY_POINT_GROUP = "hypoloop.calculators"
EMT_ELEMENTS = frozenset({"Al", "Cu", "Ag", "Au", "Ni", "Pd", "Pt", "H", "C", "N", "O"})
# Elements the MPtrj training set (CHGNet) and the GFN2 parametrisation (tblite) cover.
CHGNET_ELEMENTS = frozenset(range(1, 95))
# H-Kr: all-electron def2 basis sets (beyond Kr they need effective core potentials, which the
# calculator does not set up) and the D3(BJ) parameters cover them.
PYSCF_ELEMENTS = frozenset(range(1, 37))


@dataclass(frozen=True)
class CalculatorInfo:
    """One calculator: its abilities and how to make it (``factory(settings)`` returns an ASE
    calculator; ``version(settings)`` a string naming code and weights)."""

    name: str
    description: str
    elements: frozenset[int] | None  # atomic numbers; None = anything
    periodic: bool
    molecular: bool
    max_atoms: int
    factory: Callable[[SimulationSettings], Calculator]
    version: Callable[[SimulationSettings], str]
    # Absolute energies of some engines (xtb) are total electronic energies, so the
    # "exploding energy" sanity bound is per calculator (eV/atom).
    max_abs_energy_per_atom: float = 100.0
    # ``weights(settings)`` names the weight files in use and their sha256 (ML potentials).
    weights: Callable[[SimulationSettings], dict[str, str]] | None = None
    # Where it came from: "built-in", or "plug-in <entry point> (<distribution>)".
    source: str = "built-in"
    extras: dict[str, Any] = field(default_factory=dict)
    # Capabilities the property tools check (one flag each, never a calculator-name test):
    # a lone atom in a box gets a meaningful energy (cohesive energies need it) and why (not);
    isolated_atoms: bool = False
    isolated_atoms_note: str = "the calculator declares no meaningful isolated-atom energies"
    # predicts per-site magnetic moments; takes a spin state (initial moments) as input.
    predicts_magmoms: bool = False
    magmoms_signed: bool = False
    takes_spin: bool = False
    # Molecular engines with an analytic Hessian: ``hessian_modes(atoms, n_rigid)`` returns signed
    # frequencies (cm^-1) and mode vectors of ``atoms`` (calculator attached) instead of finite
    # differences; ``orbitals(atoms, multiplicity, settings)`` HOMO, LUMO and dipole.
    hessian_modes: Callable[[Atoms, int], tuple[list[float], list[Any]]] | None = None
    orbitals: Callable[[Atoms, int, SimulationSettings], dict[str, Any]] | None = None
    # Composite model chemistries: ``final_energy(atoms)`` (calculator attached, geometry
    # converged) is the electronic energy thermochemistry uses, at a better level than the forces.
    final_energy: Callable[[Atoms], float] | None = None
    # ``variant(settings)`` names the settings-chosen model behind one calculator name (pyscf's
    # DFT level), so measured errors are looked up for the model that ran.
    variant: Callable[[SimulationSettings], str] | None = None
    # ``frequency_scale(settings)``: the literature factor that maps this level's harmonic
    # frequencies onto fundamentals (its measured frequency error is after scaling); None = 1.
    frequency_scale: Callable[[SimulationSettings], float] | None = None

    def can_treat(self, numbers: list[int], periodic: bool) -> bool:
        if periodic and not self.periodic or (not periodic and not self.molecular):
            return False
        return self.elements is None or set(numbers) <= self.elements


def _emt_factory(settings: SimulationSettings) -> Calculator:
    from ase.calculators.emt import EMT

    return EMT()


def _emt_version(settings: SimulationSettings) -> str:
    import ase

    return f"ase-emt {ase.__version__}"


@lru_cache(maxsize=4)
def chgnet_model(model_name: str = "0.3.0", device: str = "cpu") -> Any:
    """The CHGNet model, loaded once per process from the weights shipped inside ``chgnet``."""
    from chgnet.model import CHGNet

    from tools.quiet import quiet

    with quiet():
        model = CHGNet.load(model_name=model_name, use_device=device, verbose=False)
    model.eval()
    return model


def _chgnet_device(settings: SimulationSettings) -> str:
    from tools.torch_threads import torch_device

    return torch_device(settings)


def _chgnet_factory(settings: SimulationSettings) -> Calculator:
    import warnings

    from chgnet.model.dynamics import CHGNetCalculator

    from tools.quiet import quiet

    configure_torch(settings)
    # CHGNet's own harmless tensor-to-scalar warning, once per call otherwise.
    warnings.filterwarnings("ignore", message="Converting a tensor with requires_grad", category=UserWarning)
    # Its structure conversion drops constraints such as the FixCom that molecular dynamics
    # keeps on the atoms; energies and forces do not depend on them.
    warnings.filterwarnings("ignore", message="Only FixAtoms and FixCartesian", category=UserWarning)
    model = chgnet_model(settings.chgnet_model, _chgnet_device(settings))
    with quiet():
        return CHGNetCalculator(model=model, use_device=_chgnet_device(settings), on_isolated_atoms="ignore")


@lru_cache(maxsize=4)
def chgnet_weights(model_name: str = "0.3.0") -> tuple[str, str]:
    """(weights file name, sha256) of the bundled CHGNet weights, found without importing torch."""
    from tools.weights import package_dir, sha256_file

    root = package_dir("chgnet")
    folder = root / "pretrained" / model_name if root else None
    files = sorted(folder.glob("*.pth.tar")) if folder and folder.is_dir() else []
    if not files:
        return "missing", "none"
    return files[0].name, sha256_file(files[0])


def _chgnet_version(settings: SimulationSettings) -> str:
    import importlib.metadata as md

    model_name = settings.chgnet_model
    _, sha = chgnet_weights(model_name)
    return f"chgnet {md.version('chgnet')} (weights {model_name} sha256:{sha[:16]})"


def _chgnet_weight_files(settings: SimulationSettings) -> dict[str, str]:
    name, sha = chgnet_weights(settings.chgnet_model)
    if name == "missing":
        raise FileNotFoundError(f"CHGNet weights {settings.chgnet_model} not found inside the chgnet package")
    return {f"{settings.chgnet_model}/{name}": sha}


def _xtb_factory(settings: SimulationSettings) -> Calculator:
    return xtb_calculator()


def _xtb_version(settings: SimulationSettings) -> str:
    import importlib.metadata as md

    return f"tblite {md.version('tblite')} GFN2-xTB"


def _xtb_orbitals(atoms: Atoms, multiplicity: int, settings: SimulationSettings) -> dict[str, Any]:
    from tools.xtb_orbitals import orbitals_and_dipole

    return orbitals_and_dipole(atoms, multiplicity)


def _pyscf_factory(settings: SimulationSettings) -> Calculator:
    from tools.dft_calculator import PyscfCalculator

    return PyscfCalculator(level=settings.dft_level)


def _pyscf_scale(settings: SimulationSettings) -> float:
    from tools.dft_levels import LEVELS

    return LEVELS[settings.dft_level].frequency_scale


def _pyscf_version(settings: SimulationSettings) -> str:
    from tools.dft_calculator import pyscf_version

    return pyscf_version(settings.dft_level)


def _pyscf_modes(atoms: Atoms, n_rigid: int) -> tuple[list[float], list[Any]]:
    from tools.dft_hessian import hessian_modes

    return hessian_modes(atoms, n_rigid)


def _pyscf_final_energy(atoms: Atoms) -> float:
    from tools.dft_calculator import final_energy

    return final_energy(atoms)


def _pyscf_orbitals(atoms: Atoms, multiplicity: int, settings: SimulationSettings) -> dict[str, Any]:
    from tools.dft_calculator import orbitals_and_dipole

    return orbitals_and_dipole(atoms, multiplicity, settings.dft_level)


def _builtins() -> dict[str, CalculatorInfo]:
    from ase.data import atomic_numbers

    from tools import calculator_sevennet as seven

    emt_z = frozenset(atomic_numbers[s] for s in EMT_ELEMENTS)
    return {
        "emt": CalculatorInfo(
            "emt", "ASE effective-medium theory (fast toy potential for fcc metals)", emt_z, True, True, 20000,
            _emt_factory, _emt_version, isolated_atoms=True,
            isolated_atoms_note="EMT's energy zero is each element's fcc crystal and its isolated-atom "
            "energy is part of its fit (to experimental cohesive energies), so E_atom - E_bulk is EMT's "
            "own cohesive energy",
        ),
        "chgnet": CalculatorInfo(
            "chgnet", "CHGNet universal ML potential (crystals, MPtrj/PBE-level)", CHGNET_ELEMENTS, True, False,
            2000, _chgnet_factory, _chgnet_version, weights=_chgnet_weight_files,
            isolated_atoms_note="CHGNet was trained on MPtrj crystals only (no isolated atoms) and its "
            "energies carry fitted per-element offsets, so a lone atom's energy is outside its domain",
            predicts_magmoms=True,
        ),
        # After emt and chgnet: a cross-check takes the first other able calculator, and EMT <->
        # CHGNet stays the pair for the metals all three cover.
        "sevennet": CalculatorInfo(
            "sevennet", "SevenNet universal ML potential (crystals, MPtrj/PBE-level; equivariant GNN)",
            seven.SEVENNET_ELEMENTS, True, False, 2000, seven.sevennet_factory, seven.sevennet_version,
            weights=seven.sevennet_weight_files, isolated_atoms_note=seven.ISOLATED_NOTE,
        ),
        "xtb": CalculatorInfo(
            "xtb", "GFN2-xTB tight binding via tblite (molecules)", XTB_ELEMENTS, False, True, 400,
            _xtb_factory, _xtb_version, max_abs_energy_per_atom=1e5, isolated_atoms=True,
            isolated_atoms_note="GFN2-xTB treats free atoms (spin set from the electron count)",
            takes_spin=True, orbitals=_xtb_orbitals,
        ),
        "pyscf": CalculatorInfo(
            "pyscf", "Kohn-Sham DFT via pyscf (molecules; level from simulation.dft_level)", PYSCF_ELEMENTS,
            False, True, 60, _pyscf_factory, _pyscf_version, max_abs_energy_per_atom=1e6, isolated_atoms=True,
            isolated_atoms_note="DFT treats free atoms (unrestricted, spin set from the electron count)",
            takes_spin=True, hessian_modes=_pyscf_modes, orbitals=_pyscf_orbitals,
            final_energy=_pyscf_final_energy, variant=lambda s: s.dft_level, frequency_scale=_pyscf_scale,
        ),
    }  # fmt: skip


_FAILURES: list[dict[str, str]] = []


@lru_cache(maxsize=1)
def registry() -> dict[str, CalculatorInfo]:
    """Built-ins plus entry-point plug-ins. A broken plug-in is skipped and remembered for
    ``doctor`` (:func:`registry_failures`), never fatal."""
    import dataclasses
    import importlib.metadata as md

    table = _builtins()
    _FAILURES.clear()
    for ep in md.entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
            info = obj() if callable(obj) and not isinstance(obj, CalculatorInfo) else obj
            if not isinstance(info, CalculatorInfo):
                raise TypeError(f"{ep.value} is not a CalculatorInfo")
        except Exception as e:  # a third-party bug must not break the built-ins
            _FAILURES.append(
                {"group": ENTRY_POINT_GROUP, "name": ep.name, "error": f"{type(e).__name__}: {e}"}
            )
            continue
        dist = ep.dist.name if ep.dist is not None else "?"
        table.setdefault(info.name, dataclasses.replace(info, source=f"plug-in {ep.name} ({dist})"))
    return table


def registry_failures() -> list[dict[str, str]]:
    """Calculator plug-ins that failed to load (entry point name and error)."""
    registry()
    return list(_FAILURES)


def calculator_names() -> list[str]:
    return list(registry())


def supported_calculators(symbols: list[str], periodic: bool) -> list[str]:
    """Names of the calculators that can treat these elements with this periodicity."""
    from ase.data import atomic_numbers

    numbers = [atomic_numbers.get(s, 0) for s in symbols]
    return [name for name, info in registry().items() if info.can_treat(numbers, periodic)]


def choose(name: str, atoms: Atoms, settings: SimulationSettings) -> CalculatorInfo:
    """The calculator to use: resolves 'auto' and checks that it can treat ``atoms``."""
    periodic = bool(atoms.pbc.any())
    if name == "auto":
        name = settings.default_calculator
    if name == "auto":
        name = "chgnet" if periodic else "xtb"
    table = registry()
    symbols = sorted(set(atoms.get_chemical_symbols()))
    if name not in table:
        raise UnsupportedCalculator(f"unknown calculator {name!r}; known: {', '.join(table)}")
    info = table[name]
    if not info.can_treat(list(atoms.numbers), periodic):
        can = supported_calculators(symbols, periodic) or ["none"]
        what = f"{'periodic' if periodic else 'molecular'} {'-'.join(symbols)}"
        raise UnsupportedCalculator(
            f"calculator {name!r} cannot treat {what}; calculators that can: {', '.join(can)}"
        )
    if len(atoms) > info.max_atoms:
        raise UnsupportedCalculator(
            f"calculator {name!r} takes at most {info.max_atoms} atoms; got {len(atoms)}"
        )
    return info
