"""`hypoloop tools list|run` through the real CLI entry point."""

from __future__ import annotations

import json

import pytest

from agent.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_tools_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tools", "list", "--json")
    assert code == 0
    names = [row["name"] for row in json.loads(out)]
    assert "compare_polymorphs" in names and "literature_search" in names
    code, out, _ = run(capsys, "tools", "list")
    assert code == 0 and "equation_of_state" in out


def test_tools_run_build_structure_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = json.dumps({"structure": {"formula": "NaCl", "prototype": "rocksalt"}})
    code, out, _ = run(capsys, "tools", "run", "build_structure", "--args", args, "--json")
    assert code == 0
    result = json.loads(out)
    assert result["spacegroup_number"] == 225 and result["n_atoms"] == 2


def test_tools_run_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "tools", "run", "build_structure", "--args", '{"structure": {"molecule": "CH4"}}'
    )
    assert code == 0 and "structure_id" in out


@pytest.mark.parametrize("bad", ['{"structure": ', "[1, 2]", "nonsense"])
def test_bad_json_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], bad: str) -> None:
    code, out, err = run(capsys, "tools", "run", "build_structure", "--args", bad)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "--args" in err


def test_unknown_tool_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "tools", "run", "no_such_tool")
    assert code == 2 and "build_structure" in err


def test_tool_error_result_becomes_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    args = json.dumps({"structure": {"formula": "Cu", "prototype": "nope"}})
    code, out, err = run(capsys, "tools", "run", "build_structure", "--args", args, "--json")
    assert code == 2 and out == "" and "ToolInputError" in err


def test_home_flag_reaches_the_tools(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    from pathlib import Path

    home = Path(str(tmp_path)) / "elsewhere"
    args = json.dumps({"structure": {"molecule": "N2"}})
    code, out, _ = run(
        capsys, "--home", str(home), "tools", "run", "build_structure", "--args", args, "--json"
    )
    assert code == 0
    sid = json.loads(out)["structure_id"]
    assert (home / "workspace" / "structures" / f"{sid}.json").is_file()
