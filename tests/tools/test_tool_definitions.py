"""Tools as plain definitions: what a batch worker runs gives exactly what the LangChain tool
gives (results and error dicts alike), and a worker that runs one never imports LangChain."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tools import ToolSettings, get_tool
from tools.registry import definition
from tools.remote import invoke_json

ROOT = Path(__file__).resolve().parents[2]
CASES: list[tuple[str, dict[str, Any]]] = [
    ("single_point", {"structure": {"formula": "Cu", "prototype": "fcc"}, "calculator": "emt"}),
    ("single_point", {"structure": {"formula": "Cu", "prototype": "fcc"}, "calculator": "no-such"}),  # ToolError
    ("single_point", {"structure": {"formula": "Cu", "bogus": 1}}),  # invalid input
    ("equation_of_state", {"structure": {"formula": "NaCl", "prototype": "rocksalt"}, "calculator": "emt"}),
]


@pytest.mark.parametrize(("name", "args"), CASES, ids=["result", "tool_error", "invalid_input", "unsupported"])
def test_the_definition_and_the_langchain_tool_give_the_same_output(
    name: str, args: dict[str, Any], tmp_path: Path
) -> None:
    settings = ToolSettings.at_home(tmp_path)
    by_definition = definition(name, settings)
    assert by_definition is not None
    first, second = by_definition.invoke(args), get_tool(name, settings).invoke(args)
    for out in (first, second):  # how long it took and whether the cache answered differ
        out.pop("wall_s", None), out.pop("cached", None)
    assert first == second


def test_the_literature_tool_has_no_plain_definition() -> None:
    """It is a LangChain tool itself: remote calls of it (never made: it stays in the driver)
    would go through get_tool."""
    assert definition("literature_search") is None and definition("no_such_tool") is None


def test_a_worker_runs_a_tool_without_importing_langchain(tmp_path: Path) -> None:
    """The worker's preload, then one tool call from JSON, in a fresh process: LangChain is
    ~2.5 s of start-up that no computation needs."""
    settings = ToolSettings.at_home(tmp_path)
    script = (
        "import importlib, json, sys\n"
        "from agent.batch.preload import worker_preload\n"
        "for name in worker_preload()[:-1]:\n"
        "    try: importlib.import_module(name)\n"
        "    except ImportError: pass\n"
        "from tools.remote import invoke_json\n"
        f"out = invoke_json('single_point', {json.dumps(CASES[0][1])}, json.loads(sys.argv[1]))\n"
        "print(json.dumps({'energy': out.get('energy_ev'), 'langchain': sorted(m for m in sys.modules"
        " if m.startswith('langchain'))}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    run = subprocess.run([sys.executable, "-c", script, settings.model_dump_json()], capture_output=True,
                         text=True, env=env, timeout=300, check=True)  # fmt: skip
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["langchain"] == []
    assert seen["energy"] == invoke_json("single_point", CASES[0][1], settings.model_dump(mode="json"))["energy_ev"]
