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

from agent.batch.cluster import DRIVER_TOOLS, DaskToolExecutor
from agent.batch.preload import worker_preload
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
    assert {"torch", "chgnet.model.dynamics", "tools.definition", "tools.eos", "tools.molecules"} <= set(modules)
    assert "retrieval.tool" not in modules and "tools.datasets.tool" not in modules
    assert "tools.adapter" not in modules  # workers run tool definitions, never LangChain tools
    assert len(modules) == len(set(modules))


def test_the_fork_server_also_preloads_sevennet_quietly() -> None:
    """Forked workers share one import of SevenNet's modules (~2 s each otherwise, at the first
    SevenNet call); a job worker's start-up list stays without them, and the import is silent
    (the fork server's output is the user's terminal)."""
    import subprocess
    import sys

    from agent.batch.preload import fork_server_preload

    server = fork_server_preload()
    assert server[-2:] == ["tools.sevennet_engine", "agent.batch.fork_server_exit"]
    assert "tools.sevennet_engine" not in worker_preload() and set(worker_preload()) < set(server)
    probe = "import sys, tools.sevennet_engine; print('torch_geometric.data' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout == "True\n" and run.stderr == ""


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
    from fresh_python import fresh_python

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
    out = fresh_python(probe)
    assert out.split() == ["VERDICT=supported", "NEW="], out


EMT_EOS = {"structure": {"formula": "Cu", "prototype": "fcc"}, "calculator": "emt"}


def test_a_call_sent_ahead_is_taken_by_the_same_call_of_the_graph(tmp_path: Path) -> None:
    settings = Settings.load(home=tmp_path, simulation={"default_calculator": "emt"})
    client = PoolClient(threads=2)
    executor = DaskToolExecutor(client, settings.tool_settings(), capacity=lambda: 2)
    executor.send_ahead("equation_of_state", EMT_EOS, "cu", 4, wanted=lambda: True)
    same_call = {"calculator": "emt", "structure": {"prototype": "fcc", "formula": "Cu"}}  # any key order
    out = executor.invoke("equation_of_state", same_call)
    assert client.calls == 1 and abs(out["lattice_a_angstrom"] - 3.59) < 0.02 and out["cached"] is False
    # a claim whose graph started sends its own calls: nothing is sent ahead for it
    executor.send_ahead("equation_of_state", {**EMT_EOS, "n_points": 5}, "started", 4, wanted=lambda: False)
    assert client.calls == 1
    # what a claim's graph never took is dropped as the claim ends; the call is then sent anew
    executor.send_ahead("equation_of_state", {**EMT_EOS, "n_points": 9}, "ni", 4, wanted=lambda: True)
    executor.drop_ahead("ni")
    executor.invoke("equation_of_state", {**EMT_EOS, "n_points": 9})
    assert client.calls == 3


class GateClient:
    """``client.submit`` whose calls finish only when released: records the order they were sent."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(4)
        self.sent: list[str] = []
        self.gate = threading.Event()

    def submit(self, fn: Any, name: str, args: dict[str, Any], settings: Any, key: str, pure: bool) -> Any:
        self.sent.append(args["tag"])
        future: Future[Any] = self.pool.submit(lambda: self.gate.wait(30) and {"tag": args["tag"]})
        future.release = lambda: None  # type: ignore[attr-defined]
        return future


def test_calls_sent_ahead_wait_for_the_graphs_calls(tmp_path: Path) -> None:
    """One worker thread, busy: a graph's call waiting for it goes before a call to send ahead."""
    import time

    executor = DaskToolExecutor(client := GateClient(), Settings.load(home=tmp_path).tool_settings(), lambda: 1)

    def until(condition: Any) -> None:
        deadline = time.monotonic() + 30
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.01)

    running = threading.Thread(target=executor.invoke, args=("single_point", {"tag": "running"}))
    running.start()
    until(lambda: client.sent == ["running"])
    # The call to send ahead starts waiting first: first in line, it still lets the graph's go.
    ahead = threading.Thread(
        target=executor.send_ahead, args=("single_point", {"tag": "ahead"}, "later", 4, lambda: True)
    )
    ahead.start()
    time.sleep(0.2)
    waiting = threading.Thread(target=executor.invoke, args=("single_point", {"tag": "graph"}))
    waiting.start()
    until(lambda: executor._waiting == 1)
    assert client.sent == ["running"]  # the worker is busy: neither goes yet
    client.gate.set()
    for t in (running, waiting, ahead):
        t.join(timeout=30)
    assert client.sent == ["running", "graph", "ahead"]


def test_the_calls_sent_ahead_are_the_calls_the_offline_graph_makes(tmp_path: Path) -> None:
    """A call sent ahead that the graph then does not make is computed for nothing."""
    from agent.assistant import Assistant
    from agent.batch.prefetch import planned_calls

    settings = Settings.load(
        home=tmp_path, llm={"provider": "offline"}, simulation={"default_calculator": "emt"}, agent={"stress_test": False}
    )
    claims = [
        "Nickel has a larger bulk modulus than aluminium.",
        "The lattice constant of fcc nickel is about 3.5 Å.",
        "Aluminium is less dense than copper.",
        "Water is a linear molecule.",
    ]
    assistant = Assistant(settings)
    for claim in claims:
        made = [
            (r.tool, r.args)
            for r in assistant.run("test", claim).tool_runs
            if r.purpose == "research" and r.tool not in DRIVER_TOOLS
        ]
        planned = [(name, args) for name, args in planned_calls(claim, "emt") if name not in DRIVER_TOOLS]
        assert made and planned == made, claim
    assert planned_calls("Synthesise sarin from its precursors.", "emt") == []  # refused before any tool
