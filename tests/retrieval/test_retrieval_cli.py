"""`hypoloop index add|search|stats|remove` through agent.cli.app."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agent.cli import main

pytestmark = pytest.mark.usefixtures("encoder")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_without_index_is_one_line_exit_2(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, err = run(capsys, "index", "search", "zirconia")
    assert code == 2 and out == ""
    # one logical line (rich may soft-wrap it to the terminal width), no traceback
    assert err.startswith("error: no literature index at") and "Traceback" not in err
    assert "hypoloop index add PATH" in " ".join(err.split())


def test_add_search_stats_remove_cycle(
    capsys: pytest.CaptureFixture[str], home: Path, corpus_file: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"_id": "x", "text": "Ceria sinters at 1400 C."}\n{nope\n')
    code, out, err = run(capsys, "index", "add", str(corpus_file), str(bad))
    assert code == 0, err
    assert "added 7" in out and "errors 1" in out and "bad.jsonl:2" in out
    assert (home / "index" / "manifest.json").is_file()  # default index lives in HYPOLOOP_HOME

    code, out, _ = run(capsys, "index", "add", str(corpus_file), "--json")
    assert code == 0 and json.loads(out)["chunks_added"] == 0

    code, out, _ = run(
        capsys, "index", "search", "oxide ion electrolyte", "-k", "2", "--mode", "dense", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["mode"] == "dense" and len(data["hits"]) == 2
    assert data["hits"][0]["doc_id"] == "ysz" and data["hits"][0]["citation"].startswith("ysz#")
    code, out, _ = run(capsys, "index", "search", "platinum hydrogen evolution", "-k", "1")
    assert code == 0 and "Platinum catalysts" in out and "catalysis#" in out

    code, out, _ = run(capsys, "index", "stats", "--json")
    assert json.loads(out)["documents"] == 7 and json.loads(out)["chunks"] == 7
    code, out, _ = run(capsys, "index", "stats")
    assert code == 0 and "documents" in out and "all-MiniLM-L6-v2" in out

    code, out, err = run(capsys, "index", "remove", "graphene", str(bad), "nothing-here")
    assert code == 1 and "removed 2" in out and "not found: nothing-here" in err
    code, out, _ = run(capsys, "index", "stats", "--json")
    assert json.loads(out)["documents"] == 5


def test_index_option_and_env_override(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    custom = tmp_path / "custom-index"
    code, _, err = run(capsys, "index", "add", str(corpus_file), "--index", str(custom), "--format", "jsonl")
    assert code == 0, err
    monkeypatch.setenv("HYPOLOOP_RETRIEVAL__INDEX_PATH", str(custom))
    code, out, _ = run(capsys, "index", "stats", "--json")
    assert code == 0 and json.loads(out)["path"] == str(custom)


def test_bad_arguments_are_clear(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus_file: Path
) -> None:
    code, _, err = run(capsys, "index", "add", str(tmp_path / "missing.pdf"))
    assert code == 2 and "no such file or folder" in err
    code, _, err = run(capsys, "index", "add", str(corpus_file), "--format", "docx")
    assert code == 2 and "unknown --format" in err
    run(capsys, "index", "add", str(corpus_file))
    code, _, err = run(capsys, "index", "search", "x", "--mode", "fuzzy")
    assert code == 2 and "unknown --mode" in err


def test_index_help_does_not_import_heavy_packages() -> None:
    code = (
        "import sys; from agent.cli import main; main(['index', '--help']); "
        "print(sorted(m for m in ('faiss','torch','sentence_transformers','bm25s') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
