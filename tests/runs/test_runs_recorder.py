"""RunRecorder: the manifest's content, the ledger, atomic results, crash survival, no secrets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from agent.results import ToolRun
from agent.runs import RunRecorder, load_run, new_run_id
from agent.settings import Settings
from retrieval.provenance import bundled_minilm_dir, weights_sha256
from tools.weights import package_dir, sha256_file

KEY = "sk-proj-TOPSECRET-0123456789abcdef"
PROMPTS = {"system": "a" * 64, "research": "b" * 64}


def tool_run(i: int, error: str | None = None) -> ToolRun:
    return ToolRun(
        id=f"run-{i}",
        tool="relax_structure",
        args={"structure_id": f"s{i}", "fmax": 0.05},
        output=None if error else {"energy_eV": -3.5 - i},
        error=error,
        wall_s=0.25 * i,
        started_at="2026-01-01T00:00:00Z",
    )


def test_manifest_records_what_the_run_depended_on(home: Path) -> None:
    settings = Settings.load(llm={"base_url": "http://127.0.0.1:9/v1", "temperature": 0.2}, agent={"seed": 7})
    rec = RunRecorder.start(settings, "test", "Cu is fcc", thread_id="th-1", prompts=PROMPTS)
    assert rec.run_dir == home / "runs" / rec.run_id
    m = json.loads((rec.run_dir / "manifest.json").read_text())
    assert m["run_id"] == rec.run_id and m["thread_id"] == "th-1"
    assert (m["kind"], m["input"], m["status"], m["finished_at"]) == ("test", "Cu is fcc", "running", None)
    assert m["hypoloop_version"] and m["python"].count(".") == 2
    assert m["packages"]["ase"] and m["packages"]["langgraph"]
    assert m["model"] == {
        "provider": "openai-compatible",
        "model": settings.llm.model,
        "reason": "llm.base_url is set (http://127.0.0.1:9/v1)",
        "temperature": 0.2,
        "base_url": "http://127.0.0.1:9/v1",
        "timeout_s": settings.llm.timeout_s,
        "max_retries": settings.llm.max_retries,
    }
    # The CHGNet weights in use (settings.simulation.chgnet_model), hashed from the package.
    in_use = sorted((package_dir("chgnet") / "pretrained" / "0.3.0").glob("*.pth.tar"))  # type: ignore[operator]
    assert list(m["calculators"]["chgnet"]["weights"].values()) == [sha256_file(in_use[0])]
    assert m["packages"]["ase"] in m["calculators"]["emt"]["version"]
    assert m["packages"]["tblite"] in m["calculators"]["xtb"]["version"]
    assert all(c["ok"] and c["source"] == "built-in" for c in m["calculators"].values())
    minilm = bundled_minilm_dir()
    assert minilm is not None
    assert m["embedding"]["sha256"] == weights_sha256(minilm / "model.safetensors")
    assert m["embedding"]["sha256"].startswith("53aa5117")
    assert m["seeds"] == {"agent.seed": 7}
    assert m["prompts"] == PROMPTS
    assert m["settings"] == settings.public_dict()


def test_offline_manifest_and_injected_model(home: Path) -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    rec = RunRecorder.start(Settings.load(), "ask", "q")
    assert json.loads((rec.run_dir / "manifest.json").read_text())["model"]["provider"] == "offline"
    rec2 = RunRecorder.start(Settings.load(), "ask", "q", model=FakeListChatModel(responses=["x"]))
    model = json.loads((rec2.run_dir / "manifest.json").read_text())["model"]
    assert model["provider"] == "custom" and model["injected"] is True and "FakeListChatModel" in model["cls"]


def test_ledger_result_and_finish(home: Path) -> None:
    with RunRecorder.start(Settings.load(), "test", "claim") as rec:
        rec.record_tool_run(tool_run(1))
        rec.record_tool_run(tool_run(2, error="SimulationFailed: exploded").model_dump())
        rec.add_usage({"input_tokens": 100, "output_tokens": 20, "total_tokens": 120})
        rec.add_usage({"input_tokens": 50, "output_tokens": 5, "total_tokens": 55})
        rec.record_result({"verdict": "supported", "confidence": 0.9})
        rec.record_result({"verdict": "refuted", "confidence": 0.8})  # replaces, atomically
    lines = (rec.run_dir / "ledger.jsonl").read_text().splitlines()
    assert [json.loads(x)["seq"] for x in lines] == [1, 2]
    first = json.loads(lines[0])
    assert ToolRun.model_validate(
        {k: v for k, v in first.items() if k not in ("seq", "recorded_at")}
    ) == tool_run(1)
    assert json.loads(lines[1])["error"] == "SimulationFailed: exploded"
    assert json.loads((rec.run_dir / "result.json").read_text())["verdict"] == "refuted"
    m = json.loads((rec.run_dir / "manifest.json").read_text())
    assert m["status"] == "done" and m["finished_at"] and m["wall_s"] >= 0
    assert m["tool_runs"] == 2 and m["usage"] == {
        "input_tokens": 150,
        "output_tokens": 25,
        "total_tokens": 175,
    }
    assert sorted(p.name for p in rec.run_dir.iterdir()) == ["ledger.jsonl", "manifest.json", "result.json"]


def test_exception_keeps_what_was_recorded(home: Path) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        with RunRecorder.start(Settings.load(), "test", "claim") as rec:
            rec.record_tool_run(tool_run(1))
            rec.record_tool_run(tool_run(2))
            raise RuntimeError("boom\nsecond line")
    run = load_run(Settings.load(), rec.run_id)
    assert [e["id"] for e in run["ledger"]] == ["run-1", "run-2"]
    assert run["manifest"]["status"] == "failed"
    assert run["manifest"]["error"] == "RuntimeError: boom second line"


def test_interrupt_and_first_finish_wins(home: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        with RunRecorder.start(Settings.load(), "chat", "hi") as rec:
            raise KeyboardInterrupt
    assert load_run(Settings.load(), rec.run_id)["manifest"]["status"] == "interrupted"
    with RunRecorder.start(Settings.load(), "chat", "hi") as rec2:
        rec2.finish("failed", "budget")
    assert load_run(Settings.load(), rec2.run_id)["manifest"]["status"] == "failed"


KILLED_CHILD = """
import os, signal
from agent.results import ToolRun
from agent.runs import RunRecorder
from agent.settings import Settings
rec = RunRecorder.start(Settings.load(), "batch", "many claims")
for i in range(3):
    rec.record_tool_run(ToolRun(id=f"r{i}", tool="eos", args={"i": i}, wall_s=1.0))
print(rec.run_id, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_process_keeps_its_ledger(home: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_CHILD], capture_output=True, text=True, env=os.environ
    )
    assert proc.returncode == -9, proc.stderr
    run = load_run(Settings.load(), proc.stdout.strip())
    assert [e["id"] for e in run["ledger"]] == ["r0", "r1", "r2"]
    assert run["manifest"]["status"] == "running"  # nobody lived to finish it, and it says so


def test_parallel_tool_threads_write_whole_lines(home: Path) -> None:
    rec = RunRecorder.start(Settings.load(), "test", "claim")

    def work(t: int) -> None:
        for i in range(25):
            rec.record_tool_run(ToolRun(id=f"{t}-{i}", tool="md", args={"payload": "x" * 2000}))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run = load_run(Settings.load(), rec.run_id)
    assert run["ledger_errors"] == 0 and len(run["ledger"]) == 200
    assert sorted(e["seq"] for e in run["ledger"]) == list(range(1, 201))


def test_no_api_key_in_any_file(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY + "-env")
    settings = Settings.load(llm={"api_key": KEY, "base_url": f"https://user:{KEY}@llm.example/v1"})
    with RunRecorder.start(settings, "test", "claim") as rec:
        # A key that leaks into tool arguments or an error message is still scrubbed.
        rec.record_tool_run(ToolRun(id="r1", tool="t", args={"note": f"key={KEY}"}, error=f"bad {KEY}-env"))
        rec.record_result({"verdict": "inconclusive", "summary": f"echo {KEY}"})
    files = list(rec.run_dir.iterdir())
    assert len(files) == 3
    for f in files:
        text = f.read_text()
        assert KEY not in text and "TOPSECRET" not in text, f.name
    m = json.loads((rec.run_dir / "manifest.json").read_text())
    assert m["settings"]["llm"]["api_key"] == "set"
    assert m["model"]["base_url"] == "https://llm.example/v1"


def test_run_ids_sort_by_time_and_are_unique() -> None:
    ids = [new_run_id() for _ in range(500)]
    assert ids == sorted(ids) and len(set(ids)) == 500


def test_injected_openai_model_is_described_by_its_own_values(home: Path) -> None:
    from agent.llm import build_chat_model

    url = "http://127.0.0.1:9/v1"
    model = build_chat_model(Settings.load(llm={"base_url": url, "temperature": 0.4, "model": "local-llm"}))
    rec = RunRecorder.start(Settings.load(), "test", "claim", model=model)  # settings say offline
    info = json.loads((rec.run_dir / "manifest.json").read_text())["model"]
    assert (info["provider"], info["model"], info["temperature"], info["base_url"]) == (
        "openai-compatible",
        "local-llm",
        0.4,
        url,
    )
