from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from agent.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_the_command_tree(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for cmd in ("chat", "ask", "test", "propose", "batch", "index", "tools", "eval", "doctor"):
        assert cmd in out


@pytest.mark.parametrize("sub", ["index", "tools"])
def test_group_help(capsys: pytest.CaptureFixture[str], sub: str) -> None:
    code, out, _ = run(capsys, sub, "--help")
    assert code == 0 and "Usage" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("hypoloop ")


def test_doctor_json_reports_setup(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = run(capsys, "doctor", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["workspace"] == {"path": str(home), "writable": True}
    assert report["model_provider"]["provider"] == "offline"
    assert report["embedding_model"]["ok"] is True
    assert report["embedding_model"]["sha256"].startswith("53aa5117")
    assert report["calculators"]["chgnet"]["ok"] is True
    assert set(report["calculators"]) >= {"emt", "chgnet", "xtb"} and report["plugin_failures"] == []
    assert report["index"]["exists"] is False
    assert report["data"]["exists"] is False and "hypoloop data add" in report["data"]["hint"]


def test_doctor_explains_provider_choice(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, "--base-url", "http://127.0.0.1:9/v1", "doctor", "--json")
    assert code == 0
    assert json.loads(out)["model_provider"]["provider"] == "openai-compatible"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    code, out, _ = run(capsys, "doctor", "--json")
    assert json.loads(out)["model_provider"]["provider"] == "openai"
    code, out, _ = run(capsys, "--offline", "doctor", "--json")
    assert json.loads(out)["model_provider"]["provider"] == "offline"


def test_doctor_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "doctor")
    assert code == 0
    assert "model provider" in out and "calculator chgnet" in out and "workspace" in out


def test_config_error_is_one_line_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[llm]\nmodle = 1\n")
    code, out, err = run(capsys, "--config", str(bad), "doctor")
    assert code == 2
    assert "Traceback" not in err and "error:" in err
    assert len(err.strip().splitlines()) == 1


def test_debug_shows_the_exception(tmp_path: Path) -> None:
    from agent.errors import ConfigError

    with pytest.raises(ConfigError):
        main(["--debug", "--config", str(tmp_path / "missing.toml"), "doctor"])


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "no-such-command")
    assert code == 2 and "No such command" in err


def test_help_does_not_import_heavy_packages() -> None:
    probe = (
        "import sys\nfrom agent.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ['torch', 'pymatgen', 'faiss', 'langchain_core', 'langgraph', 'chgnet', 'sevenn', 'sentence_transformers', 'ase', 'mcp', 'uvicorn']\n"
        "print('LOADED=' + ','.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("LOADED=")


def test_console_script_exit_codes(home: Path) -> None:
    exe = Path(sys.executable).parent / "hypoloop"
    r = subprocess.run(
        [str(exe), "--config", str(home / "none.toml"), "doctor"], capture_output=True, text=True
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_runs_commands_are_registered(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "runs", "list", "--json")
    assert code == 0 and json.loads(out) == []
    code, _, err = run(capsys, "runs", "show", "nope")
    assert code == 2 and "error:" in err


def test_long_error_stays_on_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    deep = tmp_path / ("a-very-long-folder-name-" * 6) / "config.toml"
    code, _, err = run(capsys, "--config", str(deep), "doctor")
    assert code == 2 and len(err.strip().splitlines()) == 1 and str(deep) in err


def test_global_options_after_the_sub_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`--offline`, `--home`, `--base-url` and `--json` work where users type them: after the
    sub-command as well as before it, and the one after the sub-command wins."""
    other = tmp_path / "elsewhere"
    code, out, _ = run(capsys, "--base-url", "http://127.0.0.1:9/v1", "doctor", "--offline", "--home", str(other), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["model_provider"]["provider"] == "offline"
    assert report["workspace"]["path"] == str(other)
    code, out, _ = run(capsys, "doctor", "--base-url", "http://127.0.0.1:9/v1", "--json")
    assert json.loads(out)["model_provider"]["provider"] == "openai-compatible"
    # --json before the sub-command reaches commands that print JSON.
    code, out, _ = run(capsys, "--json", "tools", "list")
    assert code == 0 and {r["name"] for r in json.loads(out)} >= {"equation_of_state", "literature_search"}


@pytest.mark.parametrize("command", [["test", "--help"], ["index", "search", "--help"], ["runs", "list", "--help"]])
def test_every_command_help_shows_the_global_options(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    code, out, _ = run(capsys, *command)
    assert code == 0
    for option in ("--offline", "--model", "--base-url", "--json", "--home"):
        assert option in out, option


def test_offline_after_test_command_runs_offline(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A configured server nobody listens on: only --offline after the command avoids it.
    monkeypatch.setenv("HYPOLOOP_LLM__BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("HYPOLOOP_LLM__MAX_RETRIES", "0")
    code, out, err = run(capsys, "test", "Water is a linear molecule.", "--offline", "--json")
    assert code == 0, err
    assert json.loads(out)["verdict"] == "refuted"


def _listed(out: str) -> dict[str, str]:
    """The Commands panel of a --help page: name -> the text of its row. A summary broken over
    rows (the docstring's source line breaks) gives continuation rows, kept as their own entries."""
    rows: dict[str, str] = {}
    panel = out.split("Commands", 1)[1]
    for line in panel.splitlines()[1:]:
        m = re.match(r"^│ (\S*)\s+(.*?)\s*│$", line)
        if m is None:
            break
        name = m.group(1) or f"<continuation of {list(rows)[-1]}>"
        rows[name] = m.group(2)
    return rows


@pytest.mark.parametrize("group", [[], ["index"], ["data"], ["tools"], ["runs"]])
def test_each_command_summary_is_its_first_sentence_on_one_line(
    group: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #27: `hypoloop --help` broke `propose` and `eval` mid-sentence where their
    docstrings wrap. A wide terminal, so any row break left is a line break from the source."""
    import typer

    from agent.cli.app import app

    monkeypatch.setenv("COLUMNS", "400")
    code, out, _ = run(capsys, *group, "--help")
    assert code == 0
    command = typer.main.get_command(app)
    for name in group:
        command = command.commands[name]  # type: ignore[attr-defined]
    listed = _listed(out)
    assert not [n for n in listed if n.startswith("<")], listed
    for name, sub in command.commands.items():  # type: ignore[attr-defined]
        summary = listed[name]
        if sub.help is None:  # a group: the one-line help given to add_typer
            continue
        doc = " ".join(sub.help.split())
        assert summary.endswith(".") and doc.startswith(summary), (name, summary)
        rest = doc[len(summary):]
        assert rest == "" or re.match(r" [A-Z]", rest), (name, summary)  # a whole sentence
    assert "propose" not in listed or "stress-test the top K." in listed["propose"]


def test_command_help_keeps_the_details(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    code, out, _ = run(capsys, "eval", "--help")
    assert code == 0 and "Results already in the results file are reused (eval always resumes)." in out
    _, listing, _ = run(capsys, "--help")
    assert "Results already" not in listing  # the summary is the first sentence only
