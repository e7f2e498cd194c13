"""Torch CPU threads and device for the ML potentials (CHGNet, SevenNet); torch is imported only
when called."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tools.settings import SimulationSettings


def configure_torch(settings: SimulationSettings) -> None:
    """Thread count for torch: the setting, else half the cores up to 4. Measured here: with the
    machine shared, two threads made a 4-atom CHGNet call 60x slower (2 s vs 0.034 s) than one,
    because spinning intra-op threads fight other processes; small cells gain little from more."""
    import torch

    threads = settings.torch_threads or max(1, min(4, (os.cpu_count() or 2) // 2))
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


def torch_device(settings: SimulationSettings) -> str:
    """The device setting, with 'auto' resolved to CUDA when torch sees a GPU."""
    if settings.device == "auto":
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"
    return settings.device
