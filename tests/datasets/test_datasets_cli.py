"""`hypoloop data add|search|stats|remove|public` through agent.cli.main."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from datafiles import GOOD_ROWS, write_table

from agent.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_search_stats_remove_cycle(
    capsys: pytest.CaptureFixture[str], home: Path, mixed_folder: Path, data_url: str
) -> None:
    code, out, err = run(capsys, "data", "add", str(mixed_folder), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert len(report["added"]) == 12 and len(report["merged"]) == 2 and len(report["skipped"]) == 5
    # The default collection lives in HYPOLOOP_HOME; a data.url elsewhere leaves no file there.
    assert (home / "data" / "collection.db").is_file() == data_url.endswith(".db")

    code, out, _ = run(capsys, "data", "add", str(mixed_folder))
    assert code == 0 and "0 added" in out and "14 unchanged" in " ".join(out.split())

    code, out, _ = run(capsys, "data", "search", "--property", "bulk modulus", "--min", "100", "--json")
    data = json.loads(out)
    assert code == 0 and data["total"] == 1 and data["rows"][0]["value"] == pytest.approx(137.0)
    row_id = data["rows"][0]["id"]

    code, out, _ = run(capsys, "data", "search", "--elements", "Si", "--kind", "structure")
    assert code == 0 and "Fd-3m (227)" in out and "Quantum ESPRESSO 7.2" in out

    code, out, _ = run(capsys, "data", "search", row_id)
    assert code == 0 and "bulk_modulus = 137 GPa" in out and "Kittel" in " ".join(out.split())

    code, out, _ = run(capsys, "data", "stats", "--json")
    stats = json.loads(out)
    assert stats["rows"] == 12 and stats["measurements"] == 4 and stats["properties"]["bulk_modulus"] == 2
    assert stats["url"] == data_url and stats["bytes"] > 0

    code, out, err = run(capsys, "data", "remove", row_id, "d-000000000000")
    assert code == 1 and f"removed 1 rows: {row_id}" in out and "not found: d-000000000000" in err
    code, out, _ = run(capsys, "data", "stats", "--json")
    assert json.loads(out)["rows"] == 11


def test_bad_file_is_one_line_exit_2_and_nothing_written(
    capsys: pytest.CaptureFixture[str], data_url: str, tmp_path: Path
) -> None:
    good = tmp_path / "good.csv"
    write_table(good, GOOD_ROWS)
    bad = tmp_path / "broken.cif"
    bad.write_text("garbage\n")
    code, out, err = run(capsys, "data", "add", str(good), str(bad))
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"error: {bad}") and "Traceback" not in err
    assert "4 added" in out
    code, out, _ = run(capsys, "data", "stats", "--json")
    assert json.loads(out)["rows"] == 4


def test_no_collection_yet_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], data_url: str) -> None:
    for args in (["search", "--formula", "Cu"], ["stats"], ["remove", "d-000000000000"]):
        code, out, err = run(capsys, "data", *args)
        assert code == 2 and out == "" and err.count("\n") == 1, args
        assert f"no data collection at {data_url}" in " ".join(err.split()) and "hypoloop data add" in err


def test_unreachable_server_is_one_line_with_the_password_masked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://ana:s3cret@127.0.0.1:{port}/lab"
    write_table(tmp_path / "t.csv", GOOD_ROWS)
    for args in (["search", "--formula", "Cu"], ["stats"], ["add", str(tmp_path / "t.csv")]):
        code, out, err = run(capsys, "data", *args, "--db", url)
        assert code == 1 and out == "" and err.count("\n") == 1 and "Traceback" not in err, args
        assert f"cannot use the data collection postgresql://ana:***@127.0.0.1:{port}/lab" in err
        assert "refused" in err and "s3cret" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["data", "add", "/no/such/file.cif"], "no such file or folder"),
        (["data", "search", "--kind", "molecule"], "unknown --kind"),
        (["data", "public"], "give --formula or --elements"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], home: Path, args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == "" and message in " ".join(err.split()) and "Traceback" not in err


def test_bad_query_on_an_existing_collection_exits_2(
    capsys: pytest.CaptureFixture[str], data_url: str, tmp_path: Path
) -> None:
    write_table(tmp_path / "t.csv", GOOD_ROWS)
    assert run(capsys, "data", "add", str(tmp_path / "t.csv"))[0] == 0
    for args in (["--formula", "Xq2"], ["--min", "3"], ["--property", "colour"]):
        code, _, err = run(capsys, "data", "search", *args)
        assert code == 2 and err.startswith("error:"), args


def test_db_option_and_offline_public(capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path) -> None:
    write_table(tmp_path / "t.csv", GOOD_ROWS)
    db = tmp_path / "elsewhere.db"
    assert run(capsys, "data", "add", str(tmp_path / "t.csv"), "--db", str(db))[0] == 0
    assert db.is_file() and not (home / "data" / "collection.db").exists()
    code, out, err = run(
        capsys, "--offline", "data", "public", "--formula", "Si", "--optimade", "http://127.0.0.1:9"
    )
    assert code == 0 and "offline" in err and "no entries" in out


def test_data_help_is_instant_and_imports_nothing_heavy() -> None:
    code = (
        "import sys; from agent.cli import main; main(['data', '--help']); "
        "print([m for m in ('ase', 'pymatgen', 'optimade', 'mp_api') if m in sys.modules], file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip().endswith("[]") and "add" in out.stdout and "public" in out.stdout


def test_postgres_url_without_the_driver_says_which_extra(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ase_db_backends.postgresql", None)  # as if not installed
    code, out, err = run(capsys, "data", "stats", "--db", "postgresql://ana@127.0.0.1:9/lab")
    assert code == 1 and out == "" and err.count("\n") == 1 and "hypoloop[postgres]" in err
