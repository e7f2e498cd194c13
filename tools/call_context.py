"""What every simulation tool call shares: its settings and workspace, the wall-time deadline,
energy sanity checks, the common result fields and the cached-run wrapper."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from tools import workspace as store
from tools.cache import ResultCache, cache_key
from tools.errors import SimulationFailed, SimulationTimeout, ToolError
from tools.interrupt import time_limit
from tools.spin import spin_multiplicity

if TYPE_CHECKING:
    from ase import Atoms

    from tools.calculators import CalculatorInfo
    from tools.settings import ToolSettings
    from tools.spec import StructureSpec

# Forces above this (eV/angstrom) mean atoms sit on top of each other or the model has left its domain.
MAX_SANE_FORCE = 1e3


class SimResult(BaseModel):
    """Fields every simulation result carries."""

    model_config = ConfigDict(extra="forbid")

    calculator: str | None = Field(None, description="Calculator used (null for analysis-only tools).")
    calculator_version: str | None = Field(None, description="Code and weights version (sha256 for ML).")
    calculator_variant: str | None = Field(
        None, description="The settings-chosen model behind the calculator name (pyscf's DFT level), "
        "under which its measured errors are looked up."
    )
    parameters: dict[str, Any] = Field(default_factory=dict, description="Settings the calculation used.")
    wall_s: float = Field(0.0, description="Wall time of this call in seconds.")
    cached: bool = Field(False, description="True when the result came from the cache.")
    warnings: list[str] = Field(
        default_factory=list, description="Non-convergence, domain and sanity warnings."
    )


class Deadline:
    """Wall-time limit of one tool call: checked between steps, and enforced inside the engine
    call of :func:`run_cached` by :func:`tools.interrupt.time_limit` (a call that hangs is
    interrupted, not waited for)."""

    def __init__(self, limit_s: float) -> None:
        self.limit_s = limit_s
        self.start = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def remaining(self) -> float:
        return self.limit_s - self.elapsed()

    def check(self) -> None:
        if self.elapsed() > self.limit_s:
            raise SimulationTimeout(
                f"wall-time limit of {self.limit_s:.0f} s exceeded (simulation.wall_time_s); "
                "use a smaller system, fewer steps or a faster calculator"
            )


@dataclass
class Context:
    """One tool call's environment."""

    settings: ToolSettings
    deadline: Deadline
    warnings: list[str] = field(default_factory=list)

    @property
    def workspace(self) -> Path:
        return self.settings.workspace_dir

    def atoms(self, spec: StructureSpec) -> Atoms:
        from tools.structures import resolve

        return resolve(spec, self.workspace, self.settings.simulation.max_atoms, self.settings.data_url)

    def save(self, atoms: Atoms) -> str:
        return store.save(atoms, self.workspace)

    def calculator(self, name: str, atoms: Atoms) -> CalculatorInfo:
        from tools.calculators import choose

        info = choose(name, atoms, self.settings.simulation)
        _domain_warnings(info, atoms, self.warnings)
        return info

    def attach(self, atoms: Atoms, info: CalculatorInfo) -> Atoms:
        calc = info.factory(self.settings.simulation)
        # Engines that take a spin state declare a multiplicity parameter (tblite, pyscf).
        if "multiplicity" in getattr(calc, "default_parameters", {}):
            calc.set(multiplicity=spin_multiplicity(atoms))
        atoms.calc = calc
        return atoms


def new_context(settings: ToolSettings) -> Context:
    """The context of one tool call with the settings its adapter was bound to."""
    return Context(settings, Deadline(settings.simulation.wall_time_s))


def _domain_warnings(info: CalculatorInfo, atoms: Atoms, out: list[str]) -> None:
    if info.name == "emt" and set(atoms.get_chemical_symbols()) & {"H", "C", "N", "O"}:
        out.append(
            "outside EMT's domain: its H, C, N, O parameters are qualitative only (fitted to fcc metals)"
        )


def checked_energy(atoms: Atoms, info: CalculatorInfo) -> float:
    """Potential energy, refusing NaN and exploding values."""
    try:
        e = float(atoms.get_potential_energy())
    except ToolError:
        raise
    except Exception as err:
        raise SimulationFailed(
            f"{info.name} failed: {type(err).__name__}: {' '.join(str(err).split())[:200]}"
        ) from err
    check_value(e, len(atoms), info)
    return e


def check_value(e: float, n_atoms: int, info: CalculatorInfo) -> None:
    if not math.isfinite(e):
        raise SimulationFailed(f"{info.name} returned a non-finite energy ({e})")
    if abs(e / n_atoms) > info.max_abs_energy_per_atom:
        raise SimulationFailed(f"{info.name} energy exploded: {e / n_atoms:.3g} eV/atom")


def checked_forces(atoms: Atoms, info: CalculatorInfo) -> Any:
    import numpy as np

    f = atoms.get_forces()
    if not np.isfinite(f).all():
        raise SimulationFailed(f"{info.name} returned non-finite forces")
    if len(f) and float(np.abs(f).max()) > MAX_SANE_FORCE:
        raise SimulationFailed(f"{info.name} forces exploded (> {MAX_SANE_FORCE:g} eV/angstrom)")
    return f


def run_cached(
    tool: str,
    ctx: Context,
    atoms: Atoms,
    info: CalculatorInfo | None,
    parameters: dict[str, Any],
    compute: Callable[[], dict[str, Any]],
    use_cache: bool,
) -> dict[str, Any]:
    """Run ``compute`` through the cache and add the common result fields.

    A cached result is reused only if the structures it refers to are still in the workspace.
    Unexpected engine exceptions become :class:`SimulationFailed`: never a bare traceback.
    """
    version = info.version(ctx.settings.simulation) if info else None
    common = {
        "calculator": info.name if info else None,
        "calculator_version": version,
        "calculator_variant": info.variant(ctx.settings.simulation) if info and info.variant else None,
        "parameters": parameters,
    }
    key = cache_key(tool, store.structure_hash(atoms), version or "-", parameters)

    def run() -> dict[str, Any]:
        try:
            with time_limit(ctx.deadline.remaining(), ctx.deadline.limit_s):
                out = compute()
        except ToolError:
            raise
        except Exception as e:
            raise SimulationFailed(
                f"{tool} failed: {type(e).__name__}: {' '.join(str(e).split())[:200]}"
            ) from e
        out = {**common, **out, "warnings": list(dict.fromkeys(ctx.warnings + out.get("warnings", [])))}
        out.update(cached=False, wall_s=round(ctx.deadline.elapsed(), 4))
        return out

    if not (use_cache and ctx.settings.simulation.cache):
        return run()
    cache = ResultCache(ctx.settings.cache_dir / "simulations")
    # Another worker computing the same key is waited for, at most as long as this call may run.
    out, cached = cache.get_or_compute(
        key,
        tool,
        run,
        usable=lambda hit: _ids_present(hit, ctx.workspace),
        wait_s=max(ctx.settings.simulation.wall_time_s - ctx.deadline.elapsed(), 0.0),
    )
    if cached:
        out.update(cached=True, wall_s=round(ctx.deadline.elapsed(), 6))
    return out


def _ids_present(result: dict[str, Any], workspace: Path) -> bool:
    ids: list[Any] = [v for k, v in result.items() if k.endswith("structure_id") and isinstance(v, str)]
    ids += [r.get("structure_id") for r in result.get("ranking", []) if isinstance(r, dict)]
    return all(store.exists(i, workspace) for i in ids if i)


def run_on_crystal(
    tool: str,
    params: Any,
    settings: ToolSettings,
    compute: Callable[[Atoms, CalculatorInfo, Context], dict[str, Any]],
) -> dict[str, Any]:
    """The common frame of a property tool on a crystal: resolve ``params.structure``, refuse a
    molecule, choose ``params.calculator``, and run ``compute(atoms, info, ctx)`` through the cache
    keyed by every other argument."""
    from tools.errors import ToolInputError

    ctx = new_context(settings)
    atoms = ctx.atoms(params.structure)
    if not atoms.pbc.all():
        raise ToolInputError(f"{tool} needs a periodic crystal, not a molecule")
    info = ctx.calculator(params.calculator, atoms)
    parameters = params.model_dump(exclude={"structure", "calculator", "use_cache"})
    return run_cached(tool, ctx, atoms, info, parameters, lambda: compute(atoms, info, ctx), params.use_cache)
