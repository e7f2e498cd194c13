"""A simulation engine that raises, returns NaN or hangs: each ends in a clear error result, and
the wall-time limit interrupts a call in flight (tools/interrupt.py), on the main thread and in a
worker thread."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tools import get_tool
from tools.calculators import CalculatorInfo, registry
from tools.errors import SimulationTimeout
from tools.interrupt import time_limit
from tools.settings import ToolSettings

CU = {"formula": "Cu", "prototype": "fcc"}


def _calculator(behaviour: str) -> Any:
    from ase.calculators.calculator import Calculator, all_changes

    class Faulty(Calculator):
        implemented_properties = ["energy", "forces"]  # noqa: RUF012 - ASE's interface

        def calculate(self, atoms: Any = None, properties: Any = None, system_changes: Any = all_changes) -> None:
            import numpy as np

            super().calculate(atoms, properties, system_changes)
            if behaviour == "hang":
                time.sleep(10_000)  # a stuck engine: only an interrupt ends this
            if behaviour == "spin":
                while True:  # a stuck Python-level engine loop
                    sum(range(1000))
            if behaviour == "raise":
                raise RuntimeError("SCF exploded in the engine")
            value = math.nan if behaviour == "nan" else math.inf
            self.results = {"energy": value, "forces": np.full((len(self.atoms), 3), value)}

    return Faulty()


@pytest.fixture
def faulty() -> Iterator[None]:
    table = registry()
    for behaviour in ("hang", "spin", "raise", "nan", "inf"):
        table[f"faulty-{behaviour}"] = CalculatorInfo(
            name=f"faulty-{behaviour}", description="a failing engine (test)", elements=None, periodic=True,
            molecular=True, max_atoms=100, factory=lambda s, b=behaviour: _calculator(b),
            version=lambda s: "faulty 1",
        )  # fmt: skip
    yield
    for behaviour in ("hang", "spin", "raise", "nan", "inf"):
        table.pop(f"faulty-{behaviour}", None)


def settings(limit: float) -> ToolSettings:
    s = ToolSettings.default()
    return s.model_copy(update={"simulation": s.simulation.model_copy(update={"wall_time_s": limit, "cache": False})})


@pytest.mark.parametrize("tool", ["single_point", "relax_structure"])
@pytest.mark.parametrize("behaviour", ["raise", "nan", "inf"])
def test_failing_engine_is_an_error_result(faulty: None, tally: Any, tool: str, behaviour: str) -> None:
    out = get_tool(tool, settings(30)).invoke({"structure": CU, "calculator": f"faulty-{behaviour}"})
    err = out.get("error") or {}
    tally.record("sim_fault", crashed=not err, traceback="Traceback" in str(out), lost=0)
    assert err["type"] == "SimulationFailed"
    assert "\n" not in err["message"] and ("non-finite" in err["message"] or "SCF exploded" in err["message"])


@pytest.mark.parametrize("behaviour", ["hang", "spin"])
def test_hanging_engine_is_interrupted_on_the_main_thread(faulty: None, tally: Any, behaviour: str) -> None:
    t0 = time.perf_counter()
    out = get_tool("single_point", settings(1.0)).invoke({"structure": CU, "calculator": f"faulty-{behaviour}"})
    took = time.perf_counter() - t0
    tally.record("sim_fault", crashed=took > 5 or "error" not in out, traceback=False, lost=0)
    assert out["error"]["type"] == "SimulationTimeout" and "interrupted" in out["error"]["message"]
    assert took < 5


def test_hanging_engine_is_interrupted_in_a_worker_thread(faulty: None, tally: Any) -> None:
    """The graph may run tool calls in worker threads, where no signal arrives."""
    box: dict[str, Any] = {}

    def work() -> None:
        box["out"] = get_tool("single_point", settings(1.0)).invoke({"structure": CU, "calculator": "faulty-spin"})

    t = threading.Thread(target=work, daemon=True)
    t0 = time.perf_counter()
    t.start()
    t.join(10)
    took = time.perf_counter() - t0
    tally.record("sim_fault", crashed=t.is_alive(), traceback=False, lost=0)
    assert not t.is_alive() and took < 5
    assert box["out"]["error"]["type"] == "SimulationTimeout"


def test_limit_leaves_fast_calls_and_outer_timers_alone() -> None:
    import signal

    with time_limit(5):
        assert sum(range(10)) == 45
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0  # disarmed after the block
    with pytest.raises(SimulationTimeout), time_limit(0.3):  # nested: the outer, earlier limit wins
        with time_limit(100):
            time.sleep(5)
    with pytest.raises(SimulationTimeout):
        with time_limit(0):
            pass
    # a worker-thread limit that did not fire leaves no exception pending behind it
    def fast() -> None:
        with time_limit(0.05):
            pass
        time.sleep(0.2)

    t = threading.Thread(target=fast)
    t.start()
    t.join()


def test_real_engine_within_limit_is_unaffected() -> None:
    out = get_tool("single_point", settings(60)).invoke({"structure": CU, "calculator": "emt"})
    assert "error" not in out and math.isfinite(out["energy_ev"])
