"""The Dask tool executor's driver side: one call per worker thread in flight (the rest wait in
the driver, not in a busy worker's queue), the tools that never leave the driver, what the
workers' fork server imports, and the driver's warm-up that overlaps the workers' start.

The Dask client is replaced at its seam by a thread pool that runs the real ``invoke_json``
(EMT, so each call is real physics and takes milliseconds); the real cluster is in
test_batch_dask.py (slow)."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from agent.batch.cluster import DRIVER_TOOLS, DaskToolExecutor, worker_preload
from agent.graph.warm import import_run_modules
from agent.settings import Settings


class PoolClient:
    """``client.submit`` on a thread pool, counting the calls running at once."""

    def __init__(self, threads: int) -> None:
        self.pool = ThreadPoolExecutor(threads)
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0
        self.calls = 0

    def submit(self, fn: Any, *args: Any, key: str, pure: bool) -> Any:
        def counted() -> Any:
            with self.lock:
                self.running += 1
                self.calls += 1
                self.most = max(self.most, self.running)
            try:
                return fn(*args)
            finally:
                with self.lock:
                    self.running -= 1

        future: Future[Any] = self.pool.submit(counted)
        future.release = lambda: None  # type: ignore[attr-defined]
        return future


def test_no_more_calls_in_flight_than_worker_threads(tmp_path: Path) -> None:
    settings = Settings.load(home=tmp_path, simulation={"default_calculator": "emt"})
    client = PoolClient(threads=6)
    executor = DaskToolExecutor(client, settings.tool_settings(), capacity=lambda: 2)
    results: list[Any] = []

    def call(metal: str) -> None:
        structure = {"formula": metal, "prototype": "fcc"}
        results.append(executor.invoke("equation_of_state", {"structure": structure, "calculator": "emt"}))

    threads = [threading.Thread(target=call, args=(m,)) for m in ("Cu", "Al", "Ni", "Ag", "Au", "Pd")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert client.calls == 6 and len(results) == 6
    assert all(r.get("bulk_modulus_gpa", 0) > 30 for r in results), results
    assert client.most == 2  # six callers, two worker threads: never more than two submitted


def test_literature_and_user_data_stay_in_the_driver(tmp_path: Path) -> None:
    executor = DaskToolExecutor(PoolClient(1), Settings.load(home=tmp_path).tool_settings(), lambda: 1)
    assert DRIVER_TOOLS == {"literature_search", "data_query"}
    assert not any(executor.remote(name) for name in DRIVER_TOOLS)
    assert executor.remote("equation_of_state") and executor.remote("molecule_geometry")


def test_workers_preload_every_simulation_tool_module_but_not_the_driver_tools() -> None:
    modules = worker_preload()
    assert {"torch", "chgnet.model.dynamics", "tools.adapter", "tools.eos", "tools.molecules"} <= set(modules)
    assert "retrieval.tool" not in modules and "tools.datasets.tool" not in modules
    assert len(modules) == len(set(modules))


def test_warm_up_imports_the_graph_and_writes_nothing(tmp_path: Path) -> None:
    import sys

    home = tmp_path / "home"
    import_run_modules(Settings.load(home=home))
    assert "agent.graph.build" in sys.modules and "langgraph.graph" in sys.modules
    assert not home.exists() or not any(home.rglob("*"))


def test_after_the_warm_up_a_run_imports_none_of_the_drivers_modules(tmp_path: Path) -> None:
    """In a batch the driver shares a core with a worker: a module the first runs import
    lazily is paid for there. Tool modules may load here (tools run in this process without
    Dask; in a batch the workers run them)."""
    import subprocess
    import sys

    probe = (
        "import sys\nfrom pathlib import Path\nfrom agent.settings import Settings\n"
        "from agent.graph.warm import import_run_modules\nfrom agent.assistant import Assistant\n"
        f"s = Settings.load(home=Path({str(tmp_path)!r}), llm={{'provider': 'offline'}}, "
        "simulation={'default_calculator': 'emt'})\n"
        "import_run_modules(s)\nbefore = set(sys.modules)\n"
        "r = Assistant(s).run('test', 'Aluminium is less dense than copper.')\n"
        "print('VERDICT=' + r.verdicts[0].verdict)\n"
        "roots = ('agent', 'retrieval', 'prompts', 'langgraph', 'langchain_core', 'langsmith', 'pydantic')\n"
        "print('NEW=' + ','.join(sorted(m for m in set(sys.modules) - before if m.split('.')[0] in roots)))\n"
    )
    env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.split() == ["VERDICT=supported", "NEW="], out.stdout
