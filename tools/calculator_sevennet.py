"""SevenNet (sevenn): the checkpoints bundled inside the wheel, their hashes, and the calculator.

Checkpoints are opened by path from ``sevenn/pretrained_potentials/`` (never by sevenn's name
lookup, which downloads what it does not find), so nothing is fetched at run time. Hashes and
versions are read without importing torch, for ``doctor`` and run manifests.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tools.errors import UnsupportedCalculator

if TYPE_CHECKING:
    from ase.calculators.calculator import Calculator

    from tools.settings import SimulationSettings

# setting value -> (folder, file, fidelity); the multi-fidelity checkpoint needs a fidelity
# ("modal") at every call, so each of its heads is a setting value of its own.
CHECKPOINTS: dict[str, tuple[str, str, str | None]] = {
    "7net-0": ("SevenNet_0__11Jul2024", "checkpoint_sevennet_0.pth", None),
    "7net-0_22may2024": ("SevenNet_0__22May2024", "checkpoint_sevennet_0.pth", None),
    "7net-l3i5": ("SevenNet_l3i5", "checkpoint_l3i5.pth", None),
    "7net-mf-0-pbe": ("SevenNet_MF_0", "checkpoint_sevennet_mf_0.pth", "PBE"),
    "7net-mf-0-r2scan": ("SevenNet_MF_0", "checkpoint_sevennet_mf_0.pth", "R2SCAN"),
}
# Atomic numbers every bundled checkpoint's type map covers (read from each checkpoint's config,
# sevenn 0.13.0: 89 species, H-Bi and Ac-Pu; Po-Ra are absent from MPtrj). Kept as data so the
# registry is built without torch; tests/tools/test_sevennet.py checks it against the checkpoints.
SEVENNET_ELEMENTS = frozenset(range(1, 84)) | frozenset(range(89, 95))
ISOLATED_NOTE = (
    "SevenNet was trained on MPtrj crystals (no isolated atoms) with fitted per-element energy "
    "shifts, so a lone atom's energy is outside its domain"
)


def checkpoint_path(name: str) -> Any:
    """Path of a bundled checkpoint, found without importing sevenn or torch."""
    from tools.weights import package_dir

    if name not in CHECKPOINTS:
        raise UnsupportedCalculator(
            f"unknown SevenNet checkpoint {name!r}; bundled: {', '.join(CHECKPOINTS)}"
        )
    folder, file, _ = CHECKPOINTS[name]
    root = package_dir("sevenn")
    return root / "pretrained_potentials" / folder / file if root else None


@lru_cache(maxsize=8)
def sevennet_weights(name: str = "7net-0") -> tuple[str, str]:
    """(checkpoint file name, sha256), or ("missing", "none") when the file is not installed."""
    from tools.weights import sha256_file

    path = checkpoint_path(name)
    if path is None or not path.is_file():
        return "missing", "none"
    return f"{path.parent.name}/{path.name}", sha256_file(path)


def sevennet_version(settings: SimulationSettings) -> str:
    import importlib.metadata as md

    name = settings.sevennet_model
    _, sha = sevennet_weights(name)
    return f"sevenn {md.version('sevenn')} (checkpoint {name} sha256:{sha[:16]})"


def sevennet_weight_files(settings: SimulationSettings) -> dict[str, str]:
    file, sha = sevennet_weights(settings.sevennet_model)
    if file == "missing":
        raise FileNotFoundError(f"SevenNet checkpoint {settings.sevennet_model} not found inside sevenn")
    return {file: sha}


def _silence() -> None:
    # Only CUDA kernels (cuEquivariance, FlashTP) accelerate the tensor products; on CPU the
    # warning is advice nobody can act on, repeated on every calculator built.
    warnings.filterwarnings("ignore", message="No tensor product accelerator", category=UserWarning)


@lru_cache(maxsize=4)
def sevennet_model(name: str = "7net-0", device: str = "cpu", batched: bool = False) -> Any:
    """The SevenNet model, loaded once per process and mode. Batched and per-structure use get
    separate instances because ``set_is_batch_data`` is state on the model that a calculator in
    another thread relies on.

    The batched instance (tools/batch_energies.py: EOS scans and polymorph rankings, which need
    total energies only) computes no forces: its force module, which differentiates the energy
    through the whole network, is removed and its edge vectors need no gradient. Its energies are
    those of the full model to the last bit; a batch of 21 small cells takes a quarter of the CPU
    time with the default 7net-l3i5 (0.8 s -> 0.2 s), a third with 7net-0
    (`bench/cross_hypothesis_batching.py` prints it), and those scans were over half of a
    development batch's time."""
    from sevenn.util import load_checkpoint

    from tools.quiet import quiet

    path = checkpoint_path(name)
    if path is None or not path.is_file():
        raise UnsupportedCalculator(f"SevenNet checkpoint {name} is not installed (sevenn missing?)")
    with quiet():
        model = load_checkpoint(str(path)).build_model()
    model.set_is_batch_data(batched)
    if batched:
        model.delete_module_by_key("force_output")
        model.key_grad = None  # the edge vectors were marked for the force module's gradient
    model.to(device)
    model.eval()
    return model


def sevennet_device(settings: SimulationSettings) -> str:
    from tools.torch_threads import torch_device

    return torch_device(settings)


def sevennet_factory(settings: SimulationSettings) -> Calculator:
    from tools.quiet import quiet
    from tools.torch_threads import configure_torch

    with quiet():  # e3nn's first import warns about torch.jit.script's deprecation
        from sevenn.calculator import SevenNetCalculator

    configure_torch(settings)
    _silence()
    name, device = settings.sevennet_model, sevennet_device(settings)
    model = sevennet_model(name, device)
    return SevenNetCalculator(
        model=model, file_type="model_instance", device=device, modal=CHECKPOINTS[name][2]
    )
