"""Bad input, CLI and tools alike: each case ends in one clear line (`error: ...`, exit 2 on the
CLI; an error result from a tool), no traceback, and nothing lost or half-written.

The cases themselves are data in tests/robustness/bad_inputs.py."""

from __future__ import annotations

import json
import os
import resource
from pathlib import Path
from typing import Any

import pytest
from bad_inputs import BATCH_FILES, CU, PARAMETERS, STRUCTURES
from rob_helpers import Tally, run_cli, tree_snapshot


def _valid_call(tool: str) -> dict[str, Any]:
    if tool == "thermochemistry":
        return {"structure": {"molecule": "H2"}, "calculator": "xtb"}
    return {"structure": CU, "calculator": "emt"}


def assert_one_line_error(run: Any, fragment: str) -> None:
    assert not run.crashed, run.err
    assert run.code == 2, (run.code, run.err)
    assert run.one_line_error, run.err
    error = run.err[run.err.index("error:") :]
    assert fragment.lower() in error.lower(), error


@pytest.mark.parametrize("name", sorted(STRUCTURES))
def test_bad_structure(name: str, home: Path, capsys: pytest.CaptureFixture[str], tally: Tally) -> None:
    spec, fragment = STRUCTURES[name]
    before = tree_snapshot(home)
    run = run_cli(["tools", "run", "build_structure", "--args", json.dumps({"structure": spec})], capsys)
    lost = int(any(tree_snapshot(home).get(k) != v for k, v in before.items()))
    tally.cli("bad_input", run, lost=lost)
    assert_one_line_error(run, fragment)
    assert not (home / "workspace").exists() or not list((home / "workspace").glob("s-*"))  # nothing stored
    assert not lost


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_absurd_parameters(name: str, capsys: pytest.CaptureFixture[str], tally: Tally) -> None:
    tool, args, fragment = PARAMETERS[name]
    run = run_cli(["tools", "run", tool, "--args", json.dumps(_valid_call(tool) | args)], capsys)
    tally.cli("bad_input", run)
    assert_one_line_error(run, fragment)


@pytest.mark.parametrize("name", sorted(BATCH_FILES))
def test_bad_batch_file(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Tally, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HYPOLOOP_LLM__PROVIDER", "offline")
    file_name, content, fragment = BATCH_FILES[name]
    src = tmp_path / file_name
    src.write_bytes(content if isinstance(content, bytes) else content.encode())
    out = tmp_path / "results.jsonl"
    out.write_text('{"id": "earlier", "verdict": "supported"}\n')  # an earlier result must survive
    run = run_cli(["batch", str(src), "--out", str(out), "--workers", "0"], capsys)
    lost = int(out.read_text() != '{"id": "earlier", "verdict": "supported"}\n')
    tally.cli("bad_input", run, lost=lost)
    assert_one_line_error(run, fragment)
    assert not lost


def test_100_mb_batch_file_is_refused_without_reading_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    src = tmp_path / "huge.jsonl"
    line = (json.dumps({"id": "x", "claim": "Copper is an fcc metal. " * 40}) + "\n").encode()
    with src.open("wb") as f:
        for i in range(100 * 2**20 // len(line) + 1):
            f.write(line.replace(b'"x"', f'"x{i}"'.encode()))
    assert src.stat().st_size >= 100 * 2**20
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run = run_cli(["batch", str(src), "--out", str(tmp_path / "out.jsonl"), "--workers", "0"], capsys)
    grew_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    tally.cli("bad_input", run)
    assert_one_line_error(run, "too large")
    assert grew_mb < 50  # refused from its size, not after loading it
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    ("name", "args", "fragment"),
    [
        ("not_json", "{nope", "not valid JSON"),
        ("a_list", "[1, 2]", "must be a JSON object"),
        ("deeply_nested", '{"structure": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ("huge_text", json.dumps({"structure": {"xyz": "x" * 3_000_000}}), "longer than"),
        ("nested_dicts", json.dumps({"structure": {"formula": {"a": {"b": {"c": 1}}}}}), "valid string"),
        ("empty_string", "", "not valid JSON"),
        ("null", "null", "must be a JSON object"),
    ],
)
def test_bad_tool_arguments_on_the_cli(
    name: str, args: str, fragment: str, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    run = run_cli(["tools", "run", "build_structure", "--args", args], capsys)
    tally.cli("bad_input", run)
    assert_one_line_error(run, fragment)


def _pdf(kind: str) -> bytes:
    import io

    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    if kind == "encrypted":
        w.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


INDEX_INPUTS: dict[str, tuple[str, Any, str]] = {
    "pdf_zero_bytes": ("paper.pdf", b"", "corrupt or unreadable PDF"),
    "pdf_fake": ("paper.pdf", b"hello, I am not a PDF at all", "corrupt or unreadable PDF"),
    "pdf_truncated": ("paper.pdf", lambda: _pdf("blank")[:60], "corrupt or unreadable PDF"),
    "pdf_encrypted": ("paper.pdf", lambda: _pdf("encrypted"), "encrypted"),
    "pdf_no_text": ("paper.pdf", lambda: _pdf("blank"), "no extractable text"),
    "text_binary": ("notes.txt", bytes(range(256)) * 40, "binary file"),
    "text_not_utf8": ("notes.txt", "caf\xe9 cr\xe8me br\xfbl\xe9e, a dessert. ".encode("latin-1") * 20, "not UTF-8"),
    "text_empty": ("notes.md", b"", "empty"),
    "bibtex_garbage": ("refs.bib", b"@article{ this is { not closed", "bib"),
    "jsonl_garbage": ("docs.jsonl", b"{not json}\n", "docs.jsonl"),
    "jsonl_deeply_nested": ("docs.jsonl", b'{"id": "a", "text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}\n", "nested too deeply"),
    "jsonl_not_utf8": ("docs.jsonl", b'{"id": "a", "text": "caf\xe9"}\n', "not UTF-8"),
    "unknown_type": ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "unknown file type"),
}


@pytest.mark.parametrize("name", sorted(INDEX_INPUTS) + ["unreadable"])
def test_bad_documents_for_index_add(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Tally, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_name, content, fragment = INDEX_INPUTS.get(name, ("locked.txt", b"A readable sentence. " * 20, "cannot read"))
    src = tmp_path / file_name
    src.write_bytes(content() if callable(content) else content)
    if name == "unreadable":
        src.chmod(0)
        if os.geteuid() == 0:  # root reads anything: fail the read at the seam instead
            real = Path.read_bytes
            monkeypatch.setattr(Path, "read_bytes", lambda p: _deny(p) if p == src else real(p))
    index = tmp_path / "index"
    run = run_cli(["index", "add", str(src), "--index", str(index)], capsys)
    tally.cli("bad_input", run)
    assert_one_line_error(run, "nothing added")
    assert fragment.lower() in run.err.lower()
    # the index it created still opens, empty and consistent
    from retrieval import LiteratureIndex

    assert LiteratureIndex.open(index).stats()["documents"] == 0


def _deny(path: Path) -> bytes:
    raise PermissionError(13, "Permission denied", str(path))


def test_pickle_and_torch_files_are_never_loaded(home: Path, capsys: pytest.CaptureFixture[str], tally: Tally) -> None:
    import pickle

    ws = home / "workspace"
    ws.mkdir(parents=True, exist_ok=True)
    marker = home / "pwned"

    class Evil:
        def __reduce__(self) -> tuple[Any, ...]:
            return (os.system, (f"touch {marker}",))

    for name in ("evil.pkl", "model.pt", "weights.pth", "data.npy", "old.traj", "thing.unknownext"):
        (ws / name).write_bytes(pickle.dumps(Evil()))
        run = run_cli(["tools", "run", "build_structure", "--args", json.dumps({"structure": {"file": name}})], capsys)
        tally.cli("bad_input", run)
        assert_one_line_error(run, "never loaded")
    assert not marker.exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ({"query": "", "k": 5}, "at least 1 character"),
        ({"query": "anode", "k": 100_000}, "less than or equal to 50"),
        ({"query": ["anode"]}, "valid string"),
        ({"q": "anode"}, "Field required"),
        ({"query": "anode", "mode": "telepathy"}, "mode"),
    ],
)
def test_bad_literature_search_arguments(
    args: dict[str, Any], fragment: str, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    run = run_cli(["tools", "run", "literature_search", "--args", json.dumps(args)], capsys)
    tally.cli("bad_input", run)
    assert_one_line_error(run, fragment)
