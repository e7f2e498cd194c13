"""Every command the README shows runs as shown: its shell blocks through the real CLI (offline
planner, a temporary HYPOLOOP_HOME), its Python blocks exec'd, its file blocks written first.

A block is preceded by an optional marker comment: ``<!-- readme-test: file NAME -->`` writes the
block to NAME in the working folder, ``<!-- readme-test: skip (why) -->`` skips it (make targets,
the interactive chat: tested elsewhere). Every other bash or python block runs.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
_BLOCK = re.compile(
    r"(?:<!-- readme-test: (?P<marker>[^>]*?) -->\n)?```(?P<lang>\w+)\n(?P<body>.*?)```", re.S
)


def blocks() -> list[tuple[str, str, str]]:
    """(marker, language, body) of every fenced block of the README, in order."""
    return [
        (m.group("marker") or "", m.group("lang"), m.group("body"))
        for m in _BLOCK.finditer(README.read_text(encoding="utf-8"))
    ]


def test_readme_is_short_and_its_blocks_are_all_accounted_for() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 150
    for marker, lang, _ in blocks():
        assert marker.startswith(("skip (", "file ")) or lang in ("bash", "python"), (marker, lang)
    assert sum(lang == "bash" and not marker for marker, lang, _ in blocks()) >= 2


def test_every_readme_command_runs_as_shown(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HYPOLOOP_HOME": str(tmp_path / "home"),
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": str(ROOT),
        "NO_COLOR": "1",
    }
    env.pop("OPENAI_API_KEY", None)
    work = tmp_path / "work"
    work.mkdir()
    ran = 0
    for marker, lang, body in blocks():
        if marker.startswith("skip ("):
            continue
        if marker.startswith("file "):
            (work / marker.split(" ", 1)[1].strip()).write_text(body, encoding="utf-8")
        elif lang == "bash":
            for line in body.splitlines():
                command = line.split("#", 1)[0].strip()
                if not command:
                    continue
                argv = shlex.split(command)
                assert argv[0] == "hypoloop", f"the README shows a command the test cannot run: {line}"
                done = subprocess.run(
                    [sys.executable, "-m", "agent.cli", *argv[1:]],
                    cwd=work, env=env, capture_output=True, text=True, timeout=300,
                )  # fmt: skip
                assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
                ran += 1
        elif lang == "python":
            code = f"import os\nos.chdir({str(work)!r})\n" + body
            done = subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
            )
            assert done.returncode == 0, (body, done.stderr[-2000:])
            ran += 1
    assert ran >= 4
    assert (work / "results.jsonl").read_text().count('"id"') == 2  # the batch example's output


@pytest.mark.parametrize("page", ["cli_reference", "settings_reference"])
def test_generated_reference_pages_cover_the_code(page: str) -> None:
    sys.path.insert(0, str(ROOT / "docs" / "hooks"))
    try:
        module = __import__(page)
    finally:
        sys.path.pop(0)
    text = module.render()
    if page == "cli_reference":
        import typer

        from agent.cli.app import app

        root = typer.main.get_command(app)
        for name, command in root.commands.items():  # type: ignore[attr-defined]
            assert f"`hypoloop {name}`" in text, name
            for sub in getattr(command, "commands", {}):
                assert f"`hypoloop {name} {sub}`" in text, (name, sub)
        assert "`--offline`" in text and "\n\n\n\n" not in text
    else:
        from agent.settings import Settings

        for section, field in Settings.model_fields.items():
            sub = field.annotation
            for name in getattr(sub, "model_fields", {}):
                assert f"`{section}.{name}`" in text, (section, name)
