"""The tools' settings section and the per-call settings a tool is bound to.

``SimulationSettings`` is the ``simulation`` section of hypoloop's one settings tree (the agent
composes it); :class:`ToolSettings` adds where the workspace and the result cache live. Tools
receive a ``ToolSettings`` from the adapter that calls them (bound with
``get_tool(name, settings)``); an unbound tool uses :meth:`ToolSettings.default`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tools.datasets.settings import DataSettings
from tools.dft_levels import DftLevelName

HOME_ENV = "HYPOLOOP_HOME"


def default_home() -> Path:
    """The per-user workspace folder: ``$HYPOLOOP_HOME``, else the platform's user data folder."""
    named = os.environ.get(HOME_ENV)
    if named:
        return Path(named).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("hypoloop", appauthor=False))


class SimulationSettings(BaseModel):
    """The ``simulation`` settings section."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    default_calculator: str = Field(
        "auto",
        description="Calculator used when a tool call names none: 'auto' (the measured most accurate for "
        "the claim: see agent/judges/methods.py), 'emt', 'chgnet', 'sevennet', 'xtb', 'pyscf'.",
    )
    cache: bool = Field(True, description="Reuse cached simulation results (content-addressed).")
    max_atoms: int = Field(500, ge=1, description="Largest structure any calculator will be given.")
    wall_time_s: float = Field(600.0, gt=0, description="Wall-time limit per simulation call.")
    device: Literal["cpu", "cuda", "auto"] = Field("cpu", description="Device for ML potentials.")
    chgnet_model: Literal["0.3.0", "0.2.0"] = Field(
        "0.3.0", description="Which CHGNet weights bundled inside the chgnet package to load."
    )
    # Default 7net-l3i5: the most accurate bundled checkpoint on the lattice constants and bulk
    # moduli of ../shared/bench/reference-properties.csv (bench/tools_accuracy_side_by_side.py with
    # sevennet:<checkpoint>, 2026-12-06: MAPE a 0.93 % / B 10.3 %, against 7net-0 0.96 % / 11.3 %,
    # 7net-0_22may2024 0.97 / 16.4, mf-0 PBE 0.95 / 12.1, mf-0 r2SCAN 0.87 / 14.9). The margin over
    # 7net-0 is small on 8 solids and l3i5 costs ~2.2x per call (64-atom cell 2.0 s vs 0.9 s).
    sevennet_model: Literal[
        "7net-0", "7net-0_22may2024", "7net-l3i5", "7net-mf-0-pbe", "7net-mf-0-r2scan"
    ] = Field(
        "7net-l3i5",
        description="Which SevenNet checkpoint bundled inside the sevenn package to load; the "
        "multi-fidelity 7net-mf-0 is named with its fidelity head (PBE or r2SCAN).",
    )
    torch_threads: int | None = Field(
        None,
        ge=1,
        le=256,
        description="Torch CPU threads for ML potentials; null uses half the cores, at most 4.",
    )
    dft_level: DftLevelName = Field(
        "default",
        description="Model chemistry of the 'pyscf' calculator: 'default' is wB97X-D3(BJ)/def2-TZVPD "
        "energies, dipoles and orbitals on B3LYP-D3(BJ)/def2-SVP geometries and analytic-Hessian "
        "frequencies; 'screening' is PBE-D3(BJ)/def2-SVP throughout (no exact exchange, about half "
        "the cost, reaction enthalpies twice as far off). Errors and cost per molecule: "
        "bench/tools_accuracy_molecules.py; the levels: tools/dft_levels.py.",
    )
    vacuum_a: float = Field(
        15.0,
        ge=6.0,
        le=50.0,
        description="Box edge (angstrom) for molecules a periodic calculator must treat.",
    )


class ToolSettings(BaseModel):
    """Everything a tool call needs to know about its environment."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    simulation: SimulationSettings = Field(
        default_factory=SimulationSettings, description="The simulation settings section."
    )
    workspace_dir: Path = Field(description="Where structures are stored (they travel by id).")
    cache_dir: Path = Field(description="Where the content-addressed result cache lives.")
    data: DataSettings = Field(default_factory=DataSettings, description="The data collection section.")
    data_url: str = Field(description="ASE database URL or path of the user's data collection.")

    @classmethod
    def at_home(cls, home: Path, simulation: SimulationSettings | None = None) -> ToolSettings:
        """Settings for a workspace at ``home`` (the layout the agent uses too)."""
        return cls(
            simulation=simulation or SimulationSettings(),
            workspace_dir=home / "workspace",
            cache_dir=home / "cache",
            data_url=str(home / "data" / "collection.db"),
        )

    @classmethod
    def default(cls) -> ToolSettings:
        """Default simulation settings in the default workspace; what an unbound tool uses."""
        return cls.at_home(default_home())
