"""Calculator plug-ins through entry points, the cache across processes, and tool-call messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools import calculators, get_tool, list_tools
from tools.calculators import registry, supported_calculators

REPO = Path(__file__).resolve().parents[2]


def test_entry_point_calculator_plugs_in(test_plugin: Path) -> None:
    table = registry()
    assert "lj-test" in table and {"emt", "chgnet", "xtb"} <= set(table)
    assert table["lj-test"].source == "plug-in lj (hypoloop-test-plugin)"
    assert table["emt"].source == "built-in"
    assert "lj-test" in supported_calculators(["Ar"], periodic=True)
    out = get_tool("single_point").invoke(
        {"structure": {"formula": "Ar", "prototype": "fcc", "a": 5.3}, "calculator": "lj-test"}
    )
    assert out["calculator"] == "lj-test" and out["calculator_version"] == "lj-test 1"
    assert out["energy_per_atom_ev"] < 0
    # The broken entry point is skipped and remembered for doctor, never fatal.
    assert [f["name"] for f in calculators.registry_failures()] == ["broken"]


def test_entry_point_tool_plugs_in(test_plugin: Path) -> None:
    rows = {r["name"]: r for r in list_tools()}
    assert rows["reverse_text"]["source"] == "plug-in hypoloop_test_plugin:reverse_text (hypoloop-test-plugin)"
    assert rows["equation_of_state"]["source"] == "built-in"
    assert get_tool("reverse_text").invoke({"text": "abc"}) == {"reversed": "cba"}


def test_plugins_reach_manifest_and_doctor(test_plugin: Path, home: Path) -> None:
    from agent.cli.doctor import collect
    from agent.runs.manifest import build_manifest
    from agent.settings import Settings

    settings = Settings.load()
    manifest = build_manifest(settings, run_id="r1", kind="test", input="x", created_at="now")
    lj = manifest.calculators["lj-test"]
    assert lj["ok"] and lj["version"] == "lj-test 1" and lj["source"].startswith("plug-in lj")
    assert manifest.claim_kinds["palindrome"] == "plug-in palindrome (hypoloop-test-plugin)"
    report = collect(settings)
    assert report["calculators"]["lj-test"]["source"] == lj["source"]
    assert report["claim_kinds"]["palindrome"].startswith("plug-in") and report["claim_kinds"]["polymorph"] == "built-in"
    assert {f["name"] for f in report["plugin_failures"]} == {"broken"}


def test_plugin_claim_kind_runs_through_the_graph(test_plugin: Path, home: Path) -> None:
    """A third-party claim kind is parsed, planned with a (plug-in) tool, judged and rendered by
    the same graph as the built-ins, offline."""
    from agent import Assistant, Settings

    assistant = Assistant(Settings.load(llm={"provider": "offline"}), record=False)
    yes = assistant.test("The word 'level' is a palindrome.")
    assert yes.verdict == "supported" and yes.tested_as == "The word 'level' is the same when reversed."
    no = assistant.test("The word 'hello' is a palindrome.")
    assert no.verdict == "refuted" and no.evidence[0].tool_run_id


def test_doctor_cli_lists_plugins_in_a_fresh_process(test_plugin: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "agent.cli.app", "doctor"], capture_output=True, text=True, cwd=REPO, env={**os.environ, "COLUMNS": "250"}
    )
    assert proc.returncode == 0, proc.stderr
    assert "calculator lj-test" in proc.stdout and "plug-in lj (hypoloop-test-plugin)" in proc.stdout
    assert "plug-in failed: broken" in proc.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "agent.cli.app", "tools", "list", "--json"],
        capture_output=True, text=True, cwd=REPO, env={**os.environ, "COLUMNS": "250"},
    )
    assert "reverse_text" in {r["name"] for r in json.loads(listed.stdout)}


def test_cache_is_shared_across_processes(home: Path) -> None:
    args = {"structure": {"formula": "Pd", "prototype": "fcc"}, "calculator": "emt"}
    code = (
        "import json, sys; from tools import get_tool; "
        f"print(json.dumps(get_tool('single_point').invoke({args!r})))"
    )
    env = {**os.environ, "HYPOLOOP_HOME": str(home)}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, check=True
    )
    child = json.loads(proc.stdout.strip().splitlines()[-1])
    assert child["cached"] is False
    here = get_tool("single_point").invoke(args)
    assert here["cached"] is True and here["energy_ev"] == child["energy_ev"]


def test_tool_call_messages_carry_status() -> None:
    tool = get_tool("build_structure")
    ok = tool.invoke(
        {
            "name": "build_structure",
            "args": {"structure": {"molecule": "CO"}},
            "id": "c1",
            "type": "tool_call",
        }
    )
    assert ok.status == "success" and json.loads(ok.content)["n_atoms"] == 2
    bad = tool.invoke(
        {"name": "build_structure", "args": {"structure": {"formula": "Q"}}, "id": "c2", "type": "tool_call"}
    )
    assert bad.status == "error" and json.loads(bad.content)["error"]["type"] == "ToolInputError"


@pytest.mark.parametrize(
    "structure",
    [
        {"xyz": "1\nunknown element\nXx 0 0 0\n"},
        {"xyz": "3\ntruncated\nO 0 0 0\n"},
        {"poscar": "garbage\n\x00\x01 binary junk"},
        {"poscar": "Si\n1.0\n5.4 0 0\n0 5.4 0\n0 0 5.4\nSi\n2\nDirect\n0 0 0\n"},
        {"cif": "data_x\n_cell_length_a 3\n_cell_length_b\n"},
    ],
)
def test_more_bad_texts_are_input_errors(structure: dict[str, str]) -> None:
    out = get_tool("single_point").invoke({"structure": structure, "calculator": "emt"})
    assert set(out) == {"error"} and out["error"]["type"] == "ToolInputError", out
